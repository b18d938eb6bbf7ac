#include "support/support.hpp"

#include <msgforge/msg/codepage.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace msgforge::msg;

namespace {

// U+4E9C in ISO-2022-JP, left in the JIS X 0208 state (no escape back to ASCII).
const std::string jis_unterminated = "\x1B$B\x30\x21";
const std::string a_kanji = "\xE4\xBA\x9C";

}  // namespace

TEST_CASE("Code pages decode and encode, again and again, in any order", "[msg][codepage]") {
    const std::string cyrillic = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82";  // Привет
    const std::string japanese = "\xE6\x97\xA5\xE6\x9C\xAC";                          // 日本
    for (int round = 0; round < 3; ++round) {
        CHECK(decode_codepage("\xCF\xF0\xE8\xE2\xE5\xF2", 1251) == cyrillic);
        CHECK(decode_codepage("\x93\xFA\x96\x7B", 932) == japanese);
        CHECK(encode_codepage(cyrillic, 1251) == "\xCF\xF0\xE8\xE2\xE5\xF2");
        CHECK(encode_codepage(japanese, 50220) == "\x1B$BF|K\\\x1B(B");
        CHECK(decode_codepage("\x1B$BF|K\\\x1B(B", 50220) == japanese);
        CHECK(decode_codepage("caf\xE9", 1252) == "caf\xC3\xA9");
    }
    CHECK_FALSE(decode_codepage("abc", 4242));
    CHECK_FALSE(encode_codepage("abc", 4242));
    CHECK_FALSE(decode_codepage("\xC3", CP_UTF8));
    CHECK(decode_codepage("\xC3\xA9", CP_UTF8) == "\xC3\xA9");
    CHECK_FALSE(encode_codepage(japanese, 1252));
}

TEST_CASE("A stateful code page starts each string in its initial state", "[msg][codepage]") {
    CHECK(decode_codepage(jis_unterminated, 50220) == a_kanji);
    // Were the shift state carried over, "abcd" would decode as two JIS X 0208 characters.
    CHECK(decode_codepage("abcd", 50220) == "abcd");
    CHECK(decode_codepage(jis_unterminated + "\x30", 50220) == a_kanji + "\xEF\xBF\xBD");
    CHECK(decode_codepage("abcd", 50220) == "abcd");
    // An encoding that fails halfway leaves the converter shifted; the next one starts afresh.
    CHECK_FALSE(encode_codepage("\xE6\x97\xA5\xC3\xA9", 50220));
    CHECK(encode_codepage("abc", 50220) == "abc");
}

TEST_CASE("Threads decode side by side", "[msg][codepage]") {
    std::vector<int> wrong(4, 0);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < wrong.size(); ++t) {
        threads.emplace_back([t, &wrong] {
            for (int i = 0; i < 500; ++i) {
                const bool ok = t % 2 == 0 ? decode_codepage(jis_unterminated, 50220) == a_kanji
                                                 && decode_codepage("abcd", 50220) == "abcd"
                                           : decode_codepage("\xE9", 1252) == "\xC3\xA9";
                wrong[t] += ok ? 0 : 1;
            }
        });
    }
    for (std::thread& th : threads) {
        th.join();
    }
    CHECK(wrong == std::vector<int>(4, 0));
}

