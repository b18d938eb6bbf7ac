#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;

namespace {

std::vector<uint8_t> bytes_of(const Node& n) {
    return {n.data.begin(), n.data.end()};
}

// `size` bytes that differ from stream to stream (by `seed`) and along the stream.
std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
    std::vector<uint8_t> out(size);
    for (size_t i = 0; i < size; ++i) {
        out[i] = static_cast<uint8_t>(seed + i * 7 + i / 251);
    }
    return out;
}

// Every stream's bytes and every storage's entry of a file, by '/'-joined path ("" is the
// root storage), found by walking the reader's storages.
struct Contents {
    std::map<std::string, std::vector<uint8_t>> streams;
    std::map<std::string, Entry> storages;
};

void collect(const Reader& reader, EntryId storage, const std::string& prefix, Contents& out) {
    for (const EntryId id : reader.children(storage)) {
        const Entry& e = reader.entry(id);
        const std::string name(e.name);
        const std::string path = prefix.empty() ? name : prefix + "/" + name;
        if (e.is_stream()) {
            const Blob data = reader.read(id);
            out.streams.emplace(path, std::vector<uint8_t>(data.begin(), data.end()));
        } else if (e.is_storage()) {
            out.storages.emplace(path, e);
            collect(reader, id, path, out);
        }
    }
}

Contents contents_of(const Reader& reader) {
    Contents out;
    out.storages.emplace("", reader.entry(reader.root()));
    collect(reader, reader.root(), "", out);
    return out;
}

// Whether `blob` lies wholly inside `file`'s bytes.
bool inside(const Blob& blob, const Blob& file) {
    const auto* begin = file.data();
    const auto* end = file.data() + file.size();
    return blob.data() >= begin && blob.data() + blob.size() <= end;
}

}  // namespace

TEST_CASE("a new tree is an empty root storage named Root Entry", "[cfb][tree]") {
    const Tree tree;
    CHECK(tree.root().name == u"Root Entry");
    CHECK(tree.root().type == EntryType::Root);
    CHECK(tree.root().is_storage());
    CHECK(tree.root().children.empty());
    CHECK(tree.find("") == &tree.root());
    CHECK(tree.find("/") == &tree.root());
}

TEST_CASE("node constructors check UTF-8 names against the CFB name rules", "[cfb][tree]") {
    const Node s = Node::stream("__substg1.0_0037001F", Blob::owned({1, 2}));
    CHECK(s.type == EntryType::Stream);
    CHECK(s.name == u"__substg1.0_0037001F");
    CHECK(bytes_of(s) == std::vector<uint8_t>{1, 2});
    const Node st = Node::storage("\xC3\xA9t\xC3\xA9");
    CHECK(st.type == EntryType::Storage);
    CHECK(st.name == u"\u00E9t\u00E9");
    CHECK(st.utf8_name() == "\xC3\xA9t\xC3\xA9");
    CHECK(Node::stream(std::string(31, 'x'), Blob{}).name.size() == 31);

    REQUIRE_THROWS_AS(Node::stream("a/b", Blob{}), msgforge::UsageError);
    REQUIRE_THROWS_WITH(Node::stream("a:b", Blob{}), Catch::Contains("\"a:b\""));
    REQUIRE_THROWS_WITH(Node::storage("x!"), Catch::Contains("/ \\ : !"));
    REQUIRE_THROWS_WITH(Node::storage(""), Catch::Contains("empty"));
    REQUIRE_THROWS_WITH(Node::stream(std::string(32, 'x'), Blob{}),
                        Catch::Contains("more than 31"));
    REQUIRE_THROWS_WITH(Node::stream("\xFF", Blob{}), Catch::Contains("UTF-8"));
}

TEST_CASE("put replaces a child whose name is equal ignoring case", "[cfb][tree]") {
    Tree tree;
    tree.root().put(Node::stream("Foo", Blob::owned({1})));
    tree.root().put(Node::stream("bar", Blob::owned({2})));
    Node& replaced = tree.root().put(Node::stream("FOO", Blob::owned({3})));
    REQUIRE(tree.root().children.size() == 2);
    CHECK(replaced.name == u"FOO");
    CHECK(bytes_of(replaced) == std::vector<uint8_t>{3});
    CHECK(tree.root().find("foo") == &replaced);
    CHECK(tree.root().find("BAR") != nullptr);
    CHECK(tree.root().find("baz") == nullptr);
    CHECK(tree.root().find("\xFF") == nullptr);
}

