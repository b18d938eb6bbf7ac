// The validator: one deliberately broken message per rule, each giving its finding.
#include "validate_support.hpp"

#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::oms;
using namespace msgforge::test;
namespace flags = msg::flags;
namespace names = msg::names;
namespace tags = msg::tags;

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
