// Writer and composition tests: messages built with the API, written, read back and checked
// property by property and at the byte level of MS-OXMSG's streams.
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

using namespace msgforge;
using namespace msgforge::msg;

namespace {

using enum PropertyType;

Message reread(const Message& m, const WriteOptions& options = {}) {
    const auto bytes = m.write(options);
    const cfb::Reader r = cfb::Reader::from_blob(cfb::Blob::owned(bytes));
    return Message::read(r);
}

cfb::Blob blob(std::string_view s) {
    return cfb::Blob::owned({s.begin(), s.end()});
}

Message sample_note() {
    Message m;
    set(m, tags::PidTagSubject, "RE: Quarterly numbers \xE2\x82\xAC");
    set(m, tags::PidTagBody, "Line one\r\nLine two");
    set_sender(m, {"Ann Example", "ann@example.com"});
    add_recipient(m, RecipientType::to, {"Bob", "bob@example.com"});
    add_recipient(m, RecipientType::cc, {"Cy", "cy@example.com"});
    add_attachment(m, "numbers.csv", blob(std::string(4096, 'x')), "text/csv");
    Message inner;
    set(inner, tags::PidTagSubject, "inner");
    add_attachment(inner, "deep.txt", blob("deep"));
    add_embedded(m, std::move(inner), "inner");
    set_named(m, m, names::PidNameKeywords, std::vector<std::u16string>{u"red", u"", u"blue"});
    set_named(m, m, names::PidLidSmartNoAttach, true);
    set_named(m, m.attachments[0], names::PidNameOMSServiceType, int32_t{4});
    m.properties.set(PropertyTag{0x6700, PtypMultipleInteger32}, std::vector<int32_t>{1, -2, 3});
    m.properties.set(PropertyTag{0x6701, PtypMultipleBinary},
                     std::vector<cfb::Blob>{blob("a"), blob("")});
    return m;
}

}  // namespace

TEST_CASE("A composed note writes and reads back equal, deterministically", "[msg][write]") {
    Message m = sample_note();
    DefaultsOptions o;
    o.now = FileTime::parse("2024-05-01T09:30:00Z");
    apply_outlook_defaults(m, o);
    const auto version = GENERATE(cfb::Version::V3, cfb::Version::V4);
    WriteOptions w;
    w.version = version;
    const Message back = reread(m, w);
    const auto differences = compare(m, back);
    INFO((differences.empty() ? std::string() : differences.front()));
    CHECK(differences.empty());
    CHECK(back.warnings.empty());
    CHECK(back.subject() == "RE: Quarterly numbers \xE2\x82\xAC");
    CHECK(back.string(tags::PidTagSubjectPrefix) == "RE: ");
    CHECK(back.string(tags::PidTagNormalizedSubject) == "Quarterly numbers \xE2\x82\xAC");
    REQUIRE(back.attachments.size() == 2);
    REQUIRE(back.attachments[1].embedded);
    CHECK(back.attachments[1].embedded->attachments.at(0).file_name() == "deep.txt");
    CHECK(m.write(w) == m.write(w));
}

