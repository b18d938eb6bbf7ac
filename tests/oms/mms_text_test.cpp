// MMS text parts keep their encoding: written in a declared charset (UTF-16 with a byte-order
// mark by default), read by the charset they declare, guessed with a warning when they declare
// none, and checked by the validator.
#include "oms/text_support.hpp"

#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::test;
namespace tags = msg::tags;

std::vector<uint8_t> encoded(std::string_view utf8, uint32_t codepage) {
    return bytes_of(msg::encode_codepage(utf8, codepage).value());
}

}  // namespace

TEST_CASE("Every script is written as UTF-16 after a byte-order mark and reads back exactly",
          "[oms][text][build][view]") {
    for (const auto& sample : text_samples()) {
        INFO(sample.name);
        const msg::Message m = reread(oms::build(one_slide(sample.text)));
        const msg::Attachment& part = m.attachments.at(1);
        CHECK(part.mime_type() == "text/plain");
        CHECK(part.string(tags::PidTagTextAttachmentCharset) == "utf-16");
        CHECK(data_of(part) == concat({0xFF, 0xFE}, utf16(sample.text, false)));
        const auto v = view_of(m);
        CHECK(v.slides[0].text == sample.text);
        CHECK(v.slides[0].text_charset == "utf-16");
        CHECK(v.warnings.empty());
        CHECK(v.text == sample.text);
        for (const oms::Finding& f : oms::validate(m)) {
            INFO(f.section << ": " << f.message);
            CHECK(f.severity != oms::Severity::must);
        }
    }
}

TEST_CASE("A slide's text is written in the charset it names and declared with it",
          "[oms][text][build][view]") {
    const auto& s = text_samples();
    const auto sample = [&](const std::string& name) {
        for (const auto& t : s) {
            if (t.name == name) {
                return t.text;
            }
        }
        FAIL("no sample " << name);
        return std::string();
    };

    struct Case {
        std::string text;
        std::string charset;   // as the caller names it
        std::string declared;  // as the part declares it
        std::vector<uint8_t> bytes;
    };

    const std::vector<Case> cases = {
        {sample("Cyrillic"), "Windows-1251", "windows-1251", encoded(sample("Cyrillic"), 1251)},
        {sample("Cyrillic"), "koi8-r", "koi8-r", encoded(sample("Cyrillic"), 20866)},
        {sample("Greek"), "iso-8859-7", "iso-8859-7", encoded(sample("Greek"), 28597)},
        {sample("Arabic"), "cp1256", "windows-1256", encoded(sample("Arabic"), 1256)},
        {sample("Hebrew"), "windows-1255", "windows-1255", encoded(sample("Hebrew"), 1255)},
        {sample("Chinese"), "gb18030", "gb18030", encoded(sample("Chinese"), 54936)},
        {"今天天氣很好。", "big5", "big5", encoded("今天天氣很好。", 950)},
        {sample("Japanese"), "Shift_JIS", "shift_jis", encoded(sample("Japanese"), 932)},
        {"カタカナと漢字。", "iso-2022-jp", "iso-2022-jp", encoded("カタカナと漢字。", 50220)},
        {sample("Korean"), "euc-kr", "euc-kr", encoded(sample("Korean"), 949)},
        {sample("Hindi"), "utf-8", "utf-8", bytes_of(sample("Hindi"))},
        {sample("Emoji"), "UTF8", "utf-8", bytes_of(sample("Emoji"))},
        {sample("Mixed"), "utf-16le", "utf-16le", utf16(sample("Mixed"), false)},
        {sample("Mixed"), "utf-16be", "utf-16be", utf16(sample("Mixed"), true)},
        {sample("Emoji"), "utf-16", "utf-16", concat({0xFF, 0xFE}, utf16(sample("Emoji"), false))},
    };
    for (const Case& c : cases) {
        INFO(c.charset << ": " << c.text);
        const msg::Message m = reread(oms::build(one_slide(c.text, c.charset)));
        const msg::Attachment& part = m.attachments.at(1);
        CHECK(part.mime_type() == "text/plain");
        CHECK(part.string(tags::PidTagTextAttachmentCharset) == c.declared);
        CHECK(data_of(part) == c.bytes);
        const auto v = view_of(m);
        CHECK(v.slides[0].text == c.text);
        CHECK(v.slides[0].text_charset == c.declared);
        CHECK(v.warnings.empty());
    }
    // Known bytes, not only what the converter makes.
    CHECK(data_of(oms::build(one_slide("Привет", "windows-1251")).attachments.at(1))
          == std::vector<uint8_t>{0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2});
    CHECK(data_of(oms::build(one_slide("日本", "shift_jis")).attachments.at(1))
          == std::vector<uint8_t>{0x93, 0xFA, 0x96, 0x7B});
    // Another charset, another message: other Content-IDs.
    CHECK(
        oms::build(one_slide("abc", "utf-8")).attachments.at(1).string(tags::PidTagAttachContentId)
        != oms::build(one_slide("abc")).attachments.at(1).string(tags::PidTagAttachContentId));
    CHECK(oms::build(one_slide("abc", "UTF-16")).write() == oms::build(one_slide("abc")).write());
}

