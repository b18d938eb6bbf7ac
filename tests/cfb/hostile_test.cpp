// Malformed files read as a whole: truncated at every sector, and chains and trees built to
// cycle, each refused within a bound on the reader's steps linear in the file.
#include "cfb/hostile.hpp"

#include "cfb/handmade.hpp"
#include "support/support.hpp"

#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;
using msgforge::test::Handmade;
using msgforge::test::open_and_read_all;
using msgforge::test::patch_u32;
using msgforge::test::patch_u64;
using msgforge::test::require_bounded_loop_error;
using msgforge::test::step_bound;
using msgforge::test::Walk;
using msgforge::test::walk_counting_steps;

TEST_CASE("Truncation at every sector boundary: a clean error or a clean read", "[cfb][hostile]") {
    const auto version = GENERATE(Version::V3, Version::V4);
    Handmade h;
    h.version = version;
    const auto good = h.build();
    const size_t step = h.sector_size() / 2;
    int errors = 0;
    int reads = 0;
    for (size_t size = 0; size < good.size(); size += step) {
        const std::vector<uint8_t> f(good.begin(), good.begin() + static_cast<ptrdiff_t>(size));
        (open_and_read_all(f).empty() ? reads : errors) += 1;
    }
    CHECK(errors > 0);
    // Cutting inside Big's last sector still reads (zero-filled); earlier cuts do not.
    CHECK(reads >= 1);
}

