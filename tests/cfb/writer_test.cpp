#include "support/support.hpp"
#include "writer_layout.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;

namespace {

std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
    std::vector<uint8_t> out(size);
    for (size_t i = 0; i < size; ++i) {
        out[i] = static_cast<uint8_t>((i * 31 + seed) % 251);
    }
    return out;
}

struct RawEntry {
    std::u16string name;
    uint8_t type = 0;
    uint8_t color = 0;
    uint32_t left = 0;
    uint32_t right = 0;
    uint32_t child = 0;
    std::vector<uint8_t> clsid;
    uint32_t state_bits = 0;
    uint64_t created = 0;
    uint64_t modified = 0;
    uint32_t start = 0;
    uint64_t size = 0;
};

/// An independent reading of a written file that REQUIREs what MS-CFB §10 asks of writers:
/// the header fields, a FAT that covers every sector (FREESECT past the end) and every
/// sector used exactly once (by the FAT, the DIFAT or one chain).
class Parsed {
public:
    explicit Parsed(const std::vector<uint8_t>& file) : file_(file) {
        REQUIRE(file.size() >= 512);
        const uint8_t* h = file.data();
        REQUIRE(std::equal(std::begin(SIGNATURE), std::end(SIGNATURE), h));
        REQUIRE(std::all_of(h + 0x08, h + 0x18, [](uint8_t b) { return b == 0; }));
        REQUIRE(load_u16(h + 0x18) == 0x003E);
        major_ = load_u16(h + 0x1A);
        REQUIRE((major_ == 3 || major_ == 4));
        REQUIRE(load_u16(h + 0x1C) == 0xFFFE);
        REQUIRE(load_u16(h + 0x1E) == (major_ == 3 ? 9 : 12));
        REQUIRE(load_u16(h + 0x20) == 6);
        REQUIRE(std::all_of(h + 0x22, h + 0x28, [](uint8_t b) { return b == 0; }));
        REQUIRE(load_u32(h + 0x34) == 0);
        REQUIRE(load_u32(h + 0x38) == 4096);
        ss_ = major_ == 3 ? 512 : 4096;
        REQUIRE(file.size() % ss_ == 0);
        REQUIRE(std::all_of(h + 512, h + ss_, [](uint8_t b) { return b == 0; }));
        sectors_ = file.size() / ss_ - 1;
        uses_.assign(sectors_, 0);

        const uint32_t per = ss_ / 4;
        const uint32_t fat_count = load_u32(h + 0x2C);
        for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES; ++i) {
            const uint32_t s = load_u32(h + 0x4C + 4 * i);
            if (i < fat_count) {
                fat_sectors.push_back(s);
            } else {
                REQUIRE(s == FREESECT);
            }
        }
        uint32_t difat = load_u32(h + 0x44);
        const uint32_t difat_count = load_u32(h + 0x48);
        for (uint32_t k = 0; k < difat_count; ++k) {
            REQUIRE(difat < sectors_);
            difat_sectors.push_back(difat);
            use(difat);
            const uint8_t* d = sector(difat);
            for (uint32_t i = 0; i + 1 < per; ++i) {
                const uint32_t s = load_u32(d + 4 * i);
                if (fat_sectors.size() < fat_count) {
                    fat_sectors.push_back(s);
                } else {
                    REQUIRE(s == FREESECT);
                }
            }
            difat = load_u32(d + ss_ - 4);
        }
        REQUIRE(difat == ENDOFCHAIN);
        REQUIRE(fat_sectors.size() == fat_count);
        for (const uint32_t s : fat_sectors) {
            REQUIRE(s < sectors_);
            use(s);
            for (uint32_t i = 0; i < per; ++i) {
                fat.push_back(load_u32(sector(s) + 4 * i));
            }
        }
        REQUIRE(fat.size() >= sectors_);
        for (size_t i = sectors_; i < fat.size(); ++i) {
            REQUIRE(fat[i] == FREESECT);
        }
        for (const uint32_t s : fat_sectors) {
            REQUIRE(fat[s] == FATSECT);
        }
        for (const uint32_t s : difat_sectors) {
            REQUIRE(fat[s] == DIFSECT);
        }