TEST_CASE("Property streams have the MS-OXMSG headers and size fields", "[msg][write]") {
    Message m = sample_note();
    const auto bytes = m.write();
    const cfb::Reader r = cfb::Reader::from_bytes(bytes);
    CHECK(r.entry(r.root()).clsid.to_string() == "{00020D0B-0000-0000-C000-000000000046}");
    const auto top = r.read(*r.find("__properties_version1.0"));
    REQUIRE(top.size() >= 32);
    CHECK(load_u32(top.data() + 8) == 2);   // next recipient id
    CHECK(load_u32(top.data() + 12) == 2);  // next attachment id
    CHECK(load_u32(top.data() + 16) == 2);  // recipient count
    CHECK(load_u32(top.data() + 20) == 2);  // attachment count
    CHECK((top.size() - 32) % 16 == 0);
    bool found_subject = false;
    for (size_t at = 32; at + 16 <= top.size(); at += 16) {
        if (load_u32(top.data() + at) == 0x0037001F) {
            found_subject = true;
            CHECK(load_u32(top.data() + at + 4) == 6);
            const auto stream = r.read(*r.find("__substg1.0_0037001F"));
            CHECK(load_u32(top.data() + at + 8) == stream.size() + 2);
        }
    }
    CHECK(found_subject);
    const auto embedded = r.read(
        *r.find("__attach_version1.0_#00000001/__substg1.0_3701000D/__properties_version1.0"));
    CHECK((embedded.size() - 24) % 16 == 0);
    const auto attachment =
        r.read(*r.find("__attach_version1.0_#00000000/__properties_version1.0"));
    CHECK((attachment.size() - 8) % 16 == 0);
    // Multi-valued strings: a length stream counting terminators, one stream per value.
    const auto key_tag = *m.named->id_for(names::PidNameKeywords.key());
    const std::string mv = "__substg1.0_" + PropertyTag{key_tag, PtypMultipleString}.hex8();
    const auto lengths = r.read(*r.find(mv));
    REQUIRE(lengths.size() == 12);
    CHECK(load_u32(lengths.data()) == 8);
    CHECK(load_u32(lengths.data() + 4) == 2);
    CHECK(r.read(*r.find(mv + "-00000000")).size() == 8);
    CHECK(r.find("__nameid_version1.0/__substg1.0_00020102").has_value());
}

TEST_CASE("Named-property hash buckets use MS-OXMSG's CRC and bucket formula", "[msg][write]") {
    Message m;
    set_named(m, m, names::PidNameOMSAccountGuid, "x");
    set_named(m, m, names::PidLidSmartNoAttach, true);
    const auto bytes = m.write();
    const cfb::Reader r = cfb::Reader::from_bytes(bytes);
    // OMSAccountGuid: CRC 0xB12209A2, GUID index 2, bucket 0x08 (see the spec digest).
    const auto bucket = r.find("__nameid_version1.0/__substg1.0_10080102");
    REQUIRE(bucket);
    const auto b = r.read(*bucket);
    REQUIRE(b.size() == 8);
    CHECK(load_u32(b.data()) == 0xB12209A2u);
    CHECK(load_u32(b.data() + 4) == ((0u << 16) | (2u << 1) | 1u));
    // LID 0x8514 in PSETID_Common (GUID index 3): bucket (0x8514 ^ 6) % 31 = 0x1C.
    const auto numeric = r.find("__nameid_version1.0/__substg1.0_101C0102");
    REQUIRE(numeric);
    CHECK(load_u32(r.read(*numeric).data()) == 0x8514u);
}

