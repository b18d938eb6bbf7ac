// The writer's plan (writer_layout): each storage's children in CFB name order as a red-black
// tree, the entries' metadata, and the sectors of FAT, DIFAT and the range lock sector.
#include "writer_layout.hpp"

#include "cfb/written_file.hpp"

#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;
using msgforge::test::Parsed;
using msgforge::test::RawEntry;
using msgforge::test::require_red_black;

TEST_CASE("children are ordered by name length, then by upper-cased code units",
          "[cfb][writer][order]") {
    Tree tree;
    for (const char* name :
         {"bb", "a", "B", "ab", "AC", "_", "Z", "aaa", "\xC3\xA9", "\xC3\x89t"}) {
        tree.root().put(Node::stream(name, Blob{}));
    }
    const std::vector<uint8_t> file = write(tree);
    const Parsed p(file);
    std::vector<std::string> names;
    for (const uint32_t id : p.in_order(p.entries[0].child)) {
        names.push_back(utf16_to_utf8(p.entries[id].name));
    }
    const std::vector<std::string> expected = {"a",  "B",  "Z",  "_",         "\xC3\xA9",
                                               "ab", "AC", "bb", "\xC3\x89t", "aaa"};
    CHECK(names == expected);
}

TEST_CASE("every storage's children form a balanced red-black tree for 1 to 130 children",
          "[cfb][writer][rbtree]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    for (int count = 1; count <= 130; ++count) {
        INFO("children " << count);
        Tree tree;
        Node& storage = tree.make_storages("s");
        for (int i = 0; i < count; ++i) {
            storage.put(Node::stream("n" + std::to_string(i * 7919 % 1000), Blob{}));
        }
        tree.put_stream("x", Blob{});
        const std::vector<uint8_t> file = write(tree, WriteOptions{.version = version});
        const Parsed p(file);
        require_red_black(p);
        const RawEntry& s = *p.paths().at("s");
        CHECK(p.in_order(s.child).size() == static_cast<size_t>(count));
        // Entry ids follow a pre-order walk: root, "s" (shorter than "x" after sorting), its
        // children, then "x".
        CHECK(utf16_to_utf8(p.entries[1].name) == "s");
        CHECK(utf16_to_utf8(p.entries[static_cast<size_t>(count) + 2].name) == "x");
    }
}

TEST_CASE("the red-black colouring follows the midpoint recipe", "[cfb][writer][rbtree]") {
    Tree tree;
    for (const char* name : {"a", "b", "c", "d"}) {
        tree.put_stream(name, Blob{});
    }
    const Parsed p(write(tree));
    // Sorted a b c d: top is b (index 1), a left, c right, d right of c; only d is on the
    // deepest level, which is not full, so d alone is red.
    const auto paths = p.paths();
    CHECK(utf16_to_utf8(p.entries[p.entries[0].child].name) == "b");
    CHECK(paths.at("a")->color == 1);
    CHECK(paths.at("b")->color == 1);
    CHECK(paths.at("c")->color == 1);
    CHECK(paths.at("d")->color == 0);
    CHECK(paths.at("c")->right != NOSTREAM);
}

TEST_CASE("metadata of storages is kept and that of streams is zero", "[cfb][writer]") {
    Tree tree;
    const Guid msg_clsid = *Guid::parse("{00020D0B-0000-0000-C000-000000000046}");
    tree.root().clsid = msg_clsid;
    tree.root().state_bits = 5;
    tree.root().modified = FileTime{42};
    Node& s = tree.make_storages("store");
    s.clsid = *Guid::parse("{11111111-2222-3333-4444-555555555555}");
    s.state_bits = 0x12345678;
    s.created = FileTime{1000};
    s.modified = FileTime{2000};
    Node& st = tree.put_stream("store/data", Blob::owned({1, 2, 3}));
    st.clsid = msg_clsid;
    st.created = FileTime{7};
    st.state_bits = 9;
    const Parsed p(write(tree));
    const RawEntry& root = p.entries[0];
    CHECK(root.clsid == std::vector<uint8_t>(msg_clsid.bytes.begin(), msg_clsid.bytes.end()));
    CHECK(root.state_bits == 5);
    CHECK(root.modified == 42);
    const auto paths = p.paths();
    const RawEntry& store = *paths.at("store");
    CHECK(store.clsid == std::vector<uint8_t>(s.clsid.bytes.begin(), s.clsid.bytes.end()));
    CHECK(store.state_bits == 0x12345678);
    CHECK(store.created == 1000);
    CHECK(store.modified == 2000);
    CHECK(store.start == 0);
    CHECK(store.size == 0);
    const RawEntry& data = *paths.at("store/data");
    CHECK(data.clsid == std::vector<uint8_t>(16, 0));
    CHECK(data.created == 0);
    CHECK(data.modified == 0);
    CHECK(data.state_bits == 9);
}

