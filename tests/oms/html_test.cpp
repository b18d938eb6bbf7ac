// HTML bodies (oms/src/html.cpp): the MS-OXOSMMS 4.2 sample byte for byte, escaping in
// content and attributes, SMS bodies, and the text they read back as (msg::html_to_text).

#include "detail.hpp"

#include <msgforge/msg/html_text.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::oms::detail {
namespace {

const std::string SAMPLE_HTML =
    "<HTML>\r\n<BODY>\r\n<IMG SRC=\"cid:Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA\" "
    "border=\"0\">\r\n<BR>\r\nThis is the photo you asked for.\r\n<BR>\r\n<A "
    "HREF=\"cid:Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA\"></A>\r\n</BODY>\r\n</HTML>\r\n";

HtmlSlide sample_slide() {
    return HtmlSlide{"Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA",
                     "This is the photo you asked for.",
                     "Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA",
                     {}};
}

TEST_CASE("The MS-OXOSMMS 4.2 slide gives the sample HTML byte for byte", "[oms][html]") {
    CHECK(make_mms_html({sample_slide()}, {}) == SAMPLE_HTML);
}

TEST_CASE("MMS HTML lays out images, text, text parts and links per slide", "[oms][html]") {
    SECTION("no slides") {
        CHECK(make_mms_html({}, {}) == "<HTML>\r\n<BODY>\r\n</BODY>\r\n</HTML>\r\n");
    }
    SECTION("two slides, links on a slide and extra links") {
        const std::vector<HtmlSlide> slides = {
            {"a.jpg@x", "one\ntwo", "t0@x", {{"v.3gp@x", "clip.3gp"}, {"s.amr@x", "voice.amr"}}},
            {"", "", "", {{"m.mid@x", "ring.mid"}}},
        };
        CHECK(make_mms_html(slides, {{"c.vcf@x", "card.vcf"}})
              == "<HTML>\r\n<BODY>\r\n"
                 "<IMG SRC=\"cid:a.jpg@x\" border=\"0\">\r\n<BR>\r\n"
                 "one<BR>\r\ntwo\r\n<BR>\r\n"
                 "<A HREF=\"cid:t0@x\"></A>\r\n"
                 "<A HREF=\"cid:v.3gp@x\">clip.3gp</A>\r\n<BR>\r\n"
                 "<A HREF=\"cid:s.amr@x\">voice.amr</A>\r\n<BR>\r\n"
                 "<A HREF=\"cid:m.mid@x\">ring.mid</A>\r\n<BR>\r\n"
                 "<A HREF=\"cid:c.vcf@x\">card.vcf</A>\r\n<BR>\r\n"
                 "</BODY>\r\n</HTML>\r\n");
    }
    SECTION("text without a text part and a text part without text") {
        CHECK(make_mms_html({{"", "hi", "", {}}, {"", "", "t1@x", {}}}, {})
              == "<HTML>\r\n<BODY>\r\nhi\r\n<BR>\r\n<A HREF=\"cid:t1@x\"></A>\r\n"
                 "</BODY>\r\n</HTML>\r\n");
    }
}

TEST_CASE("Content-IDs, link names and text are escaped", "[oms][html]") {
    const std::vector<HtmlSlide> slides = {
        {"a\"b&c<d>e@x", "5 < 6 & \"7\" > 4", "t\"0@x", {{"v\"1@x", "<clip> & \"more\""}}},
    };
    CHECK(make_mms_html(slides, {{"e\r\nf@x", "a\nb"}})
          == "<HTML>\r\n<BODY>\r\n"
             "<IMG SRC=\"cid:a&quot;b&amp;c&lt;d&gt;e@x\" border=\"0\">\r\n<BR>\r\n"
             "5 &lt; 6 &amp; &quot;7&quot; &gt; 4\r\n<BR>\r\n"
             "<A HREF=\"cid:t&quot;0@x\"></A>\r\n"
             "<A HREF=\"cid:v&quot;1@x\">&lt;clip&gt; &amp; &quot;more&quot;</A>\r\n<BR>\r\n"
             "<A HREF=\"cid:e&#13;&#10;f@x\">a<BR>\r\nb</A>\r\n<BR>\r\n"
             "</BODY>\r\n</HTML>\r\n");
}

TEST_CASE("Text escapes the HTML specials and turns each line break into <BR>", "[oms][html]") {
    CHECK(escape_html("") == "");
    CHECK(escape_html("plain text, 'quotes' stay") == "plain text, 'quotes' stay");
    CHECK(escape_html("a&b<c>d\"e") == "a&amp;b&lt;c&gt;d&quot;e");
    CHECK(escape_html("&amp;") == "&amp;amp;");
    CHECK(escape_html("one\r\ntwo\rthree\nfour") == "one<BR>\r\ntwo<BR>\r\nthree<BR>\r\nfour");
    CHECK(escape_html("\n\r\n\r") == "<BR>\r\n<BR>\r\n<BR>\r\n");
    CHECK(escape_html("\n\r") == "<BR>\r\n<BR>\r\n");
    CHECK(escape_html("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST_CASE("SMS HTML is the escaped text between BODY tags", "[oms][html]") {
    CHECK(make_sms_html("What time is the meeting?")
          == "<HTML>\r\n<BODY>\r\nWhat time is the meeting?\r\n</BODY>\r\n</HTML>\r\n");
    CHECK(make_sms_html("a < b\nc")
          == "<HTML>\r\n<BODY>\r\na &lt; b<BR>\r\nc\r\n</BODY>\r\n</HTML>\r\n");
    CHECK(make_sms_html("") == "<HTML>\r\n<BODY>\r\n</BODY>\r\n</HTML>\r\n");
}

TEST_CASE("The text of the MS-OXOSMMS 4.2 HTML is the slide's text", "[oms][html]") {
    CHECK(msg::html_to_text(SAMPLE_HTML) == "This is the photo you asked for.");
}

TEST_CASE("Generated HTML reads back as its text, one line per line", "[oms][html]") {
    const std::vector<HtmlSlide> slides = {
        {"i0@x", "first line\nsecond  line", "t0@x", {}},
        {"", "a < b & c", "t1@x", {{"v@x", "clip.mp4"}}},
    };
    CHECK(msg::html_to_text(make_mms_html(slides, {}))
          == "first line\r\nsecond line\r\na < b & c\r\nclip.mp4");
    CHECK(msg::html_to_text(make_sms_html("Running late,\r\n10 min & counting"))
          == "Running late,\r\n10 min & counting");
}

}  // namespace
}  // namespace msgforge::oms::detail