        const std::vector<uint8_t> dir = chain_bytes(load_u32(h + 0x30), UINT64_MAX);
        directory_sectors = dir.size() / ss_;
        REQUIRE(load_u32(h + 0x28) == (major_ == 3 ? 0 : directory_sectors));
        for (size_t at = 0; at < dir.size(); at += 128) {
            entries.push_back(parse_entry(dir.data() + at));
        }
        REQUIRE(!entries.empty());
        const RawEntry& root = entries[0];
        REQUIRE(root.name == u"Root Entry");
        REQUIRE(root.type == 5);
        REQUIRE(root.left == NOSTREAM);
        REQUIRE(root.right == NOSTREAM);
        REQUIRE(root.size % 64 == 0);
        mini_stream = chain_bytes(root.start, root.size);
        mini_fat_sectors = load_u32(h + 0x40);
        const std::vector<uint8_t> mf = chain_bytes(load_u32(h + 0x3C), UINT64_MAX);
        REQUIRE(mf.size() == uint64_t{mini_fat_sectors} * ss_);
        for (size_t at = 0; at < mf.size(); at += 4) {
            mini_fat.push_back(load_u32(mf.data() + at));
        }
        REQUIRE(mini_fat.size() >= root.size / 64);
        for (size_t i = root.size / 64; i < mini_fat.size(); ++i) {
            REQUIRE(mini_fat[i] == FREESECT);
        }
        for (RawEntry& e : entries) {
            if (e.type == 0) {
                REQUIRE(e.name.empty());
                REQUIRE(e.left == NOSTREAM);
                REQUIRE(e.right == NOSTREAM);
                REQUIRE(e.child == NOSTREAM);
                REQUIRE(e.start == 0);
                REQUIRE(e.size == 0);
            }
            if (e.type == 2) {
                REQUIRE(e.child == NOSTREAM);
                streams_[&e] = read_stream(e);
            }
        }
        for (size_t s = 0; s < sectors_; ++s) {
            INFO("sector " << s);
            REQUIRE(uses_[s] == 1);
        }
    }

    uint32_t sector_size() const { return ss_; }

    uint64_t sector_count() const { return sectors_; }

    const std::vector<uint8_t>& data(const RawEntry& e) const { return streams_.at(&e); }

    /// Every stream and storage by path ("a/b"), the root excluded.
    std::map<std::string, const RawEntry*> paths() const {
        std::map<std::string, const RawEntry*> out;
        std::vector<std::pair<uint32_t, std::string>> todo{{0, ""}};
        while (!todo.empty()) {
            const auto [id, prefix] = todo.back();
            todo.pop_back();
            for (const uint32_t c : in_order(entries[id].child)) {
                const std::string path = prefix + utf16_to_utf8(entries[c].name);
                REQUIRE(out.emplace(path, &entries[c]).second);
                if (entries[c].type == 1) {
                    todo.emplace_back(c, path + "/");
                }
            }
        }
        return out;
    }

    /// The ids of a child tree in order, checking that the walk never revisits an entry.
    std::vector<uint32_t> in_order(uint32_t top) const {
        std::vector<uint32_t> out;
        std::vector<uint32_t> stack;
        std::set<uint32_t> seen;
        uint32_t at = top;
        while (at != NOSTREAM || !stack.empty()) {
            while (at != NOSTREAM) {
                REQUIRE(at < entries.size());
                REQUIRE(seen.insert(at).second);
                stack.push_back(at);
                at = entries[at].left;
            }
            at = stack.back();
            stack.pop_back();
            out.push_back(at);
            at = entries[at].right;
        }
        return out;
    }

    /// Black height of the subtree at `id`, REQUIRing no red-red pair and equal heights.
    int black_height(uint32_t id) const {
        if (id == NOSTREAM) {
            return 1;
        }
        const RawEntry& e = entries[id];
        REQUIRE(e.color <= 1);
        if (e.color == 0) {
            REQUIRE((e.left == NOSTREAM || entries[e.left].color == 1));
            REQUIRE((e.right == NOSTREAM || entries[e.right].color == 1));
        }
        const int left = black_height(e.left);
        const int right = black_height(e.right);
        REQUIRE(left == right);
        return left + e.color;
    }

    std::vector<uint32_t> fat;
    std::vector<uint32_t> fat_sectors;
    std::vector<uint32_t> difat_sectors;
    std::vector<uint32_t> mini_fat;
    std::vector<uint8_t> mini_stream;
    std::vector<RawEntry> entries;
    uint64_t directory_sectors = 0;
    uint32_t mini_fat_sectors = 0;

