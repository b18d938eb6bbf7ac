// The validator on the forms a valid message may take: ANSI strings, an HTML body only in the
// RTF body, cid: references, message classes, MMS parts, SMIL elements, the normalized subject.
#include "validate_support.hpp"
#include "view_parts.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::oms;
using namespace msgforge::test;
using msg::PropertyType;
namespace flags = msg::flags;
namespace names = msg::names;
namespace tags = msg::tags;

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
