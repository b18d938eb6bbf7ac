// Conversations of an archive imported with `msgforge import sbr` from a generated SMS Backup &
// Restore XML: grouping and direction, `msgforge render --conversations`, and the pages in
// Chromium.
#include "browser.hpp"
#include "cli/run_cli.hpp"
#include "sbr/sbr_generator.hpp"
#include "support/support.hpp"

#include <msgforge/base/files.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/render/conversation.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace msgforge;
namespace fs = std::filesystem;
namespace gen = msgforge::test::sbr;

namespace {

constexpr size_t SMS = 4;
constexpr size_t MMS = 4;

/// What the generator's element says of a message: its text as a page escapes it, the side
/// of its bubble, its other parties and, for a group, who sent it.
struct Expected {
    std::string text;
    std::string side;
    std::vector<std::string> numbers;
    std::string sender;
};

std::string side_of(size_t box) {
    return box == 1 ? "received" : box == 2 ? "sent" : "draft";
}

std::vector<Expected> expected() {
    std::vector<Expected> out;
    for (size_t i = 0; i < SMS; ++i) {
        out.push_back({"Message " + std::to_string(i) + ": fish &amp; chips &lt;b&gt;",
                       side_of(1 + i % 6),
                       {gen::number(i)},
                       ""});
    }
    for (size_t j = 0; j < MMS; ++j) {
        std::vector<std::string> numbers = gen::mms_numbers(j);
        std::sort(numbers.begin(), numbers.end());
        out.push_back({"Slide text " + std::to_string(j) + " &amp; more", side_of(1 + j % 4),
                       numbers, numbers.size() > 1 && j % 4 == 0 ? gen::number(j) : ""});
    }
    return out;
}

/// The generated archive imported into `dir`/msg with `msgforge import sbr`.
fs::path imported(const test::TempDir& dir) {
    gen::GeneratorOptions options;
    options.sms = SMS;
    options.mms = MMS;
    options.jpeg = test::read_file(fs::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg");
    {
        std::ofstream out(dir / "backup.xml", std::ios::binary);
        gen::generate(out, options);
    }
    const test::CliResult r =
        test::run_cli({"import", "sbr", (dir / "backup.xml").string(), "-o", (dir / "msg").string(),
                       "--me", gen::OWNER, "--threads", "1", "--quiet"});
    REQUIRE(r.status == 0);
    return dir / "msg";
}

std::string read_text(const fs::path& path) {
    const std::vector<uint8_t> bytes = test::read_file(path);
    return {bytes.begin(), bytes.end()};
}

std::vector<fs::path> pages_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
        if (e.path().extension() == ".html") {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

TEST_CASE("an imported archive groups into its conversations with the direction of each box",
          "[render][conversation]") {
    test::TempDir dir;
    const std::vector<std::string> files = message_files({imported(dir).string()});
    REQUIRE(files.size() == SMS + MMS);
    std::vector<msg::Message> messages;
    render::ConversationGrouper grouper;
    for (const std::string& file : files) {
        messages.push_back(msg::Message::read_file(file));
        REQUIRE(grouper.add(messages.back(), messages.size() - 1));
    }
    const std::vector<render::Conversation> all = grouper.conversations();

    // The sides each conversation should hold, from the generator's elements.
    std::map<std::vector<std::string>, std::vector<std::string>> sides;
    for (const Expected& e : expected()) {
        sides[e.numbers].push_back(e.side);
    }
    REQUIRE(all.size() == sides.size());
    for (const render::Conversation& c : all) {
        INFO(c.title());
        std::vector<std::string> got;
        for (const render::ConversationMessage& m : c.messages) {
            got.push_back(m.direction == render::Direction::received ? "received"
                          : m.direction == render::Direction::sent   ? "sent"
                                                                     : "draft");
        }
        std::vector<std::string> want = sides[c.numbers];
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
        CHECK(got == want);
        CHECK(std::is_sorted(
            c.messages.begin(), c.messages.end(),
            [](const render::ConversationMessage& a, const render::ConversationMessage& b) {
                return a.time && (!b.time || *a.time < *b.time);
            }));
    }
    // The received group MMS: from its first member, named as contact_name says.
    const std::vector<std::string> group{gen::number(0), gen::number(1), gen::number(2)};
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const render::Conversation& c) { return c.numbers == group; });
    REQUIRE(it != all.end());
    CHECK(it->group());
    REQUIRE(it->messages.size() == 1);
    CHECK(it->messages[0].sender.number == gen::number(0));
    CHECK(it->messages[0].sender.name == "Member 00");
}

TEST_CASE("render --conversations writes a page per conversation and an index, and counts",
          "[render][conversation][cli]") {
    test::TempDir dir;
    const fs::path in = imported(dir);
    const test::CliResult r =
        test::run_cli({"render", "--conversations", in.string(), "-o", (dir / "out").string()});
    CHECK(r.err.empty());
    CHECK(r.out == "6 conversations, 8 messages, 0 skipped, 0 failed\n");
    CHECK(r.status == 0);
    CHECK(pages_in(dir / "out").size() == 7);
    CHECK(read_text(dir / "out" / "index.html").find("Member 00, Member 01, Member 02")
          != std::string::npos);

    // A message that is no SMS, a file that is no message, and a sender whose name would
    // climb out of the folder.
    fs::copy_file(fs::path(MSGFORGE_TESTDATA_DIR) / "msg" / "hand_written.msg", in / "note.msg");
    test::write_file(in / "broken.msg", std::vector<uint8_t>(600, 0x41));
    {
        std::ofstream out(dir / "hostile.xml", std::ios::binary);
        out << "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n"
               "<sms address=\"+15550109000\" date=\"1767323045000\" type=\"1\" "
               "body=\"&lt;script&gt;x&lt;/script&gt;\" contact_name=\"../../up\\CON\" />\n"
               "</smses>\n";
    }
    REQUIRE(test::run_cli({"import", "sbr", (dir / "hostile.xml").string(), "-o",
                           (in / "h").string(), "--quiet"})
                .status
            == 0);
    const test::CliResult again = test::run_cli({"render", "--conversations", in.string(), "-o",
                                                 (dir / "out2").string(), "--max-inline", "300"});
    CHECK(again.out == "7 conversations, 9 messages, 1 skipped, 1 failed\n");
    CHECK(again.err.find("broken.msg") != std::string::npos);
    CHECK(again.status == 1);
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir / "out2")) {
        INFO(e.path());
        CHECK(e.path().lexically_relative(dir / "out2").string().find("..") == std::string::npos);
    }
    CHECK(pages_in(dir / "out2").size() == 8);
    // The JPEG (517 bytes) is above --max-inline: a file beside the group's page.
    CHECK(fs::exists(dir / "out2" / "Member 00, Member 01, Member 02.files" / "m1-1.jpg"));

    // Without --conversations the same folder gives a page per message; broken.msg fails.
    CHECK(test::run_cli({"render", in.string(), "-o", (dir / "out3").string()}).status == 1);
    CHECK(fs::exists(dir / "out3" / "index.html"));
}

