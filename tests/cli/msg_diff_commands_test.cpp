// msgforge diff: property-level differences between two .msg files.
#include "msg_fixtures.hpp"

#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using namespace msgforge::test;

TEST_CASE("diff prints each difference with its object, property and both values",
          "[cli][msg][diff]") {
    TempDir dir;
    const msg::Message original = sample();
    msg::Message changed = sample();
    msg::set(changed, tags::PidTagSubject, "Other subject");
    changed.properties.erase(tags::PidTagSenderName);
    msg::set(changed.recipients.at(1), tags::PidTagDisplayName, "Someone else");
    const fs::path a = write_message(dir, original, "a.msg");
    const fs::path b = write_message(dir, changed, "b.msg");

    const Result same = run({"diff", a.string(), a.string()});
    CHECK(same.status == 0);
    CHECK(same.out == a.string() + " and " + a.string() + ": no differences\n");

    const Result r = run({"diff", a.string(), b.string()});
    CHECK(r.status == 1);
    INFO(r.out);
    CHECK_THAT(r.out, Catch::Contains("property 0x0037001F PidTagSubject: values differ\n"
                                      "  < PtypString \"Hello \xE2\x9C\x93\"\n"
                                      "  > PtypString \"Other subject\"\n"));
    CHECK_THAT(r.out, Catch::Contains("property 0x0C1A001F PidTagSenderName: only in the first\n"
                                      "  < PtypString \"Alice\"\n"
                                      "  > (absent)\n"));
    CHECK_THAT(r.out, Catch::Contains("recipient #1: property 0x3001001F PidTagDisplayName: values "
                                      "differ\n"));
    CHECK_THAT(r.out, Catch::EndsWith("3 differences\n"));
    // The lines are compare()'s, the check behind roundtrip.
    for (const std::string& line :
         msg::compare(msg::Message::read_file(a), msg::Message::read_file(b))) {
        CHECK_THAT(r.out, Catch::Contains(line + "\n"));
    }
}

TEST_CASE("diff exits 2 for a file it cannot compare", "[cli][msg][diff]") {
    TempDir dir;
    const fs::path a = write_message(dir, sample(), "a.msg");
    const fs::path text = write_text(dir, "note.txt", "not a compound file");
    const Result bad = run({"diff", a.string(), text.string()});
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Catch::Contains("note.txt"));
    CHECK(run({"diff", a.string(), (dir / "missing.msg").string()}).status == 2);
    CHECK(run({"diff", a.string()}).status == 2);
}