TEST_CASE("Outlook defaults follow the state of the message", "[msg][defaults]") {
    SECTION("a draft is unsent; attachments set the attachment flag") {
        Message m;
        set(m, tags::PidTagSubject, "Draft");
        add_attachment(m, "a.txt", blob("a"));
        apply_outlook_defaults(m);
        CHECK(*m.properties.get_as<int32_t>(tags::PidTagMessageFlags) == 0x18);
        CHECK(m.message_class() == "IPM.Note");
        CHECK(*m.properties.get_as<int32_t>(tags::PidTagStoreSupportMask) == 0x00040E79);
        CHECK_FALSE(m.properties.find(tags::PidTagCreationTime));
    }
    SECTION("a sent message is read, not unsent, and gets its submit time as creation time") {
        Message m;
        set(m, tags::PidTagClientSubmitTime, *FileTime::parse("2024-01-02T03:04:05Z"));
        apply_outlook_defaults(m);
        CHECK(*m.properties.get_as<int32_t>(tags::PidTagMessageFlags) == 0x1);
        CHECK(m.properties.get_as<FileTime>(tags::PidTagCreationTime)->to_iso()
              == "2024-01-02T03:04:05.0000000Z");
    }
    SECTION("a received message keeps an explicit unread state") {
        Message m;
        set(m, tags::PidTagMessageDeliveryTime, *FileTime::parse("2024-01-02T03:04:05Z"));
        set(m, tags::PidTagRead, false);
        apply_outlook_defaults(m);
        CHECK(*m.properties.get_as<int32_t>(tags::PidTagMessageFlags) == 0);
    }
    SECTION("display lists come from the recipients, the From pair is completed") {
        Message m;
        add_recipient(m, RecipientType::to, {"Bob", "bob@example.com"});
        add_recipient(m, RecipientType::to, {"", "dee@example.com"});
        add_recipient(m, RecipientType::bcc, {"Eve", "eve@example.com"});
        set(m, tags::PidTagSenderName, "Ann");
        apply_outlook_defaults(m);
        CHECK(m.string(tags::PidTagDisplayTo) == "Bob; dee@example.com");
        CHECK(m.string(tags::PidTagDisplayCc) == "");
        CHECK(m.string(tags::PidTagDisplayBcc) == "Eve");
        CHECK(m.string(tags::PidTagSentRepresentingName) == "Ann");
    }
    SECTION("subject prefixes are one to three non-digit characters, a colon and a space") {
        for (const auto& [subject, prefix] :
             std::vector<std::pair<std::string, std::string>>{{"Fwd: x", "Fwd: "},
                                                              {"Re:x", ""},
                                                              {"2: x", ""},
                                                              {"Long: x", ""},
                                                              {"AW: ", "AW: "}}) {
            Message m;
            set(m, tags::PidTagSubject, subject);
            apply_outlook_defaults(m);
            CHECK(m.string(tags::PidTagSubjectPrefix) == prefix);
            CHECK(m.string(tags::PidTagNormalizedSubject) == subject.substr(prefix.size()));
        }
    }
    SECTION("SOURCE_DATE_EPOCH sets the times") {
        ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
        Message m;
        apply_outlook_defaults(m);
        ::unsetenv("SOURCE_DATE_EPOCH");
        CHECK(m.properties.get_as<FileTime>(tags::PidTagLastModificationTime)->to_iso()
              == "2023-11-14T22:13:20.0000000Z");
    }
}

TEST_CASE("An RTF body made from HTML or text restores exactly", "[msg][defaults][rtf]") {
    const std::string html =
        "<html><body>\r\n<p>{braces} \\back\\ \xC3\xA9t\xC3\xA9 "
        "\xF0\x9F\x98\x80</p>\n\t</body></html>";
    const auto rtf_html = rtf_from_html(html);
    const auto restored =
        rtf::deencapsulate(std::vector<uint8_t>(rtf_html.begin(), rtf_html.end()));
    REQUIRE(restored);
    CHECK(restored->kind == rtf::Encapsulated::html);
    CHECK(restored->content == html);

    const std::string text = "Hello {you}\r\nsecond line\tend \xE2\x82\xAC";
    const auto rtf_text = rtf_from_text(text);
    const auto restored_text =
        rtf::deencapsulate(std::vector<uint8_t>(rtf_text.begin(), rtf_text.end()));
    REQUIRE(restored_text);
    CHECK(restored_text->kind == rtf::Encapsulated::text);
    CHECK(restored_text->content == text);

    Message m;
    set(m, tags::PidTagHtml, blob(html));
    DefaultsOptions o;
    o.rtf_body = true;
    apply_outlook_defaults(m, o);
    CHECK(*m.properties.get_as<int32_t>(tags::PidTagInternetCodepage) == 65001);
    const auto* compressed = m.properties.get_as<cfb::Blob>(tags::PidTagRtfCompressed);
    REQUIRE(compressed != nullptr);
    const auto rtf = rtf::decompress(compressed->span());
    CHECK(std::string(rtf.begin(), rtf.end()) == rtf_html);
}

