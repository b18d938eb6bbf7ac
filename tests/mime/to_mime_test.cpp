// mime::to_mime on messages built with the msg write API, read back with GMime: headers,
// bodies, inline images, attachments, embedded messages, transport headers, S/MIME, SMS and
// MMS, determinism; mbox entries.
#include "gmime.hpp"
#include "to_mime_writer.hpp"

#include <msgforge/mime/to_mime.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace msgforge;
using mime::detail::GPtr;
namespace tags = msg::tags;

std::vector<uint8_t> bytes(std::string_view text) {
    return {text.begin(), text.end()};
}

GPtr<GMimeMessage> parse(const std::string& eml) {
    mime::detail::ensure_gmime();
    const GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(eml.data(), eml.size()));
    const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GPtr<GMimeMessage> m(g_mime_parser_construct_message(parser.get(), nullptr));
    REQUIRE(m != nullptr);
    return m;
}

std::string header(GMimeObject* o, const char* name) {
    const char* v = g_mime_object_get_header(o, name);
    return v != nullptr ? v : "";
}

std::string mime_type(GMimeObject* o) {
    char* t = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(o));
    std::string out = t;
    g_free(t);
    return out;
}

/// The decoded content of a leaf part.
std::string content(GMimeObject* o) {
    REQUIRE(GMIME_IS_PART(o));
    const GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(o)), out.get());
    const GByteArray* a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return std::string(reinterpret_cast<const char*>(a->data), a->len);
}

/// `text` without the line end GMime puts after the last line of a message's only part.
std::string without_final_newline(std::string text) {
    if (text.ends_with("\r\n")) {
        text.resize(text.size() - 2);
    } else if (text.ends_with('\n')) {
        text.pop_back();
    }
    return text;
}

GMimeObject* child(GMimeObject* multipart, int i) {
    REQUIRE(GMIME_IS_MULTIPART(multipart));
    REQUIRE(i < g_mime_multipart_get_count(GMIME_MULTIPART(multipart)));
    return g_mime_multipart_get_part(GMIME_MULTIPART(multipart), i);
}

std::string address_list(InternetAddressList* list) {
    char* s = internet_address_list_to_string(list, nullptr, FALSE);
    std::string out = s != nullptr ? s : "";
    g_free(s);
    return out;
}

bool crlf_only(const std::string& eml) {
    for (size_t i = 0; i < eml.size(); ++i) {
        if (eml[i] == '\n' && (i == 0 || eml[i - 1] != '\r')) {
            return false;
        }
    }
    return true;
}

