#include "json_test.hpp"

#include <msgforge/cfb/tree.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

namespace json = msgforge::json;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using msgforge::test::decode_failure;

TEST_CASE("decode makes subject and message_class properties unless the properties hold them",
          "[json][decode]") {
    const msg::Message given =
        json::decode(R"({"subject": "S", "message_class": "IPM.Note"})", "a");
    CHECK(given.subject() == "S");
    CHECK(given.message_class() == "IPM.Note");
    const msg::Message kept = json::decode(
        R"({"subject": "S", "properties": [{"tag": "0x0037001E", "value": "T"}]})", "a");
    CHECK(kept.subject() == "T");
    CHECK(kept.properties.get_as<std::u16string>(tags::PidTagSubject) == nullptr);
}

TEST_CASE(
    "decode numbers recipients and attachments by position unless given, and the next "
    "ids after the highest",
    "[json][decode]") {
    const msg::Message m = json::decode(R"({
        "recipients": [{}, {"number": 7}, {}],
        "attachments": [{"number": 4}]})",
                                        "a");
    REQUIRE(m.recipients.size() == 3);
    CHECK(m.recipients[0].number == 0);
    CHECK(m.recipients[1].number == 7);
    CHECK(m.recipients[2].number == 2);
    CHECK(m.next_recipient_id == 8);
    CHECK(m.next_attachment_id == 5);
    const msg::Message given =
        json::decode(R"({"attachments": [{}], "next_attachment_id": 9})", "a");
    CHECK(given.next_attachment_id == 9);
    CHECK(decode_failure(R"({"recipients": [{}, {"number": 0}]})")
          == "recipients[1].number: a second storage numbered 0");
}

TEST_CASE("decode gives objects the code pages their properties state, else their message's",
          "[json][decode]") {
    const msg::Message m = json::decode(R"({
        "properties": [{"name": "PidTagMessageCodepage", "value": 1251}],
        "recipients": [{"properties": [{"tag": "0x3001001E", "value": "\u0416"}]}],
        "attachments": [{"properties": [{"name": "PidTagMessageCodepage", "value": 1253},
                                        {"tag": "0x3001001E", "value": "\u03A9"}]}]})",
                                        "a");
    const msg::PropertyTag display_name8{tags::PidTagDisplayName.id,
                                         msg::PropertyType::PtypString8};
    CHECK(m.codepage == 1251);
    CHECK(m.recipients[0].codepage == 1251);
    CHECK(m.recipients[0].properties.get_as<msg::String8>(display_name8)->bytes == "\xC6");
    CHECK(m.attachments[0].codepage == 1253);
    CHECK(m.attachments[0].properties.get_as<msg::String8>(display_name8)->bytes == "\xD9");
    CHECK(
        decode_failure(R"({"codepage": 65001})")
            .starts_with(
                "codepage: 65001, but the properties give code page 1252 (PidTagMessageCodepage"));
}

TEST_CASE("decode builds embedded messages that share the named map", "[json][decode]") {
    const msg::Message m = json::decode(R"({
        "named_map": [{"set_name": "PS_PUBLIC_STRINGS", "name": "X"}],
        "attachments": [{"embedded_message": {"subject": "Inner", "named_properties": [
            {"set_name": "PS_PUBLIC_STRINGS", "name": "X", "type": "PtypInteger32",
             "value": 1}]}}]})",
                                        "a");
    const msg::Message& inner = *m.attachments.at(0).embedded;
    CHECK(inner.is_embedded);
    CHECK(!m.is_embedded);
    CHECK(inner.subject() == "Inner");
    CHECK(inner.named == m.named);
    CHECK(inner.properties.find_id(0x8000) != nullptr);
}

TEST_CASE("decode builds OLE storages and unknown storage entries from their paths",
          "[json][decode]") {
    const msg::Message m = json::decode(R"({
        "unknown_children": [
          {"path": "a", "type": "storage", "clsid": "{00020D0B-0000-0000-C000-000000000046}"},
          {"path": "a/b", "type": "stream", "data": "AQI=", "modified": {"ticks": 5}},
          {"path": "c", "type": "stream", "data": ""}],
        "attachments": [{"ole_storage": {"state_bits": 1, "entries": [
          {"path": "\u0001Ole10Native", "type": "stream", "data": "AA=="}]}}]})",
                                        "a");
    REQUIRE(m.unknown_children.size() == 2);
    const msgforge::cfb::Node& a = m.unknown_children[0];
    CHECK(a.is_storage());
    CHECK(a.clsid.to_string() == "{00020D0B-0000-0000-C000-000000000046}");
    REQUIRE(a.children.size() == 1);
    CHECK(a.children[0].utf8_name() == "b");
    CHECK(a.children[0].data.size() == 2);
    CHECK(a.children[0].modified.ticks == 5);
    CHECK(m.unknown_children[1].utf8_name() == "c");
    const auto& ole = m.attachments.at(0).object_storage;
    REQUIRE(ole.has_value());
    CHECK(ole->utf8_name() == "__substg1.0_3701000D");
    CHECK(ole->state_bits == 1);
    REQUIRE(ole->children.size() == 1);
    CHECK(ole->children[0].utf8_name() == "\x01Ole10Native");
}
