#include "encodings.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using msgforge::json::detail::parse_type;
using msgforge::json::detail::utf16le_bytes;
using PT = msgforge::msg::PropertyType;

TEST_CASE("Property types are read by their MS-OXCDATA name or as Ptyp0xXXXX", "[json]") {
    CHECK(parse_type("PtypString") == PT::PtypString);
    CHECK(parse_type("PtypMultipleBinary") == PT::PtypMultipleBinary);
    CHECK(parse_type("Ptyp0x00FD") == PT::PtypRestriction);
    CHECK(parse_type("Ptyp0x1234") == static_cast<PT>(0x1234));
    CHECK(parse_type("Ptyp0xFFFF") == static_cast<PT>(0xFFFF));
    CHECK_FALSE(parse_type("Ptyp0x00fd"));
    CHECK_FALSE(parse_type("Ptyp0x123"));
    CHECK_FALSE(parse_type("Ptyp0x12345"));
    CHECK_FALSE(parse_type("Ptyp0xG000"));
    CHECK_FALSE(parse_type("PtypText"));
    CHECK_FALSE(parse_type(""));
}

TEST_CASE("A PtypString's bytes are its UTF-16 code units, little-endian", "[json]") {
    CHECK(utf16le_bytes(u"").empty());
    CHECK(utf16le_bytes(u"A\u00E9") == std::vector<uint8_t>{0x41, 0x00, 0xE9, 0x00});
    CHECK(utf16le_bytes(u"\u2713\xD800") == std::vector<uint8_t>{0x13, 0x27, 0x00, 0xD8});
}