msg::Message note() {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, "IPM.Note");
    msg::set(m, tags::PidTagSubject, "Grüße aus Köln");
    msg::set_sender(m, {"Jürgen Müller", "juergen@example.com", "SMTP"});
    msg::add_recipient(m, msg::RecipientType::to, {"Ann", "ann@example.com", "SMTP"});
    msg::add_recipient(m, msg::RecipientType::cc, {"Bob", "bob@example.com", "SMTP"});
    msg::add_recipient(m, msg::RecipientType::bcc, {"Carl", "carl@example.com", "SMTP"});
    msg::set(m, tags::PidTagClientSubmitTime, FileTime::from_unix_seconds(1'700'000'000));
    msg::set(m, tags::PidTagInternetMessageId, "<id1@example.com>");
    msg::set(m, tags::PidTagInReplyToId, "<id0@example.com>");
    msg::set(m, tags::PidTagInternetReferences, "<a@example.com> <id0@example.com>");
    msg::set(m, tags::PidTagBody, "Hello\r\nworld\r\n");
    return m;
}

TEST_CASE("to_mime writes the headers MS-OXCMAIL maps from the properties") {
    msg::Message m = note();
    msg::set(m, tags::PidTagImportance, int32_t{2});
    msg::set(m, tags::PidTagSensitivity, int32_t{2});
    msg::set(m, tags::PidTagPriority, int32_t{-1});
    const std::string eml = mime::to_mime(m);
    CHECK(crlf_only(eml));
    CHECK(eml.find("Grüße") == std::string::npos);  // RFC 2047, not raw UTF-8
    const auto parsed = parse(eml);
    GMimeObject* o = GMIME_OBJECT(parsed.get());
    CHECK(std::string(g_mime_message_get_subject(parsed.get())) == "Grüße aus Köln");
    CHECK(address_list(g_mime_message_get_from(parsed.get()))
          == "Jürgen Müller <juergen@example.com>");
    CHECK(address_list(g_mime_message_get_to(parsed.get())) == "Ann <ann@example.com>");
    CHECK(address_list(g_mime_message_get_cc(parsed.get())) == "Bob <bob@example.com>");
    CHECK(address_list(g_mime_message_get_bcc(parsed.get())) == "Carl <carl@example.com>");
    CHECK(header(o, "Sender").empty());
    CHECK(header(o, "Date") == "Tue, 14 Nov 2023 22:13:20 +0000");
    CHECK(header(o, "Message-ID") == "<id1@example.com>");
    CHECK(header(o, "In-Reply-To") == "<id0@example.com>");
    CHECK(header(o, "References") == "<a@example.com> <id0@example.com>");
    CHECK(header(o, "Importance") == "High");
    CHECK(header(o, "X-Priority") == "1");
    CHECK(header(o, "Priority") == "non-urgent");
    CHECK(header(o, "Sensitivity") == "Private");
    CHECK(header(o, "MIME-Version") == "1.0");
    GMimeObject* body = g_mime_message_get_mime_part(parsed.get());
    CHECK(mime_type(body) == "text/plain");
    CHECK(std::string(g_mime_object_get_content_type_parameter(body, "charset")) == "utf-8");
    CHECK(content(body) == "Hello\r\nworld\r\n");
}

TEST_CASE("to_mime names a Sender apart from the From it sends for") {
    msg::Message m = note();
    msg::set(m, tags::PidTagSentRepresentingName, "Boss");
    msg::set(m, tags::PidTagSentRepresentingSmtpAddress, "boss@example.com");
    msg::set(m, tags::PidTagSentRepresentingEmailAddress, "boss@example.com");
    msg::set(m, tags::PidTagSentRepresentingAddressType, "SMTP");
    const auto parsed = parse(mime::to_mime(m));
    CHECK(address_list(g_mime_message_get_from(parsed.get())) == "Boss <boss@example.com>");
    CHECK(address_list(g_mime_message_get_sender(parsed.get()))
          == "Jürgen Müller <juergen@example.com>");
}

TEST_CASE("to_mime encapsulates an address without SMTP form") {
    CHECK(mime::detail::mailbox_address({"X", "/O=ORG/CN=JOE SMITH", "EX", ""})
          == "IMCEAEX-_O=ORG_CN=JOE+20SMITH@invalid");
    CHECK(mime::detail::mailbox_address({"X", "/O=ORG/CN=JOE", "EX", "joe@org.example"})
          == "joe@org.example");
}

TEST_CASE("to_mime gives the same bytes for the same message, boundaries from the content") {
    msg::Message m = note();
    msg::set(m, tags::PidTagHtml, bytes("<p>Hello</p>"));
    const std::string first = mime::to_mime(m);
    CHECK(mime::to_mime(m) == first);
    msg::set(m, tags::PidTagHtml, bytes("<p>Hello!</p>"));
    const std::string second = mime::to_mime(m);
    const auto boundary = [](const std::string& eml) {
        const auto parsed = parse(eml);
        return std::string(g_mime_multipart_get_boundary(
            GMIME_MULTIPART(g_mime_message_get_mime_part(parsed.get()))));
    };
    CHECK(boundary(first).starts_with("=_"));
    CHECK(boundary(first) != boundary(second));
}

TEST_CASE("to_mime picks other boundaries for a text that holds one of the same length") {
    // A text part written as it is feeds the boundary digest whole: a text that holds the
    // boundary of a text of the same length gets a boundary of its own, and stays one part.
    const auto alternative = [](const std::string& text) {
        msg::Message m = note();
        msg::set(m, tags::PidTagBody, text);
        msg::set(m, tags::PidTagHtml, bytes("<p>Hello</p>"));
        return mime::to_mime(m);
    };
    const auto top_boundary = [](const std::string& eml) {
        const auto parsed = parse(eml);
        return std::string(g_mime_multipart_get_boundary(
            GMIME_MULTIPART(g_mime_message_get_mime_part(parsed.get()))));
    };
    const auto holding = [](const std::string& boundary) {
        return "--" + boundary + "\r\nafter\r\n--" + boundary + "--\r\n";
    };
    const std::string placeholder = holding(std::string(28, 'x'));
    const std::string first = top_boundary(alternative(placeholder));
    const std::string text = holding(first);
    REQUIRE(text.size() == placeholder.size());
    const std::string eml = alternative(text);
    CHECK(top_boundary(eml) != first);
    CHECK(eml.find(text) != std::string::npos);  // written as it is
    const auto parsed = parse(eml);
    GMimeObject* body = g_mime_message_get_mime_part(parsed.get());
    REQUIRE(GMIME_IS_MULTIPART(body));
    CHECK(g_mime_multipart_get_count(GMIME_MULTIPART(body)) == 2);
    CHECK(content(child(body, 0)) == text);
}

TEST_CASE("to_mime writes text and HTML as multipart/alternative") {
    msg::Message m = note();
    msg::set(m, tags::PidTagHtml, bytes("<p>Hello <b>world</b></p>"));
    const auto parsed = parse(mime::to_mime(m));
    GMimeObject* body = g_mime_message_get_mime_part(parsed.get());
    CHECK(mime_type(body) == "multipart/alternative");
    CHECK(mime_type(child(body, 0)) == "text/plain");
    CHECK(mime_type(child(body, 1)) == "text/html");
    CHECK(content(child(body, 1)) == "<p>Hello <b>world</b></p>");
}

TEST_CASE("to_mime restores HTML from an RTF-only message and keeps a native RTF body") {
    msg::Message m = note();
    m.properties.erase(tags::PidTagBody);
    msg::set(m, tags::PidTagRtfCompressed,
             msg::rtf::compress(bytes(msg::rtf_from_html("<p>From RTF</p>"))));
    auto parsed = parse(mime::to_mime(m));
    GMimeObject* body = g_mime_message_get_mime_part(parsed.get());
    CHECK(mime_type(body) == "text/html");
    CHECK(content(body).find("<p>From RTF</p>") != std::string::npos);

    const std::string native = "{\\rtf1\\ansi\\ansicpg1252 Plain {\\b bold} RTF\\par}";
    msg::set(m, tags::PidTagRtfCompressed, msg::rtf::compress(bytes(native)));
    parsed = parse(mime::to_mime(m));
    body = g_mime_message_get_mime_part(parsed.get());
    CHECK(mime_type(body) == "text/rtf");
    CHECK(without_final_newline(content(body)) == native);
}

TEST_CASE("to_mime puts cid: images with the HTML and other files in multipart/mixed") {
    msg::Message m = note();
    msg::set(m, tags::PidTagHtml, bytes("<p><img src=\"cid:logo@x\"></p>"));
    const std::string png = "\x89PNG\r\n\x1a\n-image-bytes";
    msg::Attachment& image = msg::add_attachment(m, "logo.png", cfb::Blob::owned(bytes(png)));
    msg::set(image, tags::PidTagAttachContentId, "logo@x");
    msg::Attachment& unused_id =
        msg::add_attachment(m, "notes.txt", cfb::Blob::owned(bytes("a\r\nb")), "text/plain");
    msg::set(unused_id, tags::PidTagAttachContentId, "other@x");
    msg::add_attachment(m, "Übersicht 2024 – final version with a long name.pdf",
                        cfb::Blob::owned(bytes("%PDF-1.4")));
    const std::string eml = mime::to_mime(m);
    CHECK(eml.find("filename*0*=UTF-8''%C3%9Cbersicht") != std::string::npos);
    const auto parsed = parse(eml);
    GMimeObject* mixed = g_mime_message_get_mime_part(parsed.get());
    REQUIRE(mime_type(mixed) == "multipart/mixed");
    REQUIRE(g_mime_multipart_get_count(GMIME_MULTIPART(mixed)) == 3);
    GMimeObject* related = child(mixed, 0);
    CHECK(mime_type(related) == "multipart/related");
    CHECK(mime_type(child(related, 0)) == "multipart/alternative");
    GMimeObject* img = child(related, 1);
    CHECK(mime_type(img) == "image/png");
    CHECK(std::string(g_mime_object_get_content_id(img)) == "logo@x");
    CHECK(std::string(g_mime_object_get_disposition(img)) == "inline");
    CHECK(content(img) == png);
    GMimeObject* txt = child(mixed, 1);
    CHECK(std::string(g_mime_object_get_disposition(txt)) == "attachment");
    CHECK(std::string(g_mime_part_get_filename(GMIME_PART(txt))) == "notes.txt");
    CHECK(content(txt) == "a\r\nb");
    GMimeObject* pdf = child(mixed, 2);
    CHECK(mime_type(pdf) == "application/pdf");
    CHECK(std::string(g_mime_part_get_filename(GMIME_PART(pdf)))
          == "Übersicht 2024 – final version with a long name.pdf");
    CHECK(content(pdf) == "%PDF-1.4");
}

TEST_CASE("to_mime writes an embedded message as message/rfc822") {
    msg::Message inner = note();
    msg::set(inner, tags::PidTagSubject, "Inner");
    msg::Message m = note();
    msg::add_embedded(m, std::move(inner), "Inner");
    const auto parsed = parse(mime::to_mime(m));
    GMimeObject* mixed = g_mime_message_get_mime_part(parsed.get());
    GMimeObject* part = child(mixed, 1);
    REQUIRE(GMIME_IS_MESSAGE_PART(part));
    CHECK(std::string(g_mime_object_get_disposition(part)) == "attachment");
    CHECK(std::string(g_mime_object_get_content_disposition_parameter(part, "filename"))
          == "Inner");
    GMimeMessage* embedded = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    CHECK(std::string(g_mime_message_get_subject(embedded)) == "Inner");
    CHECK(content(g_mime_message_get_mime_part(embedded)) == "Hello\r\nworld\r\n");
}

TEST_CASE("to_mime keeps the transport headers no property gives, never the old structure") {
    msg::Message m = note();
    msg::set(m, tags::PidTagTransportMessageHeaders,
             "Received: from a.example by b.example;\r\n Tue, 14 Nov 2023 22:13:21 +0000\r\n"
             "Return-Path: <bounce@example.com>\r\nSubject: old subject\r\n"
             "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"old\"\r\n"
             "Content-Transfer-Encoding: 7bit\r\nX-Mailer: Test\r\nList-Id: <list.example>\r\n");
    const std::string eml = mime::to_mime(m);
    const auto parsed = parse(eml);
    GMimeObject* o = GMIME_OBJECT(parsed.get());
    CHECK(header(o, "Received").starts_with("from a.example by b.example;"));
    CHECK(header(o, "Return-Path") == "<bounce@example.com>");
    CHECK(header(o, "X-Mailer") == "Test");
    CHECK(header(o, "List-Id") == "<list.example>");
    CHECK(std::string(g_mime_message_get_subject(parsed.get())) == "Grüße aus Köln");
    CHECK(eml.find("old subject") == std::string::npos);
    CHECK(eml.find("boundary=\"old\"") == std::string::npos);
    CHECK(eml.find("MIME-Version") == eml.rfind("MIME-Version"));
    CHECK(eml.starts_with("Received: "));
    CHECK(eml.find("X-Mailer") < eml.find("From: "));

    mime::ToMimeOptions without;
    without.transport_headers = false;
    CHECK(mime::to_mime(m, without).find("Received:") == std::string::npos);
}

TEST_CASE("to_mime leaves out a transport address header that holds no address") {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, "IPM.Note");
    msg::set(m, tags::PidTagSubject, "no sender");
    msg::set(m, tags::PidTagTransportMessageHeaders,
             "From: <ann smith>\r\nX-Priority: 3\r\nCc:  Bob Jones\r\nX-Mailer: Test\r\n"
             "To: <carol@example.com>\r\n");
    const std::string eml = mime::to_mime(m);
    CHECK(eml.starts_with("X-Priority: 3\r\nX-Mailer: Test\r\nTo: "));
    CHECK(eml.find("carol@example.com") != std::string::npos);
    CHECK(eml.find("From:") == std::string::npos);
    CHECK(eml.find("Cc:") == std::string::npos);
    const auto parsed = parse(eml);
    CHECK(header(GMIME_OBJECT(parsed.get()), "X-Mailer") == "Test");
}

