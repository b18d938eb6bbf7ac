// `msgforge import sbr` and `msgforge export sbr` on archives from the synthetic generator.
#include "run_cli.hpp"
#include "sbr/sbr_generator.hpp"
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/sbr.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace gen = msgforge::test::sbr;
namespace sbr = msgforge::sbr;
using msgforge::test::TempDir;

namespace {

constexpr auto run = msgforge::test::run_cli;

fs::path write_archive(const TempDir& dir, size_t sms, size_t mms, bool malformed) {
    gen::GeneratorOptions options;
    options.sms = sms;
    options.mms = mms;
    options.malformed = malformed;
    options.jpeg = msgforge::test::read_file(fs::path(MSGFORGE_TESTDATA_DIR) / "oms/photo.jpg");
    std::ostringstream out;
    gen::generate(out, options);
    const std::string text = out.str();
    const fs::path path = dir / "backup.xml";
    msgforge::test::write_file(path, msgforge::as_bytes(text));
    return path;
}

std::vector<std::string> names_below(const fs::path& dir) {
    std::vector<std::string> names;
    for (const fs::path& p : msgforge::test::files_below(dir)) {
        names.push_back(fs::relative(p, dir).generic_string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::vector<uint8_t>> contents_below(const fs::path& dir) {
    std::vector<std::vector<uint8_t>> contents;
    for (const fs::path& p : msgforge::test::files_below(dir)) {
        contents.push_back(msgforge::test::read_file(p));
    }
    std::sort(contents.begin(), contents.end());
    return contents;
}

}  // namespace

TEST_CASE("import sbr writes one valid file per message and reports bad elements", "[cli][sbr]") {
    TempDir dir;
    const fs::path backup = write_archive(dir, 12, 8, true);
    const auto r = run({"import", "sbr", backup.string(), "-o", (dir / "out").string(), "--me",
                        gen::OWNER, "--threads", "2"});
    CHECK(r.status == 1);
    CHECK(r.out == "13 SMS, 8 MMS, 0 skipped, 3 failed\n");
    CHECK_THAT(r.err, Catch::Contains("backup.xml: sbr <sms> at 0x") && Catch::Contains("line 107:")
                          && Catch::Contains("line 108:")
                          && Catch::Contains("no </mms> before line 110")
                          && Catch::Contains("line 110: date is not a whole number"));
    const std::vector<std::string> names = names_below(dir / "out");
    REQUIRE(names.size() == 21);
    CHECK(std::find(names.begin(), names.end(), "2026-01-02_030405_+15550101000_in_000001.msg")
          != names.end());
    CHECK(std::find(names.begin(), names.end(),
                    "2026-01-02_194405_+15550101000_+15550101001_+15550101002_in_000002.msg")
          != names.end());

    std::vector<std::string> validate = {"validate"};
    for (const std::string& name : names) {
        validate.push_back((dir / "out" / name).string());
    }
    const auto v = run(validate);
    CHECK(v.status == 0);
    CHECK_THAT(v.out, Catch::EndsWith("21 files, 21 valid\n"));
    CHECK(v.out.find("SHOULD ") == std::string::npos);
}

TEST_CASE("import sbr refuses what is not an archive and creates nothing", "[cli][sbr]") {
    TempDir dir;
    const fs::path out = dir / "out";
    const auto refused = [&](const std::string& name, const std::string& text) {
        const fs::path input = dir / name;
        msgforge::test::write_file(input, msgforge::as_bytes(text));
        return run({"import", "sbr", input.string(), "-o", out.string()});
    };
    const auto empty = refused("empty.xml", "");
    CHECK(empty.status == 1);
    CHECK(empty.out.empty());
    CHECK_THAT(empty.err, Catch::Contains("empty.xml: sbr archive: not an SMS Backup & Restore "
                                          "archive: the file is empty"));
    const auto page = refused("page.html", "<!DOCTYPE html><html><body>x</body></html>");
    CHECK(page.status == 1);
    CHECK_THAT(page.err, Catch::Contains("the root element is <html>, not <smses>"));
    const auto calls = refused("calls.xml", "<?xml version='1.0'?><calls count=\"0\"></calls>");
    CHECK(calls.status == 1);
    CHECK_THAT(calls.err, Catch::Contains("the root element is <calls>, not <smses>"));
    const auto missing = run({"import", "sbr", (dir / "missing.xml").string(), "-o", out.string()});
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("missing.xml: cannot open"));
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("import sbr again skips what is there and identical", "[cli][sbr]") {
    TempDir dir;
    const fs::path backup = write_archive(dir, 4, 2, false);
    const std::string out = (dir / "out").string();
    REQUIRE(run({"import", "sbr", backup.string(), "-o", out, "--quiet"}).status == 0);
    const auto before = contents_below(dir / "out");
    const auto again = run({"import", "sbr", backup.string(), "-o", out, "--threads", "3"});
    CHECK(again.status == 0);
    CHECK(again.out == "0 SMS, 0 MMS, 6 skipped, 0 failed\n");
    CHECK(contents_below(dir / "out") == before);
    // An owner number is recorded in every message, so each changes: kept beside, never over,
    // the first files.
    const auto other = run({"import", "sbr", backup.string(), "-o", out, "--me", "+15550109876"});
    CHECK(other.out == "4 SMS, 2 MMS, 0 skipped, 0 failed\n");
    const std::vector<std::string> names = names_below(dir / "out");
    CHECK(names.size() == 12);
    CHECK(std::count_if(names.begin(), names.end(),
                        [](const std::string& n) { return n.ends_with(" (2).msg"); })
          == 6);
}

TEST_CASE("import sbr gives the same files whatever the number of threads", "[cli][sbr]") {
    TempDir dir;
    const fs::path backup = write_archive(dir, 10, 6, false);
    REQUIRE(run({"import", "sbr", backup.string(), "-o", (dir / "one").string(), "--threads", "1"})
                .status
            == 0);
    REQUIRE(run({"import", "sbr", backup.string(), "-o", (dir / "four").string(), "--threads", "4"})
                .status
            == 0);
    CHECK(names_below(dir / "one") == names_below(dir / "four"));
    CHECK(contents_below(dir / "one") == contents_below(dir / "four"));
}

TEST_CASE("import sbr --by-conversation makes one folder per conversation", "[cli][sbr]") {
    TempDir dir;
    const fs::path backup = write_archive(dir, 3, 1, false);
    const auto r =
        run({"import", "sbr", backup.string(), "-o", (dir / "out").string(), "--by-conversation"});
    CHECK(r.status == 0);
    const std::vector<std::string> names = names_below(dir / "out");
    REQUIRE(names.size() == 4);
    CHECK(names[0] == "+15550101000/2026-01-02_030405_+15550101000_in_000001.msg");
    CHECK(names[1].starts_with("+15550101000_+15550101001_+15550101002/"));
    CHECK(names[2].starts_with("+15550101001/"));
}

TEST_CASE("import sbr --strict stops at the first error", "[cli][sbr]") {
    TempDir dir;
    const fs::path backup = write_archive(dir, 12, 8, true);
    const auto r = run({"import", "sbr", backup.string(), "-o", (dir / "out").string(), "--strict",
                        "--threads", "1"});
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::EndsWith("1 failed\n"));
    CHECK(names_below(dir / "out").size() <= 20);
}

TEST_CASE("import sbr refuses bad usage and unreadable archives", "[cli][sbr]") {
    TempDir dir;
    CHECK(run({"import", "sbr", (dir / "none.xml").string(), "-o", (dir / "out").string()}).status
          == 2);
    const fs::path backup = write_archive(dir, 1, 0, false);
    CHECK(run({"import", "sbr", backup.string()}).status == 2);
    const auto threads =
        run({"import", "sbr", backup.string(), "-o", (dir / "o").string(), "--threads", "0"});
    CHECK(threads.status == 2);
    CHECK_THAT(threads.err, Catch::Contains("--threads"));
    CHECK(run({"export", "sbr", dir.path().string()}).status == 2);
}

TEST_CASE("export sbr writes back what import read", "[cli][sbr]") {
    TempDir dir;
    const fs::path backup = write_archive(dir, 12, 8, false);
    REQUIRE(
        run({"import", "sbr", backup.string(), "-o", (dir / "out").string(), "--me", gen::OWNER})
            .status
        == 0);
    const fs::path exported = dir / "exported.xml";
    const auto r =
        run({"export", "sbr", (dir / "out").string(), "-o", exported.string(), "--me", gen::OWNER});
    CHECK(r.status == 0);
    CHECK(r.out == "12 SMS, 8 MMS, 0 skipped, 0 failed\n");
    const auto bytes = msgforge::test::read_file(exported);
    CHECK(std::string(msgforge::as_chars(bytes)).find("<smses count=\"20\">") != std::string::npos);

    // Every element of the export is one of the backup's, field for field.
    std::vector<sbr::Record> originals;
    sbr::Reader original_reader(backup);
    while (auto rec = original_reader.next()) {
        originals.push_back(std::move(*rec));
    }
    sbr::Reader reader(exported);
    size_t n = 0;
    while (const auto rec = reader.next()) {
        ++n;
        const auto match = std::find_if(originals.begin(), originals.end(), [&](const auto& o) {
            return o.kind == rec->kind && o.get("date") == rec->get("date");
        });
        REQUIRE(match != originals.end());
        for (const auto& [name, value] : match->attributes) {
            INFO(name);
            CHECK(rec->get(name) == value);
        }
    }
    CHECK(n == 20);

    // Importing the export gives the same files (names aside: the sequence follows the order).
    REQUIRE(run({"import", "sbr", exported.string(), "-o", (dir / "again").string(), "--me",
                 gen::OWNER})
                .status
            == 0);
    CHECK(contents_below(dir / "again") == contents_below(dir / "out"));
}
