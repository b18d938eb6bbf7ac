// Message reader tests: the code page of 8-bit strings and bodies (MS-OXCMSG 2.2.1.4, 2.2.1.5),
// on files assembled here stream by stream.
#include "built_msg.hpp"
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::msg;
using namespace msgforge::msg::built;
using enum PropertyType;

TEST_CASE("String8 values decode with the message's code page", "[msg][read][codepage]") {
    SECTION("PidTagMessageCodepage 1251") {
        auto top = top_level();
        top.fixed(0x3FFD0003, 1251);
        top.variable(0x0037001E, bytes("\xCF\xF0\xE8\xE2\xE5\xF2"), 7);
        const Message m = read(build(top, {}));
        CHECK(m.codepage == 1251);
        CHECK(m.subject() == "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");  // Привет
    }
    SECTION("PidTagInternetCodepage ISO-2022-JP means Shift_JIS (932) for 8-bit strings") {
        auto top = top_level();
        top.fixed(0x3FDE0003, 50220);
        top.variable(0x0037001E, bytes("\x93\xFA\x96\x7B"), 5);
        const Message m = read(build(top, {}));
        CHECK(m.codepage == 932);
        CHECK(m.subject() == "\xE6\x97\xA5\xE6\x9C\xAC");  // 日本
    }
    SECTION("an unknown code page falls back to Windows-1252 with a warning") {
        auto top = top_level();
        top.fixed(0x3FFD0003, 4242);
        top.variable(0x0037001E, bytes("caf\xE9"), 5);
        const Message m = read(build(top, {}));
        CHECK(m.codepage == 1252);
        CHECK(m.subject() == "caf\xC3\xA9");
        CHECK(has_warning(m, "unknown code page 4242"));
    }
    SECTION("UTF-8 labelled text that is not UTF-8 falls back to Windows-1252") {
        auto top = top_level();
        top.fixed(0x3FFD0003, 65001);
        top.variable(0x0037001E, bytes("caf\xE9"), 5);
        CHECK(read(build(top, {})).subject() == "caf\xC3\xA9");
    }
}

TEST_CASE("8-bit strings take the locale's code page before the bodies' Internet code page",
          "[msg][read][codepage]") {
    // Subject öäü in Windows-1252; the bodies are Cyrillic in 1251.
    const std::string subject = "Subject \xF6\xE4\xFC Subject";
    const std::string body = "\xCF\xF0\xE8\xE2\xE5\xF2";
    const std::string privet = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82";
    auto top = top_level();
    top.fixed(0x3FDE0003, 1251);                                 // PidTagInternetCodepage
    top.fixed(0x3FF10003, 1031);                                 // German (Germany)
    top.variable(0x0037001E, bytes(subject), 20);                // PidTagSubject
    top.variable(0x1000001E, bytes(body), 7);                    // PidTagBody
    top.variable(0x10130102, bytes("<p>" + body + "</p>"), 13);  // PidTagHtml
    const Message m = read(build(top, {}));
    CHECK(m.codepage == 1252);
    CHECK(m.body_codepage == 1251);
    CHECK(m.subject() == "Subject \xC3\xB6\xC3\xA4\xC3\xBC Subject");
    CHECK(body_text(m) == privet);
    CHECK(body_html(m) == "<p>" + privet + "</p>");
    CHECK(m.warnings.empty());
}

TEST_CASE("The code page of 8-bit strings follows MS-OXCMSG, step by step",
          "[msg][read][codepage]") {
    struct Case {
        const char* what;
        std::vector<std::pair<uint32_t, uint32_t>> fixed;  // tag, value
        uint32_t strings;
        uint32_t bodies;
    };

    const Case c = GENERATE(
        Case{"nothing: Windows-1252", {}, 1252, 1252},
        Case{"PidTagMessageCodepage first", {{0x3FFD0003, 1250}, {0x3FF10003, 1049}}, 1250, 1250},
        Case{"then the locale", {{0x3FF10003, 1049}, {0x3FDE0003, 1253}}, 1251, 1253},
        Case{"the sort id of the LCID ignored", {{0x3FF10003, 0x10419}}, 1251, 1251},
        Case{"Serbian Cyrillic differs from Serbian Latin", {{0x3FF10003, 0x0C1A}}, 1251, 1251},
        Case{"Chinese Traditional differs from Simplified", {{0x3FF10003, 0x0404}}, 950, 950},
        Case{"a Unicode-only locale goes on",
             {{0x3FF10003, 0x0439}, {0x3FDE0003, 1250}},
             1250,
             1250},
        Case{"a UTF-8 Internet code page labels the bodies only",
             {{0x3FDE0003, 65001}},
             1252,
             65001},
        Case{"a MIME Internet code page counts as its ANSI page",
             {{0x3FDE0003, 28595}},
             1251,
             28595},
        Case{"an unknown code page is passed over",
             {{0x3FFD0003, 4242}, {0x3FF10003, 1049}},
             1251,
             1251});
    INFO(c.what);
    auto top = top_level();
    for (const auto& [tag, value] : c.fixed) {
        top.fixed(tag, value);
    }
    const Message m = read(build(top, {}));
    CHECK(m.codepage == c.strings);
    CHECK(m.body_codepage == c.bodies);
}

TEST_CASE("A UTF-8 labelled 8-bit body in another code page is read in the strings' code page",
          "[msg][read][codepage]") {
    auto top = top_level();
    top.fixed(0x3FFD0003, 1251);
    top.fixed(0x3FDE0003, 65001);
    top.variable(0x1000001E, bytes("\xCF\xF0\xE8"), 4);
    top.variable(0x1013001E, bytes("\xC3\xA9"), 3);  // PidTagBodyHtml, UTF-8 as labelled
    const Message m = read(build(top, {}));
    CHECK(m.string8_codepage(0x1000) == 65001);
    CHECK(m.string8_codepage(0x0037) == 1251);
    CHECK(body_text(m) == "\xD0\x9F\xD1\x80\xD0\xB8");
    CHECK(m.string(0x1013) == "\xC3\xA9");
}

TEST_CASE("Recipients and attachments keep their message's code page unless they name their own",
          "[msg][read][codepage]") {
    auto top = top_level(2, 0);
    top.fixed(0x3FFD0003, 1251);
    ObjectStorage plain;
    plain.variable(0x3001001E, bytes("\xC0"), 2);  // PidTagDisplayName
    ObjectStorage own;
    own.fixed(0x3FF10003, 0x0408);  // Greek (Greece)
    own.variable(0x3001001E, bytes("\xC0"), 2);
    const Message m = read(build(top, {plain.node("__recip_version1.0_#00000000"),
                                       own.node("__recip_version1.0_#00000001")}));
    REQUIRE(m.recipients.size() == 2);
    CHECK(m.recipients[0].codepage == 1251);
    CHECK(m.recipients[0].string(0x3001) == "\xD0\x90");  // А
    CHECK(m.recipients[1].codepage == 1253);
    CHECK(m.recipients[1].string(0x3001) == "\xCE\x90");  // ΐ
}
