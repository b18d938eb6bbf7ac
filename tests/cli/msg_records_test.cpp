// records: JSON Lines of normalised records over files and folders, threads, attachments kept
// by digest.
#include "msg_fixtures.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using namespace msgforge::test;
using Json = nlohmann::ordered_json;

namespace {

std::vector<Json> lines_of(const std::string& text) {
    std::vector<Json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(Json::parse(line));
    }
    return out;
}

msg::Message with_attachment(const std::u16string& subject, const std::string& data) {
    msg::Message m;
    m.properties.set(tags::PidTagMessageClass, std::u16string(u"IPM.Note"));
    m.properties.set(tags::PidTagSubject, subject);
    m.attachments.push_back(by_value(0, u"data.bin", data));
    m.next_attachment_id = 1;
    return m;
}

}  // namespace

TEST_CASE("records: a folder gives one line per message in path order, with a summary") {
    TempDir dir;
    fs::create_directories(dir / "sub");
    write_message(dir, with_attachment(u"second", "b"), "sub/b.msg");
    write_message(dir, with_attachment(u"first", "a"), "a.msg");
    write_text(dir, "sub/c.msg", "not a message");
    write_text(dir, "notes.txt", "ignored");

    const CliResult r = run_cli({"records", dir.path().string(), "--threads", "2"});
    CHECK(r.status == 1);
    CHECK(r.err == "3 files, 3 records, 1 failed\n");
    const std::vector<Json> lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["subject"] == "first");
    CHECK(lines[1]["subject"] == "second");
    CHECK(lines[2]["path"] == (dir / "sub/c.msg").generic_string());
    CHECK(lines[2].contains("error"));
}

TEST_CASE("records: -o writes the file, --attachments-dir keeps each attachment once") {
    TempDir dir;
    const fs::path a = write_message(dir, with_attachment(u"one", "same bytes"), "a.msg");
    const fs::path b = write_message(dir, with_attachment(u"two", "same bytes"), "b.msg");
    const fs::path out = dir / "out.jsonl";
    const fs::path store = dir / "store";
    const CliResult r = run_cli({"records", a.string(), b.string(), "-o", out.string(),
                                 "--attachments-dir", store.string(), "--bodies"});
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    CHECK(r.err == "2 files, 2 records, 0 failed\n");
    const std::vector<uint8_t> written = read_file(out);
    const std::vector<Json> lines = lines_of(std::string(written.begin(), written.end()));
    REQUIRE(lines.size() == 2);
    const std::string digest = msgforge::Sha256::hex(msgforge::as_bytes("same bytes"));
    CHECK(lines[0]["attachments"][0]["sha256"] == digest);
    CHECK(lines[1]["attachments"][0]["sha256"] == digest);
    CHECK(lines[0].contains("body"));
    const fs::path kept = store / digest.substr(0, 2) / digest;
    REQUIRE(fs::exists(kept));
    const std::vector<uint8_t> bytes = read_file(kept);
    CHECK(std::string(bytes.begin(), bytes.end()) == "same bytes");
    size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(store)) {
        files += e.is_regular_file() ? 1U : 0U;
    }
    CHECK(files == 1);
}

TEST_CASE("records: bad arguments are usage errors") {
    TempDir dir;
    const fs::path a = write_message(dir, with_attachment(u"one", "x"), "a.msg");
    CHECK(run_cli({"records"}).status == 2);
    const CliResult r = run_cli({"records", a.string(), "--threads", "0"});
    CHECK(r.status == 2);
    CHECK(r.err.find("--threads") != std::string::npos);
}
