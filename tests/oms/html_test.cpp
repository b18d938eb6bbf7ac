// HTML bodies (oms/src/html.cpp): the MS-OXOSMMS 4.2 sample byte for byte, escaping in
// content and attributes, SMS bodies, and the text of HTML, malformed HTML included.

#include "detail.hpp"

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
    CHECK(html_to_text(SAMPLE_HTML) == "This is the photo you asked for.");
}

TEST_CASE("Generated HTML reads back as its text, one line per line", "[oms][html]") {
    const std::vector<HtmlSlide> slides = {
        {"i0@x", "first line\nsecond  line", "t0@x", {}},
        {"", "a < b & c", "t1@x", {{"v@x", "clip.mp4"}}},
    };
    CHECK(html_to_text(make_mms_html(slides, {}))
          == "first line\r\nsecond line\r\na < b & c\r\nclip.mp4");
    CHECK(html_to_text(make_sms_html("Running late,\r\n10 min & counting"))
          == "Running late,\r\n10 min & counting");
}

TEST_CASE("HTML text: tags, line breaks, blocks and white space", "[oms][html]") {
    struct Case {
        std::string_view html;
        std::string_view text;
    };

    const std::vector<Case> cases = {
        {"", ""},
        {"   \r\n\t ", ""},
        {"plain", "plain"},
        {"  several   spaces\tand\r\nlines  ", "several spaces and lines"},
        {"a<br>b", "a\r\nb"},
        {"a<BR/>b<br />c", "a\r\nb\r\nc"},
        {"a <br> b", "a\r\nb"},
        {"a<br><br>b", "a\r\n\r\nb"},
        {"a</br>b", "a\r\nb"},
        {"<br><br>a<br><br>", "a"},
        {"<p>one</p><p>two</p>", "one\r\ntwo"},
        {"<div>a<br></div>b", "a\r\nb"},
        {"x<div><div><p>y</p></div></div>z", "x\r\ny\r\nz"},
        {"<ul><li>one</li><li>two</li></ul>after", "one\r\ntwo\r\nafter"},
        {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\r\nc"},
        {"<b>bold</b> and <i>it</i>alic", "bold and italic"},
        {"<span>a</span><span>b</span>", "ab"},
        {"<a href=\"x>y\" title='p>q'>link</a>", "link"},
        {"<a title=it's>x</a>", "x"},
        {"x<pre>\n  a  b\r\n c\n</pre>y", "x\r\n  a  b\r\n c\r\ny"},
        {"<pre>a\n<b>b</b>  c</pre>", "a\r\nb  c"},
        {"<img src=\"cid:x\" alt=\"photo\">caption", "caption"},
    };
    for (const Case& c : cases) {
        INFO(c.html);
        CHECK(html_to_text(c.html) == c.text);
    }
}

TEST_CASE("HTML text: head, style, script, title and comments are not shown", "[oms][html]") {
    struct Case {
        std::string_view html;
        std::string_view text;
    };

    const std::vector<Case> cases = {
        {"<html><head><title>T</title><meta charset=utf-8><style>p{color:red}</style></head>"
         "<body>shown</body></html>",
         "shown"},
        {"<head><script>if (a<b && c>d) { x = '</p>'; }</script></head>x", "x"},
        {"<script type=\"text/javascript\">document.write('<b>no</b>')</SCRIPT >yes", "yes"},
        {"<style>a{}</styles></style>b", "b"},
        {"<script>never closed <p>hidden", ""},
        {"<head><title>t</title>text in head shows</head>", "text in head shows"},
        {"<head><meta x=y><p>para ends head</p>", "para ends head"},
        {"shown<head>misplaced head</head>", "shownmisplaced head"},
        {"a<!-- comment <b>x</b> -->b", "ab"},
        {"a<!---->b<!-->c<!--->d", "abcd"},
        {"a<!-- never closed", "a"},
        {"<!DOCTYPE html><?xml version=\"1.0\"?>a", "a"},
        {"a</ b>c</>d", "acd"},
    };
    for (const Case& c : cases) {
        INFO(c.html);
        CHECK(html_to_text(c.html) == c.text);
    }
}

TEST_CASE("HTML text: character references", "[oms][html]") {
    struct Case {
        std::string_view html;
        std::string_view text;
    };

    const std::vector<Case> cases = {
        {"&amp;&lt;&gt;&quot;&apos;", "&<>\"'"},
        {"caf&eacute; &Eacute;t&eacute; &copy;&nbsp;2024",
         "caf\xC3\xA9 \xC3\x89t\xC3\xA9 \xC2\xA9\xC2\xA0"
         "2024"},
        {"&yuml;&THORN;&iexcl;", "\xC3\xBF\xC3\x9E\xC2\xA1"},
        {"&#65;&#x42;&#X43;&#68", "ABCD"},
        {"&#x1F600;", "\xF0\x9F\x98\x80"},
        {"&#0;&#xD800;&#x110000;&#99999999999999999999;",
         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "\xEF\xBF\xBD"},
        {"a&#32;&#32;b&#10;c", "a b c"},
        {"AT&T", "AT&T"},
        {"&amp", "&amp"},
        {"fish &chips;", "fish &chips;"},
        {"&EACUTE;", "&EACUTE;"},
        {"&#;&#x;&#xZ", "&#;&#x;&#xZ"},
        {"&", "&"},
        {"& <", "& <"},
    };
    for (const Case& c : cases) {
        INFO(c.html);
        CHECK(html_to_text(c.html) == c.text);
    }
}

TEST_CASE("HTML text: malformed markup", "[oms][html]") {
    struct Case {
        std::string_view html;
        std::string_view text;
    };

    const std::vector<Case> cases = {
        {"a < b", "a < b"},
        {"1<2", "1<2"},
        {"end<", "end<"},
        {"end</", "end</"},
        {"<b>unclosed bold", "unclosed bold"},
        {"text<a href=\"x", "text"},
        {"text<a href='never closed>more", "text"},
        {"text<div", "text"},
        {"</p></div></br>x", "x"},
        {"<<b>>", "<>"},
        {"<3 you", "<3 you"},
    };
    for (const Case& c : cases) {
        INFO(c.html);
        CHECK(html_to_text(c.html) == c.text);
    }
}

TEST_CASE("HTML text of hostile input takes linear time", "[oms][html][hostile]") {
    constexpr size_t n = 1'000'000;
    CHECK(html_to_text(std::string(n, '<')) == std::string(n, '<'));
    CHECK(html_to_text(std::string(n, '&')) == std::string(n, '&'));
    std::string nested;
    for (size_t i = 0; i < n / 10; ++i) {
        nested += "<div><b>";
    }
    nested += "deep";
    CHECK(html_to_text(nested) == "deep");
    std::string script = "<script>";
    for (size_t i = 0; i < n / 2; ++i) {
        script += "</";
    }
    CHECK(html_to_text(script + "</script>after") == "after");
    std::string quotes = "<a ";
    for (size_t i = 0; i < n / 4; ++i) {
        quotes += "x=\"\" ";
    }
    CHECK(html_to_text(quotes + ">in") == "in");
    std::string comments;
    for (size_t i = 0; i < n / 4; ++i) {
        comments += "<!--";
    }
    CHECK(html_to_text(comments) == "");
    std::string refs;
    for (size_t i = 0; i < n / 8; ++i) {
        refs += "&#x0000";
    }
    CHECK(html_to_text(refs).size() == 3 * (n / 8));
}

}  // namespace
}  // namespace msgforge::oms::detail