TEST_CASE("Chains and trees built to cycle are refused within a step bound linear in the file",
          "[cfb][hostile][steps]") {
    // Every cycle shape: a sector (or entry) that is its own successor, two that point at each
    // other, and a long chain that turns back into its middle.
    SECTION("FAT chain of a stream") {
        Handmade h;
        h.big_size = 64 * 512;  // sectors 4 to 67
        const auto good = h.build();
        const uint64_t entries = h.sector_size() / 128;
        for (const auto& [from, to] :
             std::vector<std::pair<uint32_t, uint32_t>>{{4, 4}, {30, 30}, {31, 30}, {60, 10}}) {
            INFO("FAT entry " << from << " -> " << to);
            auto f = good;
            patch_u32(f, h.fat_entry(from), to);
            require_bounded_loop_error(f, h, entries, "FAT chain of stream Big", "loop");
        }
    }
    SECTION("FAT chains of the directory, the mini stream and the mini FAT") {
        Handmade h;
        h.padding_sectors = 20;  // sectors 14 to 33, free
        const auto good = h.build();
        const uint64_t entries = h.sector_size() / 128;

        struct Case {
            uint32_t first;
            std::string structure;
        };

        for (const Case& c :
             {Case{1, "directory chain"}, Case{3, "mini stream"}, Case{2, "mini FAT chain"}}) {
            for (const std::vector<uint32_t>& chain :
                 {std::vector<uint32_t>{c.first, c.first},
                  std::vector<uint32_t>{c.first, 20, c.first},
                  std::vector<uint32_t>{c.first, 20, 21, 22, 23, 24, 22}}) {
                INFO(c.structure << ", chain of " << chain.size() << " links");
                auto f = good;
                for (size_t i = 0; i + 1 < chain.size(); ++i) {
                    patch_u32(f, h.fat_entry(chain[i]), chain[i + 1]);
                }
                if (c.first == 3) {
                    // A mini stream of 8 sectors, so that its chain is followed that far.
                    patch_u64(f, h.dir_entry(0) + 0x78, 8 * 512);
                }
                require_bounded_loop_error(f, h, entries, c.structure, "loop");
            }
        }
    }
    SECTION("mini FAT chain of a stream") {
        Handmade h;
        h.small_size = 512;  // mini sectors 0 to 7
        const auto good = h.build();
        const uint64_t entries = h.sector_size() / 128;
        for (const auto& [from, to] :
             std::vector<std::pair<uint32_t, uint32_t>>{{0, 0}, {3, 3}, {4, 3}, {6, 2}}) {
            INFO("mini FAT entry " << from << " -> " << to);
            auto f = good;
            patch_u32(f, h.mini_fat_entry(from), to);
            require_bounded_loop_error(f, h, entries, "mini FAT chain of stream Store/small",
                                       "loop");
        }
    }
    SECTION("DIFAT chain") {
        Handmade h;
        h.padding_sectors = 2000;
        const auto good = h.build();
        const uint64_t entries = h.sector_size() / 128;
        // 109 FAT sectors in the header and 127 in each of 10 DIFAT sectors from sector 1500.
        for (const std::vector<uint32_t>& chain :
             {std::vector<uint32_t>{1500, 1500}, std::vector<uint32_t>{1500, 1501, 1500},
              std::vector<uint32_t>{1500, 1501, 1502, 1503, 1504, 1505, 1506, 1507, 1508, 1503}}) {
            INFO("DIFAT chain of " << chain.size() << " links");
            auto f = good;
            patch_u32(f, 0x2C, 109 + 127 * 10);
            patch_u32(f, 0x44, chain[0]);
            patch_u32(f, 0x48, 10);
            for (size_t i = 0; i + 1 < chain.size(); ++i) {
                patch_u32(f, h.sector_offset(chain[i]) + 4 * 127, chain[i + 1]);
            }
            require_bounded_loop_error(f, h, entries, "DIFAT chain", "loop");
        }
    }
    SECTION("directory tree") {
        // Version 4: a directory sector of 32 entries; entries 4 to 31 become empty streams.
        Handmade h;
        h.version = Version::V4;
        auto good = h.build();
        const uint64_t entries = h.sector_size() / 128;
        for (uint32_t n = 4; n < entries; ++n) {
            const std::u16string name = {u's', static_cast<char16_t>(u'A' + n / 10),
                                         static_cast<char16_t>(u'0' + n % 10)};
            h.entry(good, n, name, 2, 1, NOSTREAM, NOSTREAM, NOSTREAM, ENDOFCHAIN, 0);
        }
        SECTION("an entry that is its own left sibling") {
            auto f = good;
            patch_u32(f, h.dir_entry(2) + 0x44, 2);
            require_bounded_loop_error(f, h, entries, "directory cycle: entry 2", "cycle");
        }
        SECTION("two entries that are each other's siblings") {
            auto f = good;
            patch_u32(f, h.dir_entry(2) + 0x44, 4);
            patch_u32(f, h.dir_entry(4) + 0x48, 2);
            require_bounded_loop_error(f, h, entries, "directory cycle: entry 2", "cycle");
        }
        SECTION("a chain of 27 right siblings that turns back into its middle") {
            auto f = good;
            patch_u32(f, h.dir_entry(1) + 0x48, 4);
            for (uint32_t n = 4; n < 30; ++n) {
                patch_u32(f, h.dir_entry(n) + 0x48, n + 1);
            }
            patch_u32(f, h.dir_entry(30) + 0x48, 10);
            require_bounded_loop_error(f, h, entries, "directory cycle: entry 10", "cycle");
        }
    }
}

TEST_CASE("A valid file of 3000 streams is read within the same step bound", "[cfb][steps]") {
    const auto version = GENERATE(Version::V3, Version::V4);
    Tree tree;
    for (uint32_t i = 0; i < 3000; ++i) {
        // Sizes from 0 to 9000 bytes: mini streams and regular ones, in 30 storages.
        const size_t size = (i * 7919) % 9001;
        tree.put_stream("folder " + std::to_string(i % 30) + "/stream " + std::to_string(i),
                        Blob::owned(std::vector<uint8_t>(size, static_cast<uint8_t>(i))));
    }
    const std::vector<uint8_t> file = cfb::write(tree, WriteOptions{.version = version});
    const Reader r = Reader::from_bytes(file);
    const uint64_t sectors = file.size() / r.sector_size() - 1;
    const uint64_t mini_sectors = r.entry(r.root()).size / 64;
    const uint64_t entries = r.entry_count();
    const Walk w = walk_counting_steps(file);
    INFO("steps " << w.steps << ", sectors " << sectors << ", mini sectors " << mini_sectors
                  << ", entries " << entries);
    CHECK(w.error.empty());
    // Every entry is parsed and every sector of every stream is taken: the count is real.
    CHECK(w.steps >= entries + sectors / 2);
    CHECK(w.steps <= step_bound(sectors, mini_sectors, entries));
}
