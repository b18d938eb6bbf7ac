// The options and errors the commands that read messages share: a file that holds no message,
// the read limits and the limit on decompressed RTF.
#include "msg_fixtures.hpp"

#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using msgforge::Guid;
using namespace msgforge::test;

TEST_CASE("Every message command refuses a compound file that holds no message", "[cli][msg]") {
    TempDir dir;
    msgforge::cfb::Tree word;
    word.root().clsid = *Guid::parse("{00020906-0000-0000-C000-000000000046}");
    word.root().put(msgforge::cfb::Node::stream("WordDocument", msgforge::cfb::Blob::owned({1})));
    const fs::path doc = dir / "letter.doc";
    msgforge::cfb::write_file(word, doc);
    msgforge::cfb::Tree thumbs;
    thumbs.root().put(msgforge::cfb::Node::stream("Catalog", msgforge::cfb::Blob::owned({1})));
    const fs::path db = dir / "Thumbs.db";
    msgforge::cfb::write_file(thumbs, db);
    for (const char* command : {"show", "dump", "roundtrip", "convert", "extract", "validate"}) {
        CAPTURE(command);
        std::vector<std::string> args = {command, doc.string()};
        if (std::string_view(command) == "convert" || std::string_view(command) == "extract") {
            args.insert(args.end(), {"-o", (dir / "out").string()});
        }
        const Result r = run(args);
        CHECK(r.status == 1);
        // roundtrip and validate report each file on standard output, "FILE: invalid: ...".
        CHECK_THAT(r.err + r.out,
                   Catch::Contains("letter.doc: ")
                       && Catch::Contains("not an Outlook message (the root storage "
                                          "has no __properties_version1.0; it seems to be a "
                                          "Word document by its root CLSID "
                                          "{00020906-0000-0000-C000-000000000046})"));
        CHECK_THAT(r.out, !Catch::Contains(": identical"));
    }
    CHECK_FALSE(fs::exists(dir / "out"));
    const Result r = run({"show", db.string()});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("it seems to be a Windows thumbnail cache (Thumbs.db) by "
                                      "its stream Catalog"));
}

TEST_CASE("Read limits are set on the command line, a file beyond one is invalid (exit 1)",
          "[cli][msg][limits]") {
    TempDir dir;
    // Three recipients, four attachments, one embedded message holding an attachment.
    const fs::path file = write_message(dir, sample(), "a.msg");
    const std::string f = file.string();
    const Result within =
        run({"show", f, "--max-recipients", "3", "--max-attachments", "4", "--max-depth", "1"});
    INFO(within.err);
    CHECK(within.status == 0);
    for (const auto& [option, value, words] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"--max-recipients", "2", "recipient"},
             {"--max-attachments", "3", "attachment"},
             {"--max-depth", "0", ""},
             {"--max-properties", "3", "properties"},
             {"--max-entries", "5", "directory"}}) {
        INFO(option << " " << value);
        const Result r = run({"dump", f, option, value});
        if (value == "0") {
            CHECK(r.status == 2);
            CHECK(r.err.find("--max-depth needs a positive whole number") != std::string::npos);
            continue;
        }
        CHECK(r.status == 1);
        CHECK(r.err.find("a.msg") != std::string::npos);
        CHECK(r.err.find(words) != std::string::npos);
    }
    const Result few_bytes = run({"dump", f, "--max-bytes", "1000"});
    CHECK(few_bytes.status == 1);
    CHECK(few_bytes.err.find("a.msg: ") != std::string::npos);
    CHECK(few_bytes.err.find("would pass the limit of 1000 bytes") != std::string::npos);
    CHECK(run({"dump", f, "--max-bytes", "10000000"}).status == 0);
    CHECK(run({"dump", f, "--max-bytes", "18446744073709551616"}).status == 2);
    const Result deep = run({"roundtrip", f, "--max-depth", "1"});
    CHECK(deep.status == 0);
    CHECK(run({"validate", f, "--max-attachments", "x"}).status == 2);
    CHECK(run({"extract", f, "-o", (dir / "out").string(), "--max-attachments", "2"}).status == 1);
    CHECK_FALSE(fs::exists(dir / "out" / "report.txt"));
    // --fsync flushes each file; what is written is the same.
    REQUIRE(run({"extract", f, "-o", (dir / "synced").string(), "--fsync"}).status == 0);
    CHECK(msgforge::test::read_file(dir / "synced" / "report.txt")
          == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
}

TEST_CASE("The commands that decode bodies limit decompressed RTF with --max-rtf-size",
          "[cli][msg][limits]") {
    TempDir dir;
    std::string rtf = "{\\rtf1\\ansi ";
    rtf.append(5000, 'x');
    rtf += "}";
    // An SMS, so that validate decodes its body too (for the SMS view).
    msg::Message m;
    m.properties.set(tags::PidTagMessageClass, std::u16string(u"IPM.Note.Mobile.SMS"));
    m.properties.set(tags::PidTagRtfCompressed,
                     msgforge::cfb::Blob::owned(msg::rtf::compress(
                         std::span(reinterpret_cast<const uint8_t*>(rtf.data()), rtf.size()))));
    const std::string f = write_message(dir, m, "r.msg").string();
    const std::string fits = std::to_string(rtf.size());
    const std::string short_of = std::to_string(rtf.size() - 1);

    CHECK(run({"show", f, "--max-rtf-size", fits}).status == 0);
    const Result shown = run({"show", f, "--max-rtf-size", short_of});
    CHECK(shown.status == 1);
    CHECK(shown.err
          == "msgforge: " + f + ": compressed RTF of PidTagRtfCompressed at 0x4: RAWSIZE " + fits
                 + " exceeds the output limit of " + short_of + " bytes\n");
    const Result extracted =
        run({"extract", f, "-o", (dir / "out").string(), "--bodies", "--max-rtf-size", short_of});
    CHECK(extracted.status == 1);
    CHECK(extracted.err.find(f + ": compressed RTF of PidTagRtfCompressed") != std::string::npos);
    CHECK(
        run({"extract", f, "-o", (dir / "all").string(), "--bodies", "--max-rtf-size", fits}).status
        == 0);
    CHECK(fs::file_size(dir / "all" / "body.rtf") == rtf.size());
    const Result validated = run({"validate", f, "--max-rtf-size", short_of});
    CHECK(validated.status == 1);
    CHECK(validated.out.find(f + ": invalid: compressed RTF of PidTagRtfCompressed")
          != std::string::npos);
    CHECK(run({"validate", f, "--max-rtf-size", fits}).out.find("invalid: compressed")
          == std::string::npos);
    CHECK(run({"show", f, "--max-rtf-size", "0"}).status == 2);
    // dump decodes no body, so it has no such option.
    CHECK(run({"dump", f, "--max-rtf-size", fits}).status == 2);
    for (const char* command : {"show", "extract", "validate"}) {
        INFO(command);
        const Result help = run({command, "--help"});
        CHECK(help.out.find("--max-rtf-size BYTES") != std::string::npos);
        CHECK(help.out.find("--max-bytes BYTES") != std::string::npos);
    }
    CHECK(run({"export", "sbr", "--help"}).out.find("--max-rtf-size BYTES") != std::string::npos);
}
