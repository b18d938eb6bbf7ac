// from_mime() and RFC 2047 encoded words in display names, file names and the Subject:
// adjacent base64 words each keep their text (GMime 3.2 alone stops at the first word's
// padding), a character split between two words survives, and quoted strings, groups and
// RFC 2231 names read as before.
#include "from_mime_support.hpp"

#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace {

using namespace msgforge;
namespace tags = msg::tags;

mime::FromMimeResult read(std::string_view text) {
    return test::read_mime(text, "words.eml");
}

// "héllo" and "wörld" in ISO-8859-1, each a base64 word ending in padding.
constexpr std::string_view HELLO_WORLD = "=?iso-8859-1?B?aOlsbG8=?= =?iso-8859-1?B?d/ZybGQ=?=";

// A message of `envelope` (header lines) with one leaf part named by `headers` (its
// Content-Type and Content-Disposition lines) after a text body.
std::string with_attachment(std::string_view headers,
                            std::string_view envelope = "From: a@example.com\r\n") {
    return std::string(envelope)
           + "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=b\r\n"
           "\r\n"
           "--b\r\n"
           "Content-Type: text/plain\r\n"
           "\r\n"
           "body\r\n"
           "--b\r\n"
           + std::string(headers)
           + "\r\n"
             "data\r\n"
             "--b--\r\n";
}

// The file name of the one attachment of with_attachment(`headers`).
std::optional<std::string> file_name_of(std::string_view headers) {
    const auto r = read(with_attachment(headers));
    REQUIRE(r.message.attachments.size() == 1);
    return r.message.attachments[0].file_name();
}

TEST_CASE("From Sender and Reply-To names of adjacent base64 words keep every word",
          "[mime][from_mime][rfc2047]") {
    const auto r = read("From: " + std::string(HELLO_WORLD)
                        + " <a@example.com>\r\n"
                          "Sender: =?utf-8?B?aMOpbA==?= =?utf-8?B?bG8=?= <s@example.com>\r\n"
                          "Reply-To: "
                        + std::string(HELLO_WORLD)
                        + " <r@example.com>\r\n"
                          "Subject: names\r\n"
                          "\r\n"
                          "body\r\n");
    const auto from = r.message.sent_representing();
    REQUIRE(from);
    CHECK(from->name == "h\u00e9llow\u00f6rld");
    CHECK(from->smtp == "a@example.com");
    const auto sender = r.message.sender();
    REQUIRE(sender);
    CHECK(sender->name == "h\u00e9llo");
    CHECK(sender->smtp == "s@example.com");
    CHECK(r.message.string(tags::PidTagReplyRecipientNames) == "h\u00e9llow\u00f6rld");
}

TEST_CASE("An address list with two mailboxes and a quoted comma keeps every name",
          "[mime][from_mime][rfc2047]") {
    const auto r = read("From: a@example.com\r\n"
                        "To: \""
                        + std::string(HELLO_WORLD)
                        + ", Jr.\" <t1@example.com>,\r\n"
                          " =?iso-8859-1?B?Y2Fm6Q==?= =?iso-8859-1?B?IGF1IGxhaXQ=?= <t2@example.com>\r\n"
                          "Cc: team: "
                        + std::string(HELLO_WORLD)
                        + " <c1@example.com>, c2@example.com;\r\n"
                          "Bcc: "
                        + std::string(HELLO_WORLD)
                        + " <b@example.com>\r\n"
                          "Subject: names\r\n"
                          "\r\n"
                          "body\r\n");
    const auto& recipients = r.message.recipients;
    REQUIRE(recipients.size() == 5);
    const std::pair<std::string_view, std::string_view> expected[] = {
        {"h\u00e9llow\u00f6rld, Jr.", "t1@example.com"},
        {"caf\u00e9 au lait", "t2@example.com"},
        {"h\u00e9llow\u00f6rld", "c1@example.com"},
        {"c2@example.com", "c2@example.com"},
        {"h\u00e9llow\u00f6rld", "b@example.com"}};
    for (size_t i = 0; i < recipients.size(); ++i) {
        CHECK(recipients[i].address().name == expected[i].first);
        CHECK(recipients[i].address().smtp == expected[i].second);
    }
}

TEST_CASE("A Content-Disposition file name of adjacent base64 words keeps every word",
          "[mime][from_mime][rfc2047]") {
    CHECK(file_name_of("Content-Type: application/octet-stream\r\n"
                       "Content-Disposition: attachment; filename=\""
                       + std::string(HELLO_WORLD) + ".txt\"\r\n")
          == "h\u00e9llow\u00f6rld.txt");
}

