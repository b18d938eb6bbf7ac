#include "msgforge/name_codec.hpp"

#include <catch2/catch.hpp>

#include <string>

using msgforge::cli::decode_name;
using msgforge::cli::encode_name;

TEST_CASE("Entry names are percent-encoded only where a file name cannot hold them",
          "[cli][name_codec]") {
    CHECK(encode_name("Greeting") == "Greeting");
    CHECK(encode_name("\x01"
                      "CompObj")
          == "%01CompObj");
    CHECK(encode_name("\x05SummaryInformation") == "%05SummaryInformation");
    CHECK(encode_name("100%") == "100%25");
    CHECK(encode_name("a/b") == "a%2Fb");
    CHECK(encode_name("tab\there") == "tab%09here");
    CHECK(encode_name("del\x7f") == "del%7F");
    CHECK(encode_name(std::string("nul\0", 4)) == "nul%00");
    CHECK(encode_name("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80")
          == "caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80");
    CHECK(encode_name("a:b\\c!d") == "a:b\\c!d");
}

TEST_CASE("The names . and .. are encoded entirely, other dots are kept", "[cli][name_codec]") {
    CHECK(encode_name(".") == "%2E");
    CHECK(encode_name("..") == "%2E%2E");
    // The name of unpack's metadata file is kept free for it.
    CHECK(encode_name(".cfb.json") == "%2Ecfb.json");
    CHECK(decode_name("%2Ecfb.json") == ".cfb.json");
    CHECK(encode_name(".cfb.json2") == ".cfb.json2");
    CHECK(encode_name("...") == "...");
    CHECK(encode_name(".hidden") == ".hidden");
}

TEST_CASE("Decoding accepts either hex case and undoes every encoding", "[cli][name_codec]") {
    CHECK(decode_name("%01CompObj") == "\x01" "CompObj");
    CHECK(decode_name("%2e%2E") == "..");
    CHECK(decode_name("100%25") == "100%");
    CHECK(decode_name("%41") == "A");
    CHECK(decode_name("") == "");
    for (int c = 0; c < 256; ++c) {
        const std::string name = std::string("x") + static_cast<char>(c) + "y";
        CHECK(decode_name(encode_name(name)) == name);
    }
    CHECK(decode_name(encode_name(".")) == ".");
    CHECK(decode_name(encode_name("..")) == "..");
}

TEST_CASE("Decoding refuses a '%' without two hex digits", "[cli][name_codec]") {
    CHECK_FALSE(decode_name("100%").has_value());
    CHECK_FALSE(decode_name("%2").has_value());
    CHECK_FALSE(decode_name("%zz").has_value());
    CHECK_FALSE(decode_name("a%g1").has_value());
}

TEST_CASE("Encoded names never hold a slash, a control character or a bare dot name",
          "[cli][name_codec]") {
    for (int c = 0; c < 256; ++c) {
        const std::string encoded = encode_name(std::string(1, static_cast<char>(c)));
        CHECK(encoded.find('/') == std::string::npos);
        for (const char e : encoded) {
            const auto byte = static_cast<unsigned char>(e);
            CHECK((byte >= 0x20 && byte != 0x7F));
        }
        CHECK(encoded != ".");
        CHECK(encoded != "..");
    }
}

TEST_CASE("The empty name is %00 both ways", "[cli][name_codec]") {
    CHECK(encode_name("") == "%00");
    CHECK(decode_name("%00") == "");
    CHECK(decode_name("a%00") == std::string("a\0", 2));
}