private:
    const uint8_t* sector(uint64_t s) const { return file_.data() + (s + 1) * ss_; }

    void use(uint64_t s) {
        REQUIRE(s < sectors_);
        ++uses_[s];
    }

    std::vector<uint32_t> chain(uint32_t start, uint64_t max_sectors) {
        std::vector<uint32_t> out;
        for (uint32_t s = start; s != ENDOFCHAIN; s = fat[s]) {
            REQUIRE(s < sectors_);
            REQUIRE(out.size() < max_sectors);
            use(s);
            out.push_back(s);
        }
        return out;
    }

    /// A FAT chain's bytes; its length must be exactly what `size` needs (unless unbounded).
    std::vector<uint8_t> chain_bytes(uint32_t start, uint64_t size) {
        const uint64_t needed = size == UINT64_MAX ? UINT64_MAX : (size + ss_ - 1) / ss_;
        const std::vector<uint32_t> sectors = chain(start, needed);
        if (size != UINT64_MAX) {
            REQUIRE(sectors.size() == needed);
        }
        std::vector<uint8_t> out;
        for (const uint32_t s : sectors) {
            out.insert(out.end(), sector(s), sector(s) + ss_);
        }
        if (size != UINT64_MAX) {
            out.resize(size);
        }
        return out;
    }

    std::vector<uint8_t> read_stream(const RawEntry& e) {
        if (e.size == 0) {
            REQUIRE(e.start == ENDOFCHAIN);
            return {};
        }
        if (e.size >= 4096) {
            return chain_bytes(e.start, e.size);
        }
        std::vector<uint8_t> out;
        const uint64_t needed = (e.size + 63) / 64;
        for (uint32_t m = e.start; m != ENDOFCHAIN; m = mini_fat.at(m)) {
            REQUIRE(out.size() < needed * 64);
            REQUIRE(m < mini_stream.size() / 64);
            REQUIRE(++mini_uses_[m] == 1);
            out.insert(out.end(), mini_stream.begin() + m * 64, mini_stream.begin() + m * 64 + 64);
        }
        REQUIRE(out.size() == needed * 64);
        out.resize(e.size);
        return out;
    }

    RawEntry parse_entry(const uint8_t* p) const {
        RawEntry e;
        const uint16_t name_bytes = load_u16(p + 0x40);
        REQUIRE(name_bytes % 2 == 0);
        REQUIRE(name_bytes <= 64);
        for (uint16_t i = 0; i + 2 < name_bytes; i += 2) {
            e.name += static_cast<char16_t>(load_u16(p + i));
        }
        if (name_bytes > 0) {
            REQUIRE(load_u16(p + name_bytes - 2) == 0);
        }
        REQUIRE(std::all_of(p + name_bytes, p + 0x40, [](uint8_t b) { return b == 0; }));
        e.type = p[0x42];
        e.color = p[0x43];
        e.left = load_u32(p + 0x44);
        e.right = load_u32(p + 0x48);
        e.child = load_u32(p + 0x4C);
        e.clsid.assign(p + 0x50, p + 0x60);
        e.state_bits = load_u32(p + 0x60);
        e.created = load_u64(p + 0x64);
        e.modified = load_u64(p + 0x6C);
        e.start = load_u32(p + 0x74);
        e.size = load_u64(p + 0x78);
        if (major_ == 3) {
            REQUIRE(e.size <= 0x80000000);
        }
        return e;
    }

    const std::vector<uint8_t>& file_;
    uint16_t major_ = 0;
    uint32_t ss_ = 0;
    uint64_t sectors_ = 0;
    std::vector<int> uses_;
    std::map<uint32_t, int> mini_uses_;
    std::map<const RawEntry*, std::vector<uint8_t>> streams_;
};

