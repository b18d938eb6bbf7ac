// Entry names (MS-CFB 2.6.1, 2.6.4): the CFB order of names and the rules a name must keep.
#include <msgforge/cfb/names.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace msgforge::cfb;

TEST_CASE("compare_names orders by length first, then by upper-cased code units", "[cfb][names]") {
    CHECK(compare_names(u"Z", u"aa") < 0);
    CHECK(compare_names(u"aa", u"Z") > 0);
    CHECK(compare_names(u"a", u"B") < 0);
    CHECK(compare_names(u"B", u"a") > 0);
    // 'a' compares as 'A' (0x41), so '_' (0x5F) comes after it, though 'a' itself is 0x61.
    CHECK(compare_names(u"_", u"a") > 0);
    CHECK(compare_names(u"", u"a") < 0);
    CHECK(compare_names(u"", u"") == 0);
}

TEST_CASE("compare_names treats names that differ only in case as equal", "[cfb][names]") {
    CHECK(compare_names(u"Root Entry", u"ROOT ENTRY") == 0);
    CHECK(compare_names(u"__substg1.0_0037001f", u"__SUBSTG1.0_0037001F") == 0);
    CHECK(compare_names(u"\u00E9t\u00E9", u"\u00C9T\u00C9") == 0);
    CHECK(compare_names(u"\u03C9", u"\u03A9") == 0);
}

TEST_CASE("upper_unit maps ASCII and the BMP's simple upper case, other units to themselves",
          "[cfb][names]") {
    CHECK(upper_unit(u'a') == u'A');
    CHECK(upper_unit(u'z') == u'Z');
    CHECK(upper_unit(u'A') == u'A');
    CHECK(upper_unit(u'_') == u'_');
    CHECK(upper_unit(u'\u00E9') == u'\u00C9');
    CHECK(upper_unit(u'\u03C9') == u'\u03A9');
    CHECK(upper_unit(u'\u4E2D') == u'\u4E2D');
    CHECK(upper_unit(char16_t{0xD800}) == char16_t{0xD800});
}

TEST_CASE("name_problem allows up to 31 units, the empty name included, and explains the rest",
          "[cfb][names]") {
    CHECK(name_problem(u"").empty());
    CHECK(name_problem(u"__properties_version1.0").empty());
    CHECK(name_problem(std::u16string(31, u'x')).empty());
    CHECK(name_problem(std::u16string(32, u'x')) == "name has 32 UTF-16 code units, more than 31");
    CHECK(name_problem(std::u16string(u"a\0b", 3)) == "name contains U+0000, which would end it");
    for (const char16_t c : {u'/', u'\\', u':', u'!'}) {
        INFO(static_cast<char>(c));
        CHECK(name_problem(std::u16string{u'a', c}) == "name contains one of / \\ : !");
    }
}
