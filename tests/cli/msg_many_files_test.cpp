// show, dump and extract on several files and folders at once, and extract's handling of files
// already in its folder.
#include "msg_fixtures.hpp"
#include "msgforge/reading.hpp"

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

/// A message with subject `subject` and one attachment `name` holding `data`.
msg::Message note(const std::u16string& subject, const std::u16string& name,
                  const std::string& data) {
    msg::Message m;
    m.properties.set(tags::PidTagMessageClass, std::u16string(u"IPM.Note"));
    m.properties.set(tags::PidTagSubject, subject);
    m.attachments.push_back(by_value(0, name, data));
    m.next_attachment_id = 1;
    return m;
}

}  // namespace

TEST_CASE("message_files walks folders for .msg and .oft in any case, sorted by path",
          "[cli][msg][many]") {
    TempDir dir;
    fs::create_directories(dir / "tree" / "sub");
    for (const char* name : {"tree/b.msg", "tree/A.MSG", "tree/sub/c.Oft", "tree/notes.txt",
                             "tree/msg", "tree/sub/d.msg.bak"}) {
        write_text(dir, name, "x");
    }
    const std::vector<std::string> files =
        msgforge::message_files({(dir / "z.msg").string(), (dir / "tree").string()});
    CHECK(files
          == std::vector<std::string>{(dir / "z.msg").string(), (dir / "tree/A.MSG").string(),
                                      (dir / "tree/b.msg").string(),
                                      (dir / "tree/sub/c.Oft").string()});
    CHECK(msgforge::cli::several_inputs({(dir / "tree").string()}));
    CHECK(msgforge::cli::several_inputs({"a.msg", "b.msg"}));
    CHECK_FALSE(msgforge::cli::several_inputs({(dir / "tree/b.msg").string()}));
}

TEST_CASE("show on several files prints a header before each summary", "[cli][msg][many]") {
    TempDir dir;
    const fs::path a = write_message(dir, note(u"First", u"a.txt", "a"), "a.msg");
    const fs::path b = write_message(dir, note(u"Second", u"b.txt", "b"), "b.msg");
    const Result one_a = run({"show", a.string()});
    const Result one_b = run({"show", b.string()});
    REQUIRE(one_a.status == 0);
    CHECK(one_a.out.find("==>") == std::string::npos);
    CHECK(one_a.err.empty());
    const Result r = run({"show", a.string(), b.string()});
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out
          == "==> " + a.string() + " <==\n" + one_a.out + "\n==> " + b.string() + " <==\n"
                 + one_b.out);
    CHECK(r.err == "2 files, 0 failed\n");
}

TEST_CASE("dump walks a folder, in text with headers, in JSON as one line per file",
          "[cli][msg][many]") {
    TempDir dir;
    fs::create_directories(dir / "in" / "sub");
    const fs::path a = write_message(dir, note(u"First", u"a.txt", "a"), "in/sub/a.MSG");
    const fs::path b = write_message(dir, note(u"Second", u"b.txt", "b"), "in/b.oft");
    write_text(dir, "in/readme.txt", "not a message");
    const Result text = run({"dump", (dir / "in").string()});
    INFO(text.err);
    CHECK(text.status == 0);
    CHECK(count(text.out, "==> ") == 2);
    CHECK(text.out.find("==> " + b.string() + " <==\n")
          < text.out.find("==> " + a.string() + " <==\n"));
    CHECK(text.err == "2 files, 0 failed\n");

    const Result lines = run({"dump", "--json", (dir / "in").string()});
    REQUIRE(lines.status == 0);
    std::istringstream in(lines.out);
    std::vector<Json> objects;
    for (std::string line; std::getline(in, line);) {
        objects.push_back(Json::parse(line));
    }
    REQUIRE(objects.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        const fs::path& file = i == 0 ? b : a;
        CHECK(objects[i]["path"] == file.string());
        CHECK(objects[i]["message"] == Json::parse(run({"dump", "--json", file.string()}).out));
    }
    CHECK(count(lines.out, "\n") == 2);
}

TEST_CASE("A file that fails is reported and the others go on", "[cli][msg][many]") {
    TempDir dir;
    const fs::path good = write_message(dir, note(u"Fine", u"a.txt", "a"), "good.msg");
    const fs::path junk = write_text(dir, "junk.msg", std::string(600, 'x'));
    const fs::path missing = dir / "missing.msg";

    const Result invalid = run({"show", junk.string(), good.string()});
    CHECK(invalid.status == 1);
    CHECK(invalid.out.find("subject:  Fine\n") != std::string::npos);
    CHECK_THAT(invalid.err, Catch::StartsWith("msgforge: " + junk.string() + ": header at 0x0")
                                && Catch::EndsWith("\n2 files, 1 failed\n"));

    const Result unreadable = run({"dump", missing.string(), junk.string(), good.string()});
    CHECK(unreadable.status == 2);
    CHECK(unreadable.out.find("==> " + good.string() + " <==\n") != std::string::npos);
    CHECK_THAT(unreadable.err, Catch::Contains("msgforge: " + missing.string())
                                   && Catch::EndsWith("3 files, 2 failed\n"));

    const Result single = run({"show", junk.string()});
    CHECK(single.status == 1);
    CHECK(single.err.find("failed") == std::string::npos);
}

