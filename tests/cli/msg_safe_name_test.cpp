#include "msgforge/safe_name.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using msgforge::cli::MAX_FILE_NAME;
using msgforge::cli::NameAllocator;
using msgforge::cli::safe_name;

namespace {

/// No separator, no control character, not "." or "..", within the length limit.
bool looks_safe(const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.size() > MAX_FILE_NAME) {
        return false;
    }
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '/' || c == '\\' || u < 0x20 || u == 0x7F || c == ':') {
            return false;
        }
    }
    return name.find("..") == std::string::npos && name.back() != '.' && name.back() != ' ';
}

}  // namespace

TEST_CASE("safe_name keeps ordinary names", "[cli][safe_name]") {
    CHECK(safe_name("report.pdf") == "report.pdf");
    CHECK(safe_name("Résumé 2024 (final).docx") == "Résumé 2024 (final).docx");
    CHECK(safe_name("テスト.txt") == "テスト.txt");
}

TEST_CASE("safe_name removes path separators and traversal", "[cli][safe_name][hostile]") {
    CHECK(safe_name("../../x") == "__._x");
    CHECK(safe_name("/etc/x") == "_etc_x");
    CHECK(safe_name("C:\\x") == "C__x");
    CHECK(safe_name("..") == "attachment");
    CHECK(safe_name(".") == "attachment");
    CHECK(safe_name("a/../../b") == "a_._._b");
    CHECK(safe_name(".bashrc") == "_bashrc");
    CHECK(safe_name("x..txt") == "x.txt");
    for (const std::string hostile : {"../../x", "/etc/x", "C:\\x", "..\\..\\x", "...", "./.",
                                      "a/..", "\\\\server\\share\\x"}) {
        INFO(hostile);
        CHECK(looks_safe(safe_name(hostile)));
    }
}

TEST_CASE("safe_name replaces control characters, NUL and ill-formed UTF-8",
          "[cli][safe_name][hostile]") {
    CHECK(safe_name(std::string("a\0b", 3)) == "a_b");
    CHECK(safe_name("a\nb\tc\x7F") == "a_b_c_");
    CHECK(safe_name("a\xC2\x85"
                    "b")
          == "a_b");  // U+0085, a C1 control
    CHECK(safe_name("a\xFF\xFE"
                    "b")
          == "a__b");
    CHECK(safe_name("evil\xE2\x80\xAEtxt.exe") == "evil_txt.exe");  // right-to-left override
    CHECK(safe_name("a<b>c:d\"e|f?g*h") == "a_b_c_d_e_f_g_h");
}

TEST_CASE("safe_name refuses Windows device names in any case, with or without extension",
          "[cli][safe_name][hostile]") {
    CHECK(safe_name("con") == "_con");
    CHECK(safe_name("CON") == "_CON");
    CHECK(safe_name("nul.txt") == "_nul.txt");
    CHECK(safe_name("Com1.tar.gz") == "_Com1.tar.gz");
    CHECK(safe_name("lpt9") == "_lpt9");
    CHECK(safe_name("aux .txt") == "_aux .txt");
    CHECK(safe_name("conout$") == "_conout$");
    CHECK(safe_name("com0") == "com0");
    CHECK(safe_name("console.txt") == "console.txt");
    CHECK(safe_name("com10") == "com10");
}

TEST_CASE("safe_name drops trailing dots and spaces and uses the fallback for empty names",
          "[cli][safe_name]") {
    CHECK(safe_name("name. . ") == "name");
    CHECK(safe_name("  name") == "name");
    CHECK(safe_name("") == "attachment");
    CHECK(safe_name("   ") == "attachment");
    CHECK(safe_name(". .", "body") == "body");
}

TEST_CASE("safe_name caps the length at 255 bytes, keeping the extension and whole characters",
          "[cli][safe_name][hostile]") {
    const std::string long_ascii(1000, 'a');
    CHECK(safe_name(long_ascii).size() == MAX_FILE_NAME);
    const std::string with_ext = safe_name(long_ascii + ".pdf");
    CHECK(with_ext.size() == MAX_FILE_NAME);
    CHECK(with_ext.ends_with(".pdf"));
    std::string wide;
    for (int i = 0; i < 400; ++i) {
        wide += "é";
    }
    const std::string cut = safe_name(wide + ".txt");
    CHECK(cut.size() <= MAX_FILE_NAME);
    CHECK(cut.ends_with("é.txt"));
}

TEST_CASE("NameAllocator numbers collisions before the extension, ignoring case",
          "[cli][safe_name]") {
    NameAllocator names;
    CHECK(names.allocate("a.txt") == "a.txt");
    CHECK(names.allocate("a.txt") == "a (2).txt");
    CHECK(names.allocate("A.TXT") == "A (3).TXT");
    CHECK(names.allocate("noext") == "noext");
    CHECK(names.allocate("noext") == "noext (2)");

    NameAllocator with_existing([](const std::string& n) { return n == "b.txt"; });
    CHECK(with_existing.allocate("b.txt") == "b (2).txt");

    NameAllocator long_names;
    const std::string longest = safe_name(std::string(1000, 'x') + ".txt");
    CHECK(long_names.allocate(longest) == longest);
    const std::string second = long_names.allocate(longest);
    CHECK(second.size() <= MAX_FILE_NAME);
    CHECK(second.ends_with(" (2).txt"));
    std::set<std::string> distinct;
    for (int i = 0; i < 20; ++i) {
        distinct.insert(long_names.allocate(longest));
    }
    CHECK(distinct.size() == 20);
}
