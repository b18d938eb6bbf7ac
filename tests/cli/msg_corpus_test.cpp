// The .msg commands over every .msg and .oft file of ../shared/corpus (skipped, with a
// warning, when the corpus is absent).
#include "msgforge/cli.hpp"
#include "run_cli.hpp"
#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using msgforge::test::TempDir;

namespace {

using Result = msgforge::test::CliResult;
constexpr auto run = msgforge::test::run_cli;

bool is_message(const fs::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return ext == ".msg" || ext == ".oft";
}

std::vector<fs::path> corpus_messages() {
    std::vector<fs::path> out;
    const fs::path dir = msgforge::test::corpus_dir();
    if (dir.empty()) {
        return out;
    }
    for (const fs::path& p : msgforge::test::files_below(dir)) {
        if (is_message(p)) {
            out.push_back(p);
        }
    }
    return out;
}

/// The JSON without its informational parts: warnings, and the root CLSID, which the writer
/// sets to the message CLSID when a file has none.
nlohmann::ordered_json comparable(const std::string& text) {
    auto j = nlohmann::ordered_json::parse(text);
    j.erase("warnings");
    j.erase("storage_clsid");
    return j;
}

}  // namespace

TEST_CASE("Every corpus message survives dump --json --full, build and dump unchanged",
          "[cli][msg][corpus]") {
    const auto files = corpus_messages();
    if (files.empty()) {
        msgforge::test::report_skip("../shared/corpus is absent");
        return;
    }
    TempDir dir;
    size_t same = 0;
    size_t unreadable = 0;
    for (const fs::path& file : files) {
        INFO(file.string());
        const Result first = run({"dump", "--json", "--full", file.string()});
        if (first.status != 0) {
            ++unreadable;
            continue;
        }
        const fs::path json = dir / "in.json";
        const fs::path out = dir / "out.msg";
        msgforge::test::write_file(json, std::vector<uint8_t>(first.out.begin(), first.out.end()));
        const Result built = run({"build", "--bare", json.string(), "-o", out.string()});
        INFO(built.err);
        REQUIRE(built.status == 0);
        const Result second = run({"dump", "--json", "--full", out.string()});
        REQUIRE(second.status == 0);
        CHECK(comparable(first.out) == comparable(second.out));
        same += comparable(first.out) == comparable(second.out) ? 1U : 0U;
    }
    WARN(std::to_string(files.size()) + " corpus messages: " + std::to_string(same)
         + " identical after build, " + std::to_string(unreadable) + " unreadable");
    CHECK(same + unreadable == files.size());
}

TEST_CASE("Every readable corpus message round-trips", "[cli][msg][corpus]") {
    const auto files = corpus_messages();
    if (files.empty()) {
        msgforge::test::report_skip("../shared/corpus is absent");
        return;
    }
    size_t identical = 0;
    size_t invalid = 0;
    for (const fs::path& file : files) {
        INFO(file.string());
        const Result r = run({"roundtrip", file.string()});
        CHECK(r.status != 2);
        if (r.out.find(": invalid: ") != std::string::npos) {
            ++invalid;
            continue;
        }
        CHECK(r.status == 0);
        identical += r.status == 0 ? 1U : 0U;
    }
    WARN(std::to_string(files.size()) + " corpus messages: " + std::to_string(identical)
         + " identical, " + std::to_string(invalid) + " invalid");
    CHECK(identical + invalid == files.size());
}

TEST_CASE("Extracting every corpus message writes only regular files inside DIR",
          "[cli][msg][corpus]") {
    const auto files = corpus_messages();
    if (files.empty()) {
        msgforge::test::report_skip("../shared/corpus is absent");
        return;
    }
    TempDir dir;
    size_t written = 0;
    size_t index = 0;
    for (const fs::path& file : files) {
        INFO(file.string());
        const fs::path out = dir / ("out" + std::to_string(index++));
        const Result r = run({"extract", file.string(), "-o", out.string(), "--bodies"});
        CHECK(r.status != 2);
        if (!fs::exists(out)) {
            continue;
        }
        for (const auto& e : fs::recursive_directory_iterator(out)) {
            CHECK(e.is_regular_file());
            CHECK(e.path().parent_path() == out);
            ++written;
        }
    }
    const auto outside = msgforge::test::files_below(dir.path());
    CHECK(outside.size() == written);
    WARN(std::to_string(files.size()) + " corpus messages: " + std::to_string(written)
         + " files extracted");
}
