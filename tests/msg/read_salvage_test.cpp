// A value stream that cannot be read costs that value, not the message: the reader keeps the
// property as an entry without a value, warns naming the stream and its offset, and reads the
// rest; strict reading refuses the message as before.
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using msgforge::FormatError;

namespace {

// Sets the size field (offset 0x78) of the first directory entry named `name` to `size`.
std::vector<uint8_t> with_stream_size(std::vector<uint8_t> file, std::u16string_view name,
                                      uint32_t size) {
    std::vector<uint8_t> needle;
    for (const char16_t c : name) {
        needle.push_back(static_cast<uint8_t>(c & 0xFF));
        needle.push_back(static_cast<uint8_t>(c >> 8));
    }
    size_t patched = 0;
    for (auto it = std::search(file.begin(), file.end(), needle.begin(), needle.end());
         it != file.end(); it = std::search(it + 1, file.end(), needle.begin(), needle.end())) {
        const auto at = static_cast<size_t>(it - file.begin());
        if (at % 128 == 0) {
            msgforge::store_u32(file.data() + at + 0x78, size);
            ++patched;
            break;
        }
    }
    REQUIRE(patched == 1);
    return file;
}

std::vector<uint8_t> note() {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, "IPM.Note");
    msg::set(m, tags::PidTagSubject, "Kept subject");
    msg::set(m, tags::PidTagBody, "A body whose stream is broken");
    msg::add_recipient(m, msg::RecipientType::to, {"Bob", "bob@example.org"});
    msg::apply_outlook_defaults(m);
    return m.write();
}

msg::Message read(const std::vector<uint8_t>& bytes, bool strict = false) {
    msg::ReadOptions options;
    options.strict = strict;
    return msg::Message::read(msgforge::cfb::Reader::from_bytes(bytes, options.cfb, "broken.msg"),
                              options);
}

}  // namespace

TEST_CASE("A value stream sized past the end of the file costs its value only",
          "[msg][read][salvage]") {
    const auto bytes = with_stream_size(note(), u"__substg1.0_1000001F", 1'000'000);
    const msg::Message m = read(bytes);
    CHECK(m.subject() == "Kept subject");
    REQUIRE(m.recipients.size() == 1);
    CHECK(m.recipients[0].string(tags::PidTagDisplayName) == "Bob");
    // The body's entry stays, without a value, so a rewrite keeps it as it was.
    const msg::Property* body = m.properties.find(tags::PidTagBody);
    REQUIRE(body != nullptr);
    const auto* raw = body->value.as<msg::RawValue>();
    REQUIRE(raw != nullptr);
    CHECK(raw->inline_slot);
    CHECK_FALSE(m.string(tags::PidTagBody));
    REQUIRE(m.warnings.size() == 1);
    const msg::Warning& w = m.warnings[0];
    CHECK(w.structure == "__substg1.0_1000001F");
    CHECK(w.offset.has_value());
    CHECK_THAT(w.message, Catch::Contains("exceeds the file"));
    CHECK_THAT(w.message, Catch::Contains("the value is left out"));

    const auto strict = [&] { read(bytes, true); };
    CHECK_THROWS_AS(strict(), FormatError);
}

TEST_CASE("An object whose property stream is broken keeps its other streams",
          "[msg][read][salvage]") {
    const auto bytes = with_stream_size(note(), u"__properties_version1.0", 1'000'000);
    // Whichever object's property stream it is, its strings live in streams of their own and
    // are still read; recipients and attachments are found by their storages.
    const msg::Message m = read(bytes);
    CHECK(m.subject() == "Kept subject");
    REQUIRE(m.recipients.size() == 1);
    CHECK(m.recipients[0].string(tags::PidTagDisplayName) == "Bob");
    REQUIRE_FALSE(m.warnings.empty());
    CHECK_THAT(m.warnings[0].message, Catch::Contains("read as having no fixed-length properties"));
    CHECK_THROWS_AS(read(bytes, true), FormatError);
}
