// Reader tests on hand-made files: navigation, metadata, stream data, and the oddities real
// files carry that are read with a warning.
#include "cfb/handmade.hpp"
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;
using msgforge::test::Handmade;
using msgforge::test::patch_u16;
using msgforge::test::patch_u32;
using msgforge::test::patch_u64;

namespace {

std::vector<uint8_t> bytes_of(const Blob& b) {
    return {b.begin(), b.end()};
}

std::vector<uint8_t> expected_big(const Handmade& h) {
    std::vector<uint8_t> v(h.big_size);
    for (size_t i = 0; i < v.size(); ++i) {
        v[i] = Handmade::big_byte(i);
    }
    return v;
}

std::vector<uint8_t> expected_small(const Handmade& h) {
    std::vector<uint8_t> v(h.small_size);
    for (size_t i = 0; i < v.size(); ++i) {
        v[i] = Handmade::small_byte(i);
    }
    return v;
}

bool has_warning(const Reader& r, const std::string& text) {
    for (const auto& w : r.warnings()) {
        if (w.to_string().find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("Reader navigates storages and streams of a hand-made file", "[cfb][reader]") {
    const auto version = GENERATE(Version::V3, Version::V4);
    Handmade h;
    h.version = version;
    const auto file = h.build();
    const Reader r = Reader::from_bytes(file, {}, "hand.cfb");

    CHECK(r.version() == version);
    CHECK(r.sector_size() == h.sector_size());
    CHECK(r.file_name() == "hand.cfb");
    CHECK(r.warnings().empty());
    CHECK(r.entry(r.root()).type == EntryType::Root);
    CHECK(r.entry(r.root()).name == "Root Entry");

    const auto top = r.children(r.root());
    REQUIRE(top.size() == 2);
    CHECK(r.entry(top[0]).name == "Big");  // shorter name first
    CHECK(r.entry(top[1]).name == "Store");

    CHECK(r.find_child(r.root(), "BIG") == top[0]);  // CFB names compare case-insensitively
    CHECK_FALSE(r.find_child(r.root(), "Bigger"));
    const auto small = r.find("Store/small");
    REQUIRE(small);
    CHECK(r.path_of(*small) == "Store/small");
    CHECK(r.find("") == r.root());
    CHECK_FALSE(r.find("Big/x"));
    CHECK(r.entry(*small).parent == top[1]);

    const Entry& store = r.entry(top[1]);
    CHECK(store.type == EntryType::Storage);
    CHECK(store.clsid.to_string() == "{04030201-0605-0807-090A-0B0C0D0E0F10}");
    CHECK(store.state_bits == 0x12345678);
    CHECK(store.created.ticks == 0x01D0000000000000ull);
    CHECK(store.modified.ticks == 0x01D0000000000001ull);
    CHECK(r.entry(top[0]).size == h.big_size);
}

TEST_CASE("Contiguous streams are views into the file, regular and mini alike", "[cfb][reader]") {
    const auto version = GENERATE(Version::V3, Version::V4);
    Handmade h;
    h.version = version;
    const auto file = h.build();
    const Reader r = Reader::from_blob(Blob::owned(file));

    const Blob big = r.read(*r.find("Big"));
    CHECK(big.is_view());
    CHECK(bytes_of(big) == expected_big(h));
    const Blob small = r.read(*r.find("Store/small"));
    CHECK(small.is_view());
    CHECK(bytes_of(small) == expected_small(h));
}

TEST_CASE("A fragmented stream is assembled once and reads the same", "[cfb][reader]") {
    Handmade h;
    h.big_size = 9 * 512;
    auto file = h.build();
    // Chain 4 -> 6 -> 5 -> 7 -> 8 -> ... with the sectors' contents moved to match.
    patch_u32(file, h.fat_entry(4), 6);
    patch_u32(file, h.fat_entry(6), 5);
    patch_u32(file, h.fat_entry(5), 7);
    std::vector<uint8_t> s5(file.begin() + static_cast<ptrdiff_t>(h.sector_offset(5)),
                            file.begin() + static_cast<ptrdiff_t>(h.sector_offset(6)));
    std::vector<uint8_t> s6(file.begin() + static_cast<ptrdiff_t>(h.sector_offset(6)),
                            file.begin() + static_cast<ptrdiff_t>(h.sector_offset(7)));
    msgforge::test::patch(file, h.sector_offset(5), s6);
    msgforge::test::patch(file, h.sector_offset(6), s5);

    const Reader r = Reader::from_blob(Blob::owned(file));
    const Blob big = r.read(*r.find("Big"));
    CHECK_FALSE(big.is_view());
    CHECK(bytes_of(big) == expected_big(h));

    // read_at across the out-of-order sectors.
    std::vector<uint8_t> part(700);
    CHECK(r.read_at(*r.find("Big"), 400, part) == 700);
    const auto all = expected_big(h);
    CHECK(part == std::vector<uint8_t>(all.begin() + 400, all.begin() + 1100));
}

TEST_CASE("read_at reads inside, across and past the end of a stream", "[cfb][reader]") {
    Handmade h;
    const auto file = h.build();
    const Reader r = Reader::from_bytes(file);
    const auto big = *r.find("Big");
    const auto all = expected_big(h);
    std::vector<uint8_t> buf(1000);
    CHECK(r.read_at(big, 0, buf) == 1000);
    CHECK(buf == std::vector<uint8_t>(all.begin(), all.begin() + 1000));
    CHECK(r.read_at(big, 4500, buf) == 500);
    CHECK(std::vector<uint8_t>(buf.begin(), buf.begin() + 500)
          == std::vector<uint8_t>(all.begin() + 4500, all.end()));
    CHECK(r.read_at(big, 5000, buf) == 0);
    CHECK(r.read_at(big, 1u << 30, buf) == 0);
    const auto small = *r.find("Store/small");
    std::vector<uint8_t> two(2);
    CHECK(r.read_at(small, 63, two) == 2);
    CHECK(two == std::vector<uint8_t>{Handmade::small_byte(63), Handmade::small_byte(64)});
}

TEST_CASE("Reader::open maps a file from disk and views outlive the Reader", "[cfb][reader]") {
    msgforge::test::TempDir dir;
    Handmade h;
    msgforge::test::write_file(dir / "a.cfb", h.build());
    Blob big;
    {
        const Reader r = Reader::open(dir / "a.cfb");
        CHECK(r.file_name() == (dir / "a.cfb").string());
        big = r.read(*r.find("Big"));
    }
    CHECK(big.is_view());
    CHECK(bytes_of(big) == expected_big(h));
}

TEST_CASE("Opening a missing file or a folder is an IoError", "[cfb][reader]") {
    msgforge::test::TempDir dir;
    REQUIRE_THROWS_AS(Reader::open(dir / "missing.cfb"), IoError);
    REQUIRE_THROWS_WITH(Reader::open(dir / "missing.cfb"), Catch::Contains("missing.cfb"));
    REQUIRE_THROWS_AS(Reader::open(dir.path()), IoError);
}

TEST_CASE("Misuse of ids and stream reads of storages are rejected", "[cfb][reader]") {
    Handmade h;
    const auto file = h.build();
    const Reader r = Reader::from_bytes(file);
    CHECK_THROWS_AS(r.entry(1000), msgforge::UsageError);
    CHECK_THROWS_AS(r.entry(5), msgforge::UsageError);  // an unused slot
    CHECK_THROWS_AS(r.read(*r.find("Store")), msgforge::UsageError);
}

TEST_CASE("A file whose size is not a whole number of sectors is read zero-filled",
          "[cfb][reader][oddity]") {
    Handmade h;
    auto file = h.build();
    file.resize(h.sector_offset(13) + 100);  // cut "Big"'s last sector after 100 bytes
    const Reader r = Reader::from_bytes(file);
    CHECK(has_warning(r, "not a whole number of 512-byte sectors"));
    const auto big = bytes_of(r.read(*r.find("Big")));
    REQUIRE(big.size() == h.big_size);
    const auto all = expected_big(h);
    CHECK(std::equal(big.begin(), big.begin() + 9 * 512 + 100, all.begin()));
    CHECK(std::all_of(big.begin() + 9 * 512 + 100, big.end(), [](uint8_t b) { return b == 0; }));
    std::vector<uint8_t> tail(10);
    CHECK(r.read_at(*r.find("Big"), 9 * 512 + 95, tail) == 10);
    CHECK(tail[4] == all[9 * 512 + 99]);
    CHECK(tail[5] == 0);
}

TEST_CASE("Trailing bytes after the last sector are ignored", "[cfb][reader][oddity]") {
    Handmade h;
    auto file = h.build();
    SECTION("sectors the FAT covers as free are no oddity") {
        file.insert(file.end(), 3 * 512, 0x55);
        const Reader r = Reader::from_bytes(file);
        CHECK(bytes_of(r.read(*r.find("Big"))) == expected_big(h));
        CHECK_FALSE(has_warning(r, "trailing bytes"));
    }
    SECTION("bytes past what the FAT covers are a warning") {
        // One FAT sector covers 128 sectors after the header.
        const size_t covered = 512 + 128 * 512;
        REQUIRE(file.size() < covered);
        file.resize(covered + 700, 0x55);
        const Reader r = Reader::from_bytes(file);
        CHECK(bytes_of(r.read(*r.find("Big"))) == expected_big(h));
        CHECK(has_warning(r,
                          "file at 0x10200: 700 trailing bytes after the last sector the FAT "
                          "covers (ignored)"));
    }
}

TEST_CASE("A non-zero transaction signature is a warning, an error when strict",
          "[cfb][reader][oddity]") {
    Handmade h;
    auto file = h.build();
    patch_u32(file, 0x34, 5);
    const Reader r = Reader::from_bytes(file);
    CHECK(has_warning(r, "header at 0x34: non-zero transaction signature"));
    ReadOptions strict;
    strict.strict = true;
    REQUIRE_THROWS_AS(Reader::from_bytes(file, strict), FormatError);
}

TEST_CASE("Garbage in the high 32 bits of a v3 stream size is ignored", "[cfb][reader][oddity]") {
    Handmade h;
    auto file = h.build();
    patch_u32(file, h.dir_entry(2) + 0x7C, 0xDEADBEEF);
    const Reader r = Reader::from_bytes(file);
    CHECK(r.entry(*r.find("Big")).size == h.big_size);
    CHECK(has_warning(r, "high 32 bits"));
    CHECK(bytes_of(r.read(*r.find("Big"))) == expected_big(h));
}

TEST_CASE("An empty stream's start sector is never followed", "[cfb][reader][oddity]") {
    Handmade h;
    auto file = h.build();
    patch_u64(file, h.dir_entry(3) + 0x78, 0);
    patch_u32(file, h.dir_entry(3) + 0x74, 77);
    const Reader r = Reader::from_bytes(file);
    CHECK(r.read(*r.find("Store/small")).empty());
    CHECK(has_warning(r, "empty stream with start sector 77"));
    patch_u32(file, h.dir_entry(3) + 0x74, 0);
    const Reader zero = Reader::from_bytes(file);
    CHECK(zero.read(*zero.find("Store/small")).empty());
    CHECK(has_warning(zero, "empty stream with start sector 0"));
}

TEST_CASE("A name with a character MS-CFB forbids is read with a warning",
          "[cfb][reader][oddity]") {
    Handmade h;
    auto file = h.build();
    for (const char16_t c : {u'/', u'\\', u':', u'!'}) {
        patch_u16(file, h.dir_entry(2), static_cast<uint16_t>(c));
        const Reader r = Reader::from_bytes(file);
        const std::string name = std::string(1, static_cast<char>(c)) + "ig";
        CHECK(has_warning(r, "name \"" + name + "\" holds a character MS-CFB forbids"));
        CHECK(r.find_child(r.root(), name).has_value());
    }
}

TEST_CASE("Badly coloured and unbalanced trees are read with warnings", "[cfb][reader][oddity]") {
    Handmade h;
    SECTION("red node with a red child") {
        auto file = h.build();
        file[h.dir_entry(2) + 0x43] = 0;  // Big red, its right child Store red too
        const Reader r = Reader::from_bytes(file);
        CHECK(has_warning(r, "red node with a red child"));
        CHECK(r.children(r.root()).size() == 2);
    }
    SECTION("unequal black heights") {
        auto file = h.build();
        file[h.dir_entry(1) + 0x43] = 1;  // Store black: right path 2 black, left path 1
        const Reader r = Reader::from_bytes(file);
        CHECK(has_warning(r, "not balanced"));
        CHECK(r.find("Store/small").has_value());
    }
    SECTION("children out of CFB order are still found") {
        auto file = h.build();
        // Make Store the left child of Big instead of the right one.
        patch_u32(file, h.dir_entry(2) + 0x44, 1);
        patch_u32(file, h.dir_entry(2) + 0x48, NOSTREAM);
        const Reader r = Reader::from_bytes(file);
        CHECK(has_warning(r, "not in CFB name order"));
        CHECK(r.find("Store/small").has_value());
        CHECK(r.find("big").has_value());
    }
}

TEST_CASE("A v3 header with 4096-byte sectors is read", "[cfb][reader][oddity]") {
    Handmade h;
    h.version = Version::V4;
    auto file = h.build();
    patch_u16(file, 0x1A, 3);
    patch_u32(file, 0x28, 0);
    const Reader r = Reader::from_bytes(file);
    CHECK(r.version() == Version::V3);
    CHECK(r.sector_size() == 4096);
    CHECK(has_warning(r, "major version 3 with 4096-byte sectors"));
    CHECK(bytes_of(r.read(*r.find("Big"))) == expected_big(h));
}

TEST_CASE("An entry of unknown type is skipped and its valid links still followed",
          "[cfb][reader][oddity]") {
    Handmade h;
    auto file = h.build();
    file[h.dir_entry(2) + 0x42] = 0x86;  // "Big" becomes garbage; its right link holds Store
    const Reader r = Reader::from_bytes(file);
    CHECK(has_warning(r, "unknown object type 134"));
    const auto top = r.children(r.root());
    REQUIRE(top.size() == 1);
    CHECK(r.entry(top[0]).name == "Store");
}

TEST_CASE("file_offset maps stream bytes to file offsets, through the mini stream too",
          "[cfb][reader]") {
    Handmade h;
    const auto file = h.build();
    const Reader r = Reader::from_bytes(file);
    CHECK(r.file_offset(*r.find("Big"), 0) == h.sector_offset(4));
    CHECK(r.file_offset(*r.find("Big"), 1000) == h.sector_offset(4) + 1000);
    CHECK(r.file_offset(*r.find("Store/small"), 70) == h.sector_offset(3) + 70);
    CHECK(file[*r.file_offset(*r.find("Store/small"), 70)] == Handmade::small_byte(70));
    CHECK_FALSE(r.file_offset(*r.find("Big"), h.big_size));
}

TEST_CASE("A mini stream chain running past the mini stream is read as far as it goes",
          "[cfb][reader][oddity]") {
    Handmade h;  // "small": 100 bytes in mini sectors 0 and 1; the mini stream holds 128 bytes
    auto file = h.build();

    // What is cut, the file offset that points at the mini sector past the end, the bytes read.
    struct Case {
        const char* what;
        uint64_t root_size;
        uint32_t start;
        uint32_t after_first;  ///< mini FAT entry of mini sector 0
        size_t offset;
        size_t present;
    };

    const Case c = GENERATE_COPY(
        Case{"the mini stream ends inside the last mini sector", 80, 0, 1, h.mini_fat_entry(0), 80},
        Case{"the mini stream ends before the last mini sector", 64, 0, 1, h.mini_fat_entry(0), 64},
        Case{"the chain continues to a mini sector past the end", 128, 0, 5, h.mini_fat_entry(0),
             64},
        Case{"the chain starts past the end", 128, 2, 1, h.dir_entry(3) + 0x74, 0});
    INFO(c.what);
    patch_u64(file, h.dir_entry(0) + 0x78, c.root_size);
    patch_u32(file, h.dir_entry(3) + 0x74, c.start);
    patch_u32(file, h.mini_fat_entry(0), c.after_first);
    patch_u32(file, h.mini_fat_entry(2), 1);  // a start at 2 continues to 1, as 0 does
    patch_u32(file, h.mini_fat_entry(5), ENDOFCHAIN);
    const Reader r = Reader::from_bytes(file, {}, "cut.cfb");
    REQUIRE(r.warnings().size() == 1);
    const std::string expected =
        "mini FAT chain of stream Store/small at " + hex(c.offset) + ": mini sector ";
    CHECK(has_warning(r, expected));
    CHECK(has_warning(r, "runs past the end of the mini stream (" + std::to_string(c.root_size)
                             + " bytes, the root entry's size); the first "
                             + std::to_string(c.present) + " of the stream's 100 bytes are read"));
    const EntryId small = *r.find("Store/small");
    CHECK(r.entry(small).size == 100);
    auto want = expected_small(h);
    if (c.start == 2) {
        want.clear();
    }
    want.resize(c.present);
    CHECK(bytes_of(r.read(small)) == want);
    std::vector<uint8_t> tail(40, 0xEE);
    const size_t from = c.present >= 20 ? c.present - 20 : 0;
    CHECK(r.read_at(small, from, tail) == c.present - from);
    CHECK(
        std::vector<uint8_t>(tail.begin(), tail.begin() + static_cast<ptrdiff_t>(c.present - from))
        == std::vector<uint8_t>(want.begin() + static_cast<ptrdiff_t>(from), want.end()));

    ReadOptions strict;
    strict.strict = true;
    REQUIRE_THROWS_AS(Reader::from_bytes(file, strict, "cut.cfb"), FormatError);
    REQUIRE_THROWS_WITH(Reader::from_bytes(file, strict, "cut.cfb"),
                        Catch::Contains(expected) && Catch::Contains("(strict reading)"));
}

TEST_CASE("A mini stream that ends inside its last mini sector gives its streams whole",
          "[cfb][reader]") {
    Handmade h;
    auto file = h.build();
    patch_u64(file, h.dir_entry(0) + 0x78, h.small_size);  // 100: "small" ends where it ends
    const Reader r = Reader::from_bytes(file);
    CHECK(r.warnings().empty());
    CHECK(bytes_of(r.read(*r.find("Store/small"))) == expected_small(h));
}

TEST_CASE("An entry with an empty name is read with a warning, not reachable by path",
          "[cfb][reader][oddity]") {
    const uint16_t length_field = GENERATE(uint16_t{0}, uint16_t{2});
    Handmade h;
    auto file = h.build();
    for (size_t i = 0; i < 64; ++i) {
        file[h.dir_entry(2) + i] = 0;  // "Big" loses its name
    }
    patch_u16(file, h.dir_entry(2) + 0x40, length_field);
    const Reader r = Reader::from_bytes(file, {}, "noname.cfb");
    REQUIRE(r.warnings().size() == 1);
    CHECK(r.warnings()[0].to_string()
          == "directory entry 2 at " + hex(h.dir_entry(2) + 0x40)
                 + ": empty name (name length field " + std::to_string(length_field)
                 + "); the entry cannot be reached by path");
    const auto top = r.children(r.root());
    REQUIRE(top.size() == 2);
    CHECK(r.entry(top[0]).name.empty());
    CHECK(bytes_of(r.read(top[0])) == expected_big(h));
    CHECK(r.path_of(*r.find("Store/small")) == "Store/small");
    CHECK_FALSE(r.find("Big"));
    CHECK(r.find("") == r.root());

    ReadOptions strict;
    strict.strict = true;
    REQUIRE_THROWS_WITH(Reader::from_bytes(file, strict, "noname.cfb"),
                        Catch::Contains("directory entry 2") && Catch::Contains("empty name"));
}
