// The validator: one deliberately broken message per rule, each giving its finding.
#include "names.hpp"

#include <msgforge/bytes.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <support/support.hpp>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::oms;
using msg::PropertyTag;
using msg::PropertyType;
namespace tags = msg::tags;

msg::Message good_sms() {
    Sms sms;
    sms.text = "What time is the meeting?";
    sms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    sms.envelope.to = {Party{"+15550002", ""}};
    return build(sms);
}

msg::Message good_mms() {
    Mms mms;
    mms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    mms.subject = "Photo";
    Slide slide;
    slide.text = "Here";
    slide.visual = Media{
        "photo.jpg",
        test::read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg"), ""};
    mms.slides.push_back(slide);
    return build(mms);
}

void erase_named(msg::Message& m, const msg::NamedKey& key) {
    const auto id = m.named->id_for(key);
    REQUIRE(id);
    const msg::Property* p = m.properties.find_id(*id);
    REQUIRE(p != nullptr);
    m.properties.erase(p->tag);
}

void replace_named(msg::Message& m, const msg::NamedKey& key, msg::PropertyValue value) {
    erase_named(m, key);
    msg::set_named(m, m, key, std::move(value));
}

void erase_id(msg::ObjectBase& o, uint16_t id) {
    const msg::Property* p = o.properties.find_id(id);
    REQUIRE(p != nullptr);
    o.properties.erase(p->tag);
}

void set_attachment_data(msg::Attachment& a, std::string_view data) {
    msg::set_binary(a, tags::PidTagAttachDataBinary.id,
                    cfb::Blob::owned(std::vector<uint8_t>(data.begin(), data.end())));
}

// The findings of `m`, which must hold exactly one finding and have it be the expected one.
void expect_only(const msg::Message& m, Severity severity, const std::string& section,
                 const std::string& text) {
    const auto findings = validate(m);
    for (const Finding& f : findings) {
        UNSCOPED_INFO(to_string(f.severity) << " " << f.section << ": " << f.message);
    }
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == severity);
    CHECK(findings[0].section == "MS-OXOSMMS " + section);
    CHECK_THAT(findings[0].message, Catch::Contains(text));
}

}  // namespace

TEST_CASE("Well-built SMS and MMS objects have no findings", "[oms][validate]") {
    CHECK(validate(good_sms()).empty());
    CHECK(validate(good_mms()).empty());
}

