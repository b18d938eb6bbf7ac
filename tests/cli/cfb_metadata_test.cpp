// cfb unpack keeps what a folder cannot show (version, CLSIDs, state bits, times) in .cfb.json,
// and cfb pack puts it back.
#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace cfb = msgforge::cfb;
using msgforge::FileTime;
using msgforge::Guid;
using msgforge::test::TempDir;

namespace {

constexpr auto run = msgforge::test::run_cli;

cfb::Blob text_blob(const std::string& s) {
    return cfb::Blob::owned(std::vector<uint8_t>(s.begin(), s.end()));
}

/// A tree with metadata on the root, a storage and a stream, and a stream named .cfb.json.
cfb::Tree tree_with_metadata() {
    cfb::Tree tree;
    tree.root().clsid = Guid::parse("{00020D0B-0000-0000-C000-000000000046}").value();
    tree.root().modified = FileTime::parse("2021-02-22T14:57:34.248Z").value();
    tree.put_stream("Data/Inner/payload", text_blob("payload"));
    tree.put_stream(".cfb.json", text_blob("an entry, not the metadata"));
    cfb::Node& data = *tree.root().find("Data");
    data.clsid = Guid::parse("{11111111-2222-3333-4444-555555555555}").value();
    data.state_bits = 7;
    data.created = FileTime::parse("2020-01-02T03:04:05Z").value();
    data.modified = FileTime::parse("2020-01-02T03:04:06Z").value();
    data.find("Inner")->find("payload")->state_bits = 1;
    return tree;
}

}  // namespace

TEST_CASE("unpack then pack keeps the version, CLSIDs, state bits and times",
          "[cli][unpack][pack]") {
    TempDir dir;
    const auto version = GENERATE(cfb::Version::V3, cfb::Version::V4);
    cfb::WriteOptions options;
    options.version = version;
    const auto original = cfb::write(tree_with_metadata(), options);
    msgforge::test::write_file(dir / "a.cfb", original);
    const fs::path folder = dir / "out";
    REQUIRE(run({"cfb", "unpack", (dir / "a.cfb").string(), "-o", folder.string()}).status == 0);
    CHECK(fs::is_regular_file(folder / ".cfb.json"));
    CHECK(fs::is_regular_file(folder / "%2Ecfb.json"));
    // No --v4: the version comes from the metadata.
    const fs::path packed = dir / "b.cfb";
    const auto r = run({"cfb", "pack", folder.string(), "-o", packed.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(msgforge::test::read_file(packed) == original);
    const cfb::Reader reader = cfb::Reader::open(packed);
    CHECK(reader.version() == version);
    CHECK(reader.entry(reader.root()).clsid.to_string()
          == "{00020D0B-0000-0000-C000-000000000046}");
    const auto data = reader.find("Data");
    REQUIRE(data);
    CHECK(reader.entry(*data).state_bits == 7);
    CHECK(reader.entry(*data).created.to_iso() == "2020-01-02T03:04:05.0000000Z");
    const auto entry = reader.find(".cfb.json");
    REQUIRE(entry);
    CHECK(reader.entry(*entry).size == 26);
}

TEST_CASE("pack refuses a metadata file it cannot apply, naming it and the value",
          "[cli][pack][hostile]") {
    TempDir dir;
    const fs::path folder = dir / "in";
    fs::create_directories(folder / "Sub");
    const auto with = [&](const std::string& json) {
        msgforge::test::write_file(folder / ".cfb.json",
                                   std::vector<uint8_t>(json.begin(), json.end()));
        return run({"cfb", "pack", folder.string(), "-o", (dir / "out.cfb").string()});
    };
    const std::string head = R"({"format": "msgforge cfb metadata 1", )";
    const auto missing = with(head + R"("entries": [{"path": "Nope", "state_bits": 1}]})");
    CHECK(missing.status == 1);
    CHECK_THAT(missing.err, Catch::Contains(".cfb.json: entries[0].path: 'Nope' names no entry"));
    CHECK(with(head + R"("entries": [{"path": "Sub", "clsid": "x"}]})").status == 1);
    CHECK(with(head + R"("entries": [{"path": "Sub", "state_bits": -1}]})").status == 1);
    CHECK(with(head + R"("version": 5})").status == 1);
    CHECK(with("{").status == 1);
    CHECK(with(R"({"format": "something else"})").status == 1);
    CHECK_FALSE(fs::exists(dir / "out.cfb"));
    const auto good = with(head + R"("entries": [{"path": "Sub", "state_bits": 3}]})");
    REQUIRE(good.status == 0);
    const cfb::Reader reader = cfb::Reader::open(dir / "out.cfb");
    CHECK(reader.entry(*reader.find("Sub")).state_bits == 3);
    CHECK_FALSE(reader.find(".cfb.json"));
}