TEST_CASE("the planner sizes FAT and DIFAT to a fixed point", "[cfb][writer][layout]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    const uint64_t ss = version == Version::V3 ? 512 : 4096;
    const uint64_t per = ss / 4;
    for (const uint64_t stream_sectors :
         {uint64_t{1}, per - 3, per - 2, per - 1, per, 109 * per - 112, 109 * per - 111,
          109 * per - 110, 109 * per, 300 * per}) {
        INFO("stream sectors " << stream_sectors);
        std::vector<detail::DirEntry> entries(2);
        entries[0].type = EntryType::Root;
        entries[1].type = EntryType::Stream;
        entries[1].parent = 0;
        entries[1].size = std::max<uint64_t>(stream_sectors * ss, 4096);
        const detail::Layout layout = detail::plan_layout(entries, version);
        const uint64_t fat = layout.fat_sectors.size();
        const uint64_t difat = layout.difat_sectors.size();
        // Enough FAT slots for every sector, but not one FAT sector more than needed.
        CHECK(fat * per >= layout.sector_count);
        CHECK((fat - 1) * per < layout.sector_count);
        CHECK(difat == (fat > 109 ? (fat - 109 + per - 2) / (per - 1) : 0));
        CHECK(layout.sector_count
              == fat + difat + layout.directory_sectors + (entries[1].size + ss - 1) / ss);
        CHECK_FALSE(layout.has_range_lock);
    }
}

TEST_CASE("v4 files beyond 2 GB reserve the range lock sector", "[cfb][writer][layout]") {
    const auto plan = [](uint64_t stream_size) {
        std::vector<detail::DirEntry> entries(2);
        entries[0].type = EntryType::Root;
        entries[1].type = EntryType::Stream;
        entries[1].parent = 0;
        entries[1].size = stream_size;
        return detail::plan_layout(entries, Version::V4);
    };
    // 512 FAT sectors + 1 DIFAT sector (the header holds 109) + 1 directory sector + the
    // stream fill sectors 0 .. 0x7FFFD: the file ends just before the range lock sector.
    const uint64_t fits = (0x7FFFE - 512 - 1 - 1) * uint64_t{4096};
    const detail::Layout below = plan(fits);
    CHECK_FALSE(below.has_range_lock);
    CHECK(below.sector_count == 0x7FFFE);
    CHECK(below.file_size() == 0x7FFFF000);

    const detail::Layout above = plan(fits + 1);
    REQUIRE(above.has_range_lock);
    CHECK(above.sector_count == 0x80000);
    CHECK(above.fat_sectors.size() == 512);
    CHECK(above.fat[0x7FFFE] == ENDOFCHAIN);
    uint64_t length = 0;
    uint32_t last = 0;
    for (uint32_t s = above.entries[1].start; s != ENDOFCHAIN; s = above.fat[s]) {
        REQUIRE(s != 0x7FFFE);
        REQUIRE(s < above.sector_count);
        ++length;
        last = s;
    }
    CHECK(length == fits / 4096 + 1);
    CHECK(last == 0x7FFFF);
    for (uint32_t s = 0; s < above.sector_count; ++s) {
        REQUIRE(above.fat[s] != FREESECT);
    }
}