TEST_CASE("to_mime gives back a stored multipart/signed entity byte for byte") {
    const std::string entity =
        "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; "
        "micalg=sha-256; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
        "signed text\r\n--b1\r\nContent-Type: application/pkcs7-signature\r\n\r\nAAAA\r\n"
        "--b1--\r\n";
    msg::Message m = note();
    msg::set(m, tags::PidTagMessageClass, "IPM.Note.SMIME.MultipartSigned");
    msg::add_attachment(m, "smime.p7m", cfb::Blob::owned(bytes(entity)), "multipart/signed");
    const std::string eml = mime::to_mime(m);
    CHECK(eml.ends_with("\r\n" + entity));
    CHECK(eml.find("MIME-Version: 1.0\r\n") != std::string::npos);
    CHECK(eml.find("MIME-Version") == eml.rfind("MIME-Version"));
    CHECK(eml.find("Subject: =?") != std::string::npos);

    msg::Message outer = note();
    msg::add_embedded(outer, std::move(m), "signed");
    const auto parsed = parse(mime::to_mime(outer));
    GMimeObject* part = child(g_mime_message_get_mime_part(parsed.get()), 1);
    REQUIRE(GMIME_IS_MESSAGE_PART(part));
    GMimeObject* inner =
        g_mime_message_get_mime_part(g_mime_message_part_get_message(GMIME_MESSAGE_PART(part)));
    CHECK(GMIME_IS_MULTIPART_SIGNED(inner));
}