TEST_CASE("A charset that is unknown or cannot encode the text is refused", "[oms][text][build]") {
    CHECK_THROWS_WITH(oms::build(one_slide("hi", "x-klingon")),
                      "slide 1: unknown charset 'x-klingon'");
    CHECK_THROWS_AS(oms::build(one_slide("hi", "x-klingon")), msgforge::UsageError);
    CHECK_THROWS_WITH(oms::build(one_slide("日本", "windows-1251")),
                      "slide 1 text cannot be written in windows-1251");
    CHECK_THROWS_WITH(oms::build(one_slide(text_samples()[8].text, "euc-kr")),
                      "slide 1 text cannot be written in euc-kr");
}

TEST_CASE(
    "Text parts are read in the charset their MIME type or PidTagTextAttachmentCharset "
    "declares",
    "[oms][text][view]") {
    const std::string cyrillic = text_samples()[0].text;
    const std::string japanese = text_samples()[5].text;
    const auto check = [](const msg::Message& m, const std::string& text,
                          const std::string& charset) {
        const auto v = view_of(m);
        CHECK(v.slides[0].text == text);
        CHECK(v.slides[0].text_charset == charset);
        CHECK(v.warnings.empty());
        CHECK(oms::validate(m).empty());
    };
    SECTION("the charset parameter of PidTagAttachMimeTag") {
        check(with_text_part(encoded(cyrillic, 1251), "text/plain; charset=\"Windows-1251\"", ""),
              cyrillic, "windows-1251");
        check(with_text_part(encoded(japanese, 932), "Text/Plain; format=flowed; CHARSET=shift_jis",
                             ""),
              japanese, "shift_jis");
    }
    SECTION("PidTagTextAttachmentCharset") {
        check(with_text_part(encoded(cyrillic, 1251), "text/plain", "windows-1251"), cyrillic,
              "windows-1251");
        check(with_text_part(encoded(japanese, 932), "text/plain", "Shift_JIS"), japanese,
              "shift_jis");
    }
    SECTION("the MIME type's charset comes first") {
        check(with_text_part(encoded(cyrillic, 1251), "text/plain; charset=windows-1251",
                             "shift_jis"),
              cyrillic, "windows-1251");
    }
    SECTION("a byte-order mark, which is not part of the text") {
        check(with_text_part(concat({0xFE, 0xFF}, utf16(japanese, true)), "text/plain", ""),
              japanese, "utf-16");
        check(with_text_part(concat({0xFF, 0xFE}, utf16(japanese, false)), "text/plain", ""),
              japanese, "utf-16");
        check(with_text_part(concat({0xEF, 0xBB, 0xBF}, bytes_of(cyrillic)), "text/plain", ""),
              cyrillic, "utf-8");
        // A declared charset's own byte-order mark is dropped too.
        check(with_text_part(concat({0xEF, 0xBB, 0xBF}, bytes_of(cyrillic)), "text/plain", "utf-8"),
              cyrillic, "utf-8");
        check(with_text_part(concat({0xFE, 0xFF}, utf16(cyrillic, true)), "text/plain", "utf-16"),
              cyrillic, "utf-16");
        // Declared "utf-16" without a mark is little-endian, as Windows means the label.
        check(with_text_part(utf16(cyrillic, false), "text/plain", "utf-16"), cyrillic, "utf-16");
    }
}