TEST_CASE("Charset labels name their charset, MIBenum and code page", "[msg][codepage][charset]") {
    struct Known {
        const char* label;
        const char* name;
        uint32_t mibenum;
        uint32_t codepage;
    };

    const Known known[] = {
        {"UTF-8", "utf-8", 106, 65001},
        {"utf8", "utf-8", 106, 65001},
        {"US-ASCII", "us-ascii", 3, 20127},
        {"ANSI_X3.4-1968", "us-ascii", 3, 20127},
        {"UTF-16", "utf-16", 1015, 1200},
        {"utf-16LE", "utf-16le", 1014, 1200},
        {"UTF_16BE", "utf-16be", 1013, 1201},
        {"ISO-8859-1", "iso-8859-1", 4, 28591},
        {"latin1", "iso-8859-1", 4, 28591},
        {"iso_8859-5", "iso-8859-5", 8, 28595},
        {"ISO-8859-15", "iso-8859-15", 111, 28605},
        {"windows-1251", "windows-1251", 2251, 1251},
        {"cp1251", "windows-1251", 2251, 1251},
        {"x-cp1250", "windows-1250", 2250, 1250},
        {"KOI8-R", "koi8-r", 2084, 20866},
        {"Shift_JIS", "shift_jis", 17, 932},
        {"x-sjis", "shift_jis", 17, 932},
        {"EUC-JP", "euc-jp", 18, 51932},
        {"ISO-2022-JP", "iso-2022-jp", 39, 50220},
        {"EUC-KR", "euc-kr", 38, 949},
        {"ks_c_5601-1987", "ks_c_5601-1987", 36, 949},
        {"GB2312", "gb2312", 2025, 936},
        {"GBK", "gbk", 113, 936},
        {"GB18030", "gb18030", 114, 54936},
        {"Big5", "big5", 2026, 950},
        {" windows-874 ", "windows-874", 2109, 874},
    };
    for (const Known& k : known) {
        INFO(k.label);
        const auto by_name = charset_by_name(k.label);
        REQUIRE(by_name);
        CHECK(by_name->name == k.name);
        CHECK(by_name->mibenum == k.mibenum);
        CHECK(by_name->codepage == k.codepage);
        const auto by_number = charset_by_mibenum(k.mibenum);
        REQUIRE(by_number);
        CHECK(by_number->name == k.name);
        // The code page has a converter on this system.
        CHECK(decode_codepage("abc", k.codepage).has_value());
    }
    CHECK_FALSE(charset_by_name(""));
    CHECK_FALSE(charset_by_name("x-klingon"));
    CHECK_FALSE(charset_by_name("cp9999"));
    CHECK_FALSE(charset_by_mibenum(0));
    CHECK_FALSE(charset_by_mibenum(99999));
}

