#include "msgforge/cli.hpp"

#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/version.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace cfb = msgforge::cfb;
using msgforge::test::TempDir;

namespace {

using Result = msgforge::test::CliResult;
constexpr auto run = msgforge::test::run_cli;

std::vector<uint8_t> bytes_of(const std::string& text) {
    return {text.begin(), text.end()};
}

std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
    std::vector<uint8_t> out(size);
    for (size_t i = 0; i < size; ++i) {
        out[i] = static_cast<uint8_t>((i * 31 + seed) ^ (i >> 8));
    }
    return out;
}

void write_text(const fs::path& path, const std::string& text) {
    msgforge::test::write_file(path, bytes_of(text));
}

/// Root: Greeting (mini stream), Data/{big (regular stream), Inner/Empty, U+0001 CompObj}.
cfb::Tree sample_tree() {
    cfb::Tree tree;
    tree.put_stream("Greeting", cfb::Blob::owned(bytes_of("hello, world\n")));
    tree.put_stream("Data/big", cfb::Blob::owned(pattern(5000, 7)));
    tree.put_stream("Data/Inner/Empty", cfb::Blob{});
    tree.put_stream(
        "Data/\x01"
        "CompObj",
        cfb::Blob::owned(bytes_of("comp")));
    return tree;
}

fs::path write_sample(const TempDir& dir, cfb::Version version = cfb::Version::V3) {
    const fs::path path = dir / "sample.cfb";
    cfb::WriteOptions options;
    options.version = version;
    msgforge::test::write_file(path, cfb::write(sample_tree(), options));
    return path;
}

/// Relative path -> contents for files, relative path -> nullopt for folders.
std::map<std::string, std::optional<std::vector<uint8_t>>> snapshot(const fs::path& dir) {
    std::map<std::string, std::optional<std::vector<uint8_t>>> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string rel = fs::relative(e.path(), dir).string();
        if (e.is_directory()) {
            out[rel] = std::nullopt;
        } else {
            out[rel] = msgforge::test::read_file(e.path());
        }
    }
    return out;
}

}  // namespace

TEST_CASE("The --version option prints the library version", "[cli]") {
    const auto r = run({"--version"});
    CHECK(r.status == 0);
    CHECK(r.out == std::string("msgforge ") + msgforge::version() + "\n");
}

TEST_CASE("The --help option lists every cfb command, and each command has its own help", "[cli]") {
    const auto r = run({"--help"});
    CHECK(r.status == 0);
    for (const char* name : {"ls", "cat", "check", "pack", "unpack"}) {
        CHECK_THAT(r.out, Catch::Contains(std::string("cfb ") + name));
        const auto h = run({"cfb", name, "--help"});
        CHECK(h.status == 0);
        CHECK_THAT(h.out, Catch::StartsWith(std::string("Usage: msgforge cfb ") + name));
    }
    CHECK(run({"cfb", "--help"}).status == 0);
}

TEST_CASE("Usage errors exit with 2 and a hint", "[cli][usage]") {
    TempDir dir;
    const std::string file = write_sample(dir).string();
    const std::vector<std::vector<std::string>> cases = {
        {},
        {"bogus"},
        {"cfb"},
        {"cfb", "bogus"},
        {"cfb", "ls"},
        {"cfb", "ls", file, file},
        {"cfb", "ls", "--bogus", file},
        {"cfb", "cat", file},
        {"cfb", "pack", (dir / "x").string()},
        {"cfb", "pack", (dir / "x").string(), "-o"},
        {"cfb", "unpack", file},
        {"cfb", "ls", "--json=yes", file},
    };
    for (const auto& args : cases) {
        INFO(args.size());
        const auto r = run(args);
        CHECK(r.status == 2);
        CHECK_FALSE(r.err.empty());
    }
    CHECK_THAT(run({"cfb", "ls", "--bogus", file}).err,
               Catch::Contains("Try 'msgforge cfb ls --help'"));
}

TEST_CASE("cfb ls prints type, size and encoded path depth-first in tree order", "[cli][ls]") {
    TempDir dir;
    const auto r = run({"cfb", "ls", write_sample(dir).string()});
    REQUIRE(r.status == 0);
    CHECK(r.out ==
          "storage          0  Data\n"
          "stream        5000  Data/big\n"
          "storage          0  Data/Inner\n"
          "stream           0  Data/Inner/Empty\n"
          "stream           4  Data/%01CompObj\n"
          "stream          13  Greeting\n");
    CHECK(r.err.empty());
}