TEST_CASE("The RTF body made from an HTML body reads it in its code page", "[msg][write]") {
    // PidTagHtml in windows-1252 and in Shift_JIS, as PidTagInternetCodepage says.
    const std::vector<std::tuple<int32_t, std::string, std::string>> cases = {
        {1252, "<p>caf\xE9 \x80</p>", "<p>caf\xC3\xA9 \xE2\x82\xAC</p>"},
        {932, "<p>\x93\xFA\x96\x7B</p>", "<p>\xE6\x97\xA5\xE6\x9C\xAC</p>"},
    };
    for (const auto& [page, html, utf8] : cases) {
        Message m;
        set(m, tags::PidTagHtml, blob(html));
        set(m, tags::PidTagInternetCodepage, page);
        DefaultsOptions o;
        o.rtf_body = true;
        REQUIRE_NOTHROW(apply_outlook_defaults(m, o));
        const auto* compressed = m.properties.get_as<cfb::Blob>(tags::PidTagRtfCompressed);
        REQUIRE(compressed != nullptr);
        const auto restored = rtf::deencapsulate(rtf::decompress(compressed->span()));
        REQUIRE(restored);
        CHECK(restored->content == utf8);
    }
}

TEST_CASE("What Outlook refuses is refused before anything is written", "[msg][write]") {
    Message m;
    for (int i = 0; i < 2049; ++i) {
        add_recipient(m, RecipientType::to, {"", "r" + std::to_string(i) + "@example.com"});
    }
    REQUIRE_THROWS_AS(m.write(), msgforge::UsageError);
    REQUIRE_THROWS_WITH(m.write(), Catch::Contains("2,048"));
    m.recipients.resize(2048);
    CHECK_NOTHROW(m.write());
}

TEST_CASE("write_file is atomic and leaves no temporary file", "[msg][write]") {
    msgforge::test::TempDir dir;
    Message m = sample_note();
    m.write_file(dir / "a.msg");
    const Message back = Message::read_file(dir / "a.msg");
    CHECK(compare(m, back).empty());
    CHECK(msgforge::test::files_below(dir.path()).size() == 1);
}

TEST_CASE("A stream with a non-zero CLSID in an unknown storage round-trips exactly",
          "[msg][write][regression]") {
    // Found by fuzz_msg: MS-CFB wants zero CLSIDs on streams and the writer writes zero, so the
    // copy kept for round trips must not carry the CLSID either.
    Message m;
    set(m, tags::PidTagSubject, "x");
    cfb::Node odd = cfb::Node::storage("Odd");
    odd.put(cfb::Node::stream("Data", blob("payload")));
    m.unknown_children.push_back(odd);
    auto bytes = m.write();
    // Patch the CLSID field (offset 0x50) of the directory entry named "Data".
    const std::u16string name = u"Data";
    std::vector<uint8_t> needle;
    ByteWriter(needle).utf16(name);
    needle.insert(needle.end(), {0, 0});
    auto it = std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end());
    REQUIRE(it != bytes.end());
    const auto entry = static_cast<size_t>(it - bytes.begin());
    REQUIRE(entry % 128 == 0);
    bytes[entry + 0x50] = 0x42;
    const cfb::Reader r = cfb::Reader::from_blob(cfb::Blob::owned(bytes));
    const Message first = Message::read(r);
    const Message second = reread(first);
    CHECK(compare(first, second).empty());
}

TEST_CASE("A kept stream whose name has an unpaired surrogate round-trips equal",
          "[msg][write][regression]") {
    // Found by fuzz_msg: compare() looked children up by their UTF-8 names, and a name with a
    // lone surrogate has none (it becomes U+FFFD), so equal messages compared unequal.
    Message m;
    set(m, tags::PidTagSubject, "x");
    cfb::Node odd = cfb::Node::stream("Odd", blob("payload"));
    odd.name = std::u16string(u"__substg") + char16_t(0xDBEE) + u"001F";
    m.unknown_children.push_back(odd);
    const Message again = reread(m);
    REQUIRE(again.unknown_children.size() == 1);
    CHECK(again.unknown_children[0].name == odd.name);
    CHECK(compare(m, again).empty());
    // A different lone surrogate is a different name.
    Message other = again;
    other.unknown_children[0].name[8] = char16_t(0xDBEF);
    CHECK_FALSE(compare(m, other).empty());
}

