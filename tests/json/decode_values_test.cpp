#include "json_test.hpp"

#include <msgforge/msg/named.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace json = msgforge::json;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using msgforge::test::decode_failure;
using PT = msg::PropertyType;

namespace {

/// The message of a JSON text whose "properties" are `properties`.
msg::Message with_properties(const std::string& properties) {
    return json::decode(R"({"properties": [)" + properties + "]}", "in.json");
}

template <typename T>
T value_of(const msg::Message& m, uint16_t id, PT type) {
    const T* v = m.properties.get_as<T>(msg::PropertyTag{id, type});
    REQUIRE(v != nullptr);
    return *v;
}

}  // namespace

TEST_CASE("decode reads integers in decimal or as 0x hex strings, within the type's range",
          "[json][decode]") {
    const msg::Message m = with_properties(R"(
        {"tag": "0x66010002", "value": -32768},
        {"tag": "0x66020002", "value": "0xFFFF"},
        {"tag": "0x66030003", "value": "0xffffffff"},
        {"tag": "0x66040014", "value": "0x8000000000000000"},
        {"tag": "0x66050006", "value": -5},
        {"tag": "0x6606000A", "value": 2147942487})");
    CHECK(value_of<int16_t>(m, 0x6601, PT::PtypInteger16) == -32768);
    CHECK(value_of<int16_t>(m, 0x6602, PT::PtypInteger16) == -1);
    CHECK(value_of<int32_t>(m, 0x6603, PT::PtypInteger32) == -1);
    CHECK(value_of<int64_t>(m, 0x6604, PT::PtypInteger64) == INT64_MIN);
    CHECK(value_of<msg::Currency>(m, 0x6605, PT::PtypCurrency).scaled == -5);
    CHECK(value_of<msg::ErrorCode>(m, 0x6606, PT::PtypErrorCode).code == 0x80070057);
}

TEST_CASE("decode reads reals, NaN and infinities by their bits, times and GUIDs",
          "[json][decode]") {
    const msg::Message m = with_properties(R"(
        {"tag": "0x66010004", "value": {"bits": "0x7FC00000"}},
        {"tag": "0x66020005", "value": {"bits": "0xFFF0000000000000"}},
        {"tag": "0x66030005", "value": 0.1},
        {"tag": "0x66040007", "value": 45000.25},
        {"tag": "0x66050040", "value": "2024-05-01T09:30:00Z"},
        {"tag": "0x66060040", "value": {"ticks": 1}},
        {"tag": "0x66070048", "value": "{00020329-0000-0000-C000-000000000046}"},
        {"tag": "0x6608000B", "value": true})");
    CHECK(std::bit_cast<uint32_t>(value_of<float>(m, 0x6601, PT::PtypFloating32)) == 0x7FC00000);
    CHECK(value_of<double>(m, 0x6602, PT::PtypFloating64) == -INFINITY);
    CHECK(value_of<double>(m, 0x6603, PT::PtypFloating64) == 0.1);
    CHECK(value_of<msg::FloatingTime>(m, 0x6604, PT::PtypFloatingTime).days == 45000.25);
    CHECK(value_of<msgforge::FileTime>(m, 0x6605, PT::PtypTime).to_iso()
          == "2024-05-01T09:30:00.0000000Z");
    CHECK(value_of<msgforge::FileTime>(m, 0x6606, PT::PtypTime).ticks == 1);
    CHECK(value_of<msgforge::Guid>(m, 0x6607, PT::PtypGuid) == msg::ps::PS_PUBLIC_STRINGS);
    CHECK(value_of<bool>(m, 0x6608, PT::PtypBoolean));
}

TEST_CASE(
    "decode encodes PtypString8 text in the object's code page unless bytes_base64 gives "
    "the bytes",
    "[json][decode]") {
    const msg::Message m = with_properties(R"(
        {"name": "PidTagMessageCodepage", "value": 1251},
        {"tag": "0x6601001E", "value": "\u0416"},
        {"tag": "0x6602001E", "value": "ignored", "bytes_base64": "gQ=="},
        {"tag": "0x6603001F", "value": "ignored", "bytes_base64": "AdgAAA=="},
        {"tag": "0x6604101E", "value": ["a", "b"], "bytes_base64": [null, "gg=="]})");
    CHECK(m.codepage == 1251);
    CHECK(value_of<msg::String8>(m, 0x6601, PT::PtypString8).bytes == "\xC6");
    CHECK(value_of<msg::String8>(m, 0x6602, PT::PtypString8).bytes == "\x81");
    CHECK(value_of<std::u16string>(m, 0x6603, PT::PtypString) == std::u16string(u"\xD801\0", 2));
    const auto list = value_of<std::vector<msg::String8>>(m, 0x6604, PT::PtypMultipleString8);
    REQUIRE(list.size() == 2);
    CHECK(list[0].bytes == "a");
    CHECK(list[1].bytes == "\x82");
}

