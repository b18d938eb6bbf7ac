// from_mime(): envelope, bodies, parts and S/MIME of small hand-written MIME messages.
#include "from_mime_support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/mime/to_mime.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace {

using namespace msgforge;
namespace tags = msg::tags;

mime::FromMimeResult read(std::string_view text, const mime::FromMimeOptions& options = {}) {
    return test::read_mime(text, "test.eml", options);
}

using test::has_warning;

std::string bytes_of(const msg::Attachment& a) {
    const auto data = a.data();
    REQUIRE(data);
    return std::string(data->begin(), data->end());
}

std::optional<FileTime> time_of(const msg::Message& m,
                                msg::TypedTag<msg::PropertyType::PtypTime> tag) {
    const FileTime* t = m.properties.get_as(tag);
    return t != nullptr ? std::optional<FileTime>(*t) : std::nullopt;
}

std::string html_of(const msg::Message& m) {
    const cfb::Blob* html = m.properties.get_as(tags::PidTagHtml);
    REQUIRE(html != nullptr);
    return std::string(html->begin(), html->end());
}

constexpr std::string_view ENVELOPE =
    "Received: from a by b; Tue, 2 Jan 2024 10:00:05 +0000\r\n"
    "Received: from c by a; Tue, 2 Jan 2024 10:00:01 +0000\r\n"
    "From: =?UTF-8?B?SsO8cmdlbg==?= <juergen@example.com>\r\n"
    "Sender: Assistant <assist@example.com>\r\n"
    "To: Ann <ann@example.com>, bob@example.com\r\n"
    "Cc: team: Carl <carl@example.com>, dora@example.com;\r\n"
    "Bcc: eve@example.com\r\n"
    "Subject: =?ISO-8859-1?Q?Caf=E9?= menu\r\n"
    "Date: Tue, 2 Jan 2024 10:00:00 +0000\r\n"
    "Message-ID: <m1@example.com>\r\n"
    "In-Reply-To: <m0@example.com>\r\n"
    "References: <a@example.com>\r\n <m0@example.com>\r\n"
    "Importance: high\r\n"
    "Priority: urgent\r\n"
    "Sensitivity: Company-Confidential\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hello\r\n";

TEST_CASE("The envelope maps onto the MS-OXCMAIL properties", "[mime][from_mime]") {
    const auto r = read(ENVELOPE);
    const msg::Message& m = r.message;
    CHECK(m.message_class() == "IPM.Note");
    CHECK(m.subject() == "Café menu");
    CHECK(m.string(tags::PidTagInternetMessageId) == "<m1@example.com>");
    CHECK(m.string(tags::PidTagInReplyToId) == "<m0@example.com>");
    CHECK(m.string(tags::PidTagInternetReferences) == "<a@example.com> <m0@example.com>");
    const auto headers = m.string(tags::PidTagTransportMessageHeaders);
    REQUIRE(headers);
    CHECK(headers->starts_with("Received: from a by b;"));
    CHECK(headers->find("Content-Type: text/plain; charset=utf-8\r\n") != std::string::npos);
    CHECK(headers->find("Hello") == std::string::npos);
    CHECK(time_of(m, tags::PidTagClientSubmitTime) == FileTime::parse("2024-01-02T10:00:00Z"));
    CHECK(time_of(m, tags::PidTagMessageDeliveryTime) == FileTime::parse("2024-01-02T10:00:05Z"));
    CHECK(*m.properties.get_as(tags::PidTagImportance) == 2);
    CHECK(*m.properties.get_as(tags::PidTagPriority) == 1);
    CHECK(*m.properties.get_as(tags::PidTagSensitivity) == 3);
    CHECK(m.string(tags::PidTagBody) == "Hello\r\n");

    const auto from = m.sent_representing();
    REQUIRE(from);
    CHECK(from->name == "Jürgen");
    CHECK(from->smtp == "juergen@example.com");
    const auto sender = m.sender();
    REQUIRE(sender);
    CHECK(sender->name == "Assistant");
    CHECK(sender->smtp == "assist@example.com");

    REQUIRE(m.recipients.size() == 5);
    const std::pair<std::string, int32_t> expected[] = {{"ann@example.com", 1},
                                                        {"bob@example.com", 1},
                                                        {"carl@example.com", 2},
                                                        {"dora@example.com", 2},
                                                        {"eve@example.com", 3}};
    for (size_t i = 0; i < m.recipients.size(); ++i) {
        CHECK(m.recipients[i].address().smtp == expected[i].first);
        CHECK(*m.recipients[i].properties.get_as(tags::PidTagRecipientType) == expected[i].second);
    }
    CHECK(m.recipients[0].address().name == "Ann");
    CHECK(r.warnings.empty());
}

