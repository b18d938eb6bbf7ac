// The FAT and the DIFAT that lists its sectors (MS-CFB 2.3, 2.5) in files patched from a valid
// hand-made one: each fails with a FormatError naming the structure and the offset.
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
using msgforge::test::patch_u32;
using msgforge::test::require_error;

TEST_CASE("A 1 KB file claiming 2^31 FAT sectors fails before allocating", "[cfb][hostile]") {
    Handmade h;
    auto f = h.build();
    f.resize(1024);
    patch_u32(f, 0x2C, 0x80000000u);
    require_error(f, {"header at 0x2C", "claims 2147483648 FAT sectors"});
}

TEST_CASE("FAT sector numbers out of range are rejected", "[cfb][hostile]") {
    Handmade h;
    auto f = h.build();
    patch_u32(f, 0x4C, 0x00020000);
    require_error(f, {"DIFAT", "FAT sector #0 is sector 131072"});
}

TEST_CASE("A DIFAT chain that loops is rejected", "[cfb][hostile]") {
    Handmade h;
    h.padding_sectors = 400;
    auto f = h.build();
    // 109 FAT sectors in the header, the rest in DIFAT sector 300, which points to itself.
    for (uint32_t i = 1; i < 109; ++i) {
        patch_u32(f, 0x4C + 4 * i, 20 + i);
    }
    patch_u32(f, 0x2C, 109 + 127 * 2);
    patch_u32(f, 0x44, 300);
    patch_u32(f, 0x48, 2);
    for (uint32_t i = 0; i < 127; ++i) {
        patch_u32(f, h.sector_offset(300) + 4 * i, 150 + i);
    }
    patch_u32(f, h.sector_offset(300) + 4 * 127, 300);
    require_error(f, {"DIFAT chain at " + hex(h.sector_offset(300)), "loop"});
}

TEST_CASE("A DIFAT chain that ends early is rejected", "[cfb][hostile]") {
    Handmade h;
    h.padding_sectors = 200;
    auto f = h.build();
    for (uint32_t i = 1; i < 109; ++i) {
        patch_u32(f, 0x4C + 4 * i, 20 + i);
    }
    patch_u32(f, 0x2C, 110);
    require_error(f, {"DIFAT at " + hex(0x44), "lists 109 FAT sectors, the header claims 110"});
}
