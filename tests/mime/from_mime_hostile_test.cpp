// from_mime() on broken and hostile input: best effort with warnings, or an error naming the
// input; bounded work either way.
#include "from_mime_support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace {

using namespace msgforge;
namespace tags = msg::tags;

mime::FromMimeResult read(std::string_view text, const mime::FromMimeOptions& options = {}) {
    return test::read_mime(text, "hostile.eml", options);
}

using test::has_warning;

TEST_CASE("A multipart without boundary is read as one part, with a warning",
          "[mime][from_mime][hostile]") {
    const auto r = read(
        "From: a@example.com\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n"
        "Content-Type: text/plain\r\n\r\nbody\r\n--x--\r\n");
    CHECK(has_warning(r, "multipart without boundary"));
    CHECK(r.message.write().size() > 0);
}

TEST_CASE("A boundary that never comes leaves the first part holding the rest",
          "[mime][from_mime][hostile]") {
    const auto r = read(
        "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=nope\r\n\r\n"
        "--other\r\nContent-Type: text/plain\r\n\r\nbody\r\n--other--\r\n");
    CHECK(r.message.message_class() == "IPM.Note");
    CHECK(has_warning(r, "MIME structure"));
}

TEST_CASE("Bad base64 and quoted-printable decode what they can", "[mime][from_mime][hostile]") {
    const auto r = read(
        "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "a=ZZb=3\r\n"
        "--b\r\nContent-Type: application/octet-stream; name=x.bin\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        "QU*J!D\r\n"
        "--b--\r\n");
    REQUIRE(r.message.string(tags::PidTagBody));
    CHECK(r.message.string(tags::PidTagBody)->starts_with("a=ZZb"));
    REQUIRE(r.message.attachments.size() == 1);
    const auto data = r.message.attachments[0].data();
    REQUIRE(data);
    CHECK(std::string(data->begin(), data->end()).starts_with("AB"));
}

TEST_CASE("10,000 nested multiparts take bounded time and keep the message",
          "[mime][from_mime][hostile]") {
    std::string text = "From: a@example.com\r\nSubject: deep\r\n";
    const int depth = 10'000;
    for (int i = 0; i < depth; ++i) {
        text += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b"
                + std::to_string(i) + "\r\n";
    }
    text += "Content-Type: text/plain\r\n\r\ninnermost\r\n";
    for (int i = depth - 1; i >= 0; --i) {
        text += "--b" + std::to_string(i) + "--\r\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto r = read(text);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
    CHECK(r.message.subject() == "deep");
    CHECK((has_warning(r, "nesting too deep") || has_warning(r, "nested deeper than")));
    CHECK(r.warnings.size() <= 201);
    CHECK(r.message.write().size() > 0);
}

TEST_CASE("Deeply nested message/rfc822 parts stop at the embedding limit",
          "[mime][from_mime][hostile]") {
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "From: a@example.com\r\nSubject: level " + std::to_string(i)
                + "\r\nContent-Type: message/rfc822\r\n\r\n";
    }
    text += "From: a@example.com\r\n\r\nend\r\n";
    const auto r = read(text);
    const msg::Message* m = &r.message;
    int levels = 0;
    while (!m->attachments.empty() && m->attachments[0].embedded) {
        m = m->attachments[0].embedded.get();
        ++levels;
    }
    CHECK(levels <= 16);
    CHECK(levels > 0);
    CHECK(r.message.write().size() > 0);
}

TEST_CASE("A 1 MB header line is read whole", "[mime][from_mime][hostile]") {
    const std::string subject(1 << 20, 'x');
    const auto r = read("From: a@example.com\r\nSubject: " + subject + "\r\n\r\nbody\r\n");
    CHECK(r.message.subject() == subject);
}

TEST_CASE("More attachments than Outlook takes are left out with a warning",
          "[mime][from_mime][hostile]") {
    std::string text = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
    for (int i = 0; i < 2100; ++i) {
        text += "--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n";
    }
    text += "--b--\r\n";
    const auto r = read(text);
    CHECK(r.message.attachments.size() == msg::MAX_ATTACHMENTS);
    CHECK(has_warning(r, "left out: more than 2048 attachments"));
    CHECK(r.message.write().size() > 0);

    mime::FromMimeOptions few;
    few.limits.max_parts = 10;
    const auto cut = read(text, few);
    CHECK(cut.message.attachments.size() == 9);
    CHECK(has_warning(cut, "more than 10 parts"));
}

TEST_CASE("An input past the size limit is refused with its name", "[mime][from_mime][hostile]") {
    mime::FromMimeOptions small;
    small.limits.max_input_bytes = 10;
    REQUIRE_THROWS_AS(read("From: a@example.com\r\n\r\nbody\r\n", small), LimitError);
    REQUIRE_THROWS_WITH(read("From: a@example.com\r\n\r\nbody\r\n", small),
                        Catch::Contains("hostile.eml") && Catch::Contains("limit of 10"));
}

TEST_CASE("Text without a header block is read as the body", "[mime][from_mime][hostile]") {
    const auto r = read("Send submissions to\n\tlist@example.com\n\nThanks\n");
    CHECK(r.message.string(tags::PidTagBody)
          == "Send submissions to\n\tlist@example.com\n\nThanks\n");
    CHECK(has_warning(r, "no header block"));
    const auto empty = read("");
    CHECK_FALSE(empty.message.subject());
}

TEST_CASE("Binary garbage gives a message or a FormatError, never a crash",
          "[mime][from_mime][hostile]") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) {
        garbage += static_cast<char>((i * 7919) % 256);
    }
    try {
        const auto r = read(garbage);
        CHECK(r.message.write().size() > 0);
    } catch (const FormatError& e) {
        CHECK(std::string(e.what()).find("hostile.eml") != std::string::npos);
    }
}

}  // namespace