TEST_CASE("A Subject of adjacent base64 encoded words keeps every word", "[mime][from_mime]") {
    // Each word ends in padding: decoded as one base64 stream, the first word would be all.
    const auto r = read(
        "From: a@example.com\r\n"
        "Subject: =?iso-8859-1?B?aOlsbG8=?=\r\n =?iso-8859-1?B?d/ZybGQ=?= and\r\n"
        " =?gb2312?B?xOPDxw==?= =?gb2312?B?1tazoQ==?= =?utf-8?Q?=C3=A9t=C3=A9?=\r\n"
        "\r\n"
        "body\r\n");
    CHECK(r.message.subject() == "h\u00e9llow\u00f6rld and \u4f60\u4eec\u79cd\u573a\u00e9t\u00e9");
}

TEST_CASE("A Subject of many question marks and no encoded word is read as it is",
          "[mime][from_mime]") {
    // Every "=?" starts a candidate encoded word and none of these 40,000 is one; the two real
    // words after them are still decoded.
    std::string noise;
    for (int i = 0; i < 40'000; ++i) {
        noise += "=?a";
    }
    const auto r = read("From: a@example.com\r\nSubject: x " + noise
                        + " =?utf-8?Q?=C3=A9?= =?utf-8?Q?t=C3=A9?=\r\n\r\nbody\r\n");
    CHECK(r.message.subject() == "x " + noise + " \u00e9t\u00e9");
}

TEST_CASE("A text/rtf body part is the RTF body, not an attachment", "[mime][from_mime]") {
    const std::string rtf = "{\\rtf1\\ansi\\ansicpg1252 Plain {\\b bold} RTF\\par}";
    const auto r = read(
        "From: a@example.com\r\n"
        "Content-Type: multipart/alternative; boundary=b\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "Plain bold RTF\r\n"
        "--b\r\n"
        "Content-Type: text/rtf; charset=us-ascii\r\n"
        "\r\n"
        + rtf + "\r\n--b--\r\n");
    CHECK(r.message.attachments.empty());
    CHECK(r.message.string(tags::PidTagBody) == "Plain bold RTF");
    const auto body = msg::body_rtf(r.message);
    REQUIRE(body);
    CHECK(std::string(body->begin(), body->end()) == rtf);

    // A text/rtf part marked as an attachment stays one.
    const auto attached = read(
        "From: a@example.com\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "see the file\r\n"
        "--b\r\n"
        "Content-Type: text/rtf\r\n"
        "Content-Disposition: attachment; filename=doc.rtf\r\n"
        "\r\n"
        + rtf + "\r\n--b--\r\n");
    REQUIRE(attached.message.attachments.size() == 1);
    CHECK(attached.message.attachments[0].file_name() == "doc.rtf");
}

TEST_CASE("X-Priority gives the importance when Importance is absent", "[mime][from_mime]") {
    const auto low = read("From: a@example.com\r\nX-Priority: 5 (Lowest)\r\n\r\nx\r\n");
    CHECK(*low.message.properties.get_as(tags::PidTagImportance) == 0);
    const auto none = read("From: a@example.com\r\n\r\nx\r\n");
    CHECK(none.message.properties.get_as(tags::PidTagImportance) == nullptr);
}

TEST_CASE("Without Received the delivery time is the Date", "[mime][from_mime]") {
    const auto r = read("From: a@example.com\r\nDate: Wed, 3 Jan 2024 08:00:00 +0100\r\n\r\nx\r\n");
    CHECK(time_of(r.message, tags::PidTagMessageDeliveryTime)
          == FileTime::parse("2024-01-03T07:00:00Z"));
}

