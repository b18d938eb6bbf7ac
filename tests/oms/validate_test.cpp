// The validator: one deliberately broken message per rule, each giving its finding.
#include "view_parts.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <support/support.hpp>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::oms;
using msg::PropertyTag;
using msg::PropertyType;
namespace flags = msg::flags;
namespace names = msg::names;
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

void erase_id(msg::ObjectBase& o, PropertyTag tag) {
    const msg::Property* p = o.properties.find_id(tag);
    REQUIRE(p != nullptr);
    o.properties.erase(p->tag);
}

void set_attachment_data(msg::Attachment& a, std::string_view data) {
    msg::set(a, tags::PidTagAttachDataBinary,
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
        erase_id(sms, tags::PidTagMessageClass);
        const auto f = validate(sms);
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].severity == must);
        CHECK(f[0].message == "PidTagMessageClass is missing");
    }
    SECTION("2.2.2.2 class of another kind of message") {
        erase_id(sms, tags::PidTagMessageClass);
        msg::set(sms, tags::PidTagMessageClass, "IPM.Note");
        const auto f = validate(sms);
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].severity == must);
        CHECK(f[0].section == "MS-OXOSMMS 2.2.2.2");
        CHECK_THAT(f[0].message, Catch::Contains("found \"IPM.Note\""));
    }
    SECTION("2.2.2.2 MMS subclass without the dot") {
        msg::set(sms, tags::PidTagMessageClass, "IPM.Note.Mobile.MMSX");
        const auto f = validate(sms);
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].severity == must);
        CHECK_THAT(f[0].message, Catch::Contains("begin with IPM.Note.Mobile.MMS."));
    }
    SECTION("2.2.2.2 class as PtypString8 in a Unicode file") {
        erase_id(sms, tags::PidTagMessageClass);
        sms.properties.set(msg::string8_tag(tags::PidTagMessageClass),
                           msg::String8{"IPM.Note.Mobile.SMS"});
        expect_only(sms, should, "2.2.2.2",
                    "PidTagMessageClass should be PtypString (0x001F) in a Unicode file "
                    "(PidTagStoreSupportMask has STORE_UNICODE_OK), found PtypString8 (0x001E)");
    }
    SECTION("2.2.1.3 service type out of range") {
        replace_named(sms, names::PidNameOMSServiceType.key(), int32_t{2});
        expect_only(sms, must, "2.2.1.3", "PidNameOMSServiceType must be 1 or 4, found 2");
    }
    SECTION("2.2.1.3 service type and class disagree") {
        replace_named(sms, names::PidNameOMSServiceType.key(), int32_t{4});
        expect_only(sms, must, "2.2.1.3", "must be 1 (SMS) for class \"IPM.Note.Mobile.SMS\"");
    }
    SECTION("2.2.1.3 service type missing") {
        erase_named(sms, names::PidNameOMSServiceType.key());
        expect_only(sms, should, "2.2.1.3", "PidNameOMSServiceType is missing");
    }
    SECTION("2.2.1.3 service type of the wrong type") {
        replace_named(sms, names::PidNameOMSServiceType.key(), std::u16string(u"1"));
        expect_only(sms, must, "2.2.1.3", "must be PtypInteger32 (0x0003), found PtypString");
    }
    SECTION("2.2.1.4 source type out of range") {
        replace_named(sms, names::PidNameOMSSourceType.key(), int32_t{7});
        expect_only(sms, must, "2.2.1.4", "PidNameOMSSourceType must be 0 to 4, found 7");
    }
    SECTION("2.2.1.4 source type missing") {
        erase_named(sms, names::PidNameOMSSourceType.key());
        expect_only(sms, should, "2.2.1.4", "PidNameOMSSourceType is missing");
    }
    SECTION("2.2.1.5 content class unknown") {
        replace_named(sms, names::PidNameContentClass.key(), std::u16string(u"MS-OMS-XYZ"));
        expect_only(sms, must, "2.2.1.5", "must be MS-OMS-SMS or MS-OMS-MMS, found \"MS-OMS-XYZ\"");
    }
    SECTION("2.2.1.5 content class of the other service") {
        replace_named(sms, names::PidNameContentClass.key(), std::u16string(u"MS-OMS-MMS"));
        expect_only(sms, must, "2.2.1.5", "must be MS-OMS-SMS for this SMS object");
    }
    SECTION("2.2.1.5 content class missing") {
        erase_named(sms, names::PidNameContentClass.key());
        expect_only(sms, should, "2.2.1.5", "PidNameContentClass is missing");
    }
    SECTION("2.2.1.5 content class found under MS-OXPROPS's spelling") {
        // The same id, its name spelled "Content-Class" instead of Outlook's "content-class".
        auto respelled = std::make_shared<msg::NamedPropertyMap>();
        for (const msg::NamedKey& key : sms.named->keys()) {
            respelled->append(key == names::PidNameContentClassOutlook.key()
                                  ? names::PidNameContentClass.key()
                                  : key);
        }
        REQUIRE(respelled->keys() != sms.named->keys());
        sms.named = respelled;
        CHECK(validate(sms).empty());
    }
    SECTION("2.2.1.1 account GUID malformed or empty") {
        replace_named(sms, names::PidNameOMSAccountGuid.key(),
                      std::u16string(u"{01234567-0123-0123-0123456789abc}"));
        expect_only(sms, should, "2.2.1.1", "should be a GUID in braces");
        replace_named(sms, names::PidNameOMSAccountGuid.key(),
                      std::u16string(u"01234567-0123-0123-0123-0123456789ab"));
        expect_only(sms, should, "2.2.1.1", "should be a GUID in braces");
        replace_named(sms, names::PidNameOMSAccountGuid.key(), std::u16string());
        expect_only(sms, should, "2.2.1.1", "PidNameOMSAccountGuid is empty");
    }
    SECTION("2.2.1.2 schedule time of the wrong type") {
        msg::set_named(sms, sms, names::PidNameOMSScheduleTime.key(), int32_t{5});
        expect_only(sms, must, "2.2.1.2", "PidNameOMSScheduleTime must be PtypTime (0x0040)");
    }
    SECTION("2.2.1.6 mobile model of the wrong type") {
        replace_named(sms, names::PidNameOMSMobileModel.key(), int32_t{5});
        expect_only(sms, must, "2.2.1.6", "PidNameOMSMobileModel must be PtypString (0x001F)");
    }
    SECTION("2.2.2.1 icon index other than 0xFFFFFFFF") {
        msg::set(sms, tags::PidTagIconIndex, 5);
        expect_only(sms, must, "2.2.2.1", "must be 0xFFFFFFFF, found 0x00000005");
    }
    SECTION("2.2.2.1 icon index missing") {
        erase_id(sms, tags::PidTagIconIndex);
        expect_only(sms, should, "2.2.2.1", "PidTagIconIndex should be set");
    }
    SECTION("2.2.2.3 SMS without plain-text body") {
        erase_id(sms, tags::PidTagBody);
        expect_only(sms, must, "2.2.2.3", "plain-text body (PidTagBody), which is missing");
    }
    SECTION("2.2.2.4 SMS without normalized subject") {
        erase_id(sms, tags::PidTagNormalizedSubject);
        expect_only(sms, should, "2.2.2.4", "PidTagNormalizedSubject");
    }
    SECTION("2.2.2.3 MMS without HTML body") {
        erase_id(mms, tags::PidTagHtml);
        expect_only(mms, must, "2.2.2.3",
                    "HTML body (PidTagHtml, or HTML encapsulated in PidTagRtfCompressed), which "
                    "is missing");
    }
    SECTION("2.2.2.3 HTML body naming a part that is not there") {
        const auto* html = mms.properties.get_as<cfb::Blob>(tags::PidTagHtml);
        std::string text(html->begin(), html->end());
        text.insert(text.find("</BODY>"), "<IMG SRC=\"cid:gone@x\">\r\n");
        msg::set(mms, tags::PidTagHtml,
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
        msg::set(mms.attachments[2], tags::PidTagAttachmentHidden, false);
        expect_only(mms, should, "4.2", "attachment #2 (photo.jpg) should be hidden");
    }
    SECTION("4.2 a part without Content-ID") {
        erase_id(mms.attachments[1], tags::PidTagAttachContentId);
        // The HTML and the SMIL both name it by cid: those references break too.
        const auto f = validate(mms);
        REQUIRE(f.size() == 3);
        CHECK_THAT(f[0].message, Catch::Contains("SMIL layout, slide 1"));
        CHECK_THAT(f[1].message, Catch::Contains("attachment #1 (1.txt) has no Content-ID"));
        CHECK(f[1].severity == should);
        CHECK_THAT(f[2].message, Catch::Contains("the HTML body refers to"));
    }
    SECTION("4.2 a part without MIME type") {
        erase_id(mms.attachments[2], tags::PidTagAttachMimeTag);
        expect_only(mms, should, "4.2", "attachment #2 (photo.jpg) has no MIME type");
    }
    SECTION("MS-OXCMSG message flags without MSGFLAG_HASATTACH") {
        msg::set(mms, tags::PidTagMessageFlags, flags::MSGFLAG_UNSENT);
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
        msg::set(m, tags::PidTagStoreSupportMask, *mask & ~flags::STORE_UNICODE_OK);
    }
    const auto cls = m.message_class();
    REQUIRE(cls);
    erase_id(m, tags::PidTagMessageClass);
    m.properties.set(msg::string8_tag(tags::PidTagMessageClass), msg::String8{*cls});
    for (const msg::NamedKey& key :
         {names::PidNameOMSAccountGuid.key(), names::PidNameOMSMobileModel.key(),
          names::PidNameContentClass.key()}) {
        const auto text = msg::to_utf8(*m.named_value(key), m.codepage);
        REQUIRE(text);
        replace_named(m, key, msg::String8{*text});
    }
    const auto subject = m.string(tags::PidTagNormalizedSubject);
    REQUIRE(subject);
    erase_id(m, tags::PidTagNormalizedSubject);
    m.properties.set(msg::string8_tag(tags::PidTagNormalizedSubject), msg::String8{*subject});
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
    msg::set(m, tags::PidTagRtfCompressed, cfb::Blob::owned(msg::rtf::compress(as_bytes(rtf))));
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
        REQUIRE(f.size() == (is_sms ? 5U : 4U));
        CHECK(f[0].severity == Severity::should);
        CHECK_THAT(f[0].message, Catch::StartsWith("PidTagMessageClass should be PtypString"));
        CHECK(f[1].severity == Severity::must);
        CHECK(f[1].message
              == "PidNameOMSAccountGuid must be PtypString (0x001F) in a Unicode file "
                 "(PidTagStoreSupportMask has STORE_UNICODE_OK), found PtypString8 (0x001E)");
        CHECK_THAT(f[2].message, Catch::StartsWith("PidNameOMSMobileModel must be PtypString"));
        CHECK_THAT(f[3].message, Catch::StartsWith("PidNameContentClass must be PtypString"));
        if (is_sms) {
            CHECK(f[4].severity == Severity::should);
            CHECK_THAT(f[4].message, Catch::StartsWith("PidTagNormalizedSubject should be"));
        }
    }
    // A file without PidTagStoreSupportMask makes no claim of Unicode strings.
    msg::Message bare = good_sms();
    make_ansi(bare, false);
    erase_id(bare, tags::PidTagStoreSupportMask);
    CHECK(validate(bare).empty());
    // Other types stay wrong in an ANSI file too.
    msg::Message ansi = good_sms();
    make_ansi(ansi, true);
    replace_named(ansi, names::PidNameOMSMobileModel.key(), int32_t{5});
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
    REQUIRE(m.properties.find_id(tags::PidTagHtml) == nullptr);
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
        msg::set(mms, tags::PidTagRtfCompressed, cfb::Blob::owned(std::move(cut)));
        expect_only(mms, Severity::must, "2.2.2.3",
                    "which is missing; the RTF body cannot be read");
    }
}

