// The header (MS-CFB 2.2): the one description of its fields that the reader parses and the
// writer serializes, and the reader's checks of its fields in files patched from a valid
// hand-made one.
#include "header.hpp"

#include "cfb/handmade.hpp"
#include "cfb/hostile.hpp"
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/reader.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
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

TEST_CASE("A header serializes each field at its MS-CFB offset and parses back the same values",
          "[cfb][header]") {
    detail::Header h;
    h.clsid = Guid::from_fields(0x01020304, 0x0506, 0x0708, {9, 10, 11, 12, 13, 14, 15, 16});
    h.minor_version = 0x1111;
    h.major_version = 4;
    h.byte_order = 0x2222;
    h.sector_shift = 12;
    h.mini_sector_shift = 0x3333;
    h.directory_sectors = 0x44444444;
    h.fat_sectors = 0x55555555;
    h.first_directory_sector = 0x66666666;
    h.transaction_signature = 0x77777777;
    h.mini_stream_cutoff = 0x88888888;
    h.first_mini_fat_sector = 0x99999999;
    h.mini_fat_sectors = 0xAAAAAAAA;
    h.first_difat_sector = 0xBBBBBBBB;
    h.difat_sectors = 0xCCCCCCCC;
    for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES; ++i) {
        h.difat[i] = 0xD0000000 + i;
    }
    const std::array<uint8_t, HEADER_SIZE> b = h.serialize();
    CHECK(std::equal(std::begin(SIGNATURE), std::end(SIGNATURE), b.begin()));
    CHECK(std::equal(h.clsid.bytes.begin(), h.clsid.bytes.end(), b.begin() + 0x08));
    CHECK(load_u16(&b[0x18]) == 0x1111);
    CHECK(load_u16(&b[0x1A]) == 4);
    CHECK(load_u16(&b[0x1C]) == 0x2222);
    CHECK(load_u16(&b[0x1E]) == 12);
    CHECK(load_u16(&b[0x20]) == 0x3333);
    CHECK(std::all_of(b.begin() + 0x22, b.begin() + 0x28, [](uint8_t v) { return v == 0; }));
    CHECK(load_u32(&b[0x28]) == 0x44444444);
    CHECK(load_u32(&b[0x2C]) == 0x55555555);
    CHECK(load_u32(&b[0x30]) == 0x66666666);
    CHECK(load_u32(&b[0x34]) == 0x77777777);
    CHECK(load_u32(&b[0x38]) == 0x88888888);
    CHECK(load_u32(&b[0x3C]) == 0x99999999);
    CHECK(load_u32(&b[0x40]) == 0xAAAAAAAA);
    CHECK(load_u32(&b[0x44]) == 0xBBBBBBBB);
    CHECK(load_u32(&b[0x48]) == 0xCCCCCCCC);
    for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES; ++i) {
        CHECK(load_u32(&b[0x4C + 4 * i]) == 0xD0000000 + i);
    }

    const detail::Header back = detail::Header::parse(b);
    CHECK(back.clsid.bytes == h.clsid.bytes);
    CHECK(back.minor_version == h.minor_version);
    CHECK(back.major_version == h.major_version);
    CHECK(back.byte_order == h.byte_order);
    CHECK(back.sector_shift == h.sector_shift);
    CHECK(back.mini_sector_shift == h.mini_sector_shift);
    CHECK(back.directory_sectors == h.directory_sectors);
    CHECK(back.fat_sectors == h.fat_sectors);
    CHECK(back.first_directory_sector == h.first_directory_sector);
    CHECK(back.transaction_signature == h.transaction_signature);
    CHECK(back.mini_stream_cutoff == h.mini_stream_cutoff);
    CHECK(back.first_mini_fat_sector == h.first_mini_fat_sector);
    CHECK(back.mini_fat_sectors == h.mini_fat_sectors);
    CHECK(back.first_difat_sector == h.first_difat_sector);
    CHECK(back.difat_sectors == h.difat_sectors);
    CHECK(back.difat == h.difat);
}

TEST_CASE("A default header is that of an empty v3 file before its sectors are placed",
          "[cfb][header]") {
    const std::array<uint8_t, HEADER_SIZE> b = detail::Header{}.serialize();
    CHECK(std::equal(std::begin(SIGNATURE), std::end(SIGNATURE), b.begin()));
    CHECK(std::all_of(b.begin() + 0x08, b.begin() + 0x18, [](uint8_t v) { return v == 0; }));
    CHECK(load_u16(&b[0x18]) == 0x003E);
    CHECK(load_u16(&b[0x1A]) == 3);
    CHECK(load_u16(&b[0x1C]) == 0xFFFE);
    CHECK(load_u16(&b[0x1E]) == 9);
    CHECK(load_u16(&b[0x20]) == 6);
    CHECK(std::all_of(b.begin() + 0x22, b.begin() + 0x30, [](uint8_t v) { return v == 0; }));
    CHECK(load_u32(&b[0x30]) == ENDOFCHAIN);
    CHECK(load_u32(&b[0x34]) == 0);
    CHECK(load_u32(&b[0x38]) == 4096);
    CHECK(load_u32(&b[0x3C]) == ENDOFCHAIN);
    CHECK(load_u32(&b[0x40]) == 0);
    CHECK(load_u32(&b[0x44]) == ENDOFCHAIN);
    CHECK(load_u32(&b[0x48]) == 0);
    for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES; ++i) {
        CHECK(load_u32(&b[0x4C + 4 * i]) == FREESECT);
    }
}
