// The directory and each storage's tree (MS-CFB 2.6) in files patched from a valid hand-made
// one: links out of range, cycles, nesting limits, every byte of the entries corrupted.
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
using msgforge::test::patch_u32;
using msgforge::test::require_error;

TEST_CASE("Directory links out of range or in a cycle are rejected", "[cfb][hostile]") {
    Handmade h;
    auto f = h.build();
    SECTION("child index out of range") {
        patch_u32(f, h.dir_entry(1) + 0x4C, 1000);
        require_error(f, {"directory entry 1 at " + hex(h.dir_entry(1) + 0x4C),
                          "index 1000 is beyond the 4 directory entries"});
    }
    SECTION("sibling pointing to itself") {
        patch_u32(f, h.dir_entry(2) + 0x44, 2);
        require_error(f, {"directory entry 2 at " + hex(h.dir_entry(2) + 0x44), "directory cycle"});
    }
    SECTION("storage containing its parent") {
        patch_u32(f, h.dir_entry(3) + 0x48, 1);
        require_error(f, {"directory cycle"});
    }
    SECTION("storage whose child is the root") {
        patch_u32(f, h.dir_entry(1) + 0x4C, 0);
        require_error(f, {"directory cycle: entry 0"});
    }
    SECTION("first entry is not the root") {
        f[h.dir_entry(0) + 0x42] = 1;
        require_error(f, {"directory entry 0", "not root storage"});
    }
}

TEST_CASE("Storage nesting beyond the limit is a LimitError", "[cfb][hostile]") {
    Handmade h;
    const auto f = h.build();
    ReadOptions shallow;
    shallow.limits.max_storage_depth = 0;
    REQUIRE_THROWS_AS(Reader::from_bytes(f, shallow), LimitError);
    REQUIRE_THROWS_WITH(Reader::from_bytes(f, shallow),
                        Catch::Contains("Store") && Catch::Contains("deeper than"));
    ReadOptions few;
    few.limits.max_directory_entries = 3;
    REQUIRE_THROWS_AS(Reader::from_bytes(f, few), LimitError);
}

TEST_CASE("Every directory byte corrupted: a clean error or a clean read", "[cfb][hostile]") {
    Handmade h;
    const auto good = h.build();
    int errors = 0;
    int reads = 0;
    for (size_t at = h.dir_entry(0); at < h.dir_entry(4); ++at) {
        for (uint8_t value : {uint8_t{0x00}, uint8_t{0xFF}, uint8_t{0x03}}) {
            auto f = good;
            f[at] = value;
            const std::string message = open_and_read_all(f);
            if (message.empty()) {
                ++reads;
            } else {
                ++errors;
                CHECK(message.rfind("bad.cfb: ", 0) == 0);
            }
        }
    }
    // Names, times and CLSIDs may hold anything; links, types, starts and sizes may not.
    CHECK(reads > 500);
    CHECK(errors > 50);
}