TEST_CASE("Each rule of MS-OXOSMMS gives its finding", "[oms][validate]") {
    msg::Message sms = good_sms();
    msg::Message mms = good_mms();
    const auto must = Severity::must;
    const auto should = Severity::should;

    SECTION("2.2.2.2 class missing") {
        erase_id(sms, tags::PidTagMessageClass.id);
        const auto f = validate(sms);
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].severity == must);
        CHECK(f[0].message == "PidTagMessageClass is missing");
    }
    SECTION("2.2.2.2 class of another kind of message") {
        erase_id(sms, tags::PidTagMessageClass.id);
        msg::set_string(sms, tags::PidTagMessageClass.id, "IPM.Note");
        const auto f = validate(sms);
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].severity == must);
        CHECK(f[0].section == "MS-OXOSMMS 2.2.2.2");
        CHECK_THAT(f[0].message, Catch::Contains("found \"IPM.Note\""));
    }
    SECTION("2.2.2.2 MMS subclass without the dot") {
        sms.properties.set(PropertyTag{tags::PidTagMessageClass.id, PropertyType::PtypString8},
                           msg::String8{"IPM.Note.Mobile.MMSX"});
        const auto f = validate(sms);
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].severity == must);
        CHECK_THAT(f[0].message, Catch::Contains("begin with IPM.Note.Mobile.MMS."));
    }
    SECTION("2.2.2.2 class as PtypString") {
        erase_id(sms, tags::PidTagMessageClass.id);
        msg::set_string(sms, tags::PidTagMessageClass.id, "IPM.Note.Mobile.SMS");
        expect_only(sms, should, "2.2.2.2", "should be PtypString8 (0x001E), found PtypString");
    }
    SECTION("2.2.1.3 service type out of range") {
        replace_named(sms, key_service_type(), int32_t{2});
        expect_only(sms, must, "2.2.1.3", "PidNameOMSServiceType must be 1 or 4, found 2");
    }
    SECTION("2.2.1.3 service type and class disagree") {
        replace_named(sms, key_service_type(), int32_t{4});
        expect_only(sms, must, "2.2.1.3", "must be 1 (SMS) for class \"IPM.Note.Mobile.SMS\"");
    }
    SECTION("2.2.1.3 service type missing") {
        erase_named(sms, key_service_type());
        expect_only(sms, should, "2.2.1.3", "PidNameOMSServiceType is missing");
    }
    SECTION("2.2.1.3 service type of the wrong type") {
        replace_named(sms, key_service_type(), std::u16string(u"1"));
        expect_only(sms, must, "2.2.1.3", "must be PtypInteger32 (0x0003), found PtypString");
    }
    SECTION("2.2.1.4 source type out of range") {
        replace_named(sms, key_source_type(), int32_t{7});
        expect_only(sms, must, "2.2.1.4", "PidNameOMSSourceType must be 0 to 4, found 7");
    }
    SECTION("2.2.1.4 source type missing") {
        erase_named(sms, key_source_type());
        expect_only(sms, should, "2.2.1.4", "PidNameOMSSourceType is missing");
    }
    SECTION("2.2.1.5 content class unknown") {
        replace_named(sms, key_content_class(), std::u16string(u"MS-OMS-XYZ"));
        expect_only(sms, must, "2.2.1.5", "must be MS-OMS-SMS or MS-OMS-MMS, found \"MS-OMS-XYZ\"");
    }
    SECTION("2.2.1.5 content class of the other service") {
        replace_named(sms, key_content_class(), std::u16string(u"MS-OMS-MMS"));
        expect_only(sms, must, "2.2.1.5", "must be MS-OMS-SMS for this SMS object");
    }
    SECTION("2.2.1.5 content class missing") {
        erase_named(sms, key_content_class());
        expect_only(sms, should, "2.2.1.5", "PidNameContentClass is missing");
    }
    SECTION("2.2.1.5 content class found under MS-OXPROPS's spelling") {
        erase_named(sms, key_content_class());
        msg::set_named(sms, sms,
                       msg::NamedKey::string(msg::ps_internet_headers(), u"Content-Class"),
                       std::u16string(u"MS-OMS-SMS"));
        CHECK(validate(sms).empty());
    }
    SECTION("2.2.1.1 account GUID malformed or empty") {
        replace_named(sms, key_account_guid(),
                      std::u16string(u"{01234567-0123-0123-0123456789abc}"));
        expect_only(sms, should, "2.2.1.1", "should be a GUID in braces");
        replace_named(sms, key_account_guid(),
                      std::u16string(u"01234567-0123-0123-0123-0123456789ab"));
        expect_only(sms, should, "2.2.1.1", "should be a GUID in braces");
        replace_named(sms, key_account_guid(), std::u16string());
        expect_only(sms, should, "2.2.1.1", "PidNameOMSAccountGuid is empty");
    }
    SECTION("2.2.1.2 schedule time of the wrong type") {
        msg::set_named(sms, sms, key_schedule_time(), int32_t{5});
        expect_only(sms, must, "2.2.1.2", "PidNameOMSScheduleTime must be PtypTime (0x0040)");
    }
    SECTION("2.2.1.6 mobile model of the wrong type") {
        replace_named(sms, key_mobile_model(), int32_t{5});
        expect_only(sms, must, "2.2.1.6", "PidNameOMSMobileModel must be PtypString (0x001F)");
    }
    SECTION("2.2.2.1 icon index other than 0xFFFFFFFF") {
        msg::set_int32(sms, tags::PidTagIconIndex.id, 5);
        expect_only(sms, must, "2.2.2.1", "must be 0xFFFFFFFF, found 0x00000005");
    }
    SECTION("2.2.2.1 icon index missing") {
        erase_id(sms, tags::PidTagIconIndex.id);
        expect_only(sms, should, "2.2.2.1", "PidTagIconIndex should be set");
    }
    SECTION("2.2.2.3 SMS without plain-text body") {
        erase_id(sms, tags::PidTagBody.id);
        expect_only(sms, must, "2.2.2.3", "plain-text body (PidTagBody), which is missing");
    }
    SECTION("2.2.2.4 SMS without normalized subject") {
        erase_id(sms, tags::PidTagNormalizedSubject.id);
        expect_only(sms, should, "2.2.2.4", "PidTagNormalizedSubject");
    }
    SECTION("2.2.2.3 MMS without HTML body") {
        erase_id(mms, tags::PidTagHtml.id);
        expect_only(mms, must, "2.2.2.3",
                    "HTML body (PidTagHtml, or HTML encapsulated in PidTagRtfCompressed), which "
                    "is missing");
    }
    SECTION("2.2.2.3 HTML body naming a part that is not there") {
        const auto* html = mms.properties.get_as<cfb::Blob>(tags::PidTagHtml);
        std::string text(html->begin(), html->end());
        text.insert(text.find("</BODY>"), "<IMG SRC=\"cid:gone@x\">\r\n");
        msg::set_binary(mms, tags::PidTagHtml.id,
                        cfb::Blob::owned(std::vector<uint8_t>(text.begin(), text.end())));
        expect_only(mms, must, "2.2.2.3", "refers to \"cid:gone@x\", which names no attachment");
    }
    SECTION("4.2 MMS without SMIL layout") {
        mms.attachments.erase(mms.attachments.begin());
        expect_only(mms, should, "4.2", "SMIL layout as an application/smil attachment");
    }
    SECTION("4.2 SMIL that is not well-formed") {
        set_attachment_data(mms.attachments[0], "<smil><body><par></smil>");
        expect_only(mms, must, "4.2", "not a well-formed SMIL document");
    }
    SECTION("4.2 SMIL whose root is not smil") {
        set_attachment_data(mms.attachments[0], "<html/>");
        expect_only(mms, must, "4.2", "not a well-formed SMIL document");
    }
    SECTION("4.2 SMIL src naming no part") {
        set_attachment_data(mms.attachments[0],
                            "<smil><body><par><img src=\"cid:nothing@x\"/></par></body></smil>");
        expect_only(mms, must, "4.2", "slide 1: src \"cid:nothing@x\" names no attachment");
    }
    SECTION("4.2 SMIL src by file name resolves") {
        set_attachment_data(mms.attachments[0],
                            "<smil><body><par><img src=\"PHOTO.JPG\"/></par></body></smil>");
        CHECK(validate(mms).empty());
    }
    SECTION("4.2 a part that is not hidden") {
        msg::set_bool(mms.attachments[2], tags::PidTagAttachmentHidden.id, false);
        expect_only(mms, should, "4.2", "attachment #2 (photo.jpg) should be hidden");
    }
    SECTION("4.2 a part without Content-ID") {
        erase_id(mms.attachments[1], tags::PidTagAttachContentId.id);
        // The HTML and the SMIL both name it by cid: those references break too.
        const auto f = validate(mms);
        REQUIRE(f.size() == 3);
        CHECK_THAT(f[0].message, Catch::Contains("SMIL layout, slide 1"));
        CHECK_THAT(f[1].message, Catch::Contains("attachment #1 (1.txt) has no Content-ID"));
        CHECK(f[1].severity == should);
        CHECK_THAT(f[2].message, Catch::Contains("the HTML body refers to"));
    }
    SECTION("4.2 a part without MIME type") {
        erase_id(mms.attachments[2], tags::PidTagAttachMimeTag.id);
        expect_only(mms, should, "4.2", "attachment #2 (photo.jpg) has no MIME type");
    }
    SECTION("MS-OXCMSG message flags without MSGFLAG_HASATTACH") {
        msg::set_int32(mms, tags::PidTagMessageFlags.id, 0x8);
        expect_only(mms, should, "4.2",
                    "lacks MSGFLAG_HASATTACH but the message has 3 attachments");
    }
}

