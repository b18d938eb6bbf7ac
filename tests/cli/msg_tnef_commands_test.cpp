// TNEF input on the command line: convert winmail.dat -o OUT.msg (one file or many), tnef list
// and tnef extract, on streams built by the TNEF test builder.
#include "mime/tnef_builder.hpp"
#include "msg_fixtures.hpp"

#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using namespace msgforge::test;
using namespace msgforge::test::tnef;

namespace {

/// A stream with a subject, a sender and one attachment named `attachment`.
Stream winmail(const std::string& subject, const std::string& attachment, const std::string& data) {
    Stream s;
    s.add(MESSAGE, attOemCodepage, u32s({1252, 0}))
        .add(MESSAGE, attMessageClass, cstring("IPM.Microsoft Mail.Note"))
        .add(MESSAGE, attSubject, cstring(subject))
        .add(MESSAGE, attFrom, from("Ann Example", "SMTP:ann@example.com"))
        .add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachTitle, cstring(attachment))
        .add(ATTACHMENT, attAttachData, data);
    return s;
}

fs::path write_stream(const TempDir& dir, const std::string& name, const Stream& s) {
    write_file(dir / name, s.bytes());
    return dir / name;
}

}  // namespace

TEST_CASE("convert winmail.dat -o OUT.msg writes the message with the Outlook defaults",
          "[cli][tnef]") {
    TempDir dir;
    const fs::path in = write_stream(dir, "winmail.dat", winmail("Hello", "a.txt", "abc"));
    const fs::path out = dir / "out.msg";
    const Result r = run({"convert", in.string(), "-o", out.string()});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const msg::Message m = msg::Message::read_file(out);
    CHECK(m.message_class() == "IPM.Note");
    CHECK(m.subject() == "Hello");
    CHECK(m.sent_representing()->address == "ann@example.com");
    CHECK(m.properties.get_as(tags::PidTagStoreSupportMask) != nullptr);
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].file_name() == "a.txt");
    CHECK(*m.attachments[0].properties.get_as(tags::PidTagAttachSize) > 0);

    const fs::path other = write_stream(dir, "stream.bin", winmail("Forced", "b.txt", "b"));
    const fs::path forced = dir / "forced.msg";
    REQUIRE(run({"convert", "--from", "tnef", other.string(), "-o", forced.string()}).status == 0);
    CHECK(msg::Message::read_file(forced).subject() == "Forced");
    const Result not_msg = run({"convert", other.string(), "-o", (dir / "x.msg").string()});
    CHECK(not_msg.status == 1);
}

TEST_CASE("convert of several TNEF files writes one .msg each into the folder and goes on",
          "[cli][tnef]") {
    TempDir dir;
    const fs::path a = write_stream(dir, "a.dat", winmail("A", "a.txt", "a"));
    const fs::path b = write_stream(dir, "b.TNEF", winmail("B", "b.txt", "b"));
    Stream bad;
    std::vector<uint8_t> bytes = bad.bytes();
    bytes[0] = 0;
    write_file(dir / "bad.dat", bytes);
    const fs::path out = dir / "out";
    const Result r =
        run({"convert", a.string(), (dir / "bad.dat").string(), b.string(), "-o", out.string()});
    CHECK(r.status == 1);
    CHECK(r.err.find((dir / "bad.dat").string() + ": TNEF stream at 0x0: signature")
          != std::string::npos);
    CHECK(r.err.find("3 files, 1 failed") != std::string::npos);
    CHECK(msg::Message::read_file(out / "a.msg").subject() == "A");
    CHECK(msg::Message::read_file(out / "b.msg").subject() == "B");
    CHECK_FALSE(fs::exists(out / "bad.msg"));

    // A second run numbers its files instead of replacing the first run's.
    const Result again = run({"convert", a.string(), b.string(), "-o", out.string()});
    CHECK(again.status == 0);
    CHECK(again.out.find("a.dat -> a (2).msg") != std::string::npos);
    CHECK(fs::exists(out / "b (2).msg"));

    const Result usage = run({"convert", (dir / "x.msg").string(), (dir / "y.msg").string(), "-o",
                              (dir / "z.msg").string()});
    CHECK(usage.status == 2);
}

TEST_CASE("TNEF warnings go to standard error and --strict refuses them", "[cli][tnef]") {
    TempDir dir;
    Stream s;
    s.add(MESSAGE, attSubject, cstring("Checked"), 0x1234);
    const fs::path in = write_stream(dir, "winmail.dat", s);
    const Result r = run({"convert", in.string(), "-o", (dir / "a.msg").string()});
    CHECK(r.status == 0);
    CHECK(r.err.find(in.string() + ": warning: attSubject (0x00018004) at 0x6: checksum 0x1234")
          != std::string::npos);
    const Result strict = run({"convert", in.string(), "--strict", "-o", (dir / "b.msg").string()});
    CHECK(strict.status == 1);
    CHECK_FALSE(fs::exists(dir / "b.msg"));
}

TEST_CASE("tnef list and tnef extract show and write the attachments", "[cli][tnef]") {
    TempDir dir;
    Stream s = winmail("Files", "../../evil.txt", "evil bytes");
    s.add(ATTACHMENT, attAttachRendData, rend_data())
        .add(ATTACHMENT, attAttachTitle, cstring("second.bin"))
        .add(ATTACHMENT, attAttachData, std::string("12345"));
    const fs::path in = write_stream(dir, "winmail.dat", s);
    const Result listed = run({"tnef", "list", in.string()});
    REQUIRE(listed.status == 0);
    CHECK(listed.out == "../../evil.txt  10 bytes\nsecond.bin  5 bytes\n");

    const fs::path out = dir / "out";
    const Result extracted = run({"tnef", "extract", in.string(), "-o", out.string()});
    REQUIRE(extracted.status == 0);
    CHECK(read_file(out / "second.bin") == std::vector<uint8_t>{'1', '2', '3', '4', '5'});
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(out)) {
        names.push_back(e.path().filename().string());
    }
    CHECK(names.size() == 2);
    CHECK_FALSE(fs::exists(dir / "evil.txt"));
    CHECK_FALSE(fs::exists(dir.path().parent_path() / "evil.txt"));
}