TEST_CASE("decode reads multiple values, raw values, flags and PtypObject", "[json][decode]") {
    const msg::Message m = with_properties(R"(
        {"tag": "0x66011002", "value": [1, "0x8000"]},
        {"tag": "0x66021102", "value": ["AQI=", ""]},
        {"tag": "0x660300FD", "raw": true, "inline": true, "value": "AQID"},
        {"tag": "0x66040003", "flags": 2, "value": 0},
        {"tag": "0x3701000D", "value": null},
        {"tag": "0x6605ABCD", "type": "Ptyp0xABCD", "raw": true, "value": ""})");
    CHECK(value_of<std::vector<int16_t>>(m, 0x6601, PT::PtypMultipleInteger16)
          == std::vector<int16_t>{1, INT16_MIN});
    const auto binaries =
        value_of<std::vector<msgforge::cfb::Blob>>(m, 0x6602, PT::PtypMultipleBinary);
    REQUIRE(binaries.size() == 2);
    CHECK(binaries[0].size() == 2);
    CHECK(binaries[1].size() == 0);
    const auto raw = value_of<msg::RawValue>(m, 0x6603, PT::PtypRestriction);
    CHECK(raw.inline_slot);
    CHECK(raw.bytes.size() == 3);
    CHECK(m.properties.find_id(0x6604)->flags == 2);
    CHECK(m.properties.find_id(0x6601)->flags == (msg::PROPATTR_READABLE | msg::PROPATTR_WRITABLE));
    CHECK(m.properties.get_as<msg::ObjectRef>(tags::PidTagAttachDataObject) != nullptr);
    CHECK(value_of<msg::RawValue>(m, 0x6605, static_cast<PT>(0xABCD)).bytes.size() == 0);
}

TEST_CASE("decode finds a property's tag by its name, with the type given or the canonical one",
          "[json][decode]") {
    const msg::Message m = with_properties(R"(
        {"name": "PidTagSubject", "value": "Hi"},
        {"name": "PidTagBody", "type": "PtypString8", "value": "Text"})");
    CHECK(m.subject() == "Hi");
    CHECK(value_of<msg::String8>(m, tags::PidTagBody.id, PT::PtypString8).bytes == "Text");
    CHECK(decode_failure(R"({"properties": [{"name": "PidTagNoSuch", "value": 1}]})")
          == "properties[0].name: unknown property name 'PidTagNoSuch'; give \"tag\" instead");
    CHECK(decode_failure(R"({"properties": [{"tag": "0x0037001F", "type": "PtypString8"}]})")
          == "properties[0].type: type PtypString8 disagrees with tag 0x0037001F");
}

TEST_CASE("decode assigns named properties their ids from the named map or in order",
          "[json][decode]") {
    const msg::Message m = json::decode(R"({
        "named_map": [{"set": "PS_PUBLIC_STRINGS", "name": "Keywords"},
                      {"set_name": "PSETID_Common", "lid": 34068}],
        "named_properties": [
          {"tag": "0x8001000B", "set_name": "PSETID_Common", "lid": "0x8514", "value": true},
          {"tag": "0x8000000B", "set_name": "PSETID_Common", "lid": 34069, "value": false},
          {"set": "{00020329-0000-0000-C000-000000000046}", "name": "Keywords",
           "type": "PtypMultipleString", "value": ["a"]}
        ]})",
                                        "in.json");
    const msg::NamedKey keywords = msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"Keywords");
    const msg::NamedKey smart = msg::NamedKey::lid(msg::ps::PSETID_Common, 0x8514);
    const msg::NamedKey next = msg::NamedKey::lid(msg::ps::PSETID_Common, 0x8515);
    REQUIRE(m.named->keys().size() == 3);
    CHECK(m.named->keys()[0] == keywords);
    CHECK(m.named->keys()[1] == smart);
    CHECK(m.named->keys()[2] == next);
    CHECK(m.properties.find_id(0x8000)->tag.type == PT::PtypMultipleString);
    CHECK(*m.properties.get_as<bool>(msg::PropertyTag{0x8001, PT::PtypBoolean}));
    CHECK(!*m.properties.get_as<bool>(msg::PropertyTag{0x8002, PT::PtypBoolean}));
}

TEST_CASE("decode takes a named property's key and type from its canonical name",
          "[json][decode]") {
    const msg::Message m = json::decode(
        R"({"named_properties": [{"canonical_name": "PidLidSmartNoAttach", "value": true}]})",
        "in.json");
    const auto* v = m.named_value(msg::NamedKey::lid(msg::ps::PSETID_Common, 0x8514));
    REQUIRE(v != nullptr);
    REQUIRE(v->as<bool>() != nullptr);
    CHECK(*v->as<bool>());
}
