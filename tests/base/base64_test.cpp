#include <msgforge/base/base64.hpp>
#include <msgforge/base/bytes.hpp>

#include <catch2/catch.hpp>

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace msgforge;

namespace {

std::vector<uint8_t> bytes_of(std::string_view text) {
    const std::span<const uint8_t> bytes = as_bytes(text);
    return {bytes.begin(), bytes.end()};
}

/// The test vectors of RFC 4648 section 10: no padding, "==" and "=".
constexpr std::pair<std::string_view, std::string_view> RFC_4648[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

}  // namespace

TEST_CASE("base64 encodes the RFC 4648 test vectors with padding", "[base][base64]") {
    for (const auto& [plain, encoded] : RFC_4648) {
        INFO(plain);
        CHECK(base64_encode(as_bytes(plain)) == encoded);
    }
    CHECK(base64_encode(std::vector<uint8_t>{0xFB, 0xFF}) == "+/8=");
}

TEST_CASE("base64 decodes the RFC 4648 test vectors in both forms", "[base][base64]") {
    for (const auto& [plain, encoded] : RFC_4648) {
        INFO(encoded);
        CHECK(base64_decode(encoded) == bytes_of(plain));
        CHECK(base64_decode(encoded, Base64Form::lenient) == bytes_of(plain));
    }
    CHECK(base64_decode("+/8=") == std::vector<uint8_t>{0xFB, 0xFF});
}

TEST_CASE("base64 decodes what it encodes, every byte value included", "[base][base64]") {
    for (size_t n = 0; n < 8; ++n) {
        std::vector<uint8_t> bytes(n);
        for (size_t i = 0; i < n; ++i) {
            bytes[i] = static_cast<uint8_t>(i * 77 + 3);
        }
        CHECK(base64_decode(base64_encode(bytes)) == bytes);
    }
    std::vector<uint8_t> all(256);
    for (size_t i = 0; i < all.size(); ++i) {
        all[i] = static_cast<uint8_t>(i);
    }
    CHECK(base64_decode(base64_encode(all)) == all);
}

TEST_CASE("Strict base64 refuses white space, missing padding and stray characters",
          "[base][base64]") {
    const char* const malformed[] = {
        "Zg=",           // length not a multiple of 4
        "Zg",            // padding missing
        "Zm9",           // padding missing
        "Zg==\r\n\r\n",  // line breaks
        "Zm9v    ",      // spaces
        "Zm9!",          // outside the alphabet
        "Zm9-",          // the URL-safe alphabet (RFC 4648 section 5)
        "Zm=v",          // data after padding
        "Zg==Zm8=",      // padding before the last group
        "Z===",          // a lone character in the last group
        "====",          // padding only
        "not base64!",
    };
    for (const char* text : malformed) {
        INFO(text);
        CHECK_FALSE(base64_decode(text));
    }
}

TEST_CASE("Lenient base64 skips white space and missing padding, but refuses garbage",
          "[base][base64]") {
    CHECK(base64_decode("aGk=\n", Base64Form::lenient) == bytes_of("hi"));
    CHECK(base64_decode("Zm9v\r\n Yg==\t", Base64Form::lenient) == bytes_of("foob"));
    CHECK(base64_decode("Zg==\r\n\r\n", Base64Form::lenient) == bytes_of("f"));
    CHECK(base64_decode("Zm9v    ", Base64Form::lenient) == bytes_of("foo"));
    CHECK(base64_decode("Zg", Base64Form::lenient) == bytes_of("f"));
    CHECK(base64_decode("Zm8", Base64Form::lenient) == bytes_of("fo"));
    const char* const malformed[] = {"a", "Zm9vY", "aG=k", "Zg===", "Zm9!", "Zg==Zm8="};
    for (const char* text : malformed) {
        INFO(text);
        CHECK_FALSE(base64_decode(text, Base64Form::lenient));
    }
}