TEST_CASE("put into a stream is refused", "[cfb][tree]") {
    Node s = Node::stream("s", Blob{});
    REQUIRE_THROWS_AS(s.put(Node::stream("t", Blob{})), msgforge::UsageError);
    REQUIRE_THROWS_WITH(s.put(Node::stream("t", Blob{})), Catch::Contains("not a storage"));
}

TEST_CASE("paths create, find and remove nested storages and streams", "[cfb][tree]") {
    Tree tree;
    Node& inner = tree.make_storages("a/b/c");
    CHECK(inner.type == EntryType::Storage);
    CHECK(&tree.make_storages("A/B/C") == tree.find("a/b/c"));
    tree.put_stream("a/b/s", Blob::owned({9}));
    tree.put_stream("x/y/z", Blob::owned({8}));
    REQUIRE(tree.find("a/b/s") != nullptr);
    CHECK(bytes_of(*tree.find("A/B/S")) == std::vector<uint8_t>{9});
    CHECK(tree.find("x/y")->type == EntryType::Storage);
    CHECK(tree.find("/x//y/z/") == tree.find("x/y/z"));
    CHECK(tree.find("a/b/s/t") == nullptr);
    CHECK(tree.find("nope") == nullptr);
    CHECK(tree.root().children.size() == 2);

    REQUIRE_THROWS_WITH(tree.make_storages("a/b/s/deeper"), "\"a/b/s\" is a stream, not a storage");
    REQUIRE_THROWS_AS(tree.put_stream("a/b/s/t", Blob{}), msgforge::UsageError);
    REQUIRE_THROWS_AS(tree.put_stream("", Blob{}), msgforge::UsageError);
    REQUIRE_THROWS_AS(tree.put_stream("a/bad:name", Blob{}), msgforge::UsageError);

    CHECK(tree.remove("A/b/S"));
    CHECK(tree.find("a/b/s") == nullptr);
    CHECK_FALSE(tree.remove("a/b/s"));
    CHECK_FALSE(tree.remove(""));
    CHECK_FALSE(tree.remove("missing/s"));
    CHECK(tree.remove("x"));
    CHECK(tree.find("x/y/z") == nullptr);
    CHECK(tree.root().children.size() == 1);
}

TEST_CASE("put_stream replaces an existing entry of the same name", "[cfb][tree]") {
    Tree tree;
    tree.put_stream("d/s", Blob::owned({1}));
    tree.put_stream("D/S", Blob::owned({2, 3}));
    REQUIRE(tree.find("d")->children.size() == 1);
    CHECK(bytes_of(*tree.find("d/s")) == std::vector<uint8_t>{2, 3});
}

TEST_CASE("from_reader copies every entry with its metadata and contents", "[cfb][tree][reader]") {
    const Version version = GENERATE(Version::V3, Version::V4);
    Tree tree;
    tree.root().clsid = *Guid::parse("{00020D0B-0000-0000-C000-000000000046}");
    tree.root().state_bits = 3;
    tree.root().modified = FileTime{77};
    const Guid store_clsid = *Guid::parse("{11111111-2222-3333-4444-555555555555}");
    Node& store = tree.make_storages("store");
    store.clsid = store_clsid;
    store.state_bits = 0x10;
    store.created = FileTime{5};
    store.modified = FileTime{6};
    std::vector<uint8_t> big(20000);
    for (size_t i = 0; i < big.size(); ++i) {
        big[i] = static_cast<uint8_t>(i * 13);
    }
    tree.put_stream("store/big", Blob::borrowed(big));
    tree.put_stream("store/inner/small", Blob::owned({1, 2, 3, 4, 5}));
    tree.put_stream("store/empty", Blob{});
    tree.put_stream("top", Blob::owned({42}));
    const std::vector<uint8_t> file = write(tree, WriteOptions{.version = version});

    const Reader reader = Reader::from_blob(Blob::owned(file));
    const Tree copy = Tree::from_reader(reader);
    CHECK(copy.root().name == u"Root Entry");
    CHECK(copy.root().clsid == tree.root().clsid);
    CHECK(copy.root().state_bits == 3);
    CHECK(copy.root().modified == FileTime{77});
    const Node* s = copy.find("store");
    REQUIRE(s != nullptr);
    CHECK(s->type == EntryType::Storage);
    CHECK(s->clsid == store_clsid);
    CHECK(s->state_bits == 0x10);
    CHECK(s->created == FileTime{5});
    CHECK(s->modified == FileTime{6});
    CHECK(s->children.size() == 3);
    CHECK(bytes_of(*copy.find("store/big")) == big);
    CHECK(copy.find("store/big")->data.is_view());
    CHECK(bytes_of(*copy.find("store/inner/small")) == std::vector<uint8_t>{1, 2, 3, 4, 5});
    CHECK(copy.find("store/empty")->data.empty());
    CHECK(copy.find("store/empty")->type == EntryType::Stream);
    CHECK(bytes_of(*copy.find("top")) == std::vector<uint8_t>{42});
    CHECK(write(copy, WriteOptions{.version = version}) == file);

    const Tree sub = Tree::from_reader(reader, *reader.find("store"));
    CHECK(sub.root().name == u"Root Entry");
    CHECK(sub.root().type == EntryType::Root);
    CHECK(sub.root().clsid == store_clsid);
    CHECK(sub.root().state_bits == 0x10);
    CHECK(sub.root().created == FileTime{});
    CHECK(sub.root().children.size() == 3);
    CHECK(bytes_of(*sub.find("inner/small")) == std::vector<uint8_t>{1, 2, 3, 4, 5});
    CHECK(sub.find("top") == nullptr);

    REQUIRE_THROWS_AS(Tree::from_reader(reader, *reader.find("top")), msgforge::UsageError);
}