TEST_CASE("Many files give no progress line off a terminal", "[cli][msg][many]") {
    TempDir dir;
    const msg::Message m = note(u"Same", u"a.txt", "a");
    for (int i = 0; i < 25; ++i) {
        write_message(dir, m, "m" + std::to_string(100 + i) + ".msg");
    }
    const Result r = run({"show", dir.path().string()});
    CHECK(r.status == 0);
    CHECK(count(r.out, "==> ") == 25);
    CHECK(r.err == "25 files, 0 failed\n");
}

TEST_CASE("extract of several files puts each message's files in a subfolder",
          "[cli][msg][many][extract]") {
    TempDir dir;
    fs::create_directories(dir / "x");
    fs::create_directories(dir / "y");
    const fs::path first = write_message(dir, note(u"1", u"r.txt", "one"), "x/a.msg");
    const fs::path second = write_message(dir, note(u"2", u"r.txt", "two"), "y/A.msg");
    const fs::path odd = write_message(dir, note(u"3", u"r.txt", "three"), "y/...msg");
    const fs::path out = dir / "out";
    const Result r =
        run({"extract", first.string(), second.string(), odd.string(), "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(text_of(out / "a" / "r.txt") == "one");
    CHECK(text_of(out / "A (2)" / "r.txt") == "two");
    CHECK(text_of(out / "message" / "r.txt") == "three");
    CHECK(r.out == "a/r.txt  3 bytes\nA (2)/r.txt  3 bytes\nmessage/r.txt  5 bytes\n");
    CHECK(r.err == "3 files, 0 failed\n");

    SECTION("one file goes straight into DIR") {
        const fs::path flat = dir / "flat";
        REQUIRE(run({"extract", first.string(), "-o", flat.string()}).status == 0);
        CHECK(text_of(flat / "r.txt") == "one");
    }
    SECTION("a folder argument also gets subfolders, and a failing file does not stop it") {
        write_text(dir, "y/bad.msg", std::string(600, 'x'));
        const fs::path from_dir = dir / "from-dir";
        const Result d = run({"extract", (dir / "y").string(), "-o", from_dir.string()});
        CHECK(d.status == 1);
        CHECK(text_of(from_dir / "A" / "r.txt") == "two");
        CHECK(text_of(from_dir / "message" / "r.txt") == "three");
        CHECK(!fs::exists(from_dir / "bad"));
        CHECK_THAT(d.err, Catch::EndsWith("3 files, 1 failed\n"));
    }
}

TEST_CASE("extract numbers, replaces or skips the files already in DIR", "[cli][msg][extract]") {
    TempDir dir;
    msg::Message m = note(u"Dup", u"dup.txt", "new");
    m.attachments.push_back(by_value(1, u"dup.txt", "second"));
    m.next_attachment_id = 2;
    const fs::path file = write_message(dir, m, "m.msg");
    const fs::path out = dir / "out";
    fs::create_directories(out);
    write_text(dir, "out/dup.txt", "old");

    SECTION("by default the new file is numbered") {
        const Result r = run({"extract", file.string(), "-o", out.string()});
        REQUIRE(r.status == 0);
        CHECK(text_of(out / "dup.txt") == "old");
        CHECK(text_of(out / "dup (2).txt") == "new");
        CHECK(text_of(out / "dup (3).txt") == "second");
    }
    SECTION("--overwrite replaces it; names within the message are still numbered") {
        const Result r = run({"extract", file.string(), "-o", out.string(), "--overwrite"});
        REQUIRE(r.status == 0);
        CHECK(text_of(out / "dup.txt") == "new");
        CHECK(text_of(out / "dup (2).txt") == "second");
        CHECK(!fs::exists(out / "dup (3).txt"));
        CHECK(r.out == "dup.txt  3 bytes\ndup (2).txt  6 bytes\n");
    }
    SECTION("--overwrite does not replace a link, it numbers the new file") {
        const fs::path outside = dir / "outside.txt";
        write_text(dir, "outside.txt", "keep");
        fs::remove(out / "dup.txt");
        fs::create_symlink(outside, out / "dup.txt");
        REQUIRE(run({"extract", file.string(), "-o", out.string(), "--overwrite"}).status == 0);
        CHECK(fs::is_symlink(out / "dup.txt"));
        CHECK(text_of(outside) == "keep");
        CHECK(text_of(out / "dup (2).txt") == "new");
    }
    SECTION("--skip-existing leaves it alone and says so") {
        const Result r = run({"extract", file.string(), "-o", out.string(), "--skip-existing"});
        REQUIRE(r.status == 0);
        CHECK(text_of(out / "dup.txt") == "old");
        CHECK(text_of(out / "dup (2).txt") == "second");
        CHECK(r.out == "dup.txt  skipped (exists)\ndup (2).txt  6 bytes\n");
    }
    SECTION("both together are a usage error") {
        const Result r =
            run({"extract", file.string(), "-o", out.string(), "--overwrite", "--skip-existing"});
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::Contains("--overwrite and --skip-existing"));
        CHECK(text_of(out / "dup.txt") == "old");
        CHECK(!fs::exists(out / "dup (2).txt"));
    }
}