TEST_CASE("The HTML body's cid: values end at their quote and decode character references",
          "[oms][validate]") {
    msg::Message mms = good_mms();
    std::string html = html_of(mms);
    const std::string cid = mms.attachments[2].string(tags::PidTagAttachContentId).value();
    // A Content-ID with ' and & in it: legal in an RFC 2822 msg-id.
    const std::string odd = "it's&co@x";
    msg::set(mms.attachments[2], tags::PidTagAttachContentId, odd);
    html.replace(html.find(cid), cid.size(), "it's&amp;co@x");
    html.insert(html.find("</BODY>"), "<A HREF=cid:it's&amp;co@x>x</A>\r\n");
    msg::set(mms, tags::PidTagHtml,
             cfb::Blob::owned(std::vector<uint8_t>(html.begin(), html.end())));
    set_attachment_data(mms.attachments[0], smil_with("<img src=\"cid:it's&amp;co@x\"/>"));
    CHECK(validate(mms).empty());
}

TEST_CASE("Message classes have the form MS-OXCMSG 2.2.1.3 gives them", "[oms][validate][class]") {
    const auto with_class = [](const std::string& cls) {
        msg::Message m = good_sms();
        msg::set(m, tags::PidTagMessageClass, cls);
        return m;
    };
    expect_only(with_class("IPM.Note.Mobile.SMS."), Severity::must, "2.2.2.2",
                "PidTagMessageClass ends with a period (MS-OXCMSG 2.2.1.3): "
                "\"IPM.Note.Mobile.SMS.\"");
    expect_only(with_class("IPM.Note.Mobile.SMS.A\tB"), Severity::must, "2.2.2.2",
                "holds a character outside ASCII 0x20-0x7F (byte 0x09 at offset 21)");
    expect_only(with_class("IPM.Note.Mobile.SMS.Caf\xC3\xA9"), Severity::must, "2.2.2.2",
                "holds a character outside ASCII 0x20-0x7F");
    const std::string base = "IPM.Note.Mobile.SMS.";
    expect_only(with_class(base + std::string(256 - base.size(), 'x')), Severity::must, "2.2.2.2",
                "has 256 characters, more than 255");
    expect_only(with_class(base + std::string(128 - base.size(), 'x')), Severity::should, "2.2.2.2",
                "has 128 characters; fewer than 128 leave room");
    expect_only(with_class("IPM.Note.Mobile.SMS..Custom"), Severity::should, "2.2.2.2",
                "has an empty group between two periods");
    // At the limits, and the characters at the ends of the range: nothing to report.
    CHECK(validate(with_class(base + std::string(127 - base.size(), 'x'))).empty());
    CHECK(validate(with_class("IPM.Note.Mobile.SMS. ~\x7F")).empty());
}