TEST_CASE("cfb ls --json gives version, sector size and every entry with exact names",
          "[cli][ls]") {
    TempDir dir;
    const auto version = GENERATE(cfb::Version::V3, cfb::Version::V4);
    cfb::Tree tree = sample_tree();
    cfb::Node* data = tree.find("Data");
    REQUIRE(data != nullptr);
    data->clsid = *msgforge::Guid::parse("{00020D0B-0000-0000-C000-000000000046}");
    data->state_bits = 5;
    data->modified = msgforge::FileTime::from_unix_seconds(1'700'000'000);
    cfb::WriteOptions options;
    options.version = version;
    const fs::path file = dir / "meta.cfb";
    msgforge::test::write_file(file, cfb::write(tree, options));

    const auto r = run({"cfb", "ls", "--json", file.string()});
    REQUIRE(r.status == 0);
    const auto json = nlohmann::json::parse(r.out);
    CHECK(json["version"] == (version == cfb::Version::V3 ? 3 : 4));
    CHECK(json["sector_size"] == (version == cfb::Version::V3 ? 512 : 4096));
    const auto& entries = json["entries"];
    REQUIRE(entries.size() == 6);
    CHECK(entries[0]["path"] == "Data");
    CHECK(entries[0]["type"] == "storage");
    CHECK(entries[0]["clsid"] == "{00020D0B-0000-0000-C000-000000000046}");
    CHECK(entries[0]["state_bits"] == 5);
    CHECK(entries[0]["modified"] == msgforge::FileTime::from_unix_seconds(1'700'000'000).to_iso());
    CHECK_FALSE(entries[0].contains("created"));
    CHECK(entries[1]["path"] == "Data/big");
    CHECK(entries[1]["size"] == 5000);
    CHECK(entries[3]["path"] == "Data/Inner/Empty");
    CHECK(entries[3]["size"] == 0);
    CHECK(entries[4]["path"] == "Data/\x01" "CompObj");
    CHECK(entries[4]["type"] == "stream");
    CHECK(entries[5]["path"] == "Greeting");
    for (const auto& e : entries) {
        CHECK(e.contains("clsid"));
    }
    CHECK_THAT(r.out, Catch::Contains("\\u0001CompObj"));
}

TEST_CASE("cfb cat writes one stream's bytes, missing paths and storages are refused",
          "[cli][cat]") {
    TempDir dir;
    const std::string file = write_sample(dir).string();
    const auto big = run({"cfb", "cat", file, "Data/big"});
    REQUIRE(big.status == 0);
    CHECK(bytes_of(big.out) == pattern(5000, 7));
    CHECK(run({"cfb", "cat", file, "data/BIG"}).out.size() == 5000);
    CHECK(run({"cfb", "cat", file,
               "Data/\x01"
               "CompObj"})
              .out
          == "comp");
    CHECK(run({"cfb", "cat", file, "Data/%01CompObj"}).out == "comp");
    CHECK(run({"cfb", "cat", file, "Data/Inner/Empty"}).out.empty());

    const auto missing = run({"cfb", "cat", file, "Data/nothing"});
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("Data/nothing"));
    const auto storage = run({"cfb", "cat", file, "Data/Inner"});
    CHECK(storage.status == 2);
    CHECK_THAT(storage.err, Catch::Contains("storage"));
}

TEST_CASE("cfb check: 0 for a valid file, 1 for a corrupt one, 2 for an unreadable one",
          "[cli][check]") {
    TempDir dir;
    const fs::path file = write_sample(dir);
    const auto good = run({"cfb", "check", file.string()});
    CHECK(good.status == 0);
    CHECK_THAT(good.out, Catch::Contains(file.string() + ": valid, 0 warnings"));

    SECTION("bad signature") {
        auto bytes = msgforge::test::read_file(file);
        bytes[0] = 0x00;
        msgforge::test::write_file(file, bytes);
        const auto r = run({"cfb", "check", file.string()});
        CHECK(r.status == 1);
        CHECK_THAT(r.out, Catch::Contains(file.string() + ": invalid: "));
    }
    SECTION("a broken stream chain") {
        const auto reader = cfb::Reader::open(file);
        const auto id = reader.find("Data/big");
        REQUIRE(id.has_value());
        const uint32_t start = reader.entry(*id).start_sector;
        auto bytes = msgforge::test::read_file(file);
        const uint32_t fat_sector = uint32_t{bytes[0x4C]} | uint32_t{bytes[0x4D]} << 8
                                    | uint32_t{bytes[0x4E]} << 16 | uint32_t{bytes[0x4F]} << 24;
        msgforge::test::patch_u32(bytes, (fat_sector + 1) * 512 + 4 * size_t{start}, 0xFFFFFFFB);
        msgforge::test::write_file(file, bytes);
        const auto r = run({"cfb", "check", file.string()});
        CHECK(r.status == 1);
        CHECK_THAT(r.out, Catch::Contains("invalid"));
        CHECK(run({"cfb", "cat", file.string(), "Data/big"}).status == 1);
        CHECK(run({"cfb", "ls", file.string()}).status != 2);
    }
    SECTION("a missing file") {
        const auto r = run({"cfb", "check", (dir / "absent.cfb").string()});
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::Contains("absent.cfb"));
    }
    SECTION("not a compound file at all") {
        write_text(file, "just text");
        CHECK(run({"cfb", "check", file.string()}).status == 1);
        CHECK(run({"cfb", "ls", file.string()}).status == 1);
    }
}

TEST_CASE("cfb check reports tolerated oddities as warnings, --strict refuses them",
          "[cli][check]") {
    TempDir dir;
    const fs::path file = write_sample(dir);
    auto bytes = msgforge::test::read_file(file);
    msgforge::test::patch_u32(bytes, 0x34, 7);
    msgforge::test::write_file(file, bytes);
    const auto r = run({"cfb", "check", file.string()});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("warning"));
    CHECK_THAT(r.out, Catch::Contains(": valid, 1 warning "));
    CHECK(run({"cfb", "check", "--strict", file.string()}).status == 1);
}

