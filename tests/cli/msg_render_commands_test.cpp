// render: pages written atomically with their attachments beside them or inlined, several inputs
// into a folder with an index, bad files reported and listed.
#include "msg_fixtures.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace msgforge;
using namespace msgforge::test;
namespace fs = std::filesystem;

TEST_CASE("render writes the page and its attachments beside it, safely named",
          "[cli][msg][render]") {
    TempDir dir;
    const fs::path in = write_message(dir, sample(), "in.msg");
    const Result r = run({"render", in.string(), "-o", (dir / "out" / "page.html").string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out == "page.html\n");
    const std::string page = text_of(dir / "out" / "page.html");
    CHECK(page.find("<title>Hello \u2713</title>") != std::string::npos);
    CHECK(page.find("<a href=\"page_files/report.txt\">report.txt</a>") != std::string::npos);
    CHECK(text_of(dir / "out" / "page_files" / "report.txt") == "hello");
    // "../../evil.txt" lands inside the folder under a safe name.
    CHECK(page.find("<a href=\"page_files/__._evil.txt\">../../evil.txt</a>") != std::string::npos);
    CHECK(text_of(dir / "out" / "page_files" / "__._evil.txt") == "evil");
    CHECK(!fs::exists(dir / "evil.txt"));
    CHECK(page.find("<details class=\"mf-embedded\">") != std::string::npos);
}

TEST_CASE("render --inline writes the page alone, attachments as data: URIs",
          "[cli][msg][render]") {
    TempDir dir;
    const fs::path in = write_message(dir, sample(), "in.msg");
    fs::create_directory(dir / "out");
    const Result r = run({"render", in.string(), "-o", (dir / "out").string(), "--inline"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out == "in.html\n");
    CHECK(text_of(dir / "out" / "in.html").find("href=\"data:text/plain;base64,aGVsbG8=\"")
          != std::string::npos);
    CHECK(!fs::exists(dir / "out" / "in_files"));
}

TEST_CASE("render of several files writes a page each and an index, going on past a bad one",
          "[cli][msg][render][many]") {
    TempDir dir;
    fs::create_directories(dir / "in" / "sub");
    write_message(dir, sample(), "in/a.msg");
    write_message(dir, sample(), "in/sub/a.msg");
    write_text(dir, "in/bad.msg", "not a message");
    const Result r = run({"render", (dir / "in").string(), "-o", (dir / "out").string()});
    CHECK(r.status == 1);
    CHECK(r.out == "a.html\na (2).html\nindex.html\n");
    CHECK(r.err.find("bad.msg") != std::string::npos);
    CHECK(r.err.find("3 files, 1 failed") != std::string::npos);
    const std::string index = text_of(dir / "out" / "index.html");
    CHECK(index.find("<a href=\"a.html\">Hello \u2713</a></td><td>Alice &lt;alice@example.com&gt;"
                     "</td><td>2024-05-01 09:30:00 UTC</td>")
          != std::string::npos);
    CHECK(index.find("<a href=\"a%20%282%29.html\">") != std::string::npos);
    CHECK(index.find("<span class=\"mf-error\">") != std::string::npos);
    CHECK(fs::exists(dir / "out" / "a (2)_files" / "report.txt"));
}