TEST_CASE("MMS parts are attached by value and have a long file name", "[oms][validate][parts]") {
    msg::Message mms = good_mms();
    SECTION("an embedded message, an OLE object, no method") {
        msg::set(mms.attachments[2], tags::PidTagAttachMethod, flags::afEmbeddedMessage);
        expect_only(mms, Severity::should, "4.2",
                    "attachment #2 (photo.jpg) should be attached by value (PidTagAttachMethod "
                    "1), as every part of an MMS object is; found method 5");
        msg::set(mms.attachments[2], tags::PidTagAttachMethod, flags::afStorage);
        expect_only(mms, Severity::should, "4.2", "found method 6");
        erase_id(mms.attachments[2], tags::PidTagAttachMethod);
        expect_only(mms, Severity::should, "4.2", "found no PidTagAttachMethod");
    }
    SECTION("no long file name, or an empty one") {
        erase_id(mms.attachments[1], tags::PidTagAttachLongFilename);
        expect_only(mms, Severity::should, "4.2",
                    "attachment #1 (1.txt) has no long file name (PidTagAttachLongFilename)");
        msg::set(mms.attachments[1], tags::PidTagAttachLongFilename, "");
        expect_only(mms, Severity::should, "4.2", "has no long file name");
    }
}

TEST_CASE("A SMIL element shows a part of its own kind", "[oms][validate][smil]") {
    // Attachments of good_mms(): #1 the text part (text/plain), #2 the JPEG.
    msg::Message mms = good_mms();
    const std::string text =
        "cid:" + mms.attachments[1].string(tags::PidTagAttachContentId).value();
    const std::string photo =
        "cid:" + mms.attachments[2].string(tags::PidTagAttachContentId).value();
    const auto layout = [&](const std::string& media) {
        set_attachment_data(mms.attachments[0], smil_with(media));
        return validate(mms);
    };
    SECTION("mismatches") {
        set_attachment_data(mms.attachments[0], smil_with("<text src=\"" + photo + "\"/>"));
        expect_only(mms, Severity::should, "4.2",
                    "SMIL layout, slide 1: <text> shows attachment #2 (photo.jpg), which is an "
                    "image (image/jpeg)");
        set_attachment_data(mms.attachments[0], smil_with("<img src=\"" + text + "\"/>"));
        expect_only(mms, Severity::should, "4.2",
                    "<img> shows attachment #1 (1.txt), which is text (text/plain)");
        set_attachment_data(mms.attachments[0], smil_with("<audio src=\"" + photo + "\"/>"));
        expect_only(mms, Severity::should, "4.2", "<audio> shows attachment #2 (photo.jpg)");
        set_attachment_data(mms.attachments[0], smil_with("<video src=\"" + photo + "\"/>"));
        expect_only(mms, Severity::should, "4.2", "<video> shows attachment #2 (photo.jpg)");
    }
    SECTION("matches, <ref> for anything") {
        CHECK(layout("<img src=\"" + photo + "\"/><text src=\"" + text + "\"/>").empty());
        CHECK(layout("<ref src=\"" + photo + "\"/><ref src=\"" + text + "\"/>").empty());
        // Any text/ type is text; the MIME type's parameters and case do not matter.
        msg::set(mms.attachments[1], tags::PidTagAttachMimeTag, "TEXT/X-VCARD; x=1");
        CHECK(layout("<text src=\"" + text + "\"/>").empty());
    }
    SECTION("without a telling MIME type, the bytes, then the file name say the kind") {
        msg::set(mms.attachments[2], tags::PidTagAttachMimeTag, "application/octet-stream");
        CHECK(layout("<img src=\"" + photo + "\"/>").empty());
        set_attachment_data(mms.attachments[0], smil_with("<audio src=\"" + photo + "\"/>"));
        expect_only(mms, Severity::should, "4.2", "which is an image (image/jpeg)");

        erase_id(mms.attachments[2], tags::PidTagAttachMimeTag);
        set_attachment_data(mms.attachments[2], "not an image");
        const auto by_name = validate(mms);
        REQUIRE(by_name.size() == 2);
        CHECK_THAT(by_name[0].message, Catch::Contains("<audio> shows attachment #2 (photo.jpg), "
                                                       "which is an image (image/jpeg)"));
        CHECK_THAT(by_name[1].message, Catch::Contains("has no MIME type"));

        // Nothing tells the kind: not judged, only the missing MIME type is reported.
        msg::set(mms.attachments[2], tags::PidTagAttachLongFilename, "photo");
        expect_only(mms, Severity::should, "4.2", "attachment #2 (photo) has no MIME type");
    }
}

