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
