// `msgforge convert IN.eml`, `import eml` and `import mbox` on the MIME files of testdata/mime.
#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/msg/message.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using msgforge::test::TempDir;

namespace {

constexpr auto run = msgforge::test::run_cli;

std::string mime_file(const char* name) {
    return (fs::path(MSGFORGE_TESTDATA_DIR) / "mime" / name).string();
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const fs::path& p : msgforge::test::files_below(dir)) {
        names.push_back(fs::relative(p, dir).generic_string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string subject_of(const fs::path& file) {
    return msgforge::msg::Message::read_file(file).subject().value_or("");
}

}  // namespace

TEST_CASE("convert IN.eml -o OUT.msg writes the message", "[cli][mime]") {
    const TempDir dir;
    const auto r = run({"convert", mime_file("plain.eml"), "-o", (dir / "out.msg").string()});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(subject_of(dir / "out.msg") == "café");
}

TEST_CASE("convert --to msg reads an input of any name as MIME", "[cli][mime]") {
    const TempDir dir;
    const fs::path renamed = dir / "mail.txt";
    fs::copy_file(mime_file("plain.eml"), renamed);
    CHECK(run({"convert", renamed.string(), "-o", (dir / "out.msg").string()}).status != 0);
    const auto r =
        run({"convert", renamed.string(), "--to", "msg", "-o", (dir / "out.msg").string()});
    CHECK(r.status == 0);
    CHECK(subject_of(dir / "out.msg") == "café");
}

TEST_CASE("convert with several inputs or an mbox writes into a folder", "[cli][mime]") {
    const TempDir dir;
    const fs::path out = dir / "out";
    const auto r =
        run({"convert", mime_file("plain.eml"), mime_file("signed.eml"), mime_file("archive.mbox"),
             (dir / "missing.eml").string(), "-o", out.string()});
    CHECK(r.status == 2);
    CHECK(names_in(out)
          == std::vector<std::string>{"archive 1.msg", "archive 2.msg", "plain.msg", "signed.msg"});
    CHECK(r.err.find("missing.eml: cannot open") != std::string::npos);
    CHECK(r.err.find("4 files, 1 failed") != std::string::npos);
    CHECK(r.out == "4 messages written, 0 warnings, 1 file failed\n");
    CHECK(subject_of(out / "archive 2.msg") == "second");
}

TEST_CASE("import eml names the files after their subjects, never replacing one", "[cli][mime]") {
    const TempDir dir;
    const fs::path out = dir / "out";
    const std::vector<std::string> args = {
        "import", "eml", mime_file("plain.eml"), mime_file("mixed.eml"), "-o", out.string()};
    CHECK(run(args).status == 0);
    CHECK(run(args).status == 0);
    CHECK(names_in(out)
          == std::vector<std::string>{"café (2).msg", "café.msg", "pictures (2).msg",
                                      "pictures.msg"});
}

TEST_CASE("import mbox writes one file per message and reports the warnings", "[cli][mime]") {
    const TempDir dir;
    const fs::path out = dir / "out";
    const auto r = run({"import", "mbox", mime_file("archive.mbox"), "-o", out.string()});
    CHECK(r.status == 0);
    CHECK(names_in(out) == std::vector<std::string>{"first.msg", "second.msg"});
    CHECK(r.out == "2 messages written, 0 warnings, 0 files failed\n");

    // Input where a message should start that GMime cannot read: the messages before it are
    // written, the file fails naming the offset.
    const fs::path broken = dir / "broken.mbox";
    const std::string text = "From a\nSubject: one\n\nx\nFrom b\nno header here\n";
    msgforge::test::write_file(broken, msgforge::as_bytes(text));
    const auto bad = run({"import", "mbox", broken.string(), "-o", (dir / "out2").string()});
    CHECK(bad.status == 1);
    CHECK(bad.err.find("broken.mbox: MIME message at 0x17") != std::string::npos);
    CHECK(names_in(dir / "out2") == std::vector<std::string>{"one.msg"});
    CHECK(bad.out == "1 message written, 0 warnings, 1 file failed\n");
}

TEST_CASE("import mbox refuses what is not an mbox", "[cli][mime]") {
    const TempDir dir;
    const auto r = run({"import", "mbox", mime_file("plain.eml"), "-o", (dir / "out").string()});
    CHECK(r.status == 1);
    CHECK(r.err.find("plain.eml") != std::string::npos);
    CHECK(r.out == "0 messages written, 0 warnings, 1 file failed\n");
}
