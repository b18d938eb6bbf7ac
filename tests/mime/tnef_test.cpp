// TNEF decoding (MS-OXTNEF) on streams built here: the legacy attributes, the MAPI property
// lists, attachments, recipients, embedded messages, and broken or hostile streams.
#include "support/support.hpp"
#include "tnef_builder.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/mime/tnef.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::test::tnef;
namespace tags = msg::tags;

mime::TnefResult decode(const Stream& s, const mime::TnefOptions& options = {}) {
    return mime::from_tnef(s.bytes(), "test.dat", options);
}

bool has_warning(const mime::TnefResult& r, const std::string& text) {
    for (const auto& w : r.warnings) {
        if (w.to_string().find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::vector<uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

/// A variable-size value as a property list holds it: a count of 1, the size, the bytes and
/// the padding.
std::vector<uint8_t> one_value(const std::vector<uint8_t>& data) {
    std::vector<uint8_t> out = u32s({1, static_cast<uint32_t>(data.size())});
    out.insert(out.end(), data.begin(), data.end());
    out.resize(out.size() + (4 - data.size() % 4) % 4, 0);
    return out;
}

/// The stream most tests start from: version, code page, class, subject, sender, dates,
/// priority, message id and body as legacy attributes.
Stream legacy_message() {
    Stream s;
    s.add(MESSAGE, attTnefVersion, u32s({0x00010000}))
        .add(MESSAGE, attOemCodepage, u32s({1252, 0}))
        .add(MESSAGE, attMessageClass, cstring("IPM.Microsoft Mail.Note"))
        .add(MESSAGE, attSubject, cstring("Caf\xE9 menu"))
        .add(MESSAGE, attFrom, from("Ann Example", "SMTP:ann@example.com"))
        .add(MESSAGE, attDateSent, date(2024, 5, 1, 9, 30, 15))
        .add(MESSAGE, attDateRecd, date(2024, 5, 1, 9, 31, 0))
        .add(MESSAGE, attPriority, u16s({1}))
        .add(MESSAGE, attMessageID, cstring("0A0BFF"))
        .add(MESSAGE, attBody, cstring("Line one\r\nLine two"));
    return s;
}

}  // namespace

TEST_CASE("TNEF legacy attributes give class, subject, sender, dates, priority and body",
          "[mime][tnef]") {
    const auto r = decode(legacy_message());
    const msg::Message& m = r.message;
    CHECK(r.warnings.empty());
    CHECK(m.message_class() == "IPM.Note");
    CHECK(m.subject() == "Caf\xC3\xA9 menu");
    const auto sender = m.sender();
    REQUIRE(sender);
    CHECK(sender->name == "Ann Example");
    CHECK(sender->address == "ann@example.com");
    CHECK(sender->address_type == "SMTP");
    CHECK(m.properties.get_as(tags::PidTagClientSubmitTime)->to_iso()
          == "2024-05-01T09:30:15.0000000Z");
    CHECK(m.properties.get_as(tags::PidTagMessageDeliveryTime)->to_iso()
          == "2024-05-01T09:31:00.0000000Z");
    CHECK(*m.properties.get_as(tags::PidTagImportance) == 2);
    const cfb::Blob* key = m.properties.get_as(tags::PidTagSearchKey);
    REQUIRE(key != nullptr);
    CHECK(std::vector<uint8_t>(key->begin(), key->end()) == std::vector<uint8_t>{0x0A, 0x0B, 0xFF});
    CHECK(m.string(tags::PidTagBody) == "Line one\r\nLine two");
}

TEST_CASE("TNEF 8-bit strings are in the stream's OEM code page", "[mime][tnef]") {
    Stream s;
    s.add(MESSAGE, attOemCodepage, u32s({1251, 0}))
        .add(MESSAGE, attSubject, cstring("\xCF\xF0\xE8"))
        .add(MESSAGE, attMsgProps, Props().string8(0x0E1D001E, "\xCF\xF0\xE8").bytes());
    const msg::Message m = decode(s).message;
    CHECK(m.subject() == "\xD0\x9F\xD1\x80\xD0\xB8");
    CHECK(*m.properties.get_as(tags::PidTagMessageCodepage) == 1251);
    CHECK(m.string(0x0E1D) == "\xD0\x9F\xD1\x80\xD0\xB8");
    Stream own;
    own.add(MESSAGE, attOemCodepage, u32s({1251, 0}))
        .add(MESSAGE, attMsgProps, Props().int32(0x3FFD0003, 1252).bytes());
    CHECK(*decode(own).message.properties.get_as(tags::PidTagMessageCodepage) == 1252);
}

TEST_CASE("TNEF MAPI properties win over the legacy attributes, in any order", "[mime][tnef]") {
    const Guid set = msg::ps::PS_PUBLIC_STRINGS;
    Props props;
    props.unicode(0x0037001F, u"MAPI subject")
        .int32(0x00170003, 0)
        .boolean(0x0E1B000B, true)
        .int16(0x3FDE0002, -5)
        .time(0x30070040, 133'000'000'000'000'000)
        .string8(0x0E1D001E, "normalized")
        .binary(0x0FFF0102, {1, 2, 3, 4, 5})
        .named_lid(0x80010003, msg::ps::PSETID_Common, 0x8501, u32s({15}))
        .named_string(0x8002001F, set, u"Keywords-ish", one_value(Props::utf16z(u"tag")));
    Stream before;
    before.add(MESSAGE, attMsgProps, props.bytes()).add(MESSAGE, attSubject, cstring("legacy"));
    Stream after = legacy_message();
    after.add(MESSAGE, attMsgProps, props.bytes());
    for (const Stream* s : {&before, &after}) {
        const auto r = decode(*s);
        const msg::Message& m = r.message;
        CHECK(r.warnings.empty());
        CHECK(m.subject() == "MAPI subject");
        CHECK(*m.properties.get_as(tags::PidTagImportance) == 0);
        CHECK(*m.properties.get_as<bool>(msg::PropertyTag::from_u32(0x0E1B000B)));
        CHECK(*m.properties.get_as<int16_t>(msg::PropertyTag::from_u32(0x3FDE0002)) == -5);
        CHECK(m.properties.get_as(tags::PidTagCreationTime)->ticks == 133'000'000'000'000'000);
        CHECK(m.properties.get_as<msg::String8>(msg::PropertyTag::from_u32(0x0E1D001E))->bytes
              == "normalized");
        CHECK(m.properties.get_as<cfb::Blob>(msg::PropertyTag::from_u32(0x0FFF0102))->size() == 5);
        const auto* reminder = m.named_value(msg::NamedKey::lid(msg::ps::PSETID_Common, 0x8501));
        REQUIRE(reminder != nullptr);
        CHECK(*reminder->as<int32_t>() == 15);
        const auto* keyword = m.named_value(msg::NamedKey::string(set, u"Keywords-ish"));
        REQUIRE(keyword != nullptr);
        CHECK(*keyword->as<std::u16string>() == u"tag");
    }
}

TEST_CASE("TNEF multi-valued properties keep every value", "[mime][tnef]") {
    Stream s;
    s.add(MESSAGE, attMsgProps, Props().mv_int32(0x68011003, {7, 8, 9}).bytes())
        .add(MESSAGE, attMsgProps,
             Props()
                 .variable(0x3A541102, {{1}, {2, 3}})
                 .variable(0x3A55101F, {Props::utf16z(u"a"), Props::utf16z(u"bc")})
                 .bytes());
    const msg::Message m = decode(s).message;
    CHECK(*m.properties.get_as<std::vector<int32_t>>(msg::PropertyTag::from_u32(0x68011003))
          == std::vector<int32_t>{7, 8, 9});
    CHECK(*m.properties.get_as<std::vector<std::u16string>>(msg::PropertyTag::from_u32(0x3A55101F))
          == std::vector<std::u16string>{u"a", u"bc"});
    CHECK(m.properties.get_as<std::vector<cfb::Blob>>(msg::PropertyTag::from_u32(0x3A541102))
              ->at(1)
              .size()
          == 2);
}

TEST_CASE("TNEF attachments take legacy attributes and their MAPI properties", "[mime][tnef]") {
    const std::string data = "hello, attachment";
    Stream s = legacy_message();
    s.add(ATTACHMENT, attAttachRendData, rend_data(-1))
        .add(ATTACHMENT, attAttachTitle, cstring("REPORT~1.TXT"))
        .add(ATTACHMENT, attAttachCreateDate, date(2023, 12, 31, 23, 59, 59))
        .add(ATTACHMENT, attAttachModifyDate, date(2024, 1, 2, 3, 4, 5))
        .add(ATTACHMENT, attAttachMetaFile, std::string(40, 'x'))
        .add(ATTACHMENT, attAttachData, data)
        .add(ATTACHMENT, attAttachment,
             Props()
                 .unicode(0x3707001F, u"Quarterly report.txt")
                 .string8(0x370E001E, "text/plain")
                 .unicode(0x3712001F, u"part1@example")
                 .bytes())
        .add(ATTACHMENT, attAttachRendData, rend_data(0))
        .add(ATTACHMENT, attAttachTitle, cstring("second.bin"))
        .add(ATTACHMENT, attAttachData, std::string("\x00\x01\x02", 3));
    const auto r = decode(s);
    CHECK(r.warnings.empty());
    const msg::Message& m = r.message;
    REQUIRE(m.attachments.size() == 2);
    const msg::Attachment& a = m.attachments[0];
    CHECK(a.method() == 1);
    CHECK(a.file_name() == "Quarterly report.txt");
    CHECK(a.string(tags::PidTagAttachFilename) == "REPORT~1.TXT");
    CHECK(a.mime_type() == "text/plain");
    CHECK(a.string(tags::PidTagAttachContentId) == "part1@example");
    CHECK(*a.properties.get_as(tags::PidTagRenderingPosition) == -1);
    CHECK(a.properties.get_as(tags::PidTagCreationTime)->to_iso()
          == "2023-12-31T23:59:59.0000000Z");
    CHECK(a.properties.get_as(tags::PidTagLastModificationTime)->to_iso()
          == "2024-01-02T03:04:05.0000000Z");
    REQUIRE(a.data());
    CHECK(std::string(a.data()->begin(), a.data()->end()) == data);
    CHECK(m.attachments[1].file_name() == "second.bin");
    CHECK(m.attachments[1].data()->size() == 3);
    CHECK(*m.attachments[1].properties.get_as(tags::PidTagRenderingPosition) == 0);
}

TEST_CASE("TNEF attRecipTable rows become recipients", "[mime][tnef]") {
    Stream s = legacy_message();
    s.add(MESSAGE, attRecipTable,
          recipient_table({Props()
                               .int32(0x0C150003, 1)
                               .unicode(0x3001001F, u"Bob")
                               .unicode(0x3002001F, u"SMTP")
                               .unicode(0x3003001F, u"bob@example.com"),
                           Props()
                               .int32(0x0C150003, 2)
                               .string8(0x3001001E, "Carol")
                               .string8(0x3002001E, "SMTP")
                               .string8(0x3003001E, "carol@example.com")}));
    const msg::Message m = decode(s).message;
    REQUIRE(m.recipients.size() == 2);
    CHECK(m.recipients[0].address().name == "Bob");
    CHECK(m.recipients[0].address().smtp == "bob@example.com");
    CHECK(*m.recipients[1].properties.get_as(tags::PidTagRecipientType) == 2);
    CHECK(m.recipients[1].address().address == "carol@example.com");
    CHECK(*m.recipients[1].properties.get_as(tags::PidTagRowid) == 1);
}

TEST_CASE("TNEF embedded messages are nested TNEF streams in a PtypObject value", "[mime][tnef]") {
    Stream inner;
    inner.add(MESSAGE, attSubject, cstring("Inner"))
        .add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachTitle, cstring("deep.txt"))
        .add(ATTACHMENT, attAttachData, std::string("deep"));
    Stream s = legacy_message();
    s.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachTitle, cstring("Inner"))
        .add(ATTACHMENT, attAttachment,
             Props().int32(0x37050003, 5).object(0x3701000D, IID_IMessage, inner.bytes()).bytes());
    const auto r = decode(s);
    CHECK(r.warnings.empty());
    REQUIRE(r.message.attachments.size() == 1);
    const msg::Attachment& a = r.message.attachments[0];
    CHECK(a.method() == 5);
    REQUIRE(a.embedded);
    CHECK(a.embedded->is_embedded);
    CHECK(a.embedded->subject() == "Inner");
    REQUIRE(a.embedded->attachments.size() == 1);
    CHECK(a.embedded->attachments[0].file_name() == "deep.txt");
    CHECK(a.properties.get_as<msg::ObjectRef>(tags::PidTagAttachDataObject) != nullptr);
}

TEST_CASE("TNEF PidTagRtfCompressed gives the RTF body", "[mime][tnef]") {
    const std::string rtf = msg::rtf_from_text("Hello from RTF");
    const auto compressed = msg::rtf::compress(as_bytes(rtf));
    Stream s;
    s.add(MESSAGE, attMsgProps,
          Props().binary(0x10090102, {compressed.begin(), compressed.end()}).bytes());
    const msg::Message m = decode(s).message;
    const auto body = msg::body_rtf(m);
    REQUIRE(body);
    CHECK(std::string(body->begin(), body->end()) == rtf);
    CHECK(msg::body_text(m).value_or("").find("Hello from RTF") != std::string::npos);
}

TEST_CASE("a decoded TNEF message writes as a .msg that reads back the same", "[mime][tnef]") {
    Stream s = legacy_message();
    s.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachTitle, cstring("a.txt"))
        .add(ATTACHMENT, attAttachData, std::string("abc"));
    msg::Message m = decode(s).message;
    msg::apply_outlook_defaults(m);
    const auto bytes = m.write();
    const auto back = msg::Message::read(cfb::Reader::from_bytes(bytes, {}, "written.msg"));
    CHECK(back.subject() == "Caf\xC3\xA9 menu");
    CHECK(back.sender()->address == "ann@example.com");
    REQUIRE(back.attachments.size() == 1);
    CHECK(back.attachments[0].file_name() == "a.txt");
    CHECK(back.attachments[0].data()->size() == 3);
}

TEST_CASE("a stream that is not TNEF is refused with its signature", "[mime][tnef][hostile]") {
    std::vector<uint8_t> bytes = legacy_message().bytes();
    bytes[0] = 0x00;
    REQUIRE_THROWS_AS(mime::from_tnef(bytes, "bad.dat"), FormatError);
    REQUIRE_THROWS_WITH(mime::from_tnef(bytes, "bad.dat"),
                        Catch::Contains("bad.dat") && Catch::Contains("signature 0x223E9F00"));
    REQUIRE_THROWS_AS(mime::from_tnef(std::vector<uint8_t>{0x78, 0x9F}, "short.dat"), FormatError);
    CHECK_FALSE(mime::is_tnef(bytes));
    CHECK(mime::is_tnef(legacy_message().bytes()));
}

TEST_CASE("a legacy date that is no date is left out with a warning", "[mime][tnef][hostile]") {
    Stream s;
    s.add(MESSAGE, attDateSent, date(40000, 1, 1, 0, 0, 0))
        .add(MESSAGE, attDateRecd, date(2024, 2, 30, 0, 0, 0))
        .add(MESSAGE, attDateModified, date(2024, 2, 29, 24, 0, 0));
    const auto r = decode(s);
    CHECK(r.message.properties.empty());
    CHECK(has_warning(r, "date 40000-1-1 0:0:0 is not a date"));
    CHECK(has_warning(r, "date 2024-2-30 0:0:0 is not a date"));
    CHECK(has_warning(r, "date 2024-2-29 24:0:0 is not a date"));
}

TEST_CASE("a wrong checksum is a warning and the attribute is kept", "[mime][tnef][hostile]") {
    Stream s;
    s.add(MESSAGE, attSubject, cstring("Checked"), 0x1234);
    const auto r = decode(s);
    CHECK(r.message.subject() == "Checked");
    REQUIRE(r.warnings.size() == 1);
    CHECK(has_warning(r, "attSubject (0x00018004) at 0x6: checksum 0x1234"));
    mime::TnefOptions strict;
    strict.strict = true;
    REQUIRE_THROWS_WITH(decode(s, strict), Catch::Contains("checksum 0x1234"));
}

TEST_CASE("a cut attribute keeps what came before it", "[mime][tnef][hostile]") {
    Stream s;
    s.add(MESSAGE, attSubject, cstring("Kept"));
    const size_t cut_at = s.bytes().size();
    Stream full = s;
    full.add(MESSAGE, attBody, cstring("This body is cut short"));
    std::vector<uint8_t> bytes = full.bytes();
    bytes.resize(cut_at + 15);
    const auto r = mime::from_tnef(bytes, "cut.dat");
    CHECK(r.message.subject() == "Kept");
    CHECK_FALSE(r.message.string(tags::PidTagBody));
    CHECK(has_warning(
        r, "at " + hex(cut_at) + ": attBody (0x0002800C) declares 23 bytes, 4 are left"));
    mime::TnefOptions strict;
    strict.strict = true;
    REQUIRE_THROWS_AS(mime::from_tnef(bytes, "cut.dat", strict), FormatError);
}

TEST_CASE("a huge attribute length allocates nothing", "[mime][tnef][hostile]") {
    Stream s;
    s.add(MESSAGE, attSubject, cstring("Kept"))
        .raw(
            std::vector<uint8_t>{MESSAGE, 0x0C, 0x80, 0x02, 0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0, 0, 0});
    const auto r = decode(s);
    CHECK(r.message.subject() == "Kept");
    CHECK(has_warning(r, "declares 4294967280 bytes, 1 are left"));
}

TEST_CASE("trailing bytes and unknown levels end the stream with a warning",
          "[mime][tnef][hostile]") {
    Stream s;
    s.add(MESSAGE, attSubject, cstring("Kept")).raw(std::vector<uint8_t>{0, 0});
    const auto trailing = decode(s);
    CHECK(trailing.message.subject() == "Kept");
    CHECK(has_warning(trailing, "2 bytes after the last attribute are ignored"));
    Stream level;
    level.add(MESSAGE, attSubject, cstring("Kept")).add(75, attBody, cstring("garbage"));
    CHECK(has_warning(decode(level), "attribute level 75 is neither message (1) nor attachment"));
}

TEST_CASE("a broken property list keeps the properties before it", "[mime][tnef][hostile]") {
    Props cut;
    cut.unicode(0x0037001F, u"Before").begin(0x1000001F).raw(u32s({1, 0x7FFFFFF0}));
    Stream s;
    s.add(MESSAGE, attMsgProps, cut.bytes()).add(MESSAGE, attPriority, u16s({3}));
    const auto r = decode(s);
    CHECK(r.message.subject() == "Before");
    CHECK(*r.message.properties.get_as(tags::PidTagImportance) == 0);
    CHECK(has_warning(r, "value of 2147483632 bytes, 0 left in the attribute"));

    Props unknown;
    unknown.unicode(0x0037001F, u"Before").begin(0x12340077).raw(u32s({0}));
    Stream u;
    u.add(MESSAGE, attMsgProps, unknown.bytes());
    const auto ru = decode(u);
    CHECK(ru.message.subject() == "Before");
    CHECK(has_warning(ru, "property 0x12340077 has type Ptyp0x0077, which TNEF does not define"));

    Props many;
    many.begin(0x0E041003).raw(u32s({0x00080000}));
    Stream m;
    m.add(MESSAGE, attMsgProps, many.bytes());
    CHECK(has_warning(decode(m), "524288 values cannot fit"));
}

TEST_CASE("TNEF limits: properties, attachments, attributes and bytes", "[mime][tnef][hostile]") {
    Props props;
    props.int32(0x00170003, 1).int32(0x00260003, 1);
    Stream s;
    s.add(MESSAGE, attMsgProps, props.bytes());
    mime::TnefOptions few;
    few.limits.max_properties = 1;
    REQUIRE_THROWS_AS(decode(s, few), LimitError);

    Stream attachments;
    attachments.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachRendData, rend_data());
    mime::TnefOptions one;
    one.limits.max_attachments = 1;
    REQUIRE_THROWS_WITH(decode(attachments, one), Catch::Contains("limit of 1"));
    mime::TnefOptions attributes;
    attributes.max_attributes = 1;
    REQUIRE_THROWS_AS(decode(attachments, attributes), LimitError);

    Stream big;
    big.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachData, std::string(4096, 'x'));
    mime::TnefOptions budget;
    budget.limits.max_total_bytes = 1000;
    REQUIRE_THROWS_WITH(decode(big, budget), Catch::Contains("limit on bytes decoded"));
}