TEST_CASE("to_mime keeps an opaque S/MIME body application/pkcs7-mime") {
    msg::Message m = note();
    msg::set(m, tags::PidTagMessageClass, "IPM.Note.SMIME");
    const std::string der = std::string("\x30\x82\x01\x00", 4) + "opaque";
    msg::add_attachment(m, "smime.p7m", cfb::Blob::owned(bytes(der)),
                        "application/pkcs7-mime; smime-type=enveloped-data");
    const auto parsed = parse(mime::to_mime(m));
    GMimeObject* body = g_mime_message_get_mime_part(parsed.get());
    CHECK(mime_type(body) == "application/pkcs7-mime");
    CHECK(std::string(g_mime_object_get_content_type_parameter(body, "smime-type"))
          == "enveloped-data");
    CHECK(content(body) == der);
}

oms::Envelope envelope(oms::State state, oms::Party from, oms::Party to) {
    oms::Envelope e;
    e.state = state;
    e.from = std::move(from);
    e.to = {std::move(to)};
    e.time = FileTime::from_unix_seconds(1'700'000'000);
    return e;
}

TEST_CASE("to_mime writes an SMS as text/plain between phone numbers") {
    oms::Sms sms;
    sms.envelope = envelope(oms::State::received, {"+1 555 0100", "Alice"}, {"+15550199", ""});
    sms.text = "See you at 8";
    const auto parsed = parse(mime::to_mime(oms::build(sms)));
    CHECK(address_list(g_mime_message_get_from(parsed.get()))
          == "Alice <+15550100@mobile.invalid>");
    CHECK(address_list(g_mime_message_get_to(parsed.get())) == "+15550199@mobile.invalid");
    GMimeObject* body = g_mime_message_get_mime_part(parsed.get());
    CHECK(mime_type(body) == "text/plain");
    CHECK(without_final_newline(content(body)) == "See you at 8");
}

TEST_CASE("to_mime writes an MMS as multipart/related with the SMIL part as root") {
    oms::Mms mms;
    mms.envelope = envelope(oms::State::sent, {"+15550100", ""}, {"+15550199", "Bob"});
    mms.subject = "Photo";
    oms::Slide slide;
    slide.text = "Look";
    slide.visual = oms::Media{"pic.png", bytes("\x89PNG\r\n\x1a\n-data"), "image/png"};
    mms.slides.push_back(slide);
    const auto parsed = parse(mime::to_mime(oms::build(mms)));
    GMimeObject* related = g_mime_message_get_mime_part(parsed.get());
    REQUIRE(mime_type(related) == "multipart/related");
    CHECK(std::string(g_mime_object_get_content_type_parameter(related, "type"))
          == "application/smil");
    GMimeObject* smil = child(related, 0);
    CHECK(mime_type(smil) == "application/smil");
    CHECK(std::string(g_mime_object_get_content_type_parameter(related, "start"))
          == "<" + std::string(g_mime_object_get_content_id(smil)) + ">");
    bool text_seen = false;
    bool image_seen = false;
    for (int i = 1; i < g_mime_multipart_get_count(GMIME_MULTIPART(related)); ++i) {
        GMimeObject* p = child(related, i);
        CHECK(g_mime_object_get_content_id(p) != nullptr);
        CHECK(g_mime_part_get_content_location(GMIME_PART(p)) != nullptr);
        if (mime_type(p) == "text/plain") {
            text_seen = true;
            CHECK(std::string(g_mime_object_get_content_type_parameter(p, "charset")) == "utf-16");
        } else if (mime_type(p) == "image/png") {
            image_seen = true;
            CHECK(content(p) == "\x89PNG\r\n\x1a\n-data");
        }
    }
    CHECK(text_seen);
    CHECK(image_seen);
}

TEST_CASE("to_mime writes the recipients of each kind in one header, in their order") {
    msg::Message m = note();
    m.recipients.clear();
    msg::add_recipient(m, msg::RecipientType::cc, {"Bob", "bob@example.com", "SMTP"});
    msg::add_recipient(m, msg::RecipientType::to, {"", "", ""});  // no address: left out
    msg::add_recipient(m, msg::RecipientType::bcc, {"Carl", "carl@example.com", "SMTP"});
    std::string to;
    for (int i = 0; i < 40; ++i) {
        const std::string name = "R" + std::to_string(i);
        msg::add_recipient(m, msg::RecipientType::to, {name, name + "@example.com", "SMTP"});
        to += (i > 0 ? ", " : "") + name + " <" + name + "@example.com>";
    }
    msg::add_recipient(m, msg::RecipientType::cc, {"Dan", "dan@example.com", "SMTP"});
    const std::string eml = mime::to_mime(m);
    // The headers in the order of their first address: Cc, Bcc, then To.
    const size_t cc = eml.find("\r\nCc: ");
    const size_t bcc = eml.find("\r\nBcc: ");
    const size_t to_at = eml.find("\r\nTo: ");
    REQUIRE(cc != std::string::npos);
    REQUIRE(bcc != std::string::npos);
    REQUIRE(to_at != std::string::npos);
    CHECK(cc < bcc);
    CHECK(bcc < to_at);
    CHECK(eml.find("\r\nTo: ", to_at + 1) == std::string::npos);
    const auto parsed = parse(eml);
    CHECK(address_list(g_mime_message_get_cc(parsed.get()))
          == "Bob <bob@example.com>, Dan <dan@example.com>");
    CHECK(address_list(g_mime_message_get_bcc(parsed.get())) == "Carl <carl@example.com>");
    CHECK(address_list(g_mime_message_get_to(parsed.get())) == to);
}

TEST_CASE("to_mime gives attachments base64 and text the encoding GMime finds best") {
    msg::Message m = note();
    msg::set(m, tags::PidTagBody, "From the start\r\nplain\r\n");
    msg::set(m, tags::PidTagHtml, bytes("<p>\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82</p>"));
    const std::string binary("\x00\x01\xff\r\nbytes", 10);
    msg::add_attachment(m, "data.bin", cfb::Blob::owned(bytes(binary)));
    msg::add_attachment(m, "notes.txt", cfb::Blob::owned(bytes("a\nb\n")), "text/plain");
    msg::add_attachment(m, "empty.txt", cfb::Blob::owned({}), "text/plain");
    const std::string rfc822 = "Subject: inner\r\n\r\nGr\xc3\xbc\xc3\x9f\x65\r\n";
    msg::add_attachment(m, "inner.eml", cfb::Blob::owned(bytes(rfc822)), "message/rfc822");
    const auto parsed = parse(mime::to_mime(m));
    GMimeObject* mixed = g_mime_message_get_mime_part(parsed.get());
    REQUIRE(g_mime_multipart_get_count(GMIME_MULTIPART(mixed)) == 5);
    const auto encoding = [](GMimeObject* o) {
        REQUIRE(GMIME_IS_PART(o));
        return g_mime_part_get_content_encoding(GMIME_PART(o));
    };
    GMimeObject* bodies = child(mixed, 0);
    // A line that starts with "From " would be quoted in an mbox: quoted-printable.
    CHECK(encoding(child(bodies, 0)) == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    CHECK(content(child(bodies, 0)) == "From the start\r\nplain\r\n");
    // Mostly 8-bit text: base64.
    CHECK(encoding(child(bodies, 1)) == GMIME_CONTENT_ENCODING_BASE64);
    CHECK(encoding(child(mixed, 1)) == GMIME_CONTENT_ENCODING_BASE64);
    CHECK(content(child(mixed, 1)) == binary);
    CHECK(encoding(child(mixed, 2)) == GMIME_CONTENT_ENCODING_BASE64);
    CHECK(content(child(mixed, 2)) == "a\nb\n");
    CHECK(encoding(child(mixed, 3)) == GMIME_CONTENT_ENCODING_DEFAULT);
    CHECK(content(child(mixed, 3)).empty());
    GMimeObject* inner = child(mixed, 4);
    REQUIRE(GMIME_IS_MESSAGE_PART(inner));
    CHECK(header(inner, "Content-Transfer-Encoding") == "8bit");
}

TEST_CASE("best_encoding applies GMime's choice to the bytes in place") {
    using mime::detail::best_encoding;
    const auto best = [](std::string_view text, GMimeEncodingConstraint constraint) {
        return best_encoding(as_bytes(text), constraint);
    };
    constexpr auto SEVEN = GMIME_ENCODING_CONSTRAINT_7BIT;
    constexpr auto EIGHT = GMIME_ENCODING_CONSTRAINT_8BIT;
    CHECK(best("plain\r\ntext\r\n", SEVEN) == GMIME_CONTENT_ENCODING_DEFAULT);
    CHECK(best("", SEVEN) == GMIME_CONTENT_ENCODING_DEFAULT);
    CHECK(best(std::string_view("a\0b", 3), SEVEN) == GMIME_CONTENT_ENCODING_BASE64);
    CHECK(best(std::string_view("a\0b", 3), EIGHT) == GMIME_CONTENT_ENCODING_BASE64);
    CHECK(best("Gr\xc3\xbc\xc3\x9f" + std::string(100, 'e'), SEVEN)
          == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    CHECK(best("Gr\xc3\xbc\xc3\x9f" + std::string(100, 'e'), EIGHT)
          == GMIME_CONTENT_ENCODING_DEFAULT);
    CHECK(best("\xd0\x9f\xd1\x80\xd0\xb8", SEVEN) == GMIME_CONTENT_ENCODING_BASE64);
    // A line's length counts the CR of its CRLF.
    CHECK(best(std::string(997, 'x') + "\r\n", SEVEN) == GMIME_CONTENT_ENCODING_DEFAULT);
    CHECK(best(std::string(998, 'x') + "\r\n", SEVEN) == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    CHECK(best(std::string(999, 'x'), EIGHT) == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    CHECK(best("x\r\nFrom me\r\n", SEVEN) == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    CHECK(best("x\r\n From me\r\n", SEVEN) == GMIME_CONTENT_ENCODING_DEFAULT);
}

TEST_CASE("entity_headers gives the header block up to its empty line") {
    using mime::detail::entity_headers;
    CHECK(entity_headers("A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore") == "A: 1\r\nB: 2\r\n\r\n");
    CHECK(entity_headers("A: 1\nB: 2\n\nbody") == "A: 1\nB: 2\n\n");
    CHECK(entity_headers("A: 1\r\n folded\r\n\r\n") == "A: 1\r\n folded\r\n\r\n");
    CHECK(entity_headers("A: 1\r\nno empty line") == "A: 1\r\nno empty line");
    CHECK(entity_headers("").empty());
}

TEST_CASE("crlf makes every line end CRLF and leaves other CRs") {
    using mime::detail::crlf;
    CHECK(crlf("").empty());
    CHECK(crlf("no line end") == "no line end");
    CHECK(crlf("a\nb\n") == "a\r\nb\r\n");
    CHECK(crlf("a\r\nb\r\n") == "a\r\nb\r\n");
    CHECK(crlf("\n\r\n\n") == "\r\n\r\n\r\n");
    CHECK(crlf("a\r\r\nb\rc\r") == "a\r\r\nb\rc\r");
}

TEST_CASE("memory_stream reads the bytes in place, substreams too") {
    mime::detail::ensure_gmime();
    const std::string text = "0123456789";
    const GPtr<GMimeStream> stream = mime::detail::memory_stream(text);
    CHECK(g_mime_stream_length(stream.get()) == 10);
    const GPtr<GMimeStream> sub(g_mime_stream_substream(stream.get(), 2, 5));
    char buffer[8] = {};
    CHECK(g_mime_stream_read(sub.get(), buffer, sizeof buffer) == 3);
    CHECK(std::string_view(buffer, 3) == "234");
    const GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    CHECK(reinterpret_cast<const char*>(array->data) == text.data());
    CHECK(g_mime_stream_length(mime::detail::memory_stream("").get()) == 0);
}

TEST_CASE("mbox_entry writes mboxrd: From line, LF line ends, quoted From lines") {
    const std::string eml =
        "Return-Path: <bounce@example.com>\r\nFrom: A <a@example.com>\r\n"
        "Date: Tue, 14 Nov 2023 23:13:20 +0100\r\nSubject: s\r\n\r\nFrom here\r\n"
        ">From there\r\nnot From\r\n";
    CHECK(mime::mbox_from_line(eml) == "From bounce@example.com Tue Nov 14 22:13:20 2023");
    CHECK(mime::mbox_entry(eml)
          == "From bounce@example.com Tue Nov 14 22:13:20 2023\n"
             "Return-Path: <bounce@example.com>\nFrom: A <a@example.com>\n"
             "Date: Tue, 14 Nov 2023 23:13:20 +0100\nSubject: s\n\n>From here\n"
             ">>From there\nnot From\n\n");
    CHECK(mime::mbox_from_line("Subject: none\r\n\r\nx\r\n")
          == "From MAILER-DAEMON Thu Jan  1 00:00:00 1970");
    CHECK(
        mime::mbox_from_line("From: b@example.com\r\nDate: Mon, 2 Jan 2006 15:04:05 +0000\r\n\r\n")
        == "From b@example.com Mon Jan  2 15:04:05 2006");
}

}  // namespace
