// Malformed files made by patching a valid hand-made file: each must fail with a FormatError
// naming the structure and the offset, without crashing, looping or allocating without bound.
#include "cfb/handmade.hpp"
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;
using msgforge::test::Handmade;
using msgforge::test::patch_u16;
using msgforge::test::patch_u32;
using msgforge::test::patch_u64;

namespace {

// Opens the file and reads every stream; returns the first error's text, or "" if none.
std::string open_and_read_all(const std::vector<uint8_t>& file, const ReadOptions& options = {}) {
    try {
        const Reader r = Reader::from_bytes(file, options, "bad.cfb");
        std::function<void(EntryId)> walk = [&](EntryId storage) {
            for (EntryId id : r.children(storage)) {
                if (r.entry(id).is_storage()) {
                    walk(id);
                } else {
                    // Shorter only for a mini stream running past the mini stream's end.
                    const Blob b = r.read(id);
                    const std::string cut = "stream " + r.path_of(id) + " at ";
                    const bool warned = std::any_of(
                        r.warnings().begin(), r.warnings().end(), [&](const Warning& w) {
                            return w.to_string().find(cut) != std::string::npos
                                   && w.message.find("runs past the end of the mini stream")
                                          != std::string::npos;
                        });
                    REQUIRE(
                        (b.size() == r.entry(id).size || (warned && b.size() < r.entry(id).size)));
                }
            }
        };
        walk(r.root());
        return {};
    } catch (const FormatError& e) {
        return e.what();
    }
}

// What open_and_read_all met, and the reader's steps (Stats) on the way.
struct Walk {
    std::string error;
    uint64_t steps = 0;
};

Walk walk_counting_steps(const std::vector<uint8_t>& file) {
    Stats stats;
    ReadOptions options;
    options.stats = &stats;
    Walk w;
    w.error = open_and_read_all(file, options);
    w.steps = stats.steps.load();
    return w;
}

// The bound on the steps of opening a file and reading every stream, asserted for every file
// of the step tests: 4 steps per sector, per mini sector and per directory entry, plus 16.
uint64_t step_bound(uint64_t sectors, uint64_t mini_sectors, uint64_t entries) {
    return 4 * (sectors + mini_sectors + entries) + 16;
}

// Requires that walking `file` fails naming `structure` and the loop (`word`: "loop" for
// chains, "cycle" for trees), within step_bound of the file's sectors, its mini stream's mini
// sectors and `entries` directory entries.
void require_bounded_loop_error(const std::vector<uint8_t>& file, const Handmade& h,
                                uint64_t entries, const std::string& structure,
                                const std::string& word) {
    const Walk w = walk_counting_steps(file);
    const uint64_t sectors = file.size() / h.sector_size() - 1;
    const uint64_t mini_sectors =
        std::min<uint64_t>(msgforge::load_u64(&file[h.dir_entry(0) + 0x78]), file.size()) / 64;
    INFO(w.error);
    INFO("steps " << w.steps << ", sectors " << sectors << ", mini sectors " << mini_sectors
                  << ", entries " << entries);
    CHECK(w.error.find(structure) != std::string::npos);
    CHECK(w.error.find(word) != std::string::npos);
    CHECK(w.steps > 0);
    CHECK(w.steps <= step_bound(sectors, mini_sectors, entries));
}

// Requires a FormatError whose message holds every one of `parts`.
void require_error(const std::vector<uint8_t>& file, std::initializer_list<std::string> parts) {
    const std::string message = open_and_read_all(file);
    INFO(message);
    REQUIRE_FALSE(message.empty());
    CHECK(message.rfind("bad.cfb: ", 0) == 0);
    for (const auto& p : parts) {
        CHECK(message.find(p) != std::string::npos);
    }
}

}  // namespace

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
