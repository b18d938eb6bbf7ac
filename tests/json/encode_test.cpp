#include "json_test.hpp"

#include <msgforge/cfb/tree.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace json = msgforge::json;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using msgforge::test::encoded;
using msgforge::test::Json;
using PT = msg::PropertyType;

namespace {

msgforge::cfb::Blob bytes_of(size_t size, uint8_t fill) {
    return msgforge::cfb::Blob::owned(std::vector<uint8_t>(size, fill));
}

const Json& property(const Json& list, const std::string& tag) {
    const auto it =
        std::find_if(list.begin(), list.end(), [&](const Json& p) { return p["tag"] == tag; });
    INFO("property " << tag);
    REQUIRE(it != list.end());
    return *it;
}

}  // namespace

TEST_CASE("encode writes the message's members in the documented order, two-space indented",
          "[json][encode]") {
    msg::Message m;
    m.properties.set(tags::PidTagMessageClass, std::u16string(u"IPM.Note"));
    m.properties.set(tags::PidTagSubject, std::u16string(u"Hi \u2713"));
    const std::string text = json::encode(m);
    CHECK(
        text.starts_with("{\n  \"message_class\": \"IPM.Note\",\n  \"subject\": \"Hi \u2713\",\n"));
    CHECK(text.ends_with("}\n"));
    const Json j = Json::parse(text);
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) {
        keys.push_back(key);
    }
    CHECK(keys
          == std::vector<std::string>{"message_class", "subject", "codepage", "body_codepage",
                                      "storage_clsid", "next_recipient_id", "next_attachment_id",
                                      "named_map", "properties", "recipients", "attachments",
                                      "warnings"});
    const Json& subject = property(j["properties"], "0x0037001F");
    CHECK(subject["name"] == "PidTagSubject");
    CHECK(subject["type"] == "PtypString");
    CHECK(!subject.contains("flags"));
}

TEST_CASE("encode gives a digest for binary values over INLINE_LIMIT unless full",
          "[json][encode]") {
    msg::Message m;
    m.properties.set(msg::PropertyTag{0x6601, PT::PtypBinary}, bytes_of(json::INLINE_LIMIT, 1));
    m.properties.set(msg::PropertyTag{0x6602, PT::PtypBinary}, bytes_of(json::INLINE_LIMIT + 1, 2));
    const Json small = encoded(m);
    CHECK(property(small["properties"], "0x66010102")["value"].is_string());
    const Json& digest = property(small["properties"], "0x66020102")["value"];
    CHECK(digest["size"] == json::INLINE_LIMIT + 1);
    CHECK(digest["sha256"].get<std::string>().size() == 64);
    const Json full = encoded(m, true);
    const std::string base64 = property(full["properties"], "0x66020102")["value"];
    CHECK(base64.size() == (json::INLINE_LIMIT + 1 + 2) / 3 * 4);
}

TEST_CASE("encode states values whose text form loses bytes exactly", "[json][encode]") {
    msg::Message m;
    m.properties.set(msg::PropertyTag{0x6601, PT::PtypString8}, msg::String8{"caf\xE9"});
    m.properties.set(msg::PropertyTag{0x6602, PT::PtypString8}, msg::String8{"caf\xE9 \x81"});
    m.properties.set(msg::PropertyTag{0x6603, PT::PtypString}, std::u16string(u"a\xD800"));
    m.properties.set(msg::PropertyTag{0x6604, PT::PtypFloating32},
                     std::numeric_limits<float>::quiet_NaN());
    m.properties.set(msg::PropertyTag{0x6605, PT::PtypMultipleString},
                     std::vector<std::u16string>{u"ok", u"\xDC00"});
    m.properties.set(msg::PropertyTag{0x6606, PT::PtypInteger32}, int32_t{5},
                     msg::PROPATTR_READABLE);
    const Json j = encoded(m);
    const Json& props = j["properties"];
    CHECK(property(props, "0x6601001E")["value"] == "caf\u00E9");
    CHECK(!property(props, "0x6601001E").contains("bytes_base64"));
    CHECK(property(props, "0x6602001E")["bytes_base64"] == "Y2Fm6SCB");
    CHECK(property(props, "0x6603001F")["bytes_base64"] == "YQAA2A==");
    CHECK(property(props, "0x66040004")["value"]["bits"] == "0x7FC00000");
    CHECK(property(props, "0x6605101F")["bytes_base64"] == Json::parse(R"([null, "ANw="])"));
    CHECK(property(props, "0x66060003")["flags"] == msg::PROPATTR_READABLE);
}