TEST_CASE("pack then unpack gives the same folder tree byte for byte", "[cli][pack]") {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in / "Sub" / "Deeper");
    fs::create_directories(in / "Empty folder");
    write_text(in / "%01CompObj", "compobj");
    write_text(in / "100%25", "percent");
    write_text(in / "caf\xC3\xA9", "e acute");
    write_text(in / "\xE4\xB8\xAD\xE6\x96\x87", "chinese");
    write_text(in / "emoji \xF0\x9F\x98\x80", "emoji");
    write_text(in / "empty", "");
    write_text(in / "Sub" / "4096", std::string(4096, 'x'));
    write_text(in / "Sub" / "4095", std::string(4095, 'y'));
    write_text(in / "Sub" / "Deeper" / "%2E%2E", "dots");
    msgforge::test::write_file(in / "Sub" / "five MB", pattern(5 * 1024 * 1024, 3));

    const bool v4 = GENERATE(false, true);
    const std::string out = (dir / "packed.cfb").string();
    std::vector<std::string> pack = {"cfb", "pack", in.string(), "-o", out};
    if (v4) {
        pack.push_back("--v4");
    }
    const auto packed = run(pack);
    REQUIRE(packed.err == "");
    REQUIRE(packed.status == 0);

    const auto ls = run({"cfb", "ls", "--json", out});
    REQUIRE(ls.status == 0);
    const auto json = nlohmann::json::parse(ls.out);
    CHECK(json["version"] == (v4 ? 4 : 3));
    std::map<std::string, std::pair<std::string, uint64_t>> listed;
    for (const auto& e : json["entries"]) {
        listed[e["path"]] = {e["type"], e["size"]};
    }
    CHECK(listed.size() == 13);
    CHECK(listed["\x01"
                 "CompObj"]
          == std::pair<std::string, uint64_t>{"stream", 7});
    CHECK(listed["100%"].second == 7);
    CHECK(listed["empty"].second == 0);
    CHECK(listed["Empty folder"].first == "storage");
    CHECK(listed["Sub/Deeper/.."].second == 4);
    CHECK(listed["Sub/five MB"].second == 5 * 1024 * 1024);
    CHECK(listed.count("emoji \xF0\x9F\x98\x80") == 1);

    const fs::path back = dir / "back";
    const auto unpacked = run({"cfb", "unpack", out, "-o", back.string()});
    REQUIRE(unpacked.err == "");
    REQUIRE(unpacked.status == 0);
    // The folder again, and the metadata file: the version, nothing else to keep.
    const auto text = msgforge::test::read_file(back / ".cfb.json");
    const auto metadata = nlohmann::json::parse(text.begin(), text.end());
    CHECK(metadata["version"] == (v4 ? 4 : 3));
    CHECK(metadata["entries"].empty());
    fs::remove(back / ".cfb.json");
    CHECK(snapshot(back) == snapshot(in));
    CHECK(run({"cfb", "check", out}).status == 0);
}

