#include "cfb/written_file.hpp"
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
using msgforge::test::Parsed;
using msgforge::test::pattern;
using msgforge::test::RawEntry;
using msgforge::test::require_red_black;

namespace {

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
        REQUIRE_THROWS_AS(write(tree, counting), msgforge::UsageError);
        REQUIRE_THROWS_WITH(write(tree, counting), Catch::Contains("\"sub/Foo\"")
                                                       && Catch::Contains("\"sub/FOO\"")
                                                       && Catch::Contains("duplicate"));
    }
    SECTION("a name with a forbidden character") {
        Tree tree;
        tree.make_storages("a/b").children.push_back(Node::stream("ok", Blob{}));
        tree.find("a/b/ok")->name = u"x!y";
        REQUIRE_THROWS_AS(write(tree, counting), msgforge::UsageError);
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
        REQUIRE_THROWS_AS(write(tree, counting), msgforge::UsageError);
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
        REQUIRE_THROWS_AS(write_file(tree, target), msgforge::UsageError);
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
    REQUIRE_THROWS_AS(Node::stream("", Blob{}), msgforge::UsageError);
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