TEST_CASE("deeply nested embedded messages stop at the depth limit", "[mime][tnef][hostile]") {
    Stream s;
    s.add(MESSAGE, attSubject, cstring("level 0"));
    for (int depth = 1; depth <= 40; ++depth) {
        Stream outer;
        outer.add(MESSAGE, attSubject, cstring("level " + std::to_string(depth)))
            .add(ATTACHMENT, attAttachRendData, rend_data())
            .add(ATTACHMENT, attAttachment,
                 Props().object(0x3701000D, IID_IMessage, s.bytes()).bytes());
        s = outer;
    }
    REQUIRE_THROWS_AS(decode(s), LimitError);
    REQUIRE_THROWS_WITH(decode(s), Catch::Contains("nest deeper than the limit of 32"));
    mime::TnefOptions deep;
    deep.limits.max_embedding_depth = 40;
    const msg::Message m = decode(s, deep).message;
    const msg::Message* inner = &m;
    int levels = 0;
    while (!inner->attachments.empty()) {
        inner = inner->attachments[0].embedded.get();
        REQUIRE(inner != nullptr);
        ++levels;
    }
    CHECK(levels == 40);
    CHECK(inner->subject() == "level 0");
}

TEST_CASE("the fuzz seeds in testdata/tnef are streams this builder writes", "[mime][tnef]") {
    // MSGFORGE_WRITE_SEEDS=1 writes them again after a change to the builder or the streams.
    Stream attachments = legacy_message();
    attachments.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachTitle, cstring("a.txt"))
        .add(ATTACHMENT, attAttachModifyDate, date(2024, 1, 2, 3, 4, 5))
        .add(ATTACHMENT, attAttachData, std::string("abc"))
        .add(ATTACHMENT, attAttachment,
             Props()
                 .unicode(0x3707001F, u"long name.txt")
                 .string8(0x370E001E, "text/plain")
                 .bytes());
    Stream properties;
    properties
        .add(MESSAGE, attMsgProps,
             Props()
                 .unicode(0x0037001F, u"MAPI subject")
                 .int16(0x3FDE0002, 1)
                 .boolean(0x0E1B000B, true)
                 .time(0x00390040, 133'000'000'000'000'000)
                 .mv_int32(0x68011003, {1, 2})
                 .variable(0x3A55101F, {Props::utf16z(u"a"), Props::utf16z(u"b")})
                 .named_lid(0x80000003, msg::ps::PSETID_Common, 0x8501, u32s({15}))
                 .named_string(0x8001001F, msg::ps::PS_PUBLIC_STRINGS, u"Name",
                               one_value(Props::utf16z(u"v")))
                 .bytes())
        .add(MESSAGE, attRecipTable,
             recipient_table({Props().int32(0x0C150003, 1).unicode(0x3001001F, u"Bob")}));
    Stream inner;
    inner.add(MESSAGE, attSubject, cstring("Inner"));
    Stream embedded;
    embedded.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachment,
             Props().int32(0x37050003, 5).object(0x3701000D, IID_IMessage, inner.bytes()).bytes());
    Stream broken;
    broken.add(MESSAGE, attSubject, cstring("Checked"), 0x1234).raw(u32s({0x00800C01}));
    const std::vector<std::pair<std::string, const Stream*>> seeds = {
        {"legacy.tnef", &attachments},
        {"properties.tnef", &properties},
        {"embedded.tnef", &embedded},
        {"broken.tnef", &broken},
    };
    const std::filesystem::path dir = std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "tnef";
    const char* write = std::getenv("MSGFORGE_WRITE_SEEDS");
    for (const auto& [name, stream] : seeds) {
        if (write != nullptr && std::string(write) == "1") {
            std::filesystem::create_directories(dir);
            test::write_file(dir / name, stream->bytes());
        }
        CAPTURE(name);
        CHECK(test::read_file(dir / name) == stream->bytes());
        CHECK_NOTHROW(decode(*stream));
    }
}

TEST_CASE("an OLE object (IID_IStorage) becomes the attachment's storage", "[mime][tnef]") {
    cfb::Tree tree;
    tree.put_stream("Contents", cfb::Blob::owned({'o', 'l', 'e'}));
    const std::vector<uint8_t> compound = cfb::write(tree);
    const Guid storage =
        Guid::from_fields(0x0000000B, 0, 0, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46});
    Stream s;
    s.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachment, Props().object(0x3701000D, storage, compound).bytes())
        .add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachment,
             Props().object(0x3701000D, storage, bytes_of("not a compound file")).bytes());
    const auto r = decode(s);
    REQUIRE(r.message.attachments.size() == 2);
    const msg::Attachment& ole = r.message.attachments[0];
    CHECK(ole.method() == 6);
    REQUIRE(ole.object_storage);
    const cfb::Node* contents = ole.object_storage->find("Contents");
    REQUIRE(contents != nullptr);
    CHECK(std::string(contents->data.begin(), contents->data.end()) == "ole");
    const msg::Attachment& broken = r.message.attachments[1];
    CHECK_FALSE(broken.object_storage);
    CHECK(broken.data()->size() == 19);
    CHECK(has_warning(r, "the OLE object is no compound file"));
}