constexpr std::string_view ALTERNATIVE_RELATED =
    "From: a@example.com\r\n"
    "Subject: pictures\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=outer\r\n"
    "\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=alt\r\n"
    "\r\n"
    "--alt\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Gr=FC=DFe\r\n"
    "--alt\r\n"
    "Content-Type: multipart/related; boundary=rel\r\n"
    "\r\n"
    "--rel\r\n"
    "Content-Type: text/html; charset=windows-1251\r\n"
    "\r\n"
    "<p>\xcf\xf0\xe8\xe2\xe5\xf2 <img src=\"cid:logo@x\"></p>\r\n"
    "--rel\r\n"
    "Content-Type: image/png\r\n"
    "Content-ID: <logo@x>\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "iVBORw0KGgo=\r\n"
    "--rel--\r\n"
    "--alt--\r\n"
    "--outer\r\n"
    "Content-Type: application/pdf; name=\"ignored.pdf\"\r\n"
    "Content-Disposition: attachment;\r\n"
    " filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0=\r\n"
    "--outer\r\n"
    "Content-Type: text/plain; name=\"=?UTF-8?Q?notes_=E2=82=AC.txt?=\"\r\n"
    "Content-Disposition: attachment\r\n"
    "\r\n"
    "plain attachment\r\n"
    "--outer\r\n"
    "Content-Type: text/calendar; method=REQUEST\r\n"
    "\r\n"
    "BEGIN:VCALENDAR\r\n"
    "--outer\r\n"
    "Content-Type: application/ms-tnef\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "eJ8+Ig==\r\n"
    "--outer--\r\n";

TEST_CASE("Bodies, inline parts and attachments of nested multiparts", "[mime][from_mime]") {
    const auto r = read(ALTERNATIVE_RELATED);
    const msg::Message& m = r.message;
    CHECK(m.string(tags::PidTagBody) == "Grüße");
    CHECK(html_of(m) == "<p>Привет <img src=\"cid:logo@x\"></p>");
    CHECK(*m.properties.get_as(tags::PidTagInternetCodepage) == 65001);
    REQUIRE(m.properties.get_as(tags::PidTagRtfCompressed) != nullptr);
    msg::Message rtf_only = m;
    rtf_only.properties.erase(tags::PidTagHtml);
    rtf_only.properties.erase(tags::PidTagBody);
    const msg::Body restored = msg::best_body(rtf_only);
    CHECK(restored.kind == msg::BodyKind::html);
    CHECK(restored.content.find("Привет <img src=\"cid:logo@x\">") != std::string::npos);

    REQUIRE(m.attachments.size() == 5);
    const msg::Attachment& logo = m.attachments[0];
    CHECK(logo.file_name() == "ATT00001.png");
    CHECK(logo.mime_type() == "image/png");
    CHECK(logo.string(tags::PidTagAttachContentId) == "logo@x");
    CHECK(logo.properties.get_as(tags::PidTagAttachmentHidden) != nullptr);
    CHECK(*logo.properties.get_as(tags::PidTagAttachmentHidden));
    CHECK(bytes_of(logo) == "\x89PNG\r\n\x1a\n");

    CHECK(m.attachments[1].file_name() == "résumé.pdf");
    CHECK(m.attachments[1].mime_type() == "application/pdf");
    CHECK(bytes_of(m.attachments[1]) == "%PDF-");
    CHECK(m.attachments[1].properties.get_as(tags::PidTagAttachmentHidden) == nullptr);
    CHECK(m.attachments[2].file_name() == "notes €.txt");
    CHECK(bytes_of(m.attachments[2]) == "plain attachment");
    CHECK(m.attachments[3].mime_type() == "text/calendar");
    CHECK(bytes_of(m.attachments[3]) == "BEGIN:VCALENDAR");
    // A TNEF stream of its signature alone does not decode: it stays an attachment
    // (from_mime_tnef_test.cpp).
    CHECK(m.attachments[4].file_name() == "winmail.dat");
    CHECK(m.attachments[4].mime_type() == "application/octet-stream");
    CHECK(bytes_of(m.attachments[4]) == "\x78\x9f\x3e\x22");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].to_string().starts_with(
        "message part 5 (application/ms-tnef) › TNEF stream at 0x4: not decoded"));
}

TEST_CASE("A text part not marked as an attachment is the body, named or not",
          "[mime][from_mime]") {
    const auto r = read(
        "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain; name=a.txt\r\n\r\nshown\r\n"
        "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=b.txt\r\n"
        "\r\nfile\r\n--b--\r\n");
    CHECK(r.message.string(tags::PidTagBody) == "shown");
    REQUIRE(r.message.attachments.size() == 1);
    CHECK(r.message.attachments[0].file_name() == "b.txt");
}