TEST_CASE("unpack then pack reproduces a file msgforge wrote, byte for byte", "[cli][unpack]") {
    TempDir dir;
    cfb::Tree tree = sample_tree();
    tree.put_stream(".", cfb::Blob::owned(bytes_of("dot")));
    tree.put_stream("Data/..", cfb::Blob::owned(bytes_of("dot dot")));
    tree.put_stream("100%", cfb::Blob::owned(bytes_of("percent")));
    const auto version = GENERATE(cfb::Version::V3, cfb::Version::V4);
    cfb::WriteOptions options;
    options.version = version;
    const auto original = cfb::write(tree, options);
    msgforge::test::write_file(dir / "a.cfb", original);

    const fs::path folder = dir / "nested" / "out";
    REQUIRE(run({"cfb", "unpack", (dir / "a.cfb").string(), "-o", folder.string()}).status == 0);
    CHECK(fs::is_regular_file(folder / "%2E"));
    CHECK(fs::is_regular_file(folder / "Data" / "%2E%2E"));
    CHECK(fs::is_regular_file(folder / "Data" / "%01CompObj"));
    CHECK(fs::is_directory(folder / "Data" / "Inner"));
    CHECK(fs::file_size(folder / "Data" / "Inner" / "Empty") == 0);
    CHECK(fs::is_regular_file(folder / "100%25"));

    std::vector<std::string> pack = {"cfb", "pack", folder.string(), "-o",
                                     (dir / "b.cfb").string()};
    if (version == cfb::Version::V4) {
        pack.push_back("--v4");
    }
    REQUIRE(run(pack).status == 0);
    CHECK(msgforge::test::read_file(dir / "b.cfb") == original);
}

TEST_CASE("An entry with an empty name is listed, unpacked and packed back as %00",
          "[cli][unpack][pack]") {
    TempDir dir;
    cfb::Tree tree = sample_tree();
    cfb::Node nameless;
    nameless.type = cfb::EntryType::Storage;
    nameless.children.push_back(cfb::Node::stream("inside", cfb::Blob::owned(bytes_of("in"))));
    tree.find("Data")->children.push_back(nameless);
    const auto original = cfb::write(tree);
    msgforge::test::write_file(dir / "a.cfb", original);

    const auto ls = run({"cfb", "ls", (dir / "a.cfb").string()});
    REQUIRE(ls.status == 0);
    CHECK_THAT(ls.out, Catch::Contains("  Data/%00\n") && Catch::Contains("  Data/%00/inside\n"));
    const auto cat = run({"cfb", "cat", (dir / "a.cfb").string(), "Data/%00/inside"});
    CHECK(cat.status == 0);
    CHECK(cat.out == "in");
    const auto check = run({"cfb", "check", (dir / "a.cfb").string()});
    CHECK(check.status == 0);
    CHECK_THAT(check.out, Catch::Contains("empty name"));
    CHECK(run({"cfb", "check", "--strict", (dir / "a.cfb").string()}).status == 1);

    const fs::path folder = dir / "out";
    const auto unpacked = run({"cfb", "unpack", (dir / "a.cfb").string(), "-o", folder.string()});
    INFO(unpacked.err);
    REQUIRE(unpacked.status == 0);
    CHECK(msgforge::test::read_file(folder / "Data" / "%00" / "inside") == bytes_of("in"));
    const auto packed = run({"cfb", "pack", folder.string(), "-o", (dir / "b.cfb").string()});
    INFO(packed.err);
    REQUIRE(packed.status == 0);
    CHECK(msgforge::test::read_file(dir / "b.cfb") == original);
}

TEST_CASE("unpack refuses a folder that is not empty", "[cli][unpack]") {
    TempDir dir;
    const std::string file = write_sample(dir).string();
    fs::create_directories(dir / "out");
    write_text(dir / "out" / "stale", "x");
    const auto r = run({"cfb", "unpack", file, "-o", (dir / "out").string()});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("not empty"));
}

TEST_CASE("pack refuses names that are not valid entry names, naming the path", "[cli][pack]") {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    const std::string out = (dir / "out.cfb").string();

    SECTION("a bare percent sign") {
        write_text(in / "50%", "");
    }
    SECTION("a name longer than 31 UTF-16 code units") {
        write_text(in / std::string(32, 'n'), "");
    }
    SECTION("a character CFB forbids") {
        write_text(in / "a:b", "");
    }
    SECTION("a slash, percent-encoded") {
        fs::create_directories(in / "sub");
        write_text(in / "sub" / "a%2Fb%3Ac", "");
    }
    SECTION("invalid UTF-8 after decoding") {
        write_text(in / "bad%FF", "");
    }
    SECTION("two names equal under CFB's case-insensitive order") {
        write_text(in / "Name", "");
        write_text(in / "NAME", "");
    }
    SECTION("a symbolic link") {
        write_text(dir / "target", "t");
        fs::create_symlink(dir / "target", in / "link");
    }
    const auto r = run({"cfb", "pack", in.string(), "-o", out});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains(in.string() + "/"));
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("pack of a missing folder or onto an unwritable path exits with 2", "[cli][pack]") {
    TempDir dir;
    const auto missing = run({"cfb", "pack", (dir / "nope").string(), "-o", (dir / "o").string()});
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("nope"));
    fs::create_directories(dir / "in");
    const auto unwritable =
        run({"cfb", "pack", (dir / "in").string(), "-o", (dir / "no" / "such" / "o").string()});
    CHECK(unwritable.status == 2);
}
