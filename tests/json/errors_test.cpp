#include "json_test.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace json = msgforge::json;
namespace msg = msgforge::msg;
using msgforge::test::decode_error;
using msgforge::test::decode_failure;

TEST_CASE("decode names the byte where the JSON text stops being JSON", "[json][errors]") {
    const msgforge::FormatError e = decode_error("{\"subject\": \"a\",\n  oops}");
    CHECK(e.location().file == "in.json");
    CHECK(e.location().structure == "JSON");
    CHECK(e.location().offset == 19u);
    CHECK(e.detail().find("parse error") != std::string::npos);
}

TEST_CASE("decode names the JSON path of a value of the wrong kind", "[json][errors]") {
    CHECK(decode_failure("[]") == "JSON: expected an object");
    CHECK(decode_failure(R"({"properties": {}})") == "properties: expected an array");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010003", "value": "7"}]})")
          == "properties[0].value: expected an integer for PtypInteger32");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010002", "value": 65536}]})")
          == "properties[0].value: 65536 is out of range for PtypInteger16");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010003", "value": "0x100000000"}]})")
          == "properties[0].value: 0x100000000 is out of range for PtypInteger32");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010003", "value": -2147483649}]})")
          == "properties[0].value: -2147483649 is out of range for PtypInteger32");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66011003", "value": [1, true]}]})")
          == "properties[0].value[1]: expected an integer for PtypInteger32");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010004", "value": 1e39}]})")
          == "properties[0].value: out of range for PtypFloating32");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010005", "value": {"bits": 1.5}}]})")
          == "properties[0].value.bits: expected an integer for PtypFloating64");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010040", "value": "yesterday"}]})")
              .starts_with("properties[0].value: expected an ISO 8601 UTC time"));
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010048", "value": "{1}"}]})")
              .starts_with("properties[0].value: expected a GUID"));
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010102", "value": "A"}]})")
          == "properties[0].value: expected base64 bytes");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x6601000B", "value": 1}]})")
          == "properties[0].value: expected true or false for PtypBoolean");
}

TEST_CASE("decode names the JSON path of a property entry it cannot use", "[json][errors]") {
    CHECK(decode_failure(R"({"properties": [{"value": 1}]})")
          == "properties[0]: a property needs \"tag\" or \"name\"");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x6601"}]})")
          == "properties[0].tag: expected a property tag such as \"0x0037001F\"");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010003", "type": "PtypNumber"}]})")
          == "properties[0].type: unknown property type 'PtypNumber' (expected a name such as "
             "PtypString, or Ptyp0xXXXX)");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010003", "value": 1},
                                            {"tag": "0x66010003", "value": 2}]})")
          == "properties[1]: a second property with tag 0x66010003");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x660100FD", "value": "AA=="}]})")
          == "properties[0].value: PtypRestriction has no JSON form; give its bytes in base64 "
             "with \"raw\": true");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x6601000D", "value": 1}]})")
              .starts_with("properties[0].value: expected null for PtypObject"));
    CHECK(decode_failure(R"({"properties": [{"tag": "0x6601001F", "value": "a",
                                             "bytes_base64": "AAAA"}]})")
          == "properties[0].value: bytes_base64 of a PtypString must hold an even number of "
             "bytes");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x6601101F", "value": ["a"],
                                             "bytes_base64": []}]})")
          == "properties[0].value: bytes_base64 must be an array as long as the value");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x66010102",
                                             "value": {"size": 70000, "sha256": "00"}}]})")
              .starts_with("properties[0].value: holds only the size and SHA-256"));
    CHECK(decode_failure(R"({"named_properties": [{"lid": 1, "type": "PtypBoolean"}]})")
              .starts_with("named_properties[0]: a named property needs \"set\""));
    CHECK(decode_failure(R"({"named_properties": [{"set": "PS_NOWHERE", "lid": 1}]})")
          == "named_properties[0].set: expected a GUID or a property-set name such as "
             "PS_PUBLIC_STRINGS");
}

TEST_CASE("decode names the JSON path inside attachments, embedded messages and storages",
          "[json][errors]") {
    CHECK(decode_failure(R"({"attachments": [{}, {"embedded_message": {"properties": [
                              {"tag": "0x66010003", "value": null}]}}]})")
          == "attachments[1].embedded_message.properties[0].value: expected an integer for "
             "PtypInteger32");
    CHECK(decode_failure(R"({"attachments": [{"embedded_message": {}, "ole_storage": {}}]})")
          == "attachments[0]: an attachment holds an embedded_message or an ole_storage, not "
             "both");
    CHECK(decode_failure(R"({"unknown_children": [{"path": "a/b", "type": "stream",
                                                   "data": ""}]})")
          == "unknown_children[0].path: its parent storage is not listed before it");
    CHECK(decode_failure(R"({"unknown_children": [{"path": "a", "type": "storage"},
                                                  {"path": "A", "type": "stream", "data": ""}]})")
          == "unknown_children[1].path: a second entry with this name");
    CHECK(decode_failure(R"({"unknown_children": [{"path": "a:b", "type": "storage"}]})")
              .starts_with("unknown_children[0].path: not a valid entry path"));
    CHECK(decode_failure(R"({"attachments": [{"ole_storage": {"entries": [
                              {"path": "s", "type": "stream", "size": 70000,
                               "sha256": "00"}]}}]})")
              .starts_with("attachments[0].ole_storage.entries[0]: holds only the size and "
                           "SHA-256 of a stream"));
    CHECK(decode_failure(R"({"unknown_children": [{"path": "a", "type": "file"}]})")
          == "unknown_children[0].type: expected \"storage\" or \"stream\"");
}

TEST_CASE("decode refuses embedded messages nested deeper than the reader's limit",
          "[json][errors]") {
    const uint32_t depth = msg::Limits{}.max_embedding_depth;
    auto nested = [](uint32_t levels) {
        std::string text = "{}";
        for (uint32_t i = 0; i < levels; ++i) {
            text = R"({"attachments": [{"embedded_message": )" + text + "}]}";
        }
        return text;
    };
    CHECK_NOTHROW(json::decode(nested(depth), "in.json"));
    try {
        json::decode(nested(depth + 1), "in.json");
        FAIL("no LimitError");
    } catch (const msgforge::LimitError& e) {
        CHECK(e.location().structure.ends_with("attachments[0].embedded_message"));
        CHECK(e.detail()
              == "embedded messages nest deeper than the limit of " + std::to_string(depth));
    }
}
