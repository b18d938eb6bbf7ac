// Unicode/ANSI conversion of whole messages (msg/src/convert.cpp): every string property of the
// message, its recipients, attachments and embedded messages, the store support mask and the
// code pages, and the errors that name the object and the property.
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/convert.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::msg;

namespace {

using enum PropertyType;

Message reread(const Message& m) {
    const auto bytes = m.write();
    return Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

const String8* string8(const ObjectBase& o, uint16_t id) {
    return o.properties.get_as<String8>(PropertyTag{id, PtypString8});
}

// An ANSI message in Windows-1252 with a recipient, an attachment and an embedded message,
// each holding 8-bit strings.
Message ansi_message() {
    Message m;
    m.codepage = 1252;
    m.properties.set(PropertyTag{tags::PidTagSubject.id, PtypString8}, String8{"caf\xE9"});
    m.properties.set(PropertyTag{0x9000, PtypMultipleString8},
                     std::vector<String8>{{"x"}, {"\xE9t\xE9"}});
    m.properties.set(tags::PidTagStoreSupportMask, int32_t{0x00000001});
    Recipient r;
    r.codepage = 1252;
    r.properties.set(PropertyTag{tags::PidTagDisplayName.id, PtypString8}, String8{"J\xFCrgen"});
    m.recipients.push_back(r);
    m.next_recipient_id = 1;
    Message inner;
    inner.codepage = 1252;
    inner.properties.set(PropertyTag{tags::PidTagSubject.id, PtypString8}, String8{"na\xEFve"});
    Attachment& a = add_embedded(m, std::move(inner), "inner");
    a.properties.erase(tags::PidTagDisplayName);
    a.properties.set(PropertyTag{tags::PidTagDisplayName.id, PtypString8}, String8{"d\xE9j\xE0"});
    return m;
}

}  // namespace

TEST_CASE("to_unicode converts every 8-bit string, recursing, and sets STORE_UNICODE_OK",
          "[msg][convert]") {
    Message m = reread(ansi_message());
    to_unicode(m);
    CHECK(m.properties.get_as(tags::PidTagSubject) != nullptr);
    CHECK(*m.properties.get_as(tags::PidTagSubject) == u"caf\u00E9");
    CHECK(string8(m, tags::PidTagSubject.id) == nullptr);
    const auto* list =
        m.properties.get_as<std::vector<std::u16string>>(PropertyTag{0x9000, PtypMultipleString});
    REQUIRE(list != nullptr);
    CHECK(*list == std::vector<std::u16string>{u"x", u"\u00E9t\u00E9"});
    CHECK(*m.properties.get_as(tags::PidTagStoreSupportMask) == (0x00000001 | 0x00040000));
    CHECK(*m.recipients[0].properties.get_as(tags::PidTagDisplayName) == u"J\u00FCrgen");
    CHECK(*m.attachments[0].properties.get_as(tags::PidTagDisplayName) == u"d\u00E9j\u00E0");
    const Message& inner = *m.attachments[0].embedded;
    CHECK(*inner.properties.get_as(tags::PidTagSubject) == u"na\u00EFve");
    // An embedded message gets the mask only when it has one.
    CHECK(inner.properties.find(tags::PidTagStoreSupportMask) == nullptr);
    // The result reads back as it is.
    CHECK(compare(m, reread(m)).empty());
}

TEST_CASE(
    "to_unicode adds the store support mask to a message without one, and keeps a "
    "Unicode value present in both forms",
    "[msg][convert]") {
    Message m;
    m.properties.set(PropertyTag{tags::PidTagSubject.id, PtypString8}, String8{"old"});
    m.properties.set(tags::PidTagSubject, std::u16string(u"new"));
    to_unicode(m);
    CHECK(*m.properties.get_as(tags::PidTagStoreSupportMask) == flags::STORE_UNICODE_OK);
    CHECK(*m.properties.get_as(tags::PidTagSubject) == u"new");
    CHECK(string8(m, tags::PidTagSubject.id) == nullptr);
}

TEST_CASE("to_ansi encodes every string in the code page a reader gives it, recursing",
          "[msg][convert]") {
    Message m = reread(ansi_message());
    to_unicode(m);
    const std::u16string pri = u"\u041F\u0440\u0438";  // При
    m.properties.set(tags::PidTagSubject, pri);
    m.properties.set(PropertyTag{0x9000, PtypMultipleString}, std::vector<std::u16string>{pri});
    m.properties.set(tags::PidTagBody, std::u16string(u"\u00A3"));
    m.properties.set(tags::PidTagInternetCodepage, int32_t{28591});                // the body: 1252
    m.recipients[0].properties.set(tags::PidTagMessageLocaleId, int32_t{0x0408});  // Greek
    m.recipients[0].properties.set(tags::PidTagDisplayName, std::u16string(u"\u0391"));
    m.attachments[0].properties.set(tags::PidTagDisplayName, pri);
    m.attachments[0].embedded->properties.set(tags::PidTagSubject, pri);
    to_ansi(m, 1251);
    CHECK(*m.properties.get_as(tags::PidTagMessageCodepage) == 1251);
    CHECK((*m.properties.get_as(tags::PidTagStoreSupportMask) & flags::STORE_UNICODE_OK) == 0);
    CHECK(m.properties.get_as(tags::PidTagSubject) == nullptr);
    CHECK(string8(m, tags::PidTagSubject.id)->bytes == "\xCF\xF0\xE8");
    CHECK(*m.properties.get_as<std::vector<String8>>(PropertyTag{0x9000, PtypMultipleString8})
          == std::vector<String8>{{"\xCF\xF0\xE8"}});
    CHECK(m.body_codepage == 28591);
    CHECK(string8(m, tags::PidTagBody.id)->bytes == "\xA3");
    CHECK(m.recipients[0].codepage == 1253);
    CHECK(string8(m.recipients[0], tags::PidTagDisplayName.id)->bytes == "\xC1");
    CHECK(string8(m.attachments[0], tags::PidTagDisplayName.id)->bytes == "\xCF\xF0\xE8");
    const Message& inner = *m.attachments[0].embedded;
    CHECK(*inner.properties.get_as(tags::PidTagMessageCodepage) == 1251);
    CHECK(string8(inner, tags::PidTagSubject.id)->bytes == "\xCF\xF0\xE8");
    const Message back = reread(m);
    CHECK(back.subject() == "\xD0\x9F\xD1\x80\xD0\xB8");
    CHECK(back.string(tags::PidTagBody) == "\xC2\xA3");
    CHECK(back.recipients[0].string(tags::PidTagDisplayName) == "\xCE\x91");
    CHECK(back.attachments[0].embedded->subject() == "\xD0\x9F\xD1\x80\xD0\xB8");
}

TEST_CASE("to_ansi names the object and the property a code page cannot encode", "[msg][convert]") {
    Message m;
    add_recipient(m, RecipientType::to, {"Ann", "ann@example.com", "SMTP", ""});
    set(m.recipients[0], tags::PidTagDisplayName, "\xE2\x82\xAC uro \xD0\x9F");
    try {
        to_ansi(m, 1252);
        FAIL("to_ansi accepted a character Windows-1252 lacks");
    } catch (const FormatError& e) {
        CHECK(e.location().structure == "recipient #0 › property 0x3001001F PidTagDisplayName");
        CHECK(e.detail() == "\"\xE2\x82\xAC uro \xD0\x9F\" has a character code page 1252 "
                            "cannot encode");
    }
    Message embedded;
    Message inner;
    set(inner, tags::PidTagSubject, std::string(100, 'a') + "\xD0\x9F");
    add_embedded(embedded, std::move(inner), "inner");
    try {
        to_ansi(embedded, 1252);
        FAIL("to_ansi accepted a character Windows-1252 lacks");
    } catch (const FormatError& e) {
        CHECK(e.location().structure
              == "attachment #0 › embedded message › property 0x0037001F PidTagSubject");
        CHECK(e.detail() == "\"" + std::string(60, 'a') + "...\" has a character code page 1252 "
                                                          "cannot encode");
    }
}

TEST_CASE("to_ansi refuses code pages readers do not use for 8-bit strings", "[msg][convert]") {
    Message m;
    CHECK_THROWS_AS(to_ansi(m, 99999), msgforge::UsageError);
    CHECK_THROWS_AS(to_ansi(m, 28591), msgforge::UsageError);
    CHECK(m.properties.find(tags::PidTagMessageCodepage) == nullptr);
    to_ansi(m, 1252);
    CHECK(*m.properties.get_as(tags::PidTagMessageCodepage) == 1252);
}
