// TNEF parts of MIME messages (application/ms-tnef, winmail.dat) decoded into the message
// being built: what MIME gives wins over the stream's envelope, the stream's body, class,
// attachments and named properties come in; a stream that does not decode stays an attachment.
#include "from_mime_support.hpp"
#include "tnef_builder.hpp"

#include <msgforge/base/base64.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::test::tnef;
namespace tags = msg::tags;

using test::has_warning;

std::vector<uint8_t> one_value(const std::vector<uint8_t>& data) {
    std::vector<uint8_t> out = u32s({1, static_cast<uint32_t>(data.size())});
    out.insert(out.end(), data.begin(), data.end());
    out.resize(out.size() + (4 - data.size() % 4) % 4);
    return out;
}

// A TNEF part with its headers, the stream in base64.
std::string tnef_part(const std::vector<uint8_t>& stream, std::string_view type,
                      std::string_view name = "winmail.dat") {
    return "Content-Type: " + std::string(type) + "; name=\"" + std::string(name)
           + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64_encode(stream) + "\r\n";
}

// A multipart/mixed message of `parts` (each its headers, an empty line and its body).
std::string mixed(const std::vector<std::string>& parts) {
    std::string out =
        "Subject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";
    for (const std::string& part : parts) {
        out += "--b\r\n" + part;
    }
    return out + "--b--\r\n";
}

const msg::NamedKey REMINDER = msg::NamedKey::lid(msg::ps::PSETID_Common, 0x8501);
const msg::NamedKey INNER = msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"Inner");
const msg::NamedKey KIND = msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"Kind");

std::vector<uint8_t> outer_stream() {
    Props props;
    props.unicode(0x001A001F, u"IPM.Note.Custom")
        .unicode(0x0037001F, u"TNEF subject")
        .unicode(0x0042001F, u"Someone Else")
        .unicode(0x0050001F, u"TNEF reply")
        .binary(0x10130102, {'<', 'p', '>', 'r', 'i', 'c', 'h'})
        .int32(0x00170003, 2)
        .named_lid(0x80000003, msg::ps::PSETID_Common, 0x8501, u32s({15}));
    Stream s;
    s.add(MESSAGE, attMsgProps, props.bytes())
        .add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachTitle, cstring("a.txt"))
        .add(ATTACHMENT, attAttachData, "hello")
        .add(ATTACHMENT, attAttachment,
             Props()
                 .named_string(0x8000001F, msg::ps::PS_PUBLIC_STRINGS, u"Kind",
                               one_value(Props::utf16z(u"x")))
                 .bytes());
    return s.bytes();
}

std::vector<uint8_t> inner_stream() {
    Stream s;
    s.add(MESSAGE, attMsgProps,
          Props()
              .named_string(0x8000001F, msg::ps::PS_PUBLIC_STRINGS, u"Inner",
                            one_value(Props::utf16z(u"v")))
              .bytes());
    return s.bytes();
}

std::string message_with_tnef(std::string_view extra_headers = "") {
    return "From: Ann <ann@example.com>\r\n" + std::string(extra_headers)
           + "To: Bob <bob@example.com>\r\n"
           "Subject: MIME subject\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
           "\r\n"
           "--b1\r\n"
           "Content-Type: text/plain; charset=us-ascii\r\n"
           "\r\n"
           "plain rendition\r\n"
           "--b1\r\n"
           "Content-Type: message/rfc822\r\n"
           "\r\n"
           "Subject: inner\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"b2\"\r\n"
           "\r\n"
           "--b2\r\n"
           "Content-Type: text/plain\r\n"
           "\r\n"
           "inner text\r\n"
           "--b2\r\n"
           + tnef_part(inner_stream(), "application/ms-tnef")
           + "--b2--\r\n"
             "--b1\r\n"
           + tnef_part(outer_stream(), "application/ms-tnef") + "--b1--\r\n";
}

std::string text_of(const msg::PropertyValue* value) {
    REQUIRE(value != nullptr);
    REQUIRE(value->as<std::u16string>() != nullptr);
    const std::u16string& s = *value->as<std::u16string>();
    return std::string(s.begin(), s.end());
}