TEST_CASE("an opened file is edited through from_reader and written again", "[cfb][tree][edit]") {
    const Version out_version = GENERATE(Version::V3, Version::V4);
    CAPTURE(out_version);

    // The original file (always v3): streams below, at and above the 4096-byte cutoff, nested
    // storages, CLSIDs, state bits and times on storages.
    const Guid root_clsid = *Guid::parse("{00020D0B-0000-0000-C000-000000000046}");
    const Guid docs_clsid = *Guid::parse("{11111111-2222-3333-4444-555555555555}");
    const Guid nested_clsid = *Guid::parse("{66666666-7777-8888-9999-AAAAAAAAAAAA}");
    const Guid trash_clsid = *Guid::parse("{BBBBBBBB-CCCC-DDDD-EEEE-FFFFFFFFFFFF}");
    const Guid fresh_clsid = *Guid::parse("{01234567-89AB-CDEF-0123-456789ABCDEF}");
    Tree original;
    original.root().clsid = root_clsid;
    original.root().state_bits = 3;
    original.root().modified = FileTime{77};
    Node& docs = original.make_storages("docs");
    docs.clsid = docs_clsid;
    docs.state_bits = 0x20;
    docs.created = FileTime{5};
    docs.modified = FileTime{6};
    Node& nested = original.make_storages("docs/nested");
    nested.clsid = nested_clsid;
    nested.state_bits = 7;
    original.make_storages("trash/sub").state_bits = 9;
    original.find("trash")->clsid = trash_clsid;
    original.put_stream("props", Blob::owned(pattern(200, 1)));
    original.put_stream("big", Blob::owned(pattern(10000, 2)));
    original.put_stream("empty", Blob{});
    original.put_stream("obsolete", Blob::owned(pattern(64, 3)));
    original.put_stream("docs/report", Blob::owned(pattern(300, 4)));
    original.put_stream("docs/image", Blob::owned(pattern(8192, 5)));
    original.put_stream("docs/nested/deep", Blob::owned(pattern(4095, 6)));
    original.put_stream("docs/nested/deeper/leaf", Blob::owned(pattern(4096, 7)));
    original.put_stream("trash/junk", Blob::owned(pattern(5000, 8)));
    original.put_stream("trash/sub/tiny", Blob::owned(pattern(10, 9)));
    const Blob file = Blob::owned(write(original, WriteOptions{.version = Version::V3}));

    const Reader reader = Reader::from_blob(file);
    REQUIRE(reader.version() == Version::V3);
    CHECK(reader.warnings().empty());
    const Contents before = contents_of(reader);
    REQUIRE(before.streams.size() == 10);
    REQUIRE(before.storages.size() == 6);  // the root, docs, nested, deeper, trash, sub
    CHECK(before.streams.at("big") == pattern(10000, 2));

    Tree edited = Tree::from_reader(reader);
    // Large streams are not copied: they are views into the bytes the reader was given.
    for (const char* path : {"big", "docs/image", "docs/nested/deeper/leaf", "trash/junk"}) {
        INFO(path);
        const Node* node = edited.find(path);
        REQUIRE(node != nullptr);
        CHECK(node->data.is_view());
        CHECK(inside(node->data, file));
    }
    const uint8_t* big_bytes = edited.find("big")->data.data();

    // (a) change a stream, from below the cutoff to above it
    const std::vector<uint8_t> new_report = pattern(5000, 100);
    edited.put_stream("docs/report", Blob::owned(new_report));
    // (b) add a stream to an existing storage and a new storage holding a stream
    const std::vector<uint8_t> added_stream = pattern(6000, 101);
    const std::vector<uint8_t> note = pattern(50, 102);
    edited.put_stream("docs/nested/added", Blob::owned(added_stream));
    Node& fresh = edited.make_storages("fresh");
    fresh.clsid = fresh_clsid;
    fresh.state_bits = 0x44;
    edited.put_stream("fresh/note", Blob::owned(note));
    // (c) remove a stream and a storage with everything below it
    REQUIRE(edited.remove("obsolete"));
    REQUIRE(edited.remove("trash"));
    CHECK(edited.find("big")->data.data() == big_bytes);

    const Reader result =
        Reader::from_blob(Blob::owned(write(edited, WriteOptions{.version = out_version})));
    CHECK(result.version() == out_version);
    CHECK(result.warnings().empty());
    const Contents after = contents_of(result);

    const auto removed = [](const std::string& path) {
        return path == "obsolete" || path == "trash" || path.starts_with("trash/");
    };
    std::map<std::string, std::vector<uint8_t>> expected_streams;
    for (const auto& [path, bytes] : before.streams) {
        INFO(path);
        if (removed(path)) {
            CHECK_FALSE(result.find(path).has_value());
            CHECK(after.streams.count(path) == 0);
        } else if (path == "docs/report") {
            REQUIRE(after.streams.count(path) == 1);
            CHECK(after.streams.at(path) == new_report);
            expected_streams.emplace(path, new_report);
        } else {
            // untouched: the same bytes as in the original file
            REQUIRE(after.streams.count(path) == 1);
            CHECK(after.streams.at(path) == bytes);
            expected_streams.emplace(path, bytes);
        }
    }
    REQUIRE(after.streams.count("docs/nested/added") == 1);
    CHECK(after.streams.at("docs/nested/added") == added_stream);
    REQUIRE(after.streams.count("fresh/note") == 1);
    CHECK(after.streams.at("fresh/note") == note);
    expected_streams.emplace("docs/nested/added", added_stream);
    expected_streams.emplace("fresh/note", note);
    CHECK(after.streams.size() == expected_streams.size());

    // Storages keep their CLSID, state bits and times; removed ones are gone.
    size_t kept_storages = 0;
    for (const auto& [path, entry] : before.storages) {
        INFO(path);
        if (removed(path)) {
            CHECK_FALSE(result.find(path).has_value());
            CHECK(after.storages.count(path) == 0);
            continue;
        }
        ++kept_storages;
        REQUIRE(after.storages.count(path) == 1);
        const Entry& now = after.storages.at(path);
        CHECK(now.type == entry.type);
        CHECK(now.clsid == entry.clsid);
        CHECK(now.state_bits == entry.state_bits);
        CHECK(now.created == entry.created);
        CHECK(now.modified == entry.modified);
    }
    CHECK(kept_storages == 4);
    CHECK(after.storages.at("").clsid == root_clsid);
    CHECK(after.storages.at("").state_bits == 3);
    CHECK(after.storages.at("docs").clsid == docs_clsid);
    CHECK(after.storages.at("docs").state_bits == 0x20);
    CHECK(after.storages.at("docs/nested").clsid == nested_clsid);
    CHECK(after.storages.at("docs/nested").state_bits == 7);
    REQUIRE(after.storages.count("fresh") == 1);
    CHECK(after.storages.at("fresh").type == EntryType::Storage);
    CHECK(after.storages.at("fresh").clsid == fresh_clsid);
    CHECK(after.storages.at("fresh").state_bits == 0x44);
    CHECK(after.storages.size() == 5);
}