TEST_CASE("The reader's warnings become MS-OXMSG findings", "[oms][validate]") {
    msg::Message sms = good_sms();
    sms.warnings.push_back(msg::Warning{"__properties_version1.0", 0x200, "odd"});
    const auto f = validate(sms);
    REQUIRE(f.size() == 1);
    CHECK(f[0].section == "MS-OXMSG");
    CHECK(f[0].severity == Severity::should);
    CHECK_THAT(f[0].message, Catch::Contains("odd"));
}

namespace {

// `m` as an ANSI file: STORE_UNICODE_OK cleared, the OMS strings and the normalized subject
// stored as PtypString8, as convert --ansi and Outlook 2003 store them.
void make_ansi(msg::Message& m, bool clear_unicode_ok) {
    if (clear_unicode_ok) {
        const int32_t* mask = m.properties.get_as<int32_t>(tags::PidTagStoreSupportMask);
        REQUIRE(mask != nullptr);
        msg::set_int32(m, tags::PidTagStoreSupportMask.id, *mask & ~0x00040000);
    }
    for (const msg::NamedKey& key : {key_account_guid(), key_mobile_model(), key_content_class()}) {
        const auto text = msg::to_utf8(*m.named_value(key), m.codepage);
        REQUIRE(text);
        replace_named(m, key, msg::String8{*text});
    }
    const auto subject = m.string(tags::PidTagNormalizedSubject.id);
    REQUIRE(subject);
    erase_id(m, tags::PidTagNormalizedSubject.id);
    m.properties.set(PropertyTag{tags::PidTagNormalizedSubject.id, PropertyType::PtypString8},
                     msg::String8{*subject});
}

msg::Message reread(const msg::Message& m) {
    const auto bytes = m.write();
    return msg::Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

std::string html_of(const msg::Message& m) {
    const auto* html = m.properties.get_as<cfb::Blob>(tags::PidTagHtml);
    REQUIRE(html != nullptr);
    return std::string(html->begin(), html->end());
}

// `m` with its HTML body only in the RTF body, encapsulated as MS-OXRTFEX gives it.
void html_into_rtf(msg::Message& m, const std::string& html) {
    m.properties.erase(tags::PidTagHtml);
    const std::string rtf = msg::rtf_from_html(html);
    msg::set_binary(m, tags::PidTagRtfCompressed.id,
                    cfb::Blob::owned(msg::rtf::compress(as_bytes(rtf))));
}

std::string smil_with(std::string_view media) {
    return "<smil><body><par>" + std::string(media) + "</par></body></smil>";
}

}  // namespace

TEST_CASE("In an ANSI file the OMS strings may be PtypString8, in a Unicode file not",
          "[oms][validate][ansi]") {
    for (const bool is_sms : {true, false}) {
        INFO((is_sms ? "SMS" : "MMS"));
        msg::Message ansi = is_sms ? good_sms() : good_mms();
        make_ansi(ansi, true);
        CHECK(validate(reread(ansi)).empty());

        msg::Message unicode = is_sms ? good_sms() : good_mms();
        make_ansi(unicode, false);
        const auto f = validate(unicode);
        for (const Finding& finding : f) {
            UNSCOPED_INFO(finding.section << ": " << finding.message);
        }
        REQUIRE(f.size() == (is_sms ? 4U : 3U));
        CHECK(f[0].severity == Severity::must);
        CHECK(f[0].message
              == "PidNameOMSAccountGuid must be PtypString (0x001F) in a Unicode file "
                 "(PidTagStoreSupportMask has STORE_UNICODE_OK), found PtypString8 (0x001E)");
        CHECK_THAT(f[1].message, Catch::StartsWith("PidNameOMSMobileModel must be PtypString"));
        CHECK_THAT(f[2].message, Catch::StartsWith("PidNameContentClass must be PtypString"));
        if (is_sms) {
            CHECK(f[3].severity == Severity::should);
            CHECK_THAT(f[3].message, Catch::StartsWith("PidTagNormalizedSubject should be"));
        }
    }
    // A file without PidTagStoreSupportMask makes no claim of Unicode strings.
    msg::Message bare = good_sms();
    make_ansi(bare, false);
    erase_id(bare, tags::PidTagStoreSupportMask.id);
    CHECK(validate(bare).empty());
    // Other types stay wrong in an ANSI file too.
    msg::Message ansi = good_sms();
    make_ansi(ansi, true);
    replace_named(ansi, key_mobile_model(), int32_t{5});
    expect_only(ansi, Severity::must, "2.2.1.6",
                "PidNameOMSMobileModel must be PtypString (0x001F) or, in an ANSI file, "
                "PtypString8 (0x001E), found PtypInteger32 (0x0003)");
}

TEST_CASE("An MMS whose HTML body is only in the RTF body has its HTML body",
          "[oms][validate][rtf]") {
    msg::Message mms = good_mms();
    const std::string html = html_of(mms);
    html_into_rtf(mms, html);
    const msg::Message m = reread(mms);
    REQUIRE(m.properties.find_id(tags::PidTagHtml.id) == nullptr);
    REQUIRE(msg::body_html(m) == html);
    CHECK(validate(m).empty());

    SECTION("its cid: references are checked as PidTagHtml's are") {
        std::string broken = html;
        broken.insert(broken.find("</BODY>"), "<IMG SRC=\"cid:gone@x\">\r\n");
        html_into_rtf(mms, broken);
        expect_only(reread(mms), Severity::must, "2.2.2.3",
                    "refers to \"cid:gone@x\", which names no attachment");
    }
    SECTION("an RTF body that cannot be read holds no HTML body") {
        std::vector<uint8_t> cut = msg::rtf::compress(as_bytes(msg::rtf_from_html(html)));
        cut.resize(cut.size() / 2);
        msg::set_binary(mms, tags::PidTagRtfCompressed.id, cfb::Blob::owned(std::move(cut)));
        expect_only(mms, Severity::must, "2.2.2.3",
                    "which is missing; the RTF body cannot be read");
    }
}

TEST_CASE("The HTML body's cid: values end at their quote and decode character references",
          "[oms][validate]") {
    msg::Message mms = good_mms();
    std::string html = html_of(mms);
    const std::string cid = mms.attachments[2].string(tags::PidTagAttachContentId.id).value();
    // A Content-ID with ' and & in it: legal in an RFC 2822 msg-id.
    const std::string odd = "it's&co@x";
    msg::set_string(mms.attachments[2], tags::PidTagAttachContentId.id, odd);
    html.replace(html.find(cid), cid.size(), "it's&amp;co@x");
    html.insert(html.find("</BODY>"), "<A HREF=cid:it's&amp;co@x>x</A>\r\n");
    msg::set_binary(mms, tags::PidTagHtml.id,
                    cfb::Blob::owned(std::vector<uint8_t>(html.begin(), html.end())));
    set_attachment_data(mms.attachments[0], smil_with("<img src=\"cid:it's&amp;co@x\"/>"));
    CHECK(validate(mms).empty());
}
