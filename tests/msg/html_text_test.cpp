// The text of HTML (msg/src/html_text.cpp): character references as the HTML standard decodes
// them (named, legacy without ';', numeric edge cases, attribute values), tags, blocks, lists,
// tables, <pre>, hidden content, white space, and malformed and hostile input.
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/html_text.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace msgforge::msg;

namespace {

struct Case {
    std::string_view html;
    std::string_view text;
};

struct NamedReference {
    std::string_view name;
    uint32_t first;
    uint32_t second;
};

constexpr NamedReference NAMED_REFERENCES[] = {
#include "html_entities.inc"
};

// html_to_text() of each case, and decode_html_text() too when `references_only`.
void check_text(const std::vector<Case>& cases, bool references_only = false) {
    for (const Case& c : cases) {
        INFO(c.html);
        CHECK(html_to_text(c.html) == c.text);
        if (references_only) {
            CHECK(decode_html_text(c.html) == c.text);
        }
    }
}

}  // namespace

TEST_CASE("Every named character reference of HTML decodes to its code points",
          "[msg][html][entities]") {
    CHECK(std::size(NAMED_REFERENCES) == 2231);
    size_t legacy = 0;
    size_t two = 0;
    for (const NamedReference& r : NAMED_REFERENCES) {
        INFO(r.name);
        std::string expected;
        msgforge::append_utf8(expected, r.first);
        if (r.second != 0) {
            msgforge::append_utf8(expected, r.second);
        }
        const std::string reference = "&" + std::string(r.name);
        CHECK(decode_html_text(reference) == expected);
        // &Tab; and &NewLine; are white space, which collapses.
        const bool space = expected == "\t" || expected == "\n";
        CHECK(html_to_text("x" + reference + "y") == (space ? "x y" : "x" + expected + "y"));
        legacy += r.name.ends_with(';') ? 0U : 1U;
        two += r.second != 0 ? 1U : 0U;
    }
    CHECK(legacy == 106);
    CHECK(two == 93);
}

TEST_CASE("Named references: with the semicolon, legacy forms without it, and what is no reference",
          "[msg][html][entities]") {
    const std::vector<Case> cases = {
        {"&amp;&lt;&gt;&quot;&apos;", "&<>\"'"},
        {"caf&eacute; &Eacute;t&eacute; &copy;&nbsp;2024",
         "caf\xC3\xA9 \xC3\x89t\xC3\xA9 \xC2\xA9\xC2\xA0"
         "2024"},
        {"&yuml;&THORN;&iexcl;", "\xC3\xBF\xC3\x9E\xC2\xA1"},
        {"&hellip;&mdash;&euro;&rarr;", "\xE2\x80\xA6\xE2\x80\x94\xE2\x82\xAC\xE2\x86\x92"},
        {"&CounterClockwiseContourIntegral;", "\xE2\x88\xB3"},
        // Two code points: U+2242 U+0338, U+205F U+200A, "fj".
        {"&NotEqualTilde;", "\xE2\x89\x82\xCC\xB8"},
        {"&ThickSpace;x", "\xE2\x81\x9F\xE2\x80\x8Ax"},
        {"&fjlig;", "fj"},
        // Legacy names decode without ';', as the longest one the letters start with.
        {"&amp", "&"},
        {"&AMP &LT &GT", "& < >"},
        {"AT&amp;T and AT&ampT", "AT&T and AT&T"},
        {"&copy2024 &eacutex",
         "\xC2\xA9"
         "2024 \xC3\xA9x"},
        {"&notit; &notin;",
         "\xC2\xAC"
         "it; \xE2\x88\x89"},
        {"&ampamp;", "&amp;"},
        {"&frac34;&frac34", "\xC2\xBE\xC2\xBE"},
        // Names that are not legacy need their ';'.
        {"&hellip &euro &apos", "&hellip &euro &apos"},
        // What is no reference stays as it is.
        {"AT&T", "AT&T"},
        {"fish &chips;", "fish &chips;"},
        {"&EACUTE;", "&EACUTE;"},
        {"&", "&"},
        {"& <", "& <"},
        {"&;&&amp;", "&;&&"},
    };
    check_text(cases, true);
}

