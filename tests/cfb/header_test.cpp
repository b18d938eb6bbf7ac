// The header (MS-CFB 2.2): the reader's checks of its fields in files patched from a valid
// hand-made one.

#include "cfb/handmade.hpp"
#include "cfb/hostile.hpp"
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;
using msgforge::test::Handmade;
using msgforge::test::open_and_read_all;
using msgforge::test::patch_u16;
using msgforge::test::patch_u32;
using msgforge::test::require_error;

TEST_CASE("Header fields out of range are rejected with their offset", "[cfb][hostile]") {
    Handmade h;
    const auto good = h.build();
    auto f = good;
    SECTION("signature") {
        f[3] = 0;
        require_error(f, {"header at 0x0", "bad signature"});
    }
    SECTION("major version") {
        patch_u16(f, 0x1A, 5);
        require_error(f, {"header at 0x1A", "major version 5"});
    }
    SECTION("byte order") {
        patch_u16(f, 0x1C, 0xFEFF);
        require_error(f, {"header at 0x1C", "byte order"});
    }
    SECTION("sector shift") {
        patch_u16(f, 0x1E, 25);
        require_error(f, {"header at 0x1E", "sector shift 25"});
    }
    SECTION("mini sector shift") {
        patch_u16(f, 0x20, 7);
        require_error(f, {"header at 0x20", "mini sector shift 7"});
    }
    SECTION("too short for a header") {
        f.resize(300);
        require_error(f, {"header", "shorter than the 512-byte"});
    }
    SECTION("empty directory chain") {
        patch_u32(f, 0x30, ENDOFCHAIN);
        require_error(f, {"header at 0x30", "directory chain is empty"});
    }
}

TEST_CASE("Every header byte corrupted: a clean error or a clean read", "[cfb][hostile]") {
    const auto version = GENERATE(Version::V3, Version::V4);
    Handmade h;
    h.version = version;
    const auto good = h.build();
    int errors = 0;
    for (size_t at = 0; at < 0x4C + 8; ++at) {
        for (uint8_t value : {uint8_t{0x00}, uint8_t{0xFF}, uint8_t{0x7F}}) {
            auto f = good;
            if (f[at] == value) {
                continue;
            }
            f[at] = value;
            const std::string message = open_and_read_all(f);
            if (!message.empty()) {
                ++errors;
                CHECK(message.rfind("bad.cfb: ", 0) == 0);
            }
        }
    }
    // Signature, version, byte order, shifts, counts and locations all matter.
    CHECK(errors > 60);
}