TEST_CASE("An SMS's normalized subject abbreviates its text, the subject is prefix and rest",
          "[oms][validate][subject]") {
    msg::Message sms = good_sms();  // "What time is the meeting?"
    const auto set = [&](msg::TypedTag<PropertyType::PtypString> tag, const std::string& value) {
        erase_id(sms, tag);
        msg::set(sms, tag, value);
    };
    SECTION("abbreviations that begin the text are fine, white space made single") {
        set(tags::PidTagNormalizedSubject, "What time");
        set(tags::PidTagSubject, "What time");
        CHECK(validate(sms).empty());
        set(tags::PidTagBody, "  What\r\n\r\ntime   is it");
        CHECK(validate(sms).empty());
    }
    SECTION("a normalized subject that is not an abbreviation of the text") {
        set(tags::PidTagNormalizedSubject, "Lunch?");
        set(tags::PidTagSubject, "Lunch?");
        expect_only(sms, Severity::should, "2.2.2.4",
                    "PidTagNormalizedSubject \"Lunch?\" should abbreviate the text, which begins "
                    "\"What time is the meeting?\"");
        set(tags::PidTagNormalizedSubject, "");
        set(tags::PidTagSubject, "");
        expect_only(sms, Severity::should, "2.2.2.4", "PidTagNormalizedSubject \"\" should");
    }
    SECTION("a subject that is not prefix and normalized subject") {
        set(tags::PidTagSubject, "Re: What time is the meeting?");
        expect_only(sms, Severity::should, "2.2.2.4",
                    "PidTagSubject \"Re: What time is the meeting?\" should be "
                    "PidTagSubjectPrefix followed by PidTagNormalizedSubject, \"What time is the "
                    "meeting?\" (MS-OXCMSG 2.2.1.46)");
        set(tags::PidTagSubjectPrefix, "Re: ");
        CHECK(validate(sms).empty());
    }
    SECTION("MMS subjects need not abbreviate the text, but keep prefix and rest") {
        msg::Message mms = good_mms();  // subject "Photo", text "Here"
        CHECK(validate(mms).empty());
        erase_id(mms, tags::PidTagSubject);
        msg::set(mms, tags::PidTagSubject, "Fw: Photo");
        expect_only(mms, Severity::should, "2.2.2.4", "should be PidTagSubjectPrefix followed");
    }
}