TEST_CASE("Checked decoding replaces what does not decode and says where it starts",
          "[msg][codepage]") {
    const auto clean = decode_codepage_checked("\xCF\xF0\xE8\xE2\xE5\xF2", 1251);
    REQUIRE(clean);
    CHECK(clean->text == "Привет");
    CHECK_FALSE(clean->error_offset);

    struct Case {
        std::string bytes;
        uint32_t codepage;
        std::string text;
        size_t offset;
    };

    const Case cases[] = {
        {"ab\xFF"
         "cd",
         CP_UTF8,
         "ab\xEF\xBF\xBD"
         "cd",
         2},
        {"ab\xC3", CP_UTF8, "ab\xEF\xBF\xBD", 2},
        // Past U+10FFFF and a surrogate: forms UTF-8 cannot hold, each byte replaced.
        {"a\xF6\xAC\x8A\x9D", CP_UTF8, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 1},
        {"\xED\xA0\x80z", CP_UTF8, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz", 0},
        {"\x93\xFA\xFF\x96\x7B", 932, "日\xEF\xBF\xBD本", 2},
        {"a\x98z", 1251, "a\xEF\xBF\xBDz", 1},
        // UTF-16: a lone surrogate is one unit, replaced as one; the rest still decodes.
        {std::string("a\0\x00\xD8"
                     "b\0",
                     6),
         1200,
         "a\xEF\xBF\xBD"
         "b",
         2},
        {std::string("\0a\xDC\x00\0b", 6), 1201,
         "a\xEF\xBF\xBD"
         "b",
         2},
        {std::string("a\0b", 3), 1200, "a\xEF\xBF\xBD", 2},
    };
    for (const Case& c : cases) {
        INFO(c.codepage << " at " << c.offset);
        const auto d = decode_codepage_checked(c.bytes, c.codepage);
        REQUIRE(d);
        CHECK(d->text == c.text);
        CHECK(d->error_offset == c.offset);
    }
    CHECK_FALSE(decode_codepage_checked("abc", 4242));
    // decode_codepage still refuses ill-formed UTF-8 and replaces in other pages.
    CHECK_FALSE(decode_codepage("ab\xFF", CP_UTF8));
    CHECK_FALSE(decode_codepage("\xF6\xAC\x8A\x9D", CP_UTF8));
    CHECK(decode_codepage("a\xF0\x9F\x98\x80", CP_UTF8) == "a\xF0\x9F\x98\x80");
    CHECK(decode_codepage(std::string("a\0\x00\xD8" "b\0", 6), 1200) == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("LCIDs give the ANSI code page of their locale", "[msg][codepage][lcid]") {
    CHECK(lcid_ansi_codepage(0x0407) == 1252u);   // German (Germany)
    CHECK(lcid_ansi_codepage(0x0C07) == 1252u);   // German (Austria): the language's page
    CHECK(lcid_ansi_codepage(0x0419) == 1251u);   // Russian
    CHECK(lcid_ansi_codepage(0x10419) == 1251u);  // Russian, another sort id
    CHECK(lcid_ansi_codepage(0x0411) == 932u);    // Japanese
    CHECK(lcid_ansi_codepage(0x0804) == 936u);    // Chinese (PRC)
    CHECK(lcid_ansi_codepage(0x0404) == 950u);    // Chinese (Taiwan)
    CHECK(lcid_ansi_codepage(0x041A) == 1250u);   // Croatian
    CHECK(lcid_ansi_codepage(0x081A) == 1250u);   // Serbian (Latin)
    CHECK(lcid_ansi_codepage(0x0C1A) == 1251u);   // Serbian (Cyrillic)
    CHECK(lcid_ansi_codepage(0x042C) == 1254u);   // Azerbaijani (Latin)
    CHECK(lcid_ansi_codepage(0x082C) == 1251u);   // Azerbaijani (Cyrillic)
    CHECK_FALSE(lcid_ansi_codepage(0x0439));      // Hindi: Unicode only
    CHECK_FALSE(lcid_ansi_codepage(0x0400));      // the user's default: no locale named
    CHECK_FALSE(lcid_ansi_codepage(0x03FF));      // no such language
}

TEST_CASE("The locale table in docs/codepages.md is the one the library uses",
          "[msg][codepage][lcid]") {
    const auto bytes = msgforge::test::read_file(std::filesystem::path(MSGFORGE_SOURCE_DIR) / "docs"
                                                 / "codepages.md");
    std::istringstream in(std::string(bytes.begin(), bytes.end()));
    size_t languages = 0;
    size_t locales = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| 0x", 0) != 0) {
            continue;
        }
        std::vector<std::string> cells;
        std::istringstream row(line.substr(1));
        for (std::string cell; std::getline(row, cell, '|');) {
            cells.push_back(cell.substr(1, cell.size() - 2));
        }
        INFO(line);
        const auto id = static_cast<uint32_t>(std::stoul(cells[0], nullptr, 16));
        const std::string& page = cells.back();
        const std::optional<uint32_t> expected =
            page == "none" ? std::nullopt : std::optional<uint32_t>(std::stoul(page));
        CHECK(lcid_ansi_codepage(id) == expected);
        (cells.size() == 3 ? languages : locales) += 1;
    }
    CHECK(languages >= 100);
    CHECK(locales >= 20);
}

TEST_CASE("Unicode code pages are told apart from ANSI ones", "[msg][codepage]") {
    for (const uint32_t cp : {1200u, 1201u, 12000u, 12001u, 65000u, 65001u}) {
        CHECK(is_unicode_codepage(cp));
    }
    for (const uint32_t cp : {1252u, 932u, 28591u, 50220u, 20127u}) {
        CHECK_FALSE(is_unicode_codepage(cp));
    }
}