void check_merged(const msg::Message& m) {
    CHECK(m.message_class() == "IPM.Note.Custom");
    CHECK(m.subject() == "MIME subject");
    CHECK(m.string(tags::PidTagSentRepresentingName) == "Ann");
    CHECK(m.string(tags::PidTagSentRepresentingSmtpAddress) == "ann@example.com");
    CHECK(m.string(tags::PidTagReplyRecipientNames) == "TNEF reply");
    CHECK(*m.properties.get_as(tags::PidTagImportance) == 2);
    const cfb::Blob* html = m.properties.get_as(tags::PidTagHtml);
    REQUIRE(html != nullptr);
    CHECK(std::string(html->begin(), html->end()) == "<p>rich");
    CHECK(m.string(tags::PidTagBody) == "plain rendition");
    REQUIRE(m.recipients.size() == 1);
    CHECK(m.recipients[0].string(tags::PidTagDisplayName) == "Bob");
    const auto* reminder = m.named_value(REMINDER);
    REQUIRE(reminder != nullptr);
    REQUIRE(reminder->as<int32_t>() != nullptr);
    CHECK(*reminder->as<int32_t>() == 15);
    REQUIRE(m.attachments.size() == 2);
    const msg::Message* inner = m.attachments[0].embedded.get();
    REQUIRE(inner != nullptr);
    CHECK(inner->subject() == "inner");
    CHECK(inner->attachments.empty());
    CHECK(text_of(inner->named_value(INNER)) == "v");
    const msg::Attachment& a = m.attachments[1];
    CHECK(a.file_name() == "a.txt");
    const auto data = a.data();
    REQUIRE(data);
    CHECK(std::string(data->begin(), data->end()) == "hello");
    const auto kind = m.named->id_for(KIND);
    REQUIRE(kind);
    const msg::Property* kind_value = a.properties.find_id(*kind);
    REQUIRE(kind_value != nullptr);
    CHECK(text_of(&kind_value->value) == "x");
}

TEST_CASE("A TNEF part is decoded into the message, where MIME headers win over its envelope",
          "[mime][from_mime][tnef]") {
    mime::FromMimeOptions options;
    options.outlook_defaults = false;
    const auto r = test::read_mime(message_with_tnef(), "tnef.eml", options);
    CHECK(r.warnings.empty());
    const msg::Message& m = r.message;
    check_merged(m);
    // The inner message's name was mapped first: the outer stream's names moved to new ids.
    CHECK(m.named->id_for(INNER) == 0x8000);
    CHECK(m.named->id_for(REMINDER) != 0x8000);
    CHECK(m.attachments[0].embedded->named == m.named);
}

TEST_CASE("The Reply-To header wins over the TNEF stream's reply recipients",
          "[mime][from_mime][tnef][reply_to]") {
    const auto r = test::read_mime(message_with_tnef("Reply-To: help@example.com\r\n"), "tnef.eml");
    CHECK(r.message.string(tags::PidTagReplyRecipientNames) == "help@example.com");
    CHECK(r.message.properties.find(tags::PidTagReplyRecipientEntries) != nullptr);
    CHECK(r.message.message_class() == "IPM.Note.Custom");
}

TEST_CASE("A message read from a TNEF part writes and reads back with its named properties",
          "[mime][from_mime][tnef]") {
    const auto r = test::read_mime(message_with_tnef(), "tnef.eml");
    const std::vector<uint8_t> bytes = r.message.write();
    const msg::Message back = msg::Message::read(cfb::Reader::from_bytes(bytes));
    CHECK(back.subject() == "MIME subject");
    CHECK(back.message_class() == "IPM.Note.Custom");
    const auto* reminder = back.named_value(REMINDER);
    REQUIRE(reminder != nullptr);
    CHECK(*reminder->as<int32_t>() == 15);
    REQUIRE(back.attachments.size() == 2);
    REQUIRE(back.attachments[0].embedded);
    CHECK(text_of(back.attachments[0].embedded->named_value(INNER)) == "v");
}

TEST_CASE("A TNEF part that does not decode stays an attachment with a warning",
          "[mime][from_mime][tnef]") {
    const std::vector<uint8_t> bad = {'n', 'o', 't', ' ', 't', 'n', 'e', 'f'};
    const std::string text =
        mixed({"Content-Type: text/plain\r\n\r\nbody\r\n", tnef_part(bad, "application/ms-tnef")});
    const auto r = test::read_mime(text, "bad.eml");
    CHECK(has_warning(r, "message part 2 (application/ms-tnef) › TNEF stream at 0x0: not decoded"));
    REQUIRE(r.message.attachments.size() == 1);
    const msg::Attachment& a = r.message.attachments[0];
    CHECK(a.file_name() == "winmail.dat");
    CHECK(a.mime_type() == "application/octet-stream");
    const auto data = a.data();
    REQUIRE(data);
    CHECK(std::vector<uint8_t>(data->begin(), data->end()) == bad);
}

TEST_CASE("A part named winmail.dat is decoded when it holds a TNEF stream",
          "[mime][from_mime][tnef]") {
    const std::vector<uint8_t> other = {'P', 'K', 3, 4};
    const std::string text =
        mixed({tnef_part(outer_stream(), "application/octet-stream", "WINMAIL.DAT"),
               tnef_part(other, "application/octet-stream")});
    const auto r = test::read_mime(text, "named.eml");
    CHECK(r.warnings.empty());
    const msg::Message& m = r.message;
    CHECK(m.message_class() == "IPM.Note.Custom");
    REQUIRE(m.attachments.size() == 2);
    CHECK(m.attachments[0].file_name() == "winmail.dat");
    CHECK(m.attachments[0].mime_type() == "application/octet-stream");
    CHECK(m.attachments[1].file_name() == "a.txt");
}

}  // namespace