TEST_CASE("A Content-Type name of adjacent base64 words keeps every word",
          "[mime][from_mime][rfc2047]") {
    CHECK(file_name_of("Content-Type: application/pdf;\r\n"
                       " name=\"=?utf-8?B?csOpc3Vtw6k=?= =?utf-8?B?IGZpbmFs?=.pdf\"\r\n")
          == "r\u00e9sum\u00e9 final.pdf");
}

TEST_CASE("An embedded message named by adjacent base64 words keeps every word",
          "[mime][from_mime][rfc2047]") {
    const auto r =
        read(with_attachment("Content-Type: message/rfc822\r\n"
                             "Content-Disposition: attachment; filename=\""
                             + std::string(HELLO_WORLD)
                             + ".eml\"\r\n"
                               "\r\n"
                               "From: "
                             + std::string(HELLO_WORLD)
                             + " <in@example.com>\r\n"
                               "Subject: inner\r\n"));
    REQUIRE(r.message.attachments.size() == 1);
    const msg::Attachment& attachment = r.message.attachments[0];
    CHECK(attachment.string(tags::PidTagDisplayName) == "h\u00e9llow\u00f6rld.eml");
    REQUIRE(attachment.embedded);
    const auto inner_from = attachment.embedded->sent_representing();
    REQUIRE(inner_from);
    CHECK(inner_from->name == "h\u00e9llow\u00f6rld");
}

TEST_CASE("RFC 2231 file names and Q encoded names read as before", "[mime][from_mime][rfc2047]") {
    const auto r = read(
        "From: =?iso-8859-1?Q?h=E9llo?= =?iso-8859-1?Q?w=F6rld?= <a@example.com>\r\n"
        "Subject: =?iso-8859-1?Q?h=E9llo?= =?iso-8859-1?Q?w=F6rld?=\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Type: application/octet-stream; name=\"ignored.txt\"\r\n"
        "Content-Disposition: attachment; filename*=iso-8859-1''r%E9sum%E9.txt\r\n"
        "\r\n"
        "one\r\n"
        "--b\r\n"
        "Content-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment;\r\n"
        " filename*0*=utf-8''r%C3%A9sum; filename*1=\" =?iso-8859-1?B?aOlsbG8=?=.txt\"\r\n"
        "\r\n"
        "two\r\n"
        "--b--\r\n");
    CHECK(r.message.subject() == "h\u00e9llow\u00f6rld");
    REQUIRE(r.message.sent_representing());
    CHECK(r.message.sent_representing()->name == "h\u00e9llow\u00f6rld");
    REQUIRE(r.message.attachments.size() == 2);
    CHECK(r.message.attachments[0].file_name() == "r\u00e9sum\u00e9.txt");
    // An RFC 2231 value is left as GMime reads it.
    CHECK(r.message.attachments[1].file_name() == "r\u00e9sum h\u00e9llo.txt");
}

TEST_CASE("A character split between two base64 words survives in every decoded text",
          "[mime][from_mime][rfc2047]") {
    // UTF-8 "é" (C3 A9) cut between two words, as RFC 2047 forbids and mailers do; ISO-2022-JP
    // "にほん" in two words that each end in padding; Shift_JIS "にほん" cut mid-character.
    const std::string utf8 = "=?utf-8?B?aMM=?= =?utf-8?B?qWxsbw==?=";
    const std::string jis = "=?ISO-2022-JP?B?GyRCJEsbKEI=?= =?ISO-2022-JP?B?GyRCJFskcxsoQg==?=";
    const auto r = read(with_attachment(
        "Content-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename=\""
            + utf8 + ".txt\"\r\n",
        "From: " + utf8 + " <a@example.com>\r\n" + "To: " + jis
            + " <t@example.com>, =?shift_jis?B?gsmC?= =?shift_jis?B?2YLx?= <u@example.com>\r\n"
            + "Subject: " + utf8 + " " + jis + "\r\n"));
    CHECK(r.message.subject() == "h\u00e9llo\u306b\u307b\u3093");
    REQUIRE(r.message.sent_representing());
    CHECK(r.message.sent_representing()->name == "h\u00e9llo");
    REQUIRE(r.message.recipients.size() == 2);
    CHECK(r.message.recipients[0].address().name == "\u306b\u307b\u3093");
    CHECK(r.message.recipients[1].address().name == "\u306b\u307b\u3093");
    REQUIRE(r.message.attachments.size() == 1);
    CHECK(r.message.attachments[0].file_name() == "h\u00e9llo.txt");
}

}  // namespace