TEST_CASE("A bare Content-ID in a SMIL src names its part", "[oms][validate][smil]") {
    msg::Message mms = good_mms();
    const std::string cid = mms.attachments[2].string(tags::PidTagAttachContentId).value();
    for (const std::string& src : {cid, "<" + cid + ">", "CID:" + cid}) {
        INFO(src);
        set_attachment_data(mms.attachments[0], smil_with("<img src=\"" + src + "\"/>"));
        CHECK(validate(mms).empty());
        const auto v = view(mms);
        REQUIRE(v);
        REQUIRE(v->slides.size() == 1);
        REQUIRE(v->slides[0].visual);
        CHECK(v->slides[0].visual->attachment == 2);
    }
    set_attachment_data(mms.attachments[0], smil_with("<img src=\"part2@x\"/>"));
    expect_only(mms, Severity::must, "4.2", "src \"part2@x\" names no attachment");

    // Phones also keep the brackets in the Content-ID.
    msg::set(mms.attachments[2], tags::PidTagAttachContentId, "<part1>");
    CHECK(resolve_src(mms, "part1") == 2U);
    CHECK(resolve_src(mms, "<part1>") == 2U);
    CHECK(resolve_src(mms, "cid:part1") == 2U);
    CHECK_FALSE(resolve_src(mms, "part"));
    CHECK_FALSE(resolve_src(mms, ""));
    // A Content-Location comes first, then the Content-ID, then the file names.
    CHECK(resolve_src(mms, "photo.jpg") == 2U);
    msg::set(mms.attachments[1], tags::PidTagAttachContentId, "photo.jpg");
    CHECK(resolve_src(mms, "photo.jpg") == 1U);
    msg::set(mms.attachments[0], tags::PidTagAttachContentLocation, "photo.jpg");
    CHECK(resolve_src(mms, "photo.jpg") == 0U);
}

