// SMIL layouts written (oms/src/smil.cpp, docs/sms-mms.md): the document written for the
// MS-OXOSMMS 4.2 slide, regions, media order and escaping, and round trips.
#include "smil_support.hpp"

#include <msgforge/oms/smil.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

namespace msgforge::oms {
namespace {

using namespace msgforge::test;

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

}  // namespace
}  // namespace msgforge::oms