/// Checks every storage's child tree: BST order under compare_names, black top node, no
/// red-red pair, equal black heights.
void require_red_black(const Parsed& p) {
    for (const RawEntry& e : p.entries) {
        if ((e.type != 1 && e.type != 5) || e.child == NOSTREAM) {
            continue;
        }
        const std::vector<uint32_t> order = p.in_order(e.child);
        for (size_t i = 1; i < order.size(); ++i) {
            REQUIRE(compare_names(p.entries[order[i - 1]].name, p.entries[order[i]].name) < 0);
        }
        REQUIRE(p.entries[e.child].color == 1);
        p.black_height(e.child);
    }
}

/// A read-only anonymous mapping of `size` zero bytes: address space only, so a stream can be
/// larger than memory as long as nothing reads most of it.
class BigZeros {
public:
    explicit BigZeros(size_t size, int prot = PROT_READ) : size_(size) {
        void* p = ::mmap(nullptr, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        REQUIRE(p != MAP_FAILED);
        data_ = static_cast<uint8_t*>(p);
    }

    ~BigZeros() { ::munmap(data_, size_); }

    BigZeros(const BigZeros&) = delete;
    BigZeros& operator=(const BigZeros&) = delete;

    uint8_t* data() { return data_; }

    Blob blob() const { return Blob::borrowed({data_, size_}); }

private:
    uint8_t* data_ = nullptr;
    size_t size_;
};

std::vector<std::string> names_in(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("an empty tree is written as header, one FAT sector and one directory sector",
          "[cfb][writer]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    const uint32_t ss = version == Version::V3 ? 512 : 4096;
    const std::vector<uint8_t> file = write(Tree{}, WriteOptions{.version = version});
    REQUIRE(file.size() == 3 * ss);
    const Parsed p(file);
    const uint8_t* h = file.data();
    CHECK(load_u16(h + 0x1A) == static_cast<uint16_t>(version));
    CHECK(load_u32(h + 0x2C) == 1);           // FAT sectors
    CHECK(load_u32(h + 0x30) == 1);           // directory after the FAT
    CHECK(load_u32(h + 0x3C) == ENDOFCHAIN);  // no mini FAT
    CHECK(load_u32(h + 0x40) == 0);
    CHECK(load_u32(h + 0x44) == ENDOFCHAIN);  // no DIFAT sectors
    CHECK(load_u32(h + 0x48) == 0);
    CHECK(load_u32(h + 0x4C) == 0);
    CHECK(p.fat[0] == FATSECT);
    CHECK(p.fat[1] == ENDOFCHAIN);
    REQUIRE(p.entries.size() == ss / 128);
    const RawEntry& root = p.entries[0];
    CHECK(root.child == NOSTREAM);
    CHECK(root.start == ENDOFCHAIN);
    CHECK(root.size == 0);
    CHECK(root.color == 1);
    CHECK(root.created == 0);
    CHECK(root.modified == 0);
    for (size_t i = 1; i < p.entries.size(); ++i) {
        CHECK(p.entries[i].type == 0);
    }
}

TEST_CASE("streams of every size class are stored in the mini stream or in sectors",
          "[cfb][writer]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    const size_t size = GENERATE(size_t{0}, 1, 63, 64, 4095, 4096, 4097, 512 * 109 * 128 + 1000);
    INFO("version " << static_cast<int>(version) << ", size " << size);
    const std::vector<uint8_t> content = pattern(size, 7);
    Tree tree;
    tree.put_stream("s", Blob::borrowed(content));
    tree.put_stream("sub/t", Blob::owned(pattern(100, 3)));
    const std::vector<uint8_t> file = write(tree, WriteOptions{.version = version});
    const Parsed p(file);
    const auto paths = p.paths();
    REQUIRE(paths.size() == 3);
    const RawEntry& s = *paths.at("s");
    CHECK(s.type == 2);
    CHECK(s.size == size);
    CHECK(p.data(s) == content);
    CHECK(p.data(*paths.at("sub/t")) == pattern(100, 3));
    CHECK(paths.at("sub")->type == 1);
    const uint64_t mini_bytes = 128 + (size > 0 && size < 4096 ? (size + 63) / 64 * 64 : 0);
    CHECK(p.entries[0].size == mini_bytes);
    CHECK(p.mini_fat_sectors == 1);
    if (version == Version::V3 && size > 512 * 109 * 128) {
        CHECK(p.difat_sectors.size() == 1);
        CHECK(p.fat_sectors.size() > 109);
    } else {
        CHECK(p.difat_sectors.empty());
    }
}

TEST_CASE("a v3 file needing more than 236 FAT sectors chains two DIFAT sectors",
          "[cfb][writer][difat]") {
    const std::vector<uint8_t> content = pattern(240 * 128 * 512, 1);
    Tree tree;
    tree.put_stream("big", Blob::borrowed(content));
    const std::vector<uint8_t> file = write(tree);
    const Parsed p(file);
    // 1 directory + 30720 stream sectors + 2 DIFAT sectors need 242 FAT sectors (30976 slots).
    CHECK(p.fat_sectors.size() == 242);
    CHECK(p.difat_sectors.size() == 2);
    CHECK(load_u32(file.data() + 0x44) == p.difat_sectors[0]);
    CHECK(p.data(*p.paths().at("big")) == content);
    CHECK(p.sector_count() == 242 + 2 + 1 + 240 * 128);
}

TEST_CASE("many streams in nested storages keep their bytes and fill sectors in order",
          "[cfb][writer]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    Tree tree;
    std::map<std::string, std::vector<uint8_t>> expected;
    for (uint32_t i = 0; i < 150; ++i) {
        const std::string path = "store" + std::to_string(i % 7) + "/inner" + std::to_string(i % 3)
                                 + "/stream_" + std::to_string(i);
        expected[path] = pattern((i * 397) % 9000, i);
        tree.put_stream(path, Blob::owned(expected[path]));
    }
    const std::vector<uint8_t> file = write(tree, WriteOptions{.version = version});
    const Parsed p(file);
    const auto paths = p.paths();
    CHECK(paths.size() == 150 + 7 + 7 * 3);
    for (const auto& [path, bytes] : expected) {
        INFO(path);
        REQUIRE(paths.count(path) == 1);
        CHECK(p.data(*paths.at(path)) == bytes);
    }
    require_red_black(p);
}

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

TEST_CASE("the same tree gives the same bytes through every output", "[cfb][writer]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    const auto make = [] {
        Tree tree;
        tree.put_stream("a/b/c", Blob::owned(pattern(5000, 1)));
        tree.put_stream("a/x", Blob::owned(pattern(10, 2)));
        tree.put_stream("Z", Blob::owned(pattern(70000, 3)));
        tree.put_stream("y", Blob::owned({}));
        return tree;
    };
    const WriteOptions options{.version = version, .durable = false};
    const std::vector<uint8_t> first = write(make(), options);
    CHECK(write(make(), options) == first);
    std::vector<uint8_t> streamed;
    size_t calls = 0;
    write(
        make(),
        [&](std::span<const uint8_t> bytes) {
            ++calls;
            streamed.insert(streamed.end(), bytes.begin(), bytes.end());
        },
        options);
    CHECK(streamed == first);
    CHECK(calls >= 1);
    test::TempDir dir;
    write_file(make(), dir / "out.cfb", options);
    CHECK(test::read_file(dir / "out.cfb") == first);
}

TEST_CASE("invalid trees are rejected with the path and nothing is emitted",
          "[cfb][writer][errors]") {
    size_t calls = 0;
    const Sink counting = [&calls](std::span<const uint8_t>) { ++calls; };

    SECTION("duplicate names differing only in case") {
        Tree tree;
        Node& sub = tree.make_storages("sub");
        sub.children.push_back(Node::stream("Foo", Blob{}));
        sub.children.push_back(Node::stream("FOO", Blob{}));
        REQUIRE_THROWS_AS(write(tree, counting), std::invalid_argument);
        REQUIRE_THROWS_WITH(write(tree, counting), Catch::Contains("\"sub/Foo\"")
                                                       && Catch::Contains("\"sub/FOO\"")
                                                       && Catch::Contains("duplicate"));
    }
    SECTION("a name with a forbidden character") {
        Tree tree;
        tree.make_storages("a/b").children.push_back(Node::stream("ok", Blob{}));
        tree.find("a/b/ok")->name = u"x!y";
        REQUIRE_THROWS_AS(write(tree, counting), std::invalid_argument);
        REQUIRE_THROWS_WITH(write(tree, counting), Catch::Contains("\"a/b/x!y\""));
    }
    SECTION("a name longer than 31 code units") {
        Tree tree;
        tree.put_stream("s", Blob{});
        tree.find("s")->name = std::u16string(32, u'n');
        REQUIRE_THROWS_WITH(write(tree, counting), Catch::Contains("more than 31"));
    }
    SECTION("a name holding U+0000") {
        Tree tree;
        tree.put_stream("s", Blob{});
        tree.find("s")->name = std::u16string(u"a\0b", 3);
        REQUIRE_THROWS_WITH(write(tree, counting),
                            "invalid name \"a\\0b\": name contains U+0000, which would end it");
    }
    SECTION("a stream with children") {
        Tree tree;
        tree.put_stream("s", Blob{}).children.push_back(Node::stream("t", Blob{}));
        REQUIRE_THROWS_WITH(write(tree, counting), "stream \"s\" has children");
    }
    SECTION("a storage with data") {
        Tree tree;
        tree.make_storages("st").data = Blob::owned({1});
        REQUIRE_THROWS_WITH(write(tree, counting), "storage \"st\" holds stream data");
    }
    SECTION("a root that is a stream") {
        Tree tree;
        tree.root().type = EntryType::Stream;
        REQUIRE_THROWS_WITH(write(tree, counting), Catch::Contains("root"));
    }
    SECTION("a child typed as a root") {
        Tree tree;
        tree.make_storages("r").type = EntryType::Root;
        REQUIRE_THROWS_WITH(write(tree, counting), Catch::Contains("\"r\" has entry type 5"));
    }
    SECTION("a v3 stream above 0x80000000 bytes") {
        BigZeros big(0x80000001);
        Tree tree;
        tree.put_stream("dir/huge", big.blob());
        REQUIRE_THROWS_AS(write(tree, counting), std::invalid_argument);
        REQUIRE_THROWS_WITH(write(tree, counting),
                            "stream \"dir/huge\" is 2147483649 bytes, too large for CFB version 3");
    }
    SECTION("a v3 file above 2 GB") {
        BigZeros big(0x7FF00000);
        Tree tree;
        tree.put_stream("a", big.blob());
        tree.put_stream("b", big.blob());
        REQUIRE_THROWS_WITH(write(tree, counting), Catch::Contains("too large for CFB version 3"));
    }
    CHECK(calls == 0);
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

TEST_CASE("a v4 file beyond 2 GB is emitted with the stream stepping over the range lock sector",
          "[cfb][writer][layout]") {
    // Marked pages of a 2 GB stream; nothing else of it is touched.
    const size_t size = 0x80001000;
    BigZeros big(size, PROT_READ | PROT_WRITE);
    Tree tree;
    tree.put_stream("huge", big.blob());
    // 0x80001 stream sectors + 1 directory sector + 1 DIFAT sector + the range lock sector
    // need 513 FAT sectors; the directory is sector 514 and the stream starts at sector 515.
    const uint64_t stream_offset_at_lock = (0x7FFFE - 515) * uint64_t{4096};
    const std::vector<uint64_t> marks = {0, stream_offset_at_lock - 4096, stream_offset_at_lock,
                                         stream_offset_at_lock + 4096, size - 4096};
    for (size_t i = 0; i < marks.size(); ++i) {
        big.data()[marks[i]] = static_cast<uint8_t>(0xA0 + i);
    }

    const uint64_t prefix = 520 * 4096;
    std::vector<uint8_t> head;
    std::map<uint64_t, uint8_t> probes;
    const uint64_t lock_offset = 0x7FFFF000;
    for (uint64_t at = lock_offset; at < lock_offset + 4096; at += 512) {
        probes[at] = 0xFF;
    }
    const auto stream_file_offset = [](uint64_t stream_offset) {
        const uint64_t sector = 515 + stream_offset / 4096;
        return (sector + (sector >= 0x7FFFE ? 1 : 0) + 1) * 4096 + stream_offset % 4096;
    };
    for (const uint64_t m : marks) {
        probes[stream_file_offset(m)] = 0xFF;
    }
    uint64_t written = 0;
    write(
        tree,
        [&](std::span<const uint8_t> bytes) {
            for (auto it = probes.lower_bound(written);
                 it != probes.end() && it->first < written + bytes.size(); ++it) {
                it->second = bytes[it->first - written];
            }
            for (uint64_t i = written; i < prefix && i < written + bytes.size(); ++i) {
                head.push_back(bytes[i - written]);
            }
            written += bytes.size();
        },
        WriteOptions{.version = Version::V4});

    CHECK(written == (513 + 1 + 1 + 0x80001 + 1 + 1) * uint64_t{4096});
    REQUIRE(head.size() == prefix);
    CHECK(load_u32(head.data() + 0x2C) == 513);
    CHECK(load_u32(head.data() + 0x48) == 1);
    CHECK(load_u32(head.data() + 0x44) == 513);
    CHECK(load_u32(head.data() + 0x30) == 514);
    // FAT sector 511 holds the entry of sector 0x7FFFE at slot 1022.
    CHECK(load_u32(head.data() + 4096 * (1 + 511) + 4 * 1022) == ENDOFCHAIN);
    CHECK(load_u32(head.data() + 4096 * (1 + 511) + 4 * 1021) == 0x7FFFF);
    for (uint64_t at = lock_offset; at < lock_offset + 4096; at += 512) {
        CHECK(probes.at(at) == 0);
    }
    for (size_t i = 0; i < marks.size(); ++i) {
        INFO("mark " << i);
        CHECK(probes.at(stream_file_offset(marks[i])) == 0xA0 + i);
    }
}

TEST_CASE("write_file replaces the target and leaves no temporary file", "[cfb][writer][file]") {
    test::TempDir dir;
    const auto target = dir / "out.msg";
    const std::vector<uint8_t> old_bytes = {1, 2, 3};
    test::write_file(target, old_bytes);
    Tree tree;
    tree.put_stream("s", Blob::owned(pattern(9000, 5)));

    SECTION("a valid tree replaces the file") {
        write_file(tree, target, WriteOptions{.durable = false});
        CHECK(test::read_file(target) == write(tree));
        CHECK(names_in(dir.path()) == std::vector<std::string>{"out.msg"});
    }
    SECTION("an invalid tree leaves the existing file untouched") {
        tree.find("s")->name = u"a:b";
        REQUIRE_THROWS_AS(write_file(tree, target), std::invalid_argument);
        CHECK(test::read_file(target) == old_bytes);
        CHECK(names_in(dir.path()) == std::vector<std::string>{"out.msg"});
    }
    SECTION("a write that fails midway removes the temporary file") {
        // The file size limit makes write(2) fail with EFBIG after 4096 bytes.
        struct rlimit saved {};

        REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
        const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit small = saved;
        small.rlim_cur = 4096;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        bool threw_io = false;
        try {
            write_file(tree, target, WriteOptions{.durable = false});
        } catch (const IoError&) {
            threw_io = true;
        }
        ::setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, old_handler);
        CHECK(threw_io);
        CHECK(test::read_file(target) == old_bytes);
        CHECK(names_in(dir.path()) == std::vector<std::string>{"out.msg"});
    }
    SECTION("a target whose name has the longest length allowed") {
        const auto long_target = dir / (std::string(249, 'n') + "\xC3\xA9.msg");
        REQUIRE(long_target.filename().string().size() == 255);
        write_file(tree, long_target, WriteOptions{.durable = false});
        CHECK(test::read_file(long_target) == write(tree));
        CHECK(names_in(dir.path()).size() == 2);
    }
    SECTION("a missing folder is an IoError and creates nothing") {
        REQUIRE_THROWS_AS(write_file(tree, dir / "missing" / "x.msg"), IoError);
        CHECK(names_in(dir.path()) == std::vector<std::string>{"out.msg"});
    }
}

TEST_CASE("A writer killed mid-way leaves the old file and no temporary", "[cfb][writer][file]") {
    test::TempDir dir;
    const auto target = dir / "out.msg";
    const std::vector<uint8_t> old_bytes = {1, 2, 3};
    test::write_file(target, old_bytes);
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Write forever, telling the parent once the first bytes are out.
        try {
            AtomicFile out(target, false);
            const std::vector<uint8_t> chunk = pattern(65536, 1);
            out.write(chunk);
            (void)!::write(ready[1], "x", 1);
            for (;;) {
                out.write(chunk);
                ::usleep(1000);
            }
        } catch (...) {
            ::_exit(1);
        }
    }
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(ready[0]);
    ::close(ready[1]);
    CHECK(WIFSIGNALED(status));
    CHECK(test::read_file(target) == old_bytes);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"out.msg"});
}

