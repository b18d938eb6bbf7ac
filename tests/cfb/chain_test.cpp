// Chains of sectors through the FAT (MS-CFB 2.3) in files patched from a valid hand-made one:
// loops, breaks and sizes beyond the file fail naming the stream, without allocating.
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
using msgforge::test::patch_u64;
using msgforge::test::require_error;

TEST_CASE("FAT chain loops are rejected naming the stream", "[cfb][hostile]") {
    Handmade h;
    auto f = h.build();
    SECTION("back to the first sector") {
        patch_u32(f, h.fat_entry(6), 4);
        require_error(f, {"FAT chain of stream Big", "loop"});
    }
    SECTION("into the middle of the chain") {
        patch_u32(f, h.fat_entry(8), 6);
        require_error(f, {"FAT chain of stream Big at " + hex(h.sector_offset(6)), "loop"});
    }
    SECTION("in the directory chain") {
        patch_u32(f, h.fat_entry(1), 1);
        require_error(f, {"directory chain", "loop"});
    }
}

TEST_CASE("Broken stream chains are rejected naming the stream", "[cfb][hostile]") {
    Handmade h;
    auto f = h.build();
    SECTION("sector number beyond the file") {
        patch_u32(f, h.fat_entry(5), 9999);
        require_error(f, {"FAT chain of stream Big", "sector 9999, beyond the"});
    }
    SECTION("FREESECT inside a chain") {
        patch_u32(f, h.fat_entry(5), FREESECT);
        require_error(f, {"FAT chain of stream Big", "FREESECT, not a sector number"});
    }
    SECTION("chain shorter than the size") {
        patch_u32(f, h.fat_entry(7), ENDOFCHAIN);
        require_error(f, {"FAT chain of stream Big at " + hex(h.sector_offset(7)),
                          "chain ends after 4 sectors, the size needs 10"});
    }
    SECTION("start sector beyond the file") {
        patch_u32(f, h.dir_entry(2) + 0x74, 0x7FFFFFFF);
        require_error(f, {"FAT chain of stream Big at " + hex(h.dir_entry(2) + 0x74),
                          "starts at sector 2147483647"});
    }
    SECTION("size far beyond the file (v3 low 32 bits)") {
        patch_u32(f, h.dir_entry(2) + 0x78, 0xFFFFFFF0);
        require_error(
            f, {"FAT chain of stream Big at " + hex(h.dir_entry(2) + 0x78), "exceeds the file"});
    }
}

TEST_CASE("A v4 stream size of 2^40 fails without allocating", "[cfb][hostile]") {
    Handmade h;
    h.version = Version::V4;
    auto f = h.build();
    patch_u64(f, h.dir_entry(2) + 0x78, uint64_t{1} << 40);
    require_error(f, {"FAT chain of stream Big", "exceeds the file"});
}

TEST_CASE("v4 sizes near 2^64 fail without allocating", "[cfb][hostile][regression]") {
    // Found by fuzz_msg: (size + sector_size - 1) / sector_size wrapped to 0 sectors for a root
    // entry size of 2^64 - 1, and the mini stream was then sized to 2^64 - 1 bytes.
    Handmade h;
    h.version = Version::V4;
    auto f = h.build();
    for (const uint64_t size : {~uint64_t{0}, ~uint64_t{0} - 4095, ~uint64_t{0} - 63}) {
        INFO(size);
        auto root = f;
        patch_u64(root, h.dir_entry(0) + 0x78, size);
        require_error(root, {"Root Entry", "exceeds the file"});
        auto big = f;
        patch_u64(big, h.dir_entry(2) + 0x78, size);
        require_error(big, {"FAT chain of stream Big", "exceeds the file"});
    }
}