TEST_CASE("Content-Type: text without subtype is read as text/plain", "[mime][from_mime]") {
    const auto r =
        read("From: a@example.com\r\nContent-Type: text; charset=us-ascii\r\n\r\nhi\r\n");
    CHECK(r.message.string(tags::PidTagBody) == "hi\r\n");
    CHECK(r.message.attachments.empty());
}

TEST_CASE("An HTML-only message gets a text body from the HTML", "[mime][from_mime]") {
    const auto r = read(
        "From: a@example.com\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        "<html><body><p>One</p><p>Two &amp; three</p></body></html>\r\n");
    CHECK(r.message.string(tags::PidTagBody) == "One\r\nTwo & three");
}

TEST_CASE("Bad and missing charsets fall back to UTF-8, then windows-1252, with a warning",
          "[mime][from_mime][charset]") {
    SECTION("declared charset that does not decode, UTF-8 bytes") {
        const auto r = read(
            "From: a@example.com\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            "na\xc3\xafve\r\n");
        CHECK(r.message.string(tags::PidTagBody) == "naïve\r\n");
        CHECK(has_warning(r, "part 1 (text/plain)"));
        CHECK(has_warning(r, "read as UTF-8"));
    }
    SECTION("unknown charset, windows-1252 bytes") {
        const auto r = read(
            "From: a@example.com\r\nContent-Type: text/plain; charset=x-no-such\r\n\r\n"
            "caf\xe9 \x80\r\n");
        CHECK(r.message.string(tags::PidTagBody) == "café €\r\n");
        CHECK(has_warning(r, "x-no-such"));
        CHECK(has_warning(r, "read as windows-1252"));
    }
    SECTION("no charset, 8-bit text") {
        const auto r = read("From: a@example.com\r\nContent-Type: text/plain\r\n\r\n\xe9t\xe9\r\n");
        CHECK(r.message.string(tags::PidTagBody) == "été\r\n");
        CHECK(has_warning(r, "no charset"));
    }
    SECTION("charsets iconv knows") {
        const auto r = read(
            "From: a@example.com\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
            "\x1b$B$3$s$K$A$O\x1b(B\r\n");
        CHECK(r.message.string(tags::PidTagBody) == "こんにちは\r\n");
        CHECK(r.warnings.empty());
    }
}

constexpr std::string_view FORWARD =
    "From: a@example.com\r\n"
    "Subject: Fwd: inner\r\n"
    "Content-Type: multipart/mixed; boundary=b\r\n"
    "\r\n"
    "--b\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "see below\r\n"
    "--b\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: Inner <inner@example.com>\r\n"
    "To: x@example.com\r\n"
    "Subject: inner\r\n"
    "Content-Type: multipart/mixed; boundary=c\r\n"
    "\r\n"
    "--c\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "inner body\r\n"
    "--c\r\n"
    "Content-Type: application/octet-stream; name=data.bin\r\n"
    "\r\n"
    "xyz\r\n"
    "--c--\r\n"
    "--b--\r\n";

TEST_CASE("message/rfc822 parts become embedded messages, recursively", "[mime][from_mime]") {
    const auto r = read(FORWARD);
    REQUIRE(r.message.attachments.size() == 1);
    const msg::Attachment& a = r.message.attachments[0];
    CHECK(a.method() == 5);
    CHECK(a.mime_type() == "message/rfc822");
    REQUIRE(a.embedded);
    const msg::Message& inner = *a.embedded;
    CHECK(inner.subject() == "inner");
    CHECK(inner.string(tags::PidTagBody) == "inner body");
    CHECK(inner.sent_representing()->smtp == "inner@example.com");
    REQUIRE(inner.attachments.size() == 1);
    CHECK(inner.attachments[0].file_name() == "data.bin");
    CHECK(inner.string(tags::PidTagTransportMessageHeaders)->find("Subject: inner")
          != std::string::npos);

    mime::FromMimeOptions shallow;
    shallow.limits.max_embedding_depth = 0;
    const auto cut = read(FORWARD, shallow);
    CHECK(cut.message.attachments.empty());
    CHECK(has_warning(cut, "nested deeper than 0"));
}

TEST_CASE("A message/rfc822 part is named by its Content-Type name when it has no filename",
          "[mime][from_mime]") {
    std::string text(FORWARD);
    const std::string plain = "Content-Type: message/rfc822\r\n";
    text.replace(text.find(plain), plain.size(),
                 "Content-Type: message/rfc822; name=\"Forwarded.eml\"\r\n");
    const auto named = read(text);
    REQUIRE(named.message.attachments.size() == 1);
    CHECK(named.message.attachments[0].string(tags::PidTagDisplayName) == "Forwarded.eml");

    const auto unnamed = read(FORWARD);
    REQUIRE(unnamed.message.attachments.size() == 1);
    CHECK(unnamed.message.attachments[0].string(tags::PidTagDisplayName) == "inner");
}

TEST_CASE("An embedded message keeps its part's Content-ID both ways", "[mime][from_mime]") {
    std::string text(FORWARD);
    const std::string plain = "Content-Type: message/rfc822\r\n";
    text.replace(text.find(plain), plain.size(),
                 "Content-Type: message/rfc822\r\nContent-ID: <fwd@example.com>\r\n");
    const auto first = read(text);
    REQUIRE(first.message.attachments.size() == 1);
    CHECK(first.message.attachments[0].string(tags::PidTagAttachContentId) == "fwd@example.com");

    const std::string eml = mime::to_mime(first.message);
    CHECK(eml.find("Content-Id: <fwd@example.com>") != std::string::npos);
    const auto second = read(eml);
    REQUIRE(second.message.attachments.size() == 1);
    REQUIRE(second.message.attachments[0].embedded);
    CHECK(second.message.attachments[0].string(tags::PidTagAttachContentId) == "fwd@example.com");
}

constexpr std::string_view SIGNED_BODY =
    "This is an S/MIME signed message\r\n"
    "\r\n"
    "--sig\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "signed text\r\n"
    "--sig\r\n"
    "Content-Type: application/pkcs7-signature; name=smime.p7s\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "MIAGCSqGSIb3DQEHAqCAMIACAQE=\r\n"
    "--sig--\r\n";

TEST_CASE("A clear-signed message keeps the signed entity byte for byte in smime.p7m",
          "[mime][from_mime][smime]") {
    const std::string source = std::string(
                                   "From: a@example.com\r\n"
                                   "Subject: signed\r\n"
                                   "MIME-Version: 1.0\r\n"
                                   "Content-Type: multipart/signed; protocol=\"application/"
                                   "pkcs7-signature\";\r\n micalg=sha-256; boundary=sig\r\n"
                                   "\r\n")
                               + std::string(SIGNED_BODY);
    const auto r = read(source);
    const msg::Message& m = r.message;
    CHECK(m.message_class() == "IPM.Note.SMIME.MultipartSigned");
    CHECK(m.string(tags::PidTagBody) == "signed text");
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].file_name() == "smime.p7m");
    CHECK(m.attachments[0].mime_type() == "multipart/signed");
    CHECK(bytes_of(m.attachments[0])
          == "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";\r\n"
             " micalg=sha-256; boundary=sig\r\n\r\n"
              + std::string(SIGNED_BODY));
}

TEST_CASE("application/pkcs7-mime is kept as stored", "[mime][from_mime][smime]") {
    const auto r = read(
        "From: a@example.com\r\n"
        "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CA\r\n");
    CHECK(r.message.message_class() == "IPM.Note.SMIME");
    REQUIRE(r.message.attachments.size() == 1);
    CHECK(r.message.attachments[0].file_name() == "smime.p7m");
    CHECK(r.message.attachments[0].mime_type() == "application/pkcs7-mime");
    CHECK(bytes_of(r.message.attachments[0]).size() == 15);
}

TEST_CASE("The converted message writes and reads back", "[mime][from_mime]") {
    const auto r = read(ALTERNATIVE_RELATED);
    const auto bytes = r.message.write();
    const auto back = msg::Message::read(cfb::Reader::from_bytes(bytes));
    CHECK(back.subject() == "pictures");
    CHECK(back.attachments.size() == 5);
    CHECK(back.attachments[1].file_name() == "résumé.pdf");
}

}  // namespace