TEST_CASE("Writers killed at any moment leave a whole file, old or new", "[cfb][writer][file]") {
    test::TempDir dir;
    const auto target = dir / "out.msg";
    Tree a;
    a.put_stream("s", Blob::owned(pattern(3 << 20, 2)));
    Tree b;
    b.put_stream("t", Blob::owned(pattern(2 << 20, 3)));
    const std::vector<uint8_t> bytes_a = write(a);
    const std::vector<uint8_t> bytes_b = write(b);
    write_file(a, target, WriteOptions{.durable = false});
    // Kill a process that rewrites the file over and over, after 0 to 30 ms, 20 times.
    for (int round = 0; round < 20; ++round) {
        INFO("round " << round);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            try {
                for (int i = 0;; ++i) {
                    write_file(i % 2 == 0 ? b : a, target, WriteOptions{.durable = false});
                }
            } catch (...) {
                ::_exit(1);
            }
        }
        ::usleep(static_cast<useconds_t>((round * 7919) % 30000));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        const std::vector<uint8_t> now = test::read_file(target);
        CHECK((now == bytes_a || now == bytes_b));
        // Only in the instant between naming its file and renaming it can a killed writer
        // leave a name behind; the next writer removes it.
        write_file(a, target, WriteOptions{.durable = false});
        CHECK(names_in(dir.path()) == std::vector<std::string>{"out.msg"});
    }
}