TEST_CASE("in Chromium the pages of an imported archive show every message once, on its side",
          "[render][conversation][browser]") {
    if (test::chromium().empty()) {
        test::report_skip("chromium is not installed (Debian package chromium)");
        return;
    }
    test::TempDir dir;
    const fs::path in = imported(dir);
    const fs::path out = dir / "out";
    REQUIRE(test::run_cli({"render", "--conversations", in.string(), "-o", out.string(),
                           "--max-inline", "300"})
                .status
            == 0);
    std::map<std::string, std::string> doms;
    size_t local = 0;
    for (const fs::path& page : pages_in(out)) {
        INFO(page);
        const std::string dom = test::dump_dom(page);
        CHECK(dom.find("<script") == std::string::npos);
        CHECK(dom.find("<b>") == std::string::npos);
        for (size_t at = dom.find(" src=\""); at != std::string::npos;
             at = dom.find(" src=\"", at + 1)) {
            const size_t start = at + 6;
            const std::string src = dom.substr(start, dom.find('"', start) - start);
            if (!src.starts_with("data:")) {
                INFO(src);
                CHECK(src.find(':') == std::string::npos);
                CHECK(src.find("..") == std::string::npos);
                CHECK(fs::is_regular_file(out / percent_decoded(src)));
                ++local;
            }
        }
        doms[page.filename().string()] = dom;
    }
    CHECK(local == 1);
    const std::string& index = doms["index.html"];
    size_t rows = 0;
    for (size_t at = index.find("<tr class=\"conversation\">"); at != std::string::npos;
         at = index.find("<tr class=\"conversation\">", at + 1)) {
        ++rows;
    }
    CHECK(rows == 6);

    std::string group_page;
    for (const Expected& e : expected()) {
        INFO(e.text);
        size_t seen = 0;
        for (const auto& [name, dom] : doms) {
            if (name == "index.html") {
                continue;
            }
            for (size_t at = dom.find(e.text); at != std::string::npos;
                 at = dom.find(e.text, at + 1)) {
                ++seen;
                const size_t bubble = dom.rfind("<div class=\"bubble ", at);
                REQUIRE(bubble != std::string::npos);
                const size_t cls = bubble + 19;
                CHECK(dom.substr(cls, dom.find('"', cls) - cls) == e.side);
                if (!e.sender.empty()) {
                    CHECK(dom.find("<div class=\"who\">Member 00 (" + e.sender + ")</div>", bubble)
                          < at);
                    group_page = name;
                }
            }
        }
        CHECK(seen == 1);
    }
    REQUIRE_FALSE(group_page.empty());
    const test::Screenshot shot = test::screenshot(out / group_page, dir / "page.png", 800, 600);
    CHECK(shot.width == 800);
    CHECK(shot.height == 600);
    CHECK(shot.colours > 1);
}
