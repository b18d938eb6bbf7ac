// MMS text in any script through the command line: `mms` writes it, `show` prints it exactly,
// `export sbr` writes it with its charset and `import sbr` reads it back; a text part read
// without a declared charset or whose bytes do not decode is a warning in `show` and a MUST
// finding of `validate`.
#include "oms/text_support.hpp"
#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/sbr.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace sbr = msgforge::sbr;
using msgforge::test::TempDir;
using msgforge::test::text_samples;
using msgforge::test::utf16;
using msgforge::test::with_text_part;

namespace {

constexpr auto run = msgforge::test::run_cli;

/// `text` as the value of a --slide text= key: commas and backslashes escaped.
std::string slide_value(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == ',' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

/// What `show` prints for a slide's text: the first line after the label, the others below it.
std::string shown(const std::string& text) {
    std::string out = "    text:     ";
    for (const char c : text) {
        out += c;
        if (c == '\n') {
            out += std::string(14, ' ');
        }
    }
    return out + "\n";
}

/// The text as the archive writer escapes an attribute value.
std::string escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        out += c == '\n'  ? "&#10;"
               : c == '&' ? "&amp;"
               : c == '<' ? "&lt;"
               : c == '>' ? "&gt;"
                          : std::string(1, c);
    }
    return out;
}

std::string read_text(const fs::path& file) {
    const auto bytes = msgforge::test::read_file(file);
    return std::string(msgforge::as_chars(bytes));
}

}  // namespace

TEST_CASE("mms and show keep the text of every script byte for byte", "[cli][oms][text]") {
    TempDir dir;
    fs::create_directory(dir / "mms");
    for (const auto& sample : text_samples()) {
        INFO(sample.name);
        const fs::path file = dir / "mms" / (sample.name + ".msg");
        const auto w = run({"mms", "--to", "+15550100", "--slide",
                            "text=" + slide_value(sample.text), "-o", file.string()});
        INFO(w.err);
        REQUIRE(w.status == 0);
        const auto s = run({"show", file.string()});
        REQUIRE(s.status == 0);
        INFO(s.out);
        CHECK(s.out.find("  slide 1:  5s\n" + shown(sample.text)) != std::string::npos);
        CHECK(s.out.find("warning") == std::string::npos);
        // No --subject: no subject, not one made from the text.
        CHECK(s.out.find("subject:") == std::string::npos);
        CHECK_FALSE(msg::Message::read_file(file).subject());
    }

    // export sbr writes each text decoded with chset 1015 (UTF-16) and sub="null"; import sbr
    // and export sbr again give the same archive.
    const fs::path first = dir / "first.xml";
    REQUIRE(run({"export", "sbr", (dir / "mms").string(), "-o", first.string()}).status == 0);
    const std::string xml = read_text(first);
    std::vector<std::pair<std::string, std::string>> texts;
    sbr::Reader reader(first);
    while (const auto record = reader.next()) {
        CHECK(record->get("sub") == std::nullopt);  // "null"
        for (const sbr::Attributes& part : record->parts) {
            if (sbr::attribute(part, "ct") == "text/plain") {
                texts.emplace_back(sbr::attribute(part, "text").value_or(""),
                                   sbr::attribute(part, "chset").value_or(""));
            }
        }
    }
    REQUIRE(texts.size() == text_samples().size());
    for (const auto& sample : text_samples()) {
        INFO(sample.name);
        CHECK(std::count(texts.begin(), texts.end(), std::pair{sample.text, std::string("1015")})
              == 1);
        CHECK(xml.find(" text=\"" + escaped(sample.text) + "\" data=\"null\"")
              != std::string::npos);
    }
    CHECK(xml.find("&#xFFFD;") == std::string::npos);
    CHECK(xml.find("sub=\"null\" sub_cs=\"null\"") != std::string::npos);
    REQUIRE(run({"import", "sbr", first.string(), "-o", (dir / "imported").string()}).status == 0);
    const fs::path second = dir / "second.xml";
    REQUIRE(run({"export", "sbr", (dir / "imported").string(), "-o", second.string()}).status == 0);
    CHECK(read_text(second) == xml);
}

TEST_CASE("show warns about a text part read without a declared charset", "[cli][oms][text]") {
    TempDir dir;
    const std::string text = text_samples()[0].text;
    const fs::path file = dir / "old.msg";
    with_text_part(utf16(text, false), "text/plain", "").write_file(file);
    const auto s = run({"show", file.string()});
    REQUIRE(s.status == 0);
    INFO(s.out);
    CHECK(s.out.find(shown(text)) != std::string::npos);
    CHECK(s.err
          == "1 warning\n  attachment #1 (1.txt): the text part declares no charset; read as "
             "UTF-16LE\n");
    // Outlook writes such parts: valid, no finding.
    CHECK(run({"validate", file.string()}).status == 0);
}

TEST_CASE("show warns and validate fails for a text part that does not decode as declared",
          "[cli][oms][text][validate]") {
    TempDir dir;
    const fs::path file = dir / "broken.msg";
    with_text_part({'o', 'k', 0xFF}, "text/plain", "utf-8").write_file(file);
    const std::string problem =
        "attachment #1 (1.txt): the text is not valid utf-8, the charset "
        "PidTagTextAttachmentCharset declares: the bytes from offset 0x2 on do not all decode "
        "(read as U+FFFD)";
    const auto s = run({"show", file.string()});
    REQUIRE(s.status == 0);
    CHECK(s.out.find(shown("ok\xEF\xBF\xBD")) != std::string::npos);
    CHECK(s.err == "1 warning\n  " + problem + "\n");
    CHECK(s.out.find("warning") == std::string::npos);
    const auto v = run({"validate", file.string()});
    CHECK(v.status == 1);
    CHECK(v.out.find(file.string() + ": MUST MS-OXOSMMS 4.2: " + problem + "\n")
          != std::string::npos);
}