TEST_CASE("What the builder refuses the validator flags, what it accepts validates",
          "[oms][validate][build]") {
    const std::string sample_account = "{01234567-0123-0123-0123456789abc}";
    const std::string long_name = "." + std::string(236, 'x');  // 256 characters in all

    struct Refusal {
        std::string what;
        std::function<void(Envelope&, const std::string& base)> input;
        std::function<void(msg::Message&, const std::string& base)> force;
        std::string section;
    };

    const auto account = [](std::string value) {
        return std::pair{std::function<void(Envelope&, const std::string&)>(
                             [value](Envelope& e, const std::string&) { e.account = value; }),
                         std::function<void(msg::Message&, const std::string&)>(
                             [value](msg::Message& m, const std::string&) {
                                 replace_named(m, names::PidNameOMSAccountGuid.key(),
                                               std::u16string(value.begin(), value.end()));
                             })};
    };
    const auto subclass = [](std::string rest) {
        return std::pair{
            std::function<void(Envelope&, const std::string&)>(
                [rest](Envelope& e, const std::string& base) { e.message_class = base + rest; }),
            std::function<void(msg::Message&, const std::string&)>(
                [rest](msg::Message& m, const std::string& base) {
                    msg::set(m, tags::PidTagMessageClass, base + rest);
                })};
    };
    const auto source = [](int32_t value) {
        return std::pair{std::function<void(Envelope&, const std::string&)>(
                             [value](Envelope& e, const std::string&) {
                                 e.source = static_cast<SourceType>(value);
                             }),
                         std::function<void(msg::Message&, const std::string&)>(
                             [value](msg::Message& m, const std::string&) {
                                 replace_named(m, names::PidNameOMSSourceType.key(), value);
                             })};
    };
    const std::vector<std::pair<std::string, decltype(account(""))>> inputs = {
        {"an account that is no GUID", account("foo")},
        {"the MMS sample's account", account(sample_account)},
        {"an account without braces", account("01234567-0123-0123-0123-0123456789ab")},
        {"a class ending with a period", subclass(".")},
        {"a class with an empty group", subclass("..Custom")},
        {"a class with a tab", subclass(".A\tB")},
        {"a class with a character beyond ASCII", subclass(".Caf\xC3\xA9")},
        {"a class of 256 characters", subclass(long_name)},
        {"a class of 128 characters", subclass(long_name.substr(0, 109))},
        {"a source type of 5", source(5)},
        {"a source type of -1", source(-1)},
    };
    const std::vector<std::string> sections = {"2.2.1.1", "2.2.1.1", "2.2.1.1", "2.2.2.2",
                                               "2.2.2.2", "2.2.2.2", "2.2.2.2", "2.2.2.2",
                                               "2.2.2.2", "2.2.1.4", "2.2.1.4"};
    REQUIRE(sections.size() == inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto& [what, change] = inputs[i];
        for (const bool is_sms : {true, false}) {
            INFO(what << (is_sms ? ", SMS" : ", MMS"));
            const std::string base(is_sms ? CLASS_SMS : CLASS_MMS);
            Sms sms;
            sms.text = "Hi";
            Mms mms;
            mms.slides.push_back(Slide{"Hi", std::nullopt, std::nullopt, 5000});
            change.first(is_sms ? sms.envelope : mms.envelope, base);
            if (is_sms) {
                CHECK_THROWS_AS(build(sms), msgforge::UsageError);
            } else {
                CHECK_THROWS_AS(build(mms), msgforge::UsageError);
            }
            // The same value on a message built without it: the validator flags it.
            msg::Message forced = is_sms ? good_sms() : good_mms();
            change.second(forced, base);
            const auto findings = validate(forced);
            REQUIRE(findings.size() == 1);
            CHECK(findings[0].section == "MS-OXOSMMS " + sections[i]);
        }
    }

    // Inputs at the edges of what is allowed: each builds and validates with no finding.
    std::vector<msg::Message> built;
    std::vector<std::string> names;
    const auto add = [&](std::string name, auto&& make) {
        names.push_back(std::move(name));
        built.push_back(reread(make()));
    };
    for (const std::string& text :
         {std::string(), std::string(" \r\n \t"), std::string("a\r\n\r\n  b"),
          std::string("\xC2\xA0 no-break space"), std::string(200, 'x'),
          std::string("Tabs\tand   spaces, \xF0\x9F\x98\x80 and a very long line of text that "
                      "goes on past sixty characters")}) {
        add("SMS text " + text, [&] {
            Sms sms;
            sms.text = text;
            return build(sms);
        });
    }
    for (const std::string& cls :
         {std::string("ipm.note.mobile.sms"), std::string("IPM.Note.Mobile.SMSX"),
          std::string("IPM.Note.Mobile.SMS. ~x"), std::string(CLASS_SMS) + long_name.substr(0, 107),
          std::string("IPM.Note.Mobile.MMS.Custom")}) {
        add("class " + cls, [&] {
            Envelope e;
            e.message_class = cls;
            if (starts_with_ci(cls, CLASS_SMS)) {
                return build(Sms{e, "Hi"});
            }
            return build(Mms{e, "", {Slide{"Hi", std::nullopt, std::nullopt, 5000}}, {}});
        });
    }
    for (int32_t s = 0; s <= 4; ++s) {
        add("source " + std::to_string(s), [&] {
            Sms sms;
            sms.envelope.source = static_cast<SourceType>(s);
            sms.envelope.account = "{C200E360-38C5-11AE-AE62-08002B2B79EF}";
            return build(sms);
        });
    }
    const std::vector<uint8_t> jpeg =
        test::read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg");
    for (const std::string file : {"photo.j pg", "photo.jp'g", "a.b&c", "noext", "photo.",
                                   ".hidden", "dir/x.jpg", "photo.JPG", "ph\"o<t>o@.jpg", ""}) {
        add("file name " + file, [&] {
            Mms mms;
            mms.slides.push_back(Slide{"", Media{file, jpeg, ""}, std::nullopt, 1});
            mms.extra.push_back(Media{file, jpeg, "IMAGE/JPEG; name=x"});
            return build(mms);
        });
        // Content-IDs take the extension of a file name only when it is letters and digits.
        for (const msg::Attachment& a : built.back().attachments) {
            const std::string cid = a.string(tags::PidTagAttachContentId).value();
            INFO(cid);
            const std::string local = cid.substr(0, cid.find('@'));
            CHECK(local.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789.")
                  == std::string::npos);
        }
    }
    for (const uint32_t ms : {0U, 1U, UINT32_MAX}) {
        add("slide duration " + std::to_string(ms), [&] {
            Mms mms;
            mms.slides.push_back(Slide{"Hi", std::nullopt, std::nullopt, ms});
            return build(mms);
        });
    }
    for (char c = '!'; c <= '~'; ++c) {
        const std::string suffix = std::string("S") + c + "X";
        Mms mms;
        mms.slides.push_back(Slide{"Hi", Media{"p.jpg", jpeg, ""}, std::nullopt, 5000});
        BuildOptions options;
        options.content_id_suffix = suffix;
        if (std::string_view("<>@\"").find(c) != std::string_view::npos) {
            INFO(suffix);
            CHECK_THROWS_AS(build(mms, options), msgforge::UsageError);
            continue;
        }
        add("Content-ID suffix " + suffix, [&] { return build(mms, options); });
    }
    for (size_t i = 0; i < built.size(); ++i) {
        INFO(names[i]);
        for (const Finding& f : validate(built[i])) {
            UNSCOPED_INFO(to_string(f.severity) << " " << f.section << ": " << f.message);
        }
        CHECK(validate(built[i]).empty());
    }
}
