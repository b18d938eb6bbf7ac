// What the validator tests share: a well-built SMS and MMS, the edits that break them, and the
// check that a message has exactly the one expected finding.
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <support/support.hpp>
#include <vector>

namespace msgforge::test {

inline msg::Message good_sms() {
    oms::Sms sms;
    sms.text = "What time is the meeting?";
    sms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    sms.envelope.to = {oms::Party{"+15550002", ""}};
    return oms::build(sms);
}

inline msg::Message good_mms() {
    oms::Mms mms;
    mms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    mms.subject = "Photo";
    oms::Slide slide;
    slide.text = "Here";
    slide.visual = oms::Media{
        "photo.jpg", read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg"),
        ""};
    mms.slides.push_back(slide);
    return oms::build(mms);
}

inline void erase_named(msg::Message& m, const msg::NamedKey& key) {
    const auto id = m.named->id_for(key);
    REQUIRE(id);
    const msg::Property* p = m.properties.find_id(*id);
    REQUIRE(p != nullptr);
    m.properties.erase(p->tag);
}

inline void replace_named(msg::Message& m, const msg::NamedKey& key, msg::PropertyValue value) {
    erase_named(m, key);
    msg::set_named(m, m, key, std::move(value));
}

inline void erase_id(msg::ObjectBase& o, msg::PropertyTag tag) {
    const msg::Property* p = o.properties.find_id(tag);
    REQUIRE(p != nullptr);
    o.properties.erase(p->tag);
}

inline void set_attachment_data(msg::Attachment& a, std::string_view data) {
    msg::set(a, msg::tags::PidTagAttachDataBinary,
             cfb::Blob::owned(std::vector<uint8_t>(data.begin(), data.end())));
}

// The findings of `m`, which must hold exactly one finding and have it be the expected one.
inline void expect_only(const msg::Message& m, oms::Severity severity, const std::string& section,
                        const std::string& text) {
    const auto findings = oms::validate(m);
    for (const oms::Finding& f : findings) {
        UNSCOPED_INFO(to_string(f.severity) << " " << f.section << ": " << f.message);
    }
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == severity);
    CHECK(findings[0].section == "MS-OXOSMMS " + section);
    CHECK_THAT(findings[0].message, Catch::Contains(text));
}

// `m` written and read again.
inline msg::Message reread(const msg::Message& m) {
    const auto bytes = m.write();
    return msg::Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

}  // namespace msgforge::test
