// SMIL layouts (oms/src/smil.cpp, docs/sms-mms.md): the document written for the MS-OXOSMMS 4.2
// slide, regions, media order and escaping, round trips, the encodings read, clock values,
// problems with their offsets, nesting, and hostile documents.

#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/oms/smil.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace msgforge::oms {
namespace {

std::vector<uint8_t> bytes(std::string_view s) {
    return {s.begin(), s.end()};
}

SmilDocument parse(std::string_view s) {
    const std::vector<uint8_t> b = bytes(s);
    return parse_smil(b);
}

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

const char* kind_name(MediaKind kind) {
    switch (kind) {
        case MediaKind::text:
            return "text";
        case MediaKind::image:
            return "image";
        case MediaKind::video:
            return "video";
        case MediaKind::audio:
            return "audio";
        default:
            return "other";
    }
}

// A readable form of slides, so that a mismatch shows where.
std::string describe(const std::vector<SmilPar>& pars) {
    std::string out;
    for (const SmilPar& par : pars) {
        out += "par ";
        out += par.duration_ms ? std::to_string(*par.duration_ms) : "-";
        out += ":";
        for (const SmilMedia& m : par.media) {
            out += std::string(" ") + kind_name(m.kind) + "(" + m.src + " in " + m.region + ")";
        }
        out += "\n";
    }
    return out;
}

SmilMedia media(MediaKind kind, std::string src) {
    const char* region = kind == MediaKind::image || kind == MediaKind::video ? "Image"
                         : kind == MediaKind::text                            ? "Text"
                                                                              : "";
    return SmilMedia{kind, std::move(src), region};
}

const std::string SAMPLE_SMIL =
    "<smil>\n"
    "  <head>\n"
    "    <layout>\n"
    "      <root-layout width=\"176\" height=\"208\" />\n"
    "      <region id=\"Image\" left=\"0\" top=\"0\" width=\"176\" height=\"144\" fit=\"meet\" />\n"
    "      <region id=\"Text\" left=\"0\" top=\"144\" width=\"176\" height=\"64\" fit=\"scroll\" "
    "/>\n"
    "    </layout>\n"
    "  </head>\n"
    "  <body>\n"
    "    <par dur=\"5000ms\">\n"
    "      <img src=\"cid:Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA\" region=\"Image\" />\n"
    "      <text src=\"cid:Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA\" region=\"Text\" />\n"
    "    </par>\n"
    "  </body>\n"
    "</smil>\n";

std::vector<SmilPar> sample_pars() {
    // Text first and no duration: the writer orders the media and fills in 5000 ms.
    return {
        SmilPar{{SmilMedia{MediaKind::text, "cid:Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA", ""},
                 SmilMedia{MediaKind::image, "cid:Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA", ""}},
                std::nullopt}};
}

TEST_CASE("SMIL for the MS-OXOSMMS 4.2 slide has the layout docs/sms-mms.md describes",
          "[oms][smil]") {
    const std::string smil = make_smil(sample_pars());
    CHECK(smil == SAMPLE_SMIL);
    CHECK(make_smil(sample_pars()) == smil);
    const SmilDocument back = parse(smil);
    CHECK(back.problems.empty());
    CHECK(describe(back.pars)
          == "par 5000: image(cid:Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA in Image) "
             "text(cid:Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA in Text)\n");
}

TEST_CASE("SMIL regions follow the media the slides have", "[oms][smil]") {
    const std::string head =
        "<smil>\n  <head>\n    <layout>\n"
        "      <root-layout width=\"176\" height=\"208\" />\n";
    SECTION("no slides: the root layout and an empty body") {
        CHECK(make_smil({}) == head + "    </layout>\n  </head>\n  <body />\n</smil>\n");
    }
    SECTION("text alone takes the whole root") {
        CHECK(make_smil({SmilPar{{media(MediaKind::text, "t")}, 1000}})
              == head
                     + "      <region id=\"Text\" left=\"0\" top=\"0\" width=\"176\" "
                       "height=\"208\" fit=\"scroll\" />\n"
                       "    </layout>\n  </head>\n  <body>\n"
                       "    <par dur=\"1000ms\">\n"
                       "      <text src=\"t\" region=\"Text\" />\n"
                       "    </par>\n  </body>\n</smil>\n");
    }
    SECTION("video alone takes the whole root, and text on another slide splits it") {
        const std::string video_only = make_smil({SmilPar{{media(MediaKind::video, "v")}, 1}});
        CHECK(video_only.find("<region id=\"Image\" left=\"0\" top=\"0\" width=\"176\" "
                              "height=\"208\" fit=\"meet\" />")
              != std::string::npos);
        CHECK(video_only.find("id=\"Text\"") == std::string::npos);
        const std::string both = make_smil({SmilPar{{media(MediaKind::video, "v")}, 1},
                                            SmilPar{{media(MediaKind::text, "t")}, 2}});
        CHECK(both.find("<region id=\"Image\" left=\"0\" top=\"0\" width=\"176\" height=\"144\" "
                        "fit=\"meet\" />\n      <region id=\"Text\" left=\"0\" top=\"144\" "
                        "width=\"176\" height=\"64\" fit=\"scroll\" />")
              != std::string::npos);
    }
    SECTION("audio and other media need no region") {
        const std::string smil =
            make_smil({SmilPar{{media(MediaKind::audio, "a"), media(MediaKind::other, "r")}, 1}});
        CHECK(smil.find("<region") == std::string::npos);
        CHECK(smil.find("      <audio src=\"a\" />\n      <ref src=\"r\" />\n")
              != std::string::npos);
    }
}

TEST_CASE("SMIL writes every media kind in slide order, regions by kind", "[oms][smil]") {
    // Given out of order and with regions the writer does not use.
    const SmilPar par{
        {SmilMedia{MediaKind::other, "r", "Bogus"}, SmilMedia{MediaKind::audio, "a", "Image"},
         SmilMedia{MediaKind::text, "t", ""}, SmilMedia{MediaKind::video, "v", "Text"},
         SmilMedia{MediaKind::image, "i", ""}},
        1234};
    const std::string smil = make_smil({par});
    CHECK(smil.find("  <body>\n"
                    "    <par dur=\"1234ms\">\n"
                    "      <video src=\"v\" region=\"Image\" />\n"
                    "      <img src=\"i\" region=\"Image\" />\n"
                    "      <text src=\"t\" region=\"Text\" />\n"
                    "      <audio src=\"a\" />\n"
                    "      <ref src=\"r\" />\n"
                    "    </par>\n"
                    "  </body>\n")
          != std::string::npos);
    const SmilDocument back = parse(smil);
    CHECK(back.problems.empty());
    CHECK(describe(back.pars)
          == "par 1234: video(v in Image) image(i in Image) text(t in Text) audio(a in ) "
             "other(r in )\n");
}

TEST_CASE("SMIL escapes src values and writes UTF-8 without BOM", "[oms][smil]") {
    const std::string src = "cid:a&b<c\"d>e'f caf\xC3\xA9 \xF0\x9F\x98\x80";
    const std::string smil = make_smil({SmilPar{{media(MediaKind::image, src)}, 5000}});
    CHECK(smil.rfind("<smil>", 0) == 0);
    CHECK(smil.find("src=\"cid:a&amp;b&lt;c&quot;d") != std::string::npos);
    CHECK(smil.find("caf\xC3\xA9 \xF0\x9F\x98\x80\"") != std::string::npos);
    CHECK(smil.find("&lt;c\"") == std::string::npos);
    const SmilDocument back = parse(smil);
    REQUIRE(back.pars.size() == 1);
    REQUIRE(back.pars[0].media.size() == 1);
    CHECK(back.pars[0].media[0].src == src);
}

TEST_CASE("SMIL round trips slides of every kind", "[oms][smil]") {
    const std::vector<SmilPar> pars = {
        SmilPar{
            {media(MediaKind::image, "cid:Att1.jpg@X"), media(MediaKind::text, "cid:Att0.txt@X"),
             media(MediaKind::audio, "cid:Att2.amr@X")},
            5000},
        SmilPar{{media(MediaKind::video, "clip.3gp"), media(MediaKind::text, "t2.txt")}, 0},
        SmilPar{{}, 4294967295U},
        SmilPar{{media(MediaKind::other, "card.vcf"), media(MediaKind::other, "event.vcs")}, 1},
        SmilPar{{media(MediaKind::text, "a\"b&c<d>'\t\nz")}, 777},
    };
    const SmilDocument back = parse(make_smil(pars));
    CHECK(back.problems.empty());
    CHECK(describe(back.pars) == describe(pars));
}

TEST_CASE("SMIL with 50 slides round trips and has 50 pars", "[oms][smil]") {
    std::vector<SmilPar> pars;
    for (uint32_t i = 0; i < 50; ++i) {
        SmilPar par{{}, i * 100 + 1};
        const std::string n = std::to_string(i);
        if (i % 3 != 2) {
            par.media.push_back(
                media(i % 2 == 0 ? MediaKind::image : MediaKind::video, "cid:v" + n + "@X"));
        }
        if (i % 2 == 0) {
            par.media.push_back(media(MediaKind::text, "cid:t" + n + "@X"));
        }
        if (i % 5 == 0) {
            par.media.push_back(media(MediaKind::audio, "cid:a" + n + "@X"));
        }
        pars.push_back(par);
    }
    const std::string smil = make_smil(pars);
    size_t count = 0;
    for (size_t at = smil.find("<par "); at != std::string::npos; at = smil.find("<par ", at + 1)) {
        ++count;
    }
    CHECK(count == 50);
    const SmilDocument back = parse(smil);
    CHECK(back.problems.empty());
    CHECK(describe(back.pars) == describe(pars));
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
