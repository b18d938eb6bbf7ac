// rtf::to_text: the text of native and encapsulating RTF bodies.
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace msgforge::msg {
namespace {

std::string text_of(std::string_view rtf) {
    const std::vector<uint8_t> bytes(rtf.begin(), rtf.end());
    return rtf::to_text(bytes);
}

TEST_CASE("rtf to_text: native RTF gives its body text, tables and pictures left out") {
    CHECK(text_of("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}"
                  "{\\colortbl;\\red255\\green0\\blue0;}{\\*\\generator Writer;}"
                  "{\\info{\\title Hidden title}{\\author Someone}}"
                  "\\pard\\f0\\fs20 First \\b bold\\b0  line\\par Second\\tab end"
                  "{\\pict\\pngblip 89504e47}\\line Third}")
          == "First bold line\r\nSecond\tend\r\nThird");
}

TEST_CASE("rtf to_text: code pages, Unicode characters with their fallback, special characters") {
    CHECK(text_of("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}")
          == "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
    CHECK(text_of("{\\rtf1\\ansi\\uc1 \\u8364?5 \\ldblquote x\\rdblquote\\~y\\emdash z}")
          == "\xE2\x82\xAC"
             "5 \xE2\x80\x9Cx\xE2\x80\x9D\xC2\xA0y\xE2\x80\x94z");
    CHECK(text_of("{\\rtf1\\ansi{\\fonttbl{\\f1\\fcharset128 MS Gothic;}}\\f1 \\'82\\'a0}")
          == "\xE3\x81\x82");
}

TEST_CASE("rtf to_text: an encapsulated HTML body gives its text without the markup") {
    const std::string rtf = rtf_from_html("<html><body><p>Hello <b>world</b></p></body></html>");
    const std::string text = text_of(rtf);
    CHECK(text.find("Hello") != std::string::npos);
    CHECK(text.find("world") != std::string::npos);
    CHECK(text.find('<') == std::string::npos);
}

TEST_CASE("rtf to_text: broken RTF is walked over, and the depth is bounded") {
    CHECK(text_of("{\\rtf1 unclosed {group\\par") == "unclosed group\r\n");
    CHECK(text_of("").empty());
    std::string deep = "{\\rtf1 ";
    deep.append(2000, '{');
    CHECK_THROWS_AS(text_of(deep), LimitError);
}

}  // namespace
}  // namespace msgforge::msg
