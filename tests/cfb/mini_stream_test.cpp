// The mini stream and its chains through the mini FAT (MS-CFB 2.4) in files patched from a
// valid hand-made one.
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

TEST_CASE("Broken mini chains are rejected naming the stream", "[cfb][hostile]") {
    Handmade h;
    auto f = h.build();
    SECTION("mini FAT loop") {
        patch_u32(f, h.mini_fat_entry(1), 0);
        patch_u64(f, h.dir_entry(3) + 0x78, 200);
        patch_u64(f, h.dir_entry(0) + 0x78, 512);
        require_error(f, {"mini FAT chain of stream Store/small", "loop"});
    }
    SECTION("size beyond the chain") {
        patch_u64(f, h.dir_entry(3) + 0x78, 4000);
        require_error(f, {"mini FAT chain of stream Store/small",
                          "chain ends after 2 mini sectors, the size needs 63"});
    }
    SECTION("size beyond what the mini FAT maps") {
        patch_u32(f, 0x3C, ENDOFCHAIN);
        require_error(f, {"mini FAT chain of stream Store/small at " + hex(h.dir_entry(3) + 0x78),
                          "stream size 100 needs 2 mini sectors, the mini FAT maps 0"});
    }
    SECTION("mini stream longer than the file") {
        patch_u64(f, h.dir_entry(0) + 0x78, 1u << 30);
        require_error(f, {"Root Entry", "mini stream size"});
    }
    SECTION("mini FAT chain loops") {
        patch_u32(f, h.fat_entry(2), 2);
        require_error(f, {"mini FAT chain", "loop"});
    }
}
