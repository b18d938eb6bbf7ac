#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::cfb;

namespace {

std::vector<uint8_t> bytes_of(const Node& n) {
    return {n.data.begin(), n.data.end()};
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

    REQUIRE_THROWS_AS(Node::stream("a/b", Blob{}), std::invalid_argument);
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
    REQUIRE_THROWS_AS(s.put(Node::stream("t", Blob{})), std::invalid_argument);
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
    REQUIRE_THROWS_AS(tree.put_stream("a/b/s/t", Blob{}), std::invalid_argument);
    REQUIRE_THROWS_AS(tree.put_stream("", Blob{}), std::invalid_argument);
    REQUIRE_THROWS_AS(tree.put_stream("a/bad:name", Blob{}), std::invalid_argument);

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

    REQUIRE_THROWS_AS(Tree::from_reader(reader, *reader.find("top")), std::invalid_argument);
}