TEST_CASE(
    "encode lists named properties apart, with their keys, and embedded messages without "
    "the named map",
    "[json][encode]") {
    msg::Message m;
    const uint16_t smart = m.named->assign(msg::NamedKey::lid(msg::ps::PSETID_Common, 0x8514));
    m.properties.set(msg::PropertyTag{smart, PT::PtypBoolean}, true);
    msg::Attachment& a = m.attachments.emplace_back();
    a.properties.set(tags::PidTagAttachMethod, int32_t{5});
    a.embedded = std::make_unique<msg::Message>();
    a.embedded->is_embedded = true;
    a.embedded->named = m.named;
    a.embedded->properties.set(msg::PropertyTag{smart, PT::PtypBoolean}, false);
    m.next_attachment_id = 1;
    const Json j = encoded(m);
    REQUIRE(j["named_map"].size() == 1);
    CHECK(j["named_map"][0]["lid"] == 0x8514);
    CHECK(j["named_map"][0]["set_name"] == "PSETID_Common");
    REQUIRE(j["named_properties"].size() == 1);
    CHECK(j["named_properties"][0]["canonical_name"] == "PidLidSmartNoAttach");
    CHECK(j["named_properties"][0]["value"] == true);
    CHECK(j["properties"].empty());
    const Json& inner = j["attachments"][0]["embedded_message"];
    CHECK(!inner.contains("named_map"));
    CHECK(!inner.contains("warnings"));
    CHECK(inner["named_properties"][0]["value"] == false);
}

TEST_CASE("encode lists storage entries by path, parents first", "[json][encode]") {
    msg::Message m;
    msgforge::cfb::Node storage = msgforge::cfb::Node::storage("extra");
    storage.state_bits = 3;
    storage.children.push_back(msgforge::cfb::Node::stream("small", bytes_of(3, 0xFF)));
    storage.children.push_back(
        msgforge::cfb::Node::stream("large", bytes_of(json::INLINE_LIMIT + 1, 0)));
    m.unknown_children.push_back(std::move(storage));
    const Json entries = encoded(m)["unknown_children"];
    REQUIRE(entries.size() == 3);
    CHECK(entries[0]["path"] == "extra");
    CHECK(entries[0]["type"] == "storage");
    CHECK(entries[0]["state_bits"] == 3);
    CHECK(entries[1]["path"] == "extra/small");
    CHECK(entries[1]["data"] == "////");
    CHECK(entries[2]["path"] == "extra/large");
    CHECK(entries[2]["size"] == json::INLINE_LIMIT + 1);
    CHECK(!entries[2].contains("data"));
    CHECK(entries[2]["sha256"].get<std::string>().size() == 64);
}

TEST_CASE("value_text gives one compact line, binary bytes in hex cut after 64 unless full",
          "[json][encode]") {
    msg::ObjectBase o;
    const msg::PropertyValue bytes = bytes_of(100, 0xAB);
    std::string hex;
    for (int i = 0; i < 100; ++i) {
        hex += "AB";
    }
    CHECK(json::value_text(bytes, o, 0x6601)
          == "\"hex:" + hex.substr(0, 128) + "... (100 bytes)\"");
    CHECK(json::value_text(bytes, o, 0x6601, json::Options{true}) == "\"hex:" + hex + "\"");
    CHECK(json::value_text(std::vector<int32_t>{1, -2}, o, 0x6602) == "[1,-2]");
    CHECK(json::value_text(std::u16string(u"a \"b\""), o, 0x6603) == R"("a \"b\"")");
}