TEST_CASE("written files read back with the strict reader: same paths, sizes and bytes",
          "[cfb][writer][reader]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    Tree tree;
    std::map<std::string, std::vector<uint8_t>> expected;
    const std::vector<size_t> sizes = {0, 1, 63, 64, 4095, 4096, 4097, 512 * 109 * 128 + 1000};
    for (size_t i = 0; i < sizes.size(); ++i) {
        const std::string path = (i % 2 == 0 ? "even/" : "odd/deeper/") + std::to_string(sizes[i]);
        expected[path] = pattern(sizes[i], static_cast<uint32_t>(i));
        tree.put_stream(path, Blob::owned(expected[path]));
    }
    tree.make_storages("empty storage");
    const std::vector<uint8_t> file = write(tree, WriteOptions{.version = version});
    ReadOptions strict;
    strict.strict = true;
    const Reader reader = Reader::from_bytes(file, strict);
    CHECK(reader.version() == version);
    CHECK(reader.warnings().empty());
    for (const auto& [path, bytes] : expected) {
        INFO(path);
        const std::optional<EntryId> id = reader.find(path);
        REQUIRE(id);
        CHECK(reader.entry(*id).is_stream());
        CHECK(reader.entry(*id).size == bytes.size());
        const Blob data = reader.read(*id);
        CHECK(std::equal(data.begin(), data.end(), bytes.begin(), bytes.end()));
    }
    const std::optional<EntryId> empty = reader.find("empty storage");
    REQUIRE(empty);
    CHECK(reader.entry(*empty).is_storage());
    CHECK(reader.children(*empty).empty());
    CHECK(reader.children(reader.root()).size() == 3);
}

TEST_CASE("An entry with an empty name is written as a name of only its terminator",
          "[cfb][writer]") {
    Tree tree;
    tree.put_stream("Named", Blob::owned({1, 2}));
    Node nameless;
    nameless.data = Blob::owned({3, 4, 5});
    tree.root().children.push_back(nameless);
    REQUIRE_THROWS_AS(Node::stream("", Blob{}), std::invalid_argument);
    const auto bytes = write(tree);
    const Reader reader = Reader::from_bytes(bytes);
    const auto top = reader.children(reader.root());
    REQUIRE(top.size() == 2);
    const Entry& e = reader.entry(top[0]);
    CHECK(e.name.empty());
    CHECK(reader.read(top[0]).size() == 3);
    REQUIRE(reader.warnings().size() == 1);
    CHECK_THAT(reader.warnings()[0].to_string(),
               Catch::Contains("empty name (name length field 2)"));
    CHECK(write(Tree::from_reader(reader)) == bytes);
}
