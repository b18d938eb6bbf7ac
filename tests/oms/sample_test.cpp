// The two samples of MS-OXOSMMS section 4, built with the samples' inputs and checked property
// for property: on the built message and again after writing and reading it back.
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>

#include <support/support.hpp>

namespace {

using namespace msgforge;
using msg::PropertyTag;
using msg::PropertyType;

const std::string SUFFIX = "AB1B43B2B0594564.B94EF7ABB12B49BA";

msg::Message reread(const msg::Message& m) {
    const auto bytes = m.write();
    return msg::Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

// A named property's value, checking that the map holds it under PS_PUBLIC_STRINGS (or the
// given set) by name.
const msg::PropertyValue& named(const msg::Message& m, const Guid& set, std::u16string name) {
    const msg::NamedKey key = msg::NamedKey::string(set, std::move(name));
    const auto id = m.named->id_for(key);
    REQUIRE(id.has_value());
    CHECK(*id >= 0x8000);
    const msg::PropertyValue* v = m.named_value(key);
    REQUIRE(v != nullptr);
    return *v;
}

void check_string(const msg::ObjectBase& o, PropertyTag tag, std::u16string expected) {
    INFO(tag.to_string());
    const auto* v = o.properties.get_as<std::u16string>(tag);
    REQUIRE(v != nullptr);
    CHECK(*v == expected);
}

void check_int(const msg::ObjectBase& o, PropertyTag tag, int32_t expected) {
    INFO(tag.to_string());
    const auto* v = o.properties.get_as<int32_t>(tag);
    REQUIRE(v != nullptr);
    CHECK(*v == expected);
}

void check_class(const msg::Message& m, std::string expected) {
    // PtypString: the samples show the protocol's PtypString8, a Unicode file holds PtypString.
    REQUIRE(m.properties.get_as(msg::tags::PidTagMessageClass) != nullptr);
    CHECK(m.message_class() == expected);
}

oms::Sms sample_sms() {
    oms::Sms sms;
    sms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    sms.text = "What time is the meeting?";
    return sms;
}

std::vector<uint8_t> photo() {
    return test::read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg");
}

// The MMS sample's account, with 8-4-4-13 digits, is no GUID: build() refuses it.
const std::string MMS_SAMPLE_ACCOUNT = "{01234567-0123-0123-0123456789abc}";

oms::Mms sample_mms() {
    oms::Mms mms;
    mms.subject = "Here's the photo.";
    oms::Slide slide;
    slide.text = "This is the photo you asked for.";
    slide.visual = oms::Media{"photo.jpg", photo(), ""};
    mms.slides.push_back(slide);
    return mms;
}

// The MMS sample: built with a well-formed account, which keeps the named properties in the
// order of the sample's name-to-id requests, then given the sample's own value.
msg::Message build_sample_mms(const oms::BuildOptions& options) {
    oms::Mms mms = sample_mms();
    mms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    msg::Message m = oms::build(mms, options);
    msg::set_named(m, m, msg::names::PidNameOMSAccountGuid, MMS_SAMPLE_ACCOUNT);
    return m;
}

void check_sms_sample(const msg::Message& m) {
    using namespace msg::tags;
    const Guid pub = msg::ps::PS_PUBLIC_STRINGS;
    const auto& account = named(m, pub, u"OMSAccountGuid");
    REQUIRE(account.as<std::u16string>() != nullptr);
    CHECK(*account.as<std::u16string>() == u"{01234567-0123-0123-0123-0123456789ab}");
    const auto& model = named(m, pub, u"OMSMobileModel");
    REQUIRE(model.as<std::u16string>() != nullptr);
    CHECK(model.as<std::u16string>()->empty());
    const auto& service = named(m, pub, u"OMSServiceType");
    REQUIRE(service.as<int32_t>() != nullptr);
    CHECK(*service.as<int32_t>() == 1);
    const auto& source = named(m, pub, u"OMSSourceType");
    REQUIRE(source.as<int32_t>() != nullptr);
    CHECK(*source.as<int32_t>() == 0);
    check_string(m, PidTagBody, u"What time is the meeting?");
    check_int(m, PidTagInternetCodepage, 0xFDE9);
    check_class(m, "IPM.Note.Mobile.SMS");
    check_string(m, PidTagNormalizedSubject, u"What time is the meeting?");
    check_string(m, PidTagSubjectPrefix, u"");
    // Content class under the lower-case name Outlook stores; found by either spelling.
    const auto& content = named(m, msg::ps::PS_INTERNET_HEADERS, u"content-class");
    REQUIRE(content.as<std::u16string>() != nullptr);
    CHECK(*content.as<std::u16string>() == u"MS-OMS-SMS");
    CHECK(m.named_value(msg::names::PidNameContentClass.key()) == &content);
}

void check_mms_sample(const msg::Message& m, const std::vector<uint8_t>& jpeg) {
    using namespace msg::tags;
    const Guid pub = msg::ps::PS_PUBLIC_STRINGS;
    const auto& account = named(m, pub, u"OMSAccountGuid");
    REQUIRE(account.as<std::u16string>() != nullptr);
    CHECK(*account.as<std::u16string>() == u"{01234567-0123-0123-0123456789abc}");
    const auto& model = named(m, pub, u"OMSMobileModel");
    REQUIRE(model.as<std::u16string>() != nullptr);
    CHECK(model.as<std::u16string>()->empty());
    CHECK(*named(m, pub, u"OMSServiceType").as<int32_t>() == 4);
    CHECK(*named(m, pub, u"OMSSourceType").as<int32_t>() == 0);
    check_int(m, PidTagInternetCodepage, 0xFDE9);
    check_int(m, PidTagIconIndex, -1);
    check_class(m, "IPM.Note.Mobile.MMS");
    check_int(m, PidTagMessageFlags, 0x18);
    check_string(m, PidTagNormalizedSubject, u"Here's the photo.");
    check_string(m, PidTagSubjectPrefix, u"");

    const auto* html = m.properties.get_as<cfb::Blob>(PidTagHtml);
    REQUIRE(html != nullptr);
    CHECK(std::string(html->begin(), html->end())
          == "<HTML>\r\n<BODY>\r\n"
             "<IMG SRC=\"cid:Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA\" border=\"0\">\r\n"
             "<BR>\r\nThis is the photo you asked for.\r\n<BR>\r\n"
             "<A HREF=\"cid:Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA\"></A>\r\n"
             "</BODY>\r\n</HTML>\r\n");

    REQUIRE(m.attachments.size() == 3);

    struct Expected {
        std::u16string content_id, mime, name;
    };

    const Expected expected[] = {
        {u"MMS.smil@AB1B43B2B0594564.B94EF7ABB12B49BA", u"application/smil", u"MMS.smil"},
        {u"Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA", u"text/plain", u"1.txt"},
        {u"Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA", u"image/jpeg", u"photo.jpg"},
    };
    for (size_t i = 0; i < 3; ++i) {
        INFO("attachment " << i);
        const msg::Attachment& a = m.attachments[i];
        const bool* hidden = a.properties.get_as<bool>(PidTagAttachmentHidden);
        REQUIRE(hidden != nullptr);
        CHECK(*hidden);
        check_int(a, PidTagAttachMethod, 1);
        check_string(a, PidTagAttachContentId, expected[i].content_id);
        check_string(a, PidTagAttachMimeTag, expected[i].mime);
        check_string(a, PidTagAttachLongFilename, expected[i].name);
        REQUIRE(a.data().has_value());
    }
    // The text part is "Unicode" text: UTF-16LE after its byte-order mark, declared as the
    // charset parameter "utf-16" of a MIME text part would be (MS-OXCMAIL 2.2.3.4.1.2).
    check_string(m.attachments[1], PidTagTextAttachmentCharset, u"utf-16");
    const std::string text = "This is the photo you asked for.";
    std::vector<uint8_t> utf16 = {0xFF, 0xFE};
    for (const char c : text) {
        utf16.push_back(static_cast<uint8_t>(c));
        utf16.push_back(0);
    }
    const auto part = *m.attachments[1].data();
    CHECK(std::vector<uint8_t>(part.begin(), part.end()) == utf16);
    const auto image = *m.attachments[2].data();
    CHECK(std::vector<uint8_t>(image.begin(), image.end()) == jpeg);
    // The layout shows the image in region Image and the text in region Text.
    const auto smil = *m.attachments[0].data();
    const std::string layout(smil.begin(), smil.end());
    CHECK(layout.find("src=\"cid:Att1.jpg@AB1B43B2B0594564.B94EF7ABB12B49BA\" region=\"Image\"")
          != std::string::npos);
    CHECK(layout.find("src=\"cid:Att0.txt@AB1B43B2B0594564.B94EF7ABB12B49BA\" region=\"Text\"")
          != std::string::npos);
}

}  // namespace

TEST_CASE("MS-OXOSMMS 4.1: the sample SMS object, property for property", "[oms][sample]") {
    oms::BuildOptions options;
    const msg::Message built = oms::build(sample_sms(), options);
    SECTION("as built") {
        check_sms_sample(built);
    }
    SECTION("written and read back") {
        check_sms_sample(reread(built));
    }
    SECTION("with only the specification's properties") {
        options.outlook_defaults = false;
        options.strict_body = true;
        const msg::Message bare = oms::build(sample_sms(), options);
        check_sms_sample(bare);
        CHECK(bare.properties.find_id(msg::tags::PidTagHtml) == nullptr);
    }
}

TEST_CASE("MS-OXOSMMS 4.2: the sample MMS object, property for property", "[oms][sample]") {
    oms::BuildOptions options;
    options.content_id_suffix = SUFFIX;
    const msg::Message built = build_sample_mms(options);
    SECTION("as built") {
        check_mms_sample(built, photo());
    }
    SECTION("written and read back") {
        check_mms_sample(reread(built), photo());
    }
}

TEST_CASE("The samples validate with no MUST finding, the MMS account GUID is flagged",
          "[oms][sample][validate]") {
    const auto sms = oms::validate(reread(oms::build(sample_sms())));
    CHECK(sms.empty());
    oms::BuildOptions options;
    options.content_id_suffix = SUFFIX;
    const auto mms = oms::validate(reread(build_sample_mms(options)));
    REQUIRE(mms.size() == 1);
    CHECK(mms[0].severity == oms::Severity::should);
    CHECK(mms[0].section == "MS-OXOSMMS 2.2.1.1");
    CHECK(mms[0].message.find(MMS_SAMPLE_ACCOUNT) != std::string::npos);
    // What the validator flags, the builder refuses.
    oms::Mms as_given = sample_mms();
    as_given.envelope.account = MMS_SAMPLE_ACCOUNT;
    CHECK_THROWS_WITH(oms::build(as_given, options), Catch::Contains(MMS_SAMPLE_ACCOUNT));
}

TEST_CASE("The same input gives the same bytes", "[oms][sample]") {
    CHECK(oms::build(sample_mms()).write() == oms::build(sample_mms()).write());
    CHECK(oms::build(sample_sms()).write() == oms::build(sample_sms()).write());
    oms::Mms other = sample_mms();
    other.slides[0].text += "!";
    // Another content, other Content-IDs.
    const auto a = oms::build(sample_mms());
    const auto b = oms::build(other);
    CHECK(a.attachments[1].string(msg::tags::PidTagAttachContentId)
          != b.attachments[1].string(msg::tags::PidTagAttachContentId));
}
