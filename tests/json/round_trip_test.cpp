#include "json_test.hpp"

#include <msgforge/cfb/tree.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <support/support.hpp>
#include <vector>

namespace json = msgforge::json;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using PT = msg::PropertyType;

namespace {

msgforge::cfb::Blob bytes_of(const std::string& s) {
    return msgforge::cfb::Blob::owned(std::vector<uint8_t>(s.begin(), s.end()));
}

/// A message with a value of each kind the JSON form treats apart, a named property, a
/// recipient, an embedded message, an OLE storage and an unknown storage entry.
msg::Message sample() {
    msg::Message m;
    auto& p = m.properties;
    p.set(tags::PidTagMessageCodepage, int32_t{1252});
    p.set(tags::PidTagSubject, std::u16string(u"Round \u2713"));
    p.set(msg::PropertyTag{0x6601, PT::PtypFloating64}, std::numeric_limits<double>::infinity());
    p.set(msg::PropertyTag{0x6602, PT::PtypString8}, msg::String8{"caf\xE9 \x81"});
    p.set(msg::PropertyTag{0x6603, PT::PtypString}, std::u16string(u"lone \xD800"));
    p.set(msg::PropertyTag{0x6604, PT::PtypTime}, msgforge::FileTime{UINT64_MAX});
    p.set(msg::PropertyTag{0x6605, PT::PtypBinary},
          msgforge::cfb::Blob::owned(std::vector<uint8_t>(json::INLINE_LIMIT + 1, 9)));
    p.set(msg::PropertyTag{0x6606, PT::PtypRestriction},
          msg::RawValue{PT::PtypRestriction, bytes_of("\x01\x02"), true});
    p.set(msg::PropertyTag{0x6607, PT::PtypMultipleInteger64}, std::vector<int64_t>{INT64_MIN});
    p.set(msg::PropertyTag{0x6608, PT::PtypInteger32}, int32_t{3}, msg::PROPATTR_READABLE);
    const uint16_t id = m.named->assign(msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"K"));
    p.set(msg::PropertyTag{id, PT::PtypString}, std::u16string(u"v"));

    msg::Recipient& r = m.recipients.emplace_back();
    r.number = 3;
    r.properties.set(tags::PidTagDisplayName, std::u16string(u"Bob"));
    m.next_recipient_id = 9;

    msg::Attachment& embedded = m.attachments.emplace_back();
    embedded.properties.set(tags::PidTagAttachMethod, int32_t{5});
    embedded.properties.set(tags::PidTagAttachDataObject, msg::ObjectRef{});
    embedded.embedded = std::make_unique<msg::Message>();
    embedded.embedded->is_embedded = true;
    embedded.embedded->named = m.named;
    embedded.embedded->properties.set(msg::PropertyTag{id, PT::PtypString}, std::u16string(u"w"));

    msg::Attachment& ole = m.attachments.emplace_back();
    ole.number = 1;
    ole.properties.set(tags::PidTagAttachMethod, int32_t{6});
    ole.properties.set(tags::PidTagAttachDataObject, msg::ObjectRef{});
    msgforge::cfb::Node storage = msgforge::cfb::Node::storage("__substg1.0_3701000D");
    storage.clsid = msg::ps::PS_MAPI;
    storage.children.push_back(msgforge::cfb::Node::stream("\x01Ole10Native", bytes_of("ole")));
    ole.object_storage = std::move(storage);
    m.next_attachment_id = 2;

    msgforge::cfb::Node extra = msgforge::cfb::Node::storage("extra");
    extra.children.push_back(msgforge::cfb::Node::stream("s", bytes_of("x")));
    m.unknown_children.push_back(std::move(extra));
    return m;
}

}  // namespace

TEST_CASE(
    "decode gives back what encode with full wrote, and encoding that again gives the same "
    "text",
    "[json][round-trip]") {
    const msg::Message original = sample();
    const std::string text = json::encode(original, json::Options{true});
    const msg::Message decoded = json::decode(text, "a.json");
    CHECK(msg::compare(original, decoded).empty());
    CHECK(json::encode(decoded, json::Options{true}) == text);
    CHECK(json::encode(decoded) == json::encode(original));
}

TEST_CASE("decode refuses encode's digest of a large value, naming --full", "[json][round-trip]") {
    const std::string text = json::encode(sample());
    try {
        json::decode(text, "a.json");
        FAIL("decode took a digest for bytes");
    } catch (const msgforge::FormatError& e) {
        CHECK(e.location().structure.starts_with("properties["));
        CHECK(e.detail().find("--full") != std::string::npos);
    }
}

TEST_CASE("A hand-written message survives encode and decode", "[json][round-trip]") {
    const std::vector<uint8_t> bytes =
        msgforge::test::read_file(MSGFORGE_TESTDATA_DIR "/json/hand_written.json");
    const msg::Message m = json::decode(std::string(bytes.begin(), bytes.end()), "hand.json");
    CHECK(m.subject() == "Quarterly report");
    REQUIRE(m.attachments.size() == 2);
    REQUIRE(m.attachments[1].embedded);
    CHECK(m.attachments[1].embedded->subject() == "Forwarded note");
    const std::string text = json::encode(m, json::Options{true});
    const msg::Message again = json::decode(text, "again.json");
    CHECK(msg::compare(m, again).empty());
    CHECK(json::encode(again, json::Options{true}) == text);
}