TEST_CASE("Text parts without a declared charset are read with a warning naming the part",
          "[oms][text][view]") {
    for (const auto& sample : text_samples()) {
        INFO(sample.name);
        SECTION("BOM-less UTF-16LE, as MS-OXOSMMS 4.2 writers store it: " + sample.name) {
            const msg::Message m = with_text_part(utf16(sample.text, false), "text/plain", "");
            const auto v = view_of(m);
            CHECK(v.slides[0].text == sample.text);
            CHECK(v.slides[0].text_charset.empty());
            REQUIRE(v.warnings.size() == 1);
            CHECK(v.warnings[0]
                  == "attachment #1 (1.txt): the text part declares no charset; read as UTF-16LE");
            CHECK(oms::validate(m).empty());
        }
        SECTION("UTF-8: " + sample.name) {
            const auto v = view_of(with_text_part(bytes_of(sample.text), "text/plain", ""));
            CHECK(v.slides[0].text == sample.text);
            REQUIRE(v.warnings.size() == 1);
            CHECK(v.warnings[0]
                  == "attachment #1 (1.txt): the text part declares no charset; read as UTF-8");
        }
    }
    SECTION("plain ASCII needs no warning, ASCII in UTF-16LE does") {
        CHECK(view_of(with_text_part(bytes_of("Hello"), "text/plain", "")).warnings.empty());
        const auto v = view_of(with_text_part(utf16("Hello", false), "text/plain", ""));
        CHECK(v.slides[0].text == "Hello");
        CHECK(v.warnings.size() == 1);
    }
    SECTION("else the message code page, else Windows-1252") {
        const std::vector<uint8_t> cp1251 = encoded(text_samples()[0].text, 1251);
        auto v = view_of(with_text_part(cp1251, "text/plain", "", 1251));
        CHECK(v.slides[0].text == text_samples()[0].text);
        REQUIRE(v.warnings.size() == 1);
        CHECK(v.warnings[0]
              == "attachment #1 (1.txt): the text part declares no charset; read as the message "
                 "code page 1251");
        v = view_of(with_text_part(bytes_of("caf\xE9"), "text/plain", ""));
        CHECK(v.slides[0].text == "café");
        REQUIRE(v.warnings.size() == 1);
        CHECK(v.warnings[0].ends_with("; read as Windows-1252"));
    }
    SECTION("a charset msgforge does not know") {
        const auto v = view_of(with_text_part(bytes_of("Grüße"), "text/plain", "x-klingon"));
        CHECK(v.slides[0].text == "Grüße");
        CHECK(v.slides[0].text_charset.empty());
        REQUIRE(v.warnings.size() == 1);
        CHECK(v.warnings[0]
              == "attachment #1 (1.txt): the text part declares the charset \"x-klingon\" "
                 "(PidTagTextAttachmentCharset), which msgforge cannot decode; read as UTF-8");
    }
}

TEST_CASE("Declared bytes that do not decode give a warning and a MUST finding with the offset",
          "[oms][text][view][validate]") {
    struct Case {
        std::vector<uint8_t> bytes;
        std::string charset;
        std::string text;
        std::string where;
    };

    const std::vector<Case> cases = {
        {bytes_of("ab\xFF"
                  "cd"),
         "utf-8",
         "ab\xEF\xBF\xBD"
         "cd",
         "0x2"},
        {bytes_of("\xEF\xBB\xBF"
                  "ab\xC3"),
         "utf-8", "ab\xEF\xBF\xBD", "0x5"},
        {bytes_of("\x93\xFA\x96\x7B\xFF"), "shift_jis", "日本\xEF\xBF\xBD", "0x4"},
        {bytes_of("\x98"), "windows-1251", "\xEF\xBF\xBD", "0x0"},
        // A lone high surrogate: one U+FFFD for its unit, the rest still read.
        {{0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0},
         "utf-16",
         "a\xEF\xBF\xBD"
         "b",
         "0x4"},
        {{'a', 0, 'b'}, "utf-16le", "a\xEF\xBF\xBD", "0x2"},
    };
    for (const Case& c : cases) {
        INFO(c.charset << " " << c.where);
        const msg::Message m = with_text_part(c.bytes, "text/plain", c.charset);
        const auto v = view_of(m);
        CHECK(v.slides[0].text == c.text);
        CHECK(v.slides[0].text_charset == c.charset);
        REQUIRE(v.warnings.size() == 1);
        const std::string expected = "attachment #1 (1.txt): the text is not valid " + c.charset
                                     + ", the charset PidTagTextAttachmentCharset declares: the "
                                       "bytes from offset "
                                     + c.where + " on do not all decode (read as U+FFFD)";
        CHECK(v.warnings[0] == expected);
        const auto findings = oms::validate(m);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].severity == oms::Severity::must);
        CHECK(findings[0].section == "MS-OXOSMMS 4.2");
        CHECK(findings[0].message == expected);
    }
}
