// SMIL layouts read (oms/src/smil.cpp, docs/sms-mms.md): the encodings read, clock values,
// problems with their offsets, nesting, and hostile documents.
#include "smil_support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/oms/smil.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::oms {
namespace {

using namespace msgforge::test;

// `utf8` as UTF-16 bytes in the given order, after a byte order mark if asked for.
std::vector<uint8_t> utf16(std::string_view utf8, bool little_endian, bool bom) {
    std::u16string units = utf8_to_utf16(utf8).value();
    if (bom) {
        units.insert(units.begin(), u'\xFEFF');
    }
    std::vector<uint8_t> out;
    for (const char16_t u : units) {
        const auto high = static_cast<uint8_t>(u >> 8);
        const auto low = static_cast<uint8_t>(u & 0xFF);
        out.push_back(little_endian ? low : high);
        out.push_back(little_endian ? high : low);
    }
    return out;
}

// The byte offset in the UTF-16 form (with BOM) of `utf8` of what sits at `at` in `utf8`.
uint64_t utf16_offset(std::string_view utf8, size_t at) {
    return 2 + 2 * utf8_to_utf16(utf8.substr(0, at)).value().size();
}

const std::string ENCODED =
    "<smil><head><layout><region id=\"Image\"/></layout></head><body>"
    "<par dur=\"2s\"><img src=\"caf\xC3\xA9 \xF0\x9F\x98\x80.jpg\" region=\"Image\"/></par>"
    "</body></smil>";

TEST_CASE("SMIL is read from UTF-8 and UTF-16, with or without BOM", "[oms][smil]") {
    const std::string expected = "par 2000: image(caf\xC3\xA9 \xF0\x9F\x98\x80.jpg in Image)\n";
    CHECK(describe(parse(ENCODED).pars) == expected);
    CHECK(describe(parse("\xEF\xBB\xBF" + ENCODED).pars) == expected);
    CHECK(describe(parse_smil(utf16(ENCODED, true, true)).pars) == expected);
    CHECK(describe(parse_smil(utf16(ENCODED, false, true)).pars) == expected);
    CHECK(describe(parse_smil(utf16(ENCODED, true, false)).pars) == expected);
    const std::string declared = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + ENCODED;
    CHECK(describe(parse_smil(utf16(declared, false, true)).pars) == expected);
}

// The offset a FormatError from parse_smil carries, or nothing when it does not throw.
std::optional<uint64_t> error_offset(std::span<const uint8_t> b) {
    try {
        parse_smil(b);
    } catch (const FormatError& e) {
        CHECK(e.code() == Errc::format);
        CHECK(e.location().structure == "SMIL layout");
        return e.location().offset.value_or(UINT64_MAX);
    }
    return std::nullopt;
}

TEST_CASE("SMIL that is not well-formed throws with pugixml's offset in the input",
          "[oms][smil][hostile]") {
    const std::string broken = "<smil><par></smil>";
    REQUIRE_THROWS_AS(parse(broken), FormatError);
    REQUIRE_THROWS_WITH(parse(broken), Catch::Contains("SMIL layout at 0xD: not well-formed XML"));
    CHECK(error_offset(bytes(broken)) == 13U);
    CHECK(error_offset(bytes("\xEF\xBB\xBF" + broken)) == 16U);
    CHECK(error_offset(utf16(broken, true, true)) == 28U);
    CHECK(error_offset(utf16(broken, false, true)) == 28U);
    // Multi-byte characters before the error: 2 bytes each in UTF-16, 4 for the pair.
    const std::string wide = "<smil><!-- \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 --><par></smil>";
    const auto at = error_offset(bytes(wide));
    REQUIRE(at);
    CHECK(error_offset(utf16(wide, true, true)) == utf16_offset(wide, *at));

    const std::vector<std::string> bad = {
        "",
        "   ",
        std::string("\x00\x01\x02", 3),
        "<smil",
        "<smil><body></smil>",
        "<smil attr=\"x></smil>",
        "<?xml version=\"1.0\"?>",
        "<!-- -->",
        "text only",
    };
    for (const std::string& b : bad) {
        INFO(b);
        CHECK_THROWS_AS(parse(b), FormatError);
    }
}

TEST_CASE("SMIL whose root is not smil throws with the root's offset", "[oms][smil][hostile]") {
    REQUIRE_THROWS_WITH(parse("<html><body/></html>"),
                        Catch::Contains("SMIL layout at 0x0: root element <html> is not <smil>"));
    const std::string declared = "<?xml version=\"1.0\"?>\n<svg/>";
    CHECK(error_offset(bytes(declared)) == 22U);
    CHECK(error_offset(utf16(declared, true, true)) == 46U);
    CHECK(error_offset(bytes("<SMIL/>")) == 0U);
    CHECK_FALSE(error_offset(bytes("<smil/>")));
    CHECK(parse("<smil/>").pars.empty());
}

TEST_CASE("SMIL clock values give durations, others are problems", "[oms][smil]") {
    const auto read = [](std::string_view dur) {
        return parse("<smil><body><par dur=\"" + std::string(dur)
                     + "\"><img src=\"a\"/></par></body></smil>");
    };

    struct Valid {
        std::string_view dur;
        uint32_t ms;
    };

    const std::vector<Valid> valid = {
        {"5000ms", 5000},
        {"5s", 5000},
        {"5", 5000},
        {"0:00:05", 5000},
        {"00:05.5", 5500},
        {"1.5min", 90000},
        {"0.1h", 360000},
        {" 7s ", 7000},
        {"12:34:56.789", 45296789},
        {"100:00:00", 360000000},
        {"10MS", 10},
        {"2Min", 120000},
        {"2.0005s", 2001},
        {"2.0004s", 2000},
        {"0.5ms", 1},
        {"0.4ms", 0},
        {"0", 0},
        {"0.123456789123s", 123},
        {"4294967295ms", 4294967295U},
        {"4294967.295s", 4294967295U},
        {"1193:02:47.295", 4294967295U},
        {"000000000000000000000000005s", 5000},
    };
    for (const Valid& v : valid) {
        INFO(v.dur);
        const SmilDocument doc = read(v.dur);
        CHECK(doc.problems.empty());
        REQUIRE(doc.pars.size() == 1);
        CHECK(doc.pars[0].duration_ms == v.ms);
    }
    const std::vector<std::string_view> garbage = {
        "",      "abc",     "-5s",           "+5s",     "5 s",        "5x",
        "5sec",  "1:00",    "00:60",         "60:00",   "0:5:00",     "5.s",
        ".5s",   "1:2:3:4", "00:00:00:00",   "5ms5",    "indefinite", "media",
        "1e3ms", "0x10ms",  "\xEF\xBC\x95s", "1:00:60", "5.5.5s",
    };
    for (const std::string_view g : garbage) {
        INFO(g);
        const SmilDocument doc = read(g);
        REQUIRE(doc.problems.size() == 1);
        CHECK_THAT(doc.problems[0],
                   Catch::StartsWith("<par> at 0xC: dur \"" + std::string(g) + "\""));
        CHECK_THAT(doc.problems[0], Catch::EndsWith("is not a clock value"));
        REQUIRE(doc.pars.size() == 1);
        CHECK_FALSE(doc.pars[0].duration_ms);
        CHECK(doc.pars[0].media.size() == 1);
    }
    const std::vector<std::string_view> too_long = {
        "4294967296ms",
        "4294967.296s",
        "1193:02:47.296",
        "71583min",
        "99999999999999999999999999999h",
        "99999999999999999999999999999:00:00.5",
    };
    for (const std::string_view t : too_long) {
        INFO(t);
        const SmilDocument doc = read(t);
        REQUIRE(doc.problems.size() == 1);
        CHECK(doc.problems[0]
              == "<par> at 0xC: dur \"" + std::string(t) + "\" is longer than 4294967295 ms");
        CHECK_FALSE(doc.pars.at(0).duration_ms);
    }
}

const std::string PROBLEMS =
    "<smil><head><layout>"
    "<root-layout width=\"1\" height=\"1\"/>"
    "<root-layout width=\"2\" height=\"2\"/>"
    "<region id=\"Image\"/>"
    "<region id=\"IMAGE\"/>"
    "<region id=\"text\"/>"
    "<!-- caf\xC3\xA9 \xF0\x9F\x98\x80 -->"
    "</layout></head><body>"
    "<par dur=\"soon\"><img src=\"a\" region=\"image\"/><text src=\"t\" region=\"Text\"/></par>"
    "<par dur=\"4294967296ms\"><img region=\"Image\"/><video src=\"v\" region=\"Nowhere\"/></par>"
    "<par><audio src=\"\"/></par>"
    "</body></smil>";

// The problems PROBLEMS has, with offsets computed by `offset` from UTF-8 offsets.
template <typename Offset>
std::vector<std::string> expected_problems(Offset offset) {
    const auto at = [&](std::string_view what, size_t nth = 0) {
        size_t pos = PROBLEMS.find(what);
        for (size_t i = 0; i < nth; ++i) {
            pos = PROBLEMS.find(what, pos + 1);
        }
        return hex(offset(pos));
    };
    return {
        "<root-layout> at " + at("<root-layout", 1) + ": more than one root-layout",
        "<region> at " + at("<region id=\"IMAGE\"")
            + ": region id \"IMAGE\" is taken by an earlier region",
        "<par> at " + at("<par dur=\"soon\"") + ": dur \"soon\" is not a clock value",
        "<par> at " + at("<par dur=\"42") + ": dur \"4294967296ms\" is longer than 4294967295 ms",
        "<img> at " + at("<img region") + ": no src",
        "<video> at " + at("<video") + ": region \"Nowhere\" is not in the layout",
        "<audio> at " + at("<audio") + ": no src",
    };
}

TEST_CASE("SMIL problems name the element and its offset, in any encoding", "[oms][smil]") {
    const std::string pars =
        "par -: image(a in image) text(t in Text)\npar -: video(v in Nowhere)\npar -:\n";
    SECTION("UTF-8") {
        const SmilDocument doc = parse(PROBLEMS);
        CHECK(doc.problems == expected_problems([](size_t at) { return uint64_t{at}; }));
        CHECK(describe(doc.pars) == pars);
    }
    SECTION("UTF-8 with BOM") {
        const SmilDocument doc = parse("\xEF\xBB\xBF" + PROBLEMS);
        CHECK(doc.problems == expected_problems([](size_t at) { return uint64_t{at} + 3; }));
        CHECK(describe(doc.pars) == pars);
    }
    SECTION("UTF-16LE and UTF-16BE with BOM") {
        const auto expected =
            expected_problems([](size_t at) { return utf16_offset(PROBLEMS, at); });
        const SmilDocument le = parse_smil(utf16(PROBLEMS, true, true));
        CHECK(le.problems == expected);
        CHECK(describe(le.pars) == pars);
        const SmilDocument be = parse_smil(utf16(PROBLEMS, false, true));
        CHECK(be.problems == expected);
        CHECK(describe(be.pars) == pars);
    }
}

TEST_CASE("SMIL region ids match without regard to case", "[oms][smil]") {
    const SmilDocument doc = parse(
        "<smil><head><layout><region id=\"image\"/><region id=\"text\"/></layout></head><body>"
        "<par><img src=\"i\" region=\"Image\"/><text src=\"t\" region=\"TEXT\"/></par>"
        "</body></smil>");
    CHECK(doc.problems.empty());
    CHECK(describe(doc.pars) == "par -: image(i in Image) text(t in TEXT)\n");
    const SmilDocument no_layout =
        parse("<smil><body><par><img src=\"i\" region=\"Image\"/></par></body></smil>");
    REQUIRE(no_layout.problems.size() == 1);
    CHECK(no_layout.problems[0] == "<img> at 0x11: region \"Image\" is not in the layout");
}

TEST_CASE("SMIL media are read through any nesting, one slide per outermost par", "[oms][smil]") {
    struct Case {
        std::string_view name;
        std::string_view body;
        std::string_view slides;
    };

    const std::vector<Case> cases = {
        {"pars in a seq",
         "<seq><par dur=\"1s\"><img src=\"a\"/></par><par dur=\"2s\"><text src=\"b\"/></par></seq>",
         "par 1000: image(a in )\npar 2000: text(b in )\n"},
        {"nesting inside a par",
         "<par dur=\"3s\"><seq><img src=\"a\"/><switch><text src=\"b\"/><text src=\"c\"/></switch>"
         "</seq><par dur=\"9s\"><audio src=\"d\"/></par></par>",
         "par 3000: image(a in ) text(b in ) text(c in ) audio(d in )\n"},
        {"media directly in the body", "<img src=\"a\"/><audio src=\"b\"/>",
         "par -: image(a in ) audio(b in )\n"},
        {"media around a par",
         "<img src=\"a\"/><par dur=\"1s\"><text src=\"b\"/></par><audio src=\"c\"/><ref "
         "src=\"d\"/>",
         "par -: image(a in )\npar 1000: text(b in )\npar -: audio(c in ) other(d in )\n"},
        {"other media elements and unknown ones",
         "<par><animation src=\"x\"/><textstream src=\"y\"/><brush color=\"red\"/><foo src=\"z\"/>"
         "<foo><video src=\"w\"/></foo></par>",
         "par -: other(x in ) text(y in ) video(w in )\n"},
        {"an empty par and text content", "<par/>words<par>more<img src=\"a\"/>words</par>",
         "par -:\npar -: image(a in )\n"},
        {"no body", "", ""},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string doc = c.body.empty()
                                    ? std::string("<smil><head/></smil>")
                                    : "<smil><body>" + std::string(c.body) + "</body></smil>";
        const SmilDocument read = parse(doc);
        CHECK(read.problems.empty());
        CHECK(describe(read.pars) == c.slides);
    }
}

TEST_CASE("SMIL under a namespace is read by local names", "[oms][smil]") {
    const SmilDocument plain = parse(
        "<smil xmlns=\"http://www.w3.org/2001/SMIL20/Language\"><body><par dur=\"1s\">"
        "<img src=\"a\"/></par></body></smil>");
    CHECK(describe(plain.pars) == "par 1000: image(a in )\n");
    const SmilDocument prefixed = parse(
        "<s:smil xmlns:s=\"http://www.w3.org/2001/SMIL20/Language\"><s:head><s:layout>"
        "<s:region id=\"Image\"/></s:layout></s:head><s:body><s:par dur=\"2s\">"
        "<s:img src=\"a\" region=\"Image\"/></s:par></s:body></s:smil>");
    CHECK(prefixed.problems.empty());
    CHECK(describe(prefixed.pars) == "par 2000: image(a in Image)\n");
}

TEST_CASE("Hostile SMIL: deep nesting, many elements, entities, long values",
          "[oms][smil][hostile]") {
    SECTION("200000 nested pars with text after each end") {
        constexpr size_t depth = 200'000;
        std::string doc = "<smil><body>";
        for (size_t i = 0; i < depth; ++i) {
            doc += "<par>";
        }
        doc += "<img src=\"deep\"/>";
        for (size_t i = 0; i < depth; ++i) {
            doc += "x</par>";
        }
        doc += "<audio src=\"after\"/></body></smil>";
        const SmilDocument read = parse(doc);
        CHECK(read.problems.empty());
        CHECK(describe(read.pars) == "par -: image(deep in )\npar -: audio(after in )\n");
    }
    SECTION("200000 nested unknown elements in head") {
        std::string doc = "<smil><head>";
        for (size_t i = 0; i < 200'000; ++i) {
            doc += "<layout>";
        }
        doc += "<region id=\"Image\"/></head></smil>";
        CHECK_THROWS_AS(parse(doc), FormatError);
        doc = "<smil><head>";
        for (size_t i = 0; i < 200'000; ++i) {
            doc += "<layout>";
        }
        doc += "<region id=\"Image\"/>";
        for (size_t i = 0; i < 200'000; ++i) {
            doc += "</layout>";
        }
        doc += "</head><body><img src=\"a\" region=\"IMAGE\"/></body></smil>";
        CHECK(parse(doc).problems.empty());
    }
    SECTION("50000 regions, 50000 references and 50000 bad durations") {
        std::string doc = "<smil><head><layout>";
        for (int i = 0; i < 50'000; ++i) {
            doc += "<region id=\"R" + std::to_string(i) + "\"/>";
        }
        doc += "</layout></head><body>";
        for (int i = 0; i < 50'000; ++i) {
            doc += "<par dur=\"x\"><img src=\"s\" region=\"r" + std::to_string(i) + "\"/></par>";
        }
        doc += "</body></smil>";
        const SmilDocument read = parse(doc);
        CHECK(read.pars.size() == 50'000);
        CHECK(read.problems.size() == 50'000);
        CHECK_THAT(read.problems.back(), Catch::EndsWith(": dur \"x\" is not a clock value"));
    }
    SECTION("entities are not expanded") {
        const SmilDocument read = parse(
            "<!DOCTYPE smil [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
            "<smil><body><par dur=\"&b;\"><img src=\"&b;\"/></par></body></smil>");
        REQUIRE(read.problems.size() == 1);
        CHECK_THAT(read.problems[0], Catch::Contains("dur \"&b;\" is not a clock value"));
        CHECK(describe(read.pars) == "par -: image(&b; in )\n");
    }
    SECTION("a deep document type declaration") {
        std::string doc = "<!DOCTYPE smil [";
        for (int i = 0; i < 100'000; ++i) {
            doc += "<![INCLUDE[";
        }
        CHECK_THROWS_AS(parse(doc + "]><smil/>"), FormatError);
    }
    SECTION("a 1 MB duration is quoted in part") {
        const SmilDocument read =
            parse("<smil><body><par dur=\"" + std::string(1'000'000, '9') + "x\"/></body></smil>");
        REQUIRE(read.problems.size() == 1);
        CHECK(read.problems[0]
              == "<par> at 0xC: dur \"" + std::string(64, '9') + "\"... is not a clock value");
    }
    SECTION("quoting does not split a UTF-8 character") {
        const SmilDocument read = parse("<smil><body><par dur=\"" + std::string(63, 'x')
                                        + "\xC3\xA9\xC3\xA9\"/></body></smil>");
        REQUIRE(read.problems.size() == 1);
        CHECK(read.problems[0]
              == "<par> at 0xC: dur \"" + std::string(63, 'x') + "\"... is not a clock value");
    }
}

}  // namespace
}  // namespace msgforge::oms