TEST_CASE("Short attachment names never split a character", "[msg][defaults]") {
    Message m;
    const Attachment& a = add_attachment(m, "abcdefg\xF0\x9F\x98\x80h.txt", blob("x"));
    CHECK(a.string(tags::PidTagAttachFilename) == "abcdefg.txt");
    CHECK(a.string(tags::PidTagAttachExtension) == ".txt");
    const Attachment& b =
        add_attachment(m, "\xE6\x96\x87\xE6\xA1\xA3 \xF0\x9F\x98\x80.txt", blob("y"));
    CHECK(b.string(tags::PidTagAttachFilename) == "\xE6\x96\x87\xE6\xA1\xA3 \xF0\x9F\x98\x80.txt");
}

TEST_CASE("In an ANSI message the defaults add 8-bit strings in its code page", "[msg][defaults]") {
    Message m;
    m.codepage = 1251;
    set(m, tags::PidTagMessageCodepage, 1251);
    set(m, string8_tag(tags::PidTagSubject), String8{"RE: \xCF\xF0\xE8\xE2\xE5\xF2"});
    apply_outlook_defaults(m);
    CHECK(*m.properties.get_as<int32_t>(tags::PidTagStoreSupportMask) == 0x00000E79);
    const auto* normalized = m.properties.get_as(string8_tag(tags::PidTagNormalizedSubject));
    REQUIRE(normalized != nullptr);
    CHECK(normalized->bytes == "\xCF\xF0\xE8\xE2\xE5\xF2");
    CHECK(m.properties.find(string8_tag(tags::PidTagDisplayTo)) != nullptr);
    CHECK(m.properties.find(string8_tag(tags::PidTagMessageClass)) != nullptr);
}

TEST_CASE("add_embedded moves the embedded message's named properties into the parent's map",
          "[msg][write][named]") {
    Message m;
    set_named(m, m, names::PidLidSmartNoAttach, true);
    Message inner;
    // The inner message's own map numbers its names the other way round.
    set_named(inner, inner, names::PidLidLocation, "Room 4");
    set_named(inner, inner, names::PidLidSmartNoAttach, false);
    add_attachment(inner, "a.txt", blob("a"));
    set_named(inner, inner.attachments[0], names::PidNameOMSServiceType, int32_t{4});
    add_embedded(m, std::move(inner), "inner");

    const Message& embedded = *m.attachments.at(0).embedded;
    CHECK(embedded.named == m.named);
    REQUIRE(embedded.named_value(names::PidLidLocation) != nullptr);
    CHECK(*embedded.named_value(names::PidLidLocation) == u"Room 4");
    REQUIRE(embedded.named_value(names::PidLidSmartNoAttach) != nullptr);
    CHECK_FALSE(*embedded.named_value(names::PidLidSmartNoAttach));
    REQUIRE(m.named_value(names::PidLidSmartNoAttach) != nullptr);
    CHECK(*m.named_value(names::PidLidSmartNoAttach));

    // And it survives a write and a read.
    const Message back = reread(m);
    const Message& read_inner = *back.attachments.at(0).embedded;
    REQUIRE(read_inner.named_value(names::PidLidLocation) != nullptr);
    CHECK(*read_inner.named_value(names::PidLidLocation) == u"Room 4");
    REQUIRE(read_inner.attachments.size() == 1);
    const auto id = read_inner.named->id_for(names::PidNameOMSServiceType.key());
    REQUIRE(id);
    const PropertyTag service{*id, PtypInteger32};
    REQUIRE(read_inner.attachments[0].properties.get_as<int32_t>(service) != nullptr);
    CHECK(*read_inner.attachments[0].properties.get_as<int32_t>(service) == 4);
}
