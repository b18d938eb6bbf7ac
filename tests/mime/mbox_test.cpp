// MboxReader: the messages of an mbox, one at a time, with their offsets.
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace msgforge;
namespace tags = msg::tags;

constexpr std::string_view MBOX =
    "From alice@example.com Tue Jan  2 10:00:00 2024\n"
    "From: alice@example.com\n"
    "Subject: first\n"
    "\n"
    "one\n"
    ">From the start\n"
    "\n"
    "From bob@example.com Tue Jan  2 11:00:00 2024\n"
    "From: bob@example.com\n"
    "Subject: second\n"
    "Content-Type: multipart/mixed; boundary=b\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain\n"
    "\n"
    "two\n"
    "--b\n"
    "Content-Type: application/octet-stream; name=a.bin\n"
    "\n"
    "data\n"
    "--b--\n"
    "\n"
    "From carol@example.com Tue Jan  2 12:00:00 2024\n"
    "From: carol@example.com\n"
    "Subject: third\n"
    "\n"
    "three\n";

TEST_CASE("An mbox gives its messages in order with their offsets", "[mime][mbox]") {
    mime::MboxReader reader(as_bytes(MBOX), "test.mbox");
    std::vector<std::string> subjects;
    std::vector<uint64_t> offsets;
    std::vector<std::string> bodies;
    while (auto r = reader.next()) {
        subjects.push_back(r->message.subject().value_or(""));
        offsets.push_back(reader.offset());
        bodies.push_back(r->message.string(tags::PidTagBody).value_or(""));
        if (subjects.size() == 2) {
            REQUIRE(r->message.attachments.size() == 1);
            CHECK(r->message.attachments[0].file_name() == "a.bin");
        }
    }
    CHECK(subjects == std::vector<std::string>{"first", "second", "third"});
    CHECK(offsets == std::vector<uint64_t>{0, MBOX.find("From bob"), MBOX.find("From carol")});
    CHECK(bodies[0].starts_with("one\n"));
    CHECK(bodies[1] == "two");
    CHECK(bodies[2] == "three\n");
    CHECK_FALSE(reader.next());
}

TEST_CASE("An empty mbox has no messages", "[mime][mbox]") {
    mime::MboxReader reader(std::span<const uint8_t>(), "empty.mbox");
    CHECK_FALSE(reader.next());
}

TEST_CASE("Text that is not an mbox is an error naming the file", "[mime][mbox]") {
    mime::MboxReader reader(as_bytes(std::string_view("no From line here\n")), "bad.mbox");
    REQUIRE_THROWS_WITH(reader.next(), Catch::Contains("bad.mbox"));
    CHECK_FALSE(reader.next());
}

TEST_CASE("An .eml that starts with a From line is read as one message", "[mime][mbox]") {
    const auto r = mime::from_mime(as_bytes(MBOX.substr(0, MBOX.find("From bob"))), "a.eml");
    CHECK(r.message.subject() == "first");
}

}  // namespace
