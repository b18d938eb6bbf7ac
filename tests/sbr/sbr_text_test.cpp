// SMS Backup & Restore archives keep a text part's charset: import writes the part in the
// archive's chset, export writes the IANA number of the charset the part declares, so that
// import -> export -> import gives the same message and export -> import -> export the same
// element, in every script.
#include "oms/text_support.hpp"
#include "support/support.hpp"

#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/sbr.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::test;
namespace sbr = msgforge::sbr;
namespace tags = msg::tags;

const std::string OWNER = "+15550100000";

sbr::ImportOptions me() {
    sbr::ImportOptions o;
    o.me = OWNER;
    return o;
}

sbr::ExportOptions me_out() {
    sbr::ExportOptions o;
    o.me = OWNER;
    return o;
}

std::string xml_escaped(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c == '\n') {
            out += "&#10;";
        } else if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (c == '"') {
            out += "&quot;";
        } else {
            out += c;
        }
    }
    return out;
}

/// A received MMS element of an archive as the app writes it, with one text part.
std::string mms_element(std::string_view text, std::string_view chset) {
    return "<mms date=\"1767323045000\" msg_box=\"1\" address=\"+15550101000\" read=\"1\" "
           "sub=\"null\" sub_cs=\"null\" m_type=\"132\" "
           "ct_t=\"application/vnd.wap.multipart.related\" m_cls=\"personal\" text_only=\"1\" "
           "locked=\"0\" date_sent=\"0\" contact_name=\"(Unknown)\"><parts>"
           "<part seq=\"0\" ct=\"text/plain\" name=\"text_0.txt\" chset=\""
           + std::string(chset)
           + "\" cd=\"null\" fn=\"null\" cid=\"&lt;text_0.txt&gt;\" cl=\"text_0.txt\" "
             "ctt_s=\"null\" ctt_t=\"null\" text=\""
           + xml_escaped(text)
           + "\" data=\"null\" /></parts><addrs>"
             "<addr address=\"+15550101000\" type=\"137\" charset=\"106\" />"
             "<addr address=\""
           + OWNER + "\" type=\"151\" charset=\"106\" /></addrs></mms>";
}

sbr::Record parse(const std::string& xml) {
    return sbr::parse_element(sbr::repair_surrogates(xml), sbr::Kind::mms, "a.xml", 1, 0);
}

/// The text part of an exported element.
const sbr::Attributes& text_part_of(const sbr::Record& r) {
    for (const sbr::Attributes& p : r.parts) {
        if (sbr::attribute(p, "ct") == "text/plain") {
            return p;
        }
    }
    FAIL("no text part");
    return r.parts.front();
}

}  // namespace

TEST_CASE("Import keeps the archive's chset, export writes it back, both ways byte for byte",
          "[oms][text][sbr]") {
    struct Case {
        std::string text;
        std::string chset;     // in the archive
        std::string declared;  // PidTagTextAttachmentCharset of the imported part
        std::string exported;  // chset written back
    };

    std::vector<Case> cases;
    for (const auto& sample : text_samples()) {
        for (const char* chset : {"106", "1015", "1014", "1013", "null"}) {
            const std::string c = chset;
            const std::string name = c == "106"    ? "utf-8"
                                     : c == "1014" ? "utf-16le"
                                     : c == "1013" ? "utf-16be"
                                                   : "utf-16";
            cases.push_back({sample.text, c, name, c == "null" ? "1015" : c});
        }
    }
    const auto& s = text_samples();
    const std::vector<Case> named = {
        {s[0].text, "2251", "windows-1251", "2251"},
        {s[0].text, "2084", "koi8-r", "2084"},
        {s[1].text, "10", "iso-8859-7", "10"},
        {s[2].text, "2256", "windows-1256", "2256"},
        {s[3].text, "2255", "windows-1255", "2255"},
        {s[4].text, "2025", "gb2312", "2025"},
        {s[4].text, "114", "gb18030", "114"},
        {"今天天氣很好。", "2026", "big5", "2026"},
        {s[5].text, "17", "shift_jis", "17"},
        {s[6].text, "38", "euc-kr", "38"},
        {"plain", "3", "us-ascii", "3"},
        // The text does not fit the archive's charset, or msgforge does not know it: UTF-16.
        {s[8].text, "38", "utf-16", "1015"},
        {s[0].text, "3", "utf-16", "1015"},
        {s[0].text, "4", "utf-16", "1015"},
        {s[0].text, "99999", "utf-16", "1015"},
        {s[0].text, "utf-8", "utf-16", "1015"},
    };
    cases.insert(cases.end(), named.begin(), named.end());

    for (const Case& c : cases) {
        INFO("chset " << c.chset << ": " << c.text);
        const sbr::Record original = parse(mms_element(c.text, c.chset));
        const msg::Message first = sbr::to_message(original, me());
        const msg::Message read_first = reread(first);
        const msg::Attachment& part = read_first.attachments.at(1);
        CHECK(part.string(tags::PidTagTextAttachmentCharset) == c.declared);
        const auto v = view_of(read_first);
        CHECK(v.slides[0].text == c.text);
        CHECK(v.warnings.empty());

        const std::string exported = sbr::to_xml(sbr::from_message(read_first, me_out()));
        const sbr::Record back = parse(exported);
        CHECK(sbr::attribute(text_part_of(back), "chset") == c.exported);
        CHECK(sbr::attribute(text_part_of(back), "text") == c.text);
        // import -> export -> import: the same message bytes.
        const msg::Message second = sbr::to_message(back, me());
        CHECK(second.write() == first.write());
        // export -> import -> export: the same element.
        CHECK(sbr::to_xml(sbr::from_message(reread(second), me_out())) == exported);
    }
}

TEST_CASE("What the builder writes exports, imports and exports to the same element",
          "[oms][text][sbr]") {
    for (const auto& sample : text_samples()) {
        for (const std::string charset : {"", "utf-8", "utf-16be"}) {
            INFO(sample.name << " " << charset);
            oms::Mms mms = one_slide(sample.text, charset);
            const std::filesystem::path photo =
                std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg";
            mms.slides.push_back(oms::Slide{"second",
                                            oms::Media{"p.jpg", test::read_file(photo), ""},
                                            std::nullopt, 3000, "us-ascii"});
            const std::string exported = sbr::to_xml(sbr::from_message(reread(oms::build(mms))));
            const sbr::Record record = parse(exported);
            const msg::Message imported = reread(sbr::to_message(record));
            const auto v = oms::view(imported);
            REQUIRE(v);
            REQUIRE(v->slides.size() == 2);
            CHECK(v->slides[0].text == sample.text);
            CHECK(v->slides[0].text_charset == (charset.empty() ? "utf-16" : charset));
            CHECK(v->slides[1].text_charset == "us-ascii");
            CHECK(sbr::to_xml(sbr::from_message(imported)) == exported);
        }
    }
}

TEST_CASE("Export writes an undeclared text part as decoded UTF-8 with chset 106",
          "[oms][text][sbr]") {
    const std::string text = text_samples()[9].text;
    const sbr::Record r =
        sbr::from_message(with_text_part(utf16(text, false), "text/plain", ""), me_out());
    CHECK(sbr::attribute(text_part_of(r), "chset") == "106");
    CHECK(sbr::attribute(text_part_of(r), "text") == text);
}