TEST_CASE("Numeric references: zero, surrogates, out of range and the C1 bytes of Windows-1252",
          "[msg][html][entities]") {
    const std::vector<Case> cases = {
        {"&#65;&#x42;&#X43;&#68", "ABCD"},
        {"&#x1F600;&#128512;", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80"},
        {"&#0;", "\xEF\xBF\xBD"},
        {"&#xD800;&#xDFFF;", "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"&#x110000;&#99999999999999999999;", "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"&#x10FFFF;", "\xF4\x8F\xBF\xBF"},
        // Noncharacters and controls outside 0x80-0x9F are kept.
        {"&#xFFFE;&#1;", "\xEF\xBF\xBE\x01"},
        // 0x80-0x9F as Windows-1252: euro, en dash, curly quotes, Y diaeresis; the five bytes
        // Windows-1252 leaves undefined stay.
        {"&#128;&#150;&#x93;&#x94;&#x9F;",
         "\xE2\x82\xAC\xE2\x80\x93\xE2\x80\x9C\xE2\x80\x9D\xC5\xB8"},
        {"&#x81;&#x8D;&#x8F;&#x90;&#x9D;", "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D"},
        {"&#0065;&#x0041;", "AA"},
        {"&#;&#x;&#xZ &#-1;", "&#;&#x;&#xZ &#-1;"},
    };
    check_text(cases, true);
    // A reference to white space is white space: it collapses outside <pre>.
    CHECK(html_to_text("a&#32;&#32;b&#10;c") == "a b c");
    CHECK(html_to_text("<pre>a&#32;&#32;b&#10;c</pre>") == "a  b\r\nc");
    CHECK(decode_html_text("a&#32;&#32;b&#10;c") == "a  b\nc");
}

TEST_CASE("In attribute values a legacy name before '=' or a letter or digit stays",
          "[msg][html][entities]") {
    CHECK(decode_html_attribute("cid:a?b=1&copy=2") == "cid:a?b=1&copy=2");
    CHECK(decode_html_attribute("&copyx &copy1") == "&copyx &copy1");
    CHECK(decode_html_attribute("&copy;=&copy &copy") == "\xC2\xA9=\xC2\xA9 \xC2\xA9");
    CHECK(decode_html_attribute("a&amp;b&#38;c&lt;d&gt;") == "a&b&c<d>");
    CHECK(decode_html_attribute("<part1> &#0;") == "<part1> \xEF\xBF\xBD");
    CHECK(decode_html_attribute("") == "");
    CHECK(decode_html_text("?b=1&copy=2") == "?b=1\xC2\xA9=2");
}

TEST_CASE("HTML text: tags, line breaks, blocks and white space", "[msg][html]") {
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
        {"<P CLASS=MsoNormal>one<o:p></o:p></P>\r\n<p>two</p>", "one\r\ntwo"},
        {"<div>a<br></div>b", "a\r\nb"},
        {"x<div><div><p>y</p></div></div>z", "x\r\ny\r\nz"},
        {"<blockquote><div><p>quoted</p><p>twice</p></div></blockquote>after",
         "quoted\r\ntwice\r\nafter"},
        {"<h1>Title</h1><section><h2>Part</h2>text</section>", "Title\r\nPart\r\ntext"},
        {"<b>bold</b> and <i>it</i>alic", "bold and italic"},
        {"<span>a</span><span>b</span>", "ab"},
        {"<a href=\"x>y\" title='p>q'>link</a>", "link"},
        {"<a title=it's>x</a>", "x"},
        {"<img src=\"cid:x\" alt=\"photo\">caption", "caption"},
        {"a&nbsp;&nbsp; b", "a\xC2\xA0\xC2\xA0 b"},
        {"<p>  lead and trail  </p>", "lead and trail"},
    };
    check_text(cases);
}

TEST_CASE("HTML text: list items each on a line, table rows on a line, cells apart",
          "[msg][html]") {
    const std::vector<Case> cases = {
        {"<ul><li>one</li><li>two</li></ul>after", "one\r\ntwo\r\nafter"},
        {"<ol><li>one<li>two</ol>", "one\r\ntwo"},
        {"<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>", "a\r\nb\r\nc\r\nd"},
        {"<ul>\r\n  <li>\r\n    spaced\r\n  </li>\r\n</ul>", "spaced"},
        {"<dl><dt>term<dd>meaning</dl>", "term\r\nmeaning"},
        {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\r\nc"},
        {"<table><tr><th>h1<th>h2<tr><td>1<td>2</table>", "h1 h2\r\n1 2"},
        {"<table>\r\n<tr>\r\n<td>x</td>\r\n<td></td>\r\n<td>y</td>\r\n</tr>\r\n</table>", "x y"},
        {"before<table><tr><td>cell</td></tr></table>after", "before\r\ncell\r\nafter"},
    };
    check_text(cases);
}

TEST_CASE("HTML text: <pre> keeps its white space and line breaks", "[msg][html][pre]") {
    const std::vector<Case> cases = {
        {"x<pre>\n  a  b\r\n c\n</pre>y", "x\r\n  a  b\r\n c\r\ny"},
        {"<pre>a\n<b>b</b>  c</pre>", "a\r\nb  c"},
        {"<PRE>\ttab\there\r\n\r\n\r\nthree breaks</PRE>", "\ttab\there\r\n\r\n\r\nthree breaks"},
        {"<pre>\r\n\r\nsecond line first</pre>", "second line first"},
        {"<pre>a<br>b</pre>", "a\r\nb"},
        {"<pre>  &lt;tag&gt;  &amp;  </pre>", "  <tag>  &  "},
        {"<pre>outer<pre>inner  x</pre>still  kept</pre>not   kept",
         "outer\r\ninner  x\r\nstill  kept\r\nnot kept"},
        // Elements whose names start like <p> or <pre> are not them.
        {"a<param name=x>b<preview>c  d</preview>", "abc d"},
        {"a<pre>b</pre>c", "a\r\nb\r\nc"},
    };
    check_text(cases);
}

TEST_CASE("HTML text: head, style, script, title and comments are not shown", "[msg][html]") {
    const std::vector<Case> cases = {
        {"<html><head><title>T</title><meta charset=utf-8><style>p{color:red}</style></head>"
         "<body>shown</body></html>",
         "shown"},
        {"<head><script>if (a<b && c>d) { x = '</p>'; }</script></head>x", "x"},
        {"<script type=\"text/javascript\">document.write('<b>no</b>')</SCRIPT >yes", "yes"},
        {"<style>a{}</styles></style>b", "b"},
        {"<style>\r\n<!--\r\np.MsoNormal {margin:0}\r\n-->\r\n</style>text", "text"},
        {"<script>never closed <p>hidden", ""},
        {"<head><title>t</title>text in head shows</head>", "text in head shows"},
        {"<head><meta x=y><p>para ends head</p>", "para ends head"},
        {"shown<head>misplaced head</head>", "shownmisplaced head"},
        {"a<!-- comment <b>x</b> -->b", "ab"},
        {"a<!---->b<!-->c<!--->d", "abcd"},
        {"a<!-- never closed", "a"},
        {"<!DOCTYPE html><?xml version=\"1.0\"?>a", "a"},
        {"a<!--[if gte mso 9]><xml><o:x>hidden</o:x></xml><![endif]-->b", "ab"},
        {"<![if !supportLists]>1.<![endif]>item", "1.item"},
        {"a</ b>c</>d", "acd"},
    };
    check_text(cases);
}

TEST_CASE("HTML text: malformed markup", "[msg][html]") {
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
    check_text(cases);
}

TEST_CASE("HTML text of hostile input takes linear time", "[msg][html][hostile]") {
    constexpr size_t n = 1'000'000;
    CHECK(html_to_text(std::string(n, '<')) == std::string(n, '<'));
    CHECK(html_to_text(std::string(n, '&')) == std::string(n, '&'));
    CHECK(decode_html_text("&" + std::string(n, 'a')) == "&" + std::string(n, 'a'));
    CHECK(html_to_text("&" + std::string(n, 'a') + ";") == "&" + std::string(n, 'a') + ";");
    std::string legacy;
    for (size_t i = 0; i < n / 8; ++i) {
        legacy += "&ampxxxx";
    }
    CHECK(decode_html_attribute(legacy) == legacy);
    CHECK(decode_html_text(legacy).size() == 5 * (n / 8));
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
