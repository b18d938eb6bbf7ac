// Typed access through the table: set() and set_named() with the table's tags and named keys,
// the compile-time checks of value types (static_asserts over requires-expressions), typed
// getters, the flag and value constants against the sections that define them, and the one
// spelling of each property set.
#include <msgforge/msg.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using namespace msgforge;
using namespace msgforge::msg;

namespace {

template <typename Tag, typename V>
concept Settable = requires(ObjectBase& o, Tag tag, V v) {
    set(o, tag, v);
};

template <typename Tag, typename V>
concept BagSettable = requires(PropertyBag& b, Tag tag, V v) {
    b.set(tag, v);
};

template <typename T, typename Tag>
concept GettableAs = requires(const PropertyBag& b, Tag tag) {
    b.get_as<T>(tag);
};

template <typename Tag>
concept ReadableAsString = requires(const ObjectBase& o, Tag tag) {
    o.string(tag);
};

template <typename Key, typename V>
concept NamedSettable = requires(Message& m, Key key, V v) {
    set_named(m, m, key, v);
};

using SubjectTag = decltype(tags::PidTagSubject);
using FlagsTag = decltype(tags::PidTagMessageFlags);
using ReadTag = decltype(tags::PidTagRead);
using TimeTag = decltype(tags::PidTagCreationTime);
using HtmlTag = decltype(tags::PidTagHtml);

// The value's C++ type must be the one the tag's property type holds.
static_assert(Settable<SubjectTag, std::string_view>);
static_assert(Settable<SubjectTag, const char*>);
static_assert(Settable<SubjectTag, std::string>);
static_assert(Settable<SubjectTag, std::u16string>);
static_assert(!Settable<SubjectTag, int32_t>);
static_assert(!Settable<SubjectTag, cfb::Blob>);
static_assert(Settable<FlagsTag, int32_t>);
static_assert(Settable<FlagsTag, decltype(flags::MSGFLAG_READ)>);
static_assert(!Settable<FlagsTag, bool>);
static_assert(!Settable<FlagsTag, uint32_t>);
static_assert(!Settable<FlagsTag, int64_t>);
static_assert(!Settable<FlagsTag, std::string_view>);
static_assert(Settable<ReadTag, bool>);
static_assert(!Settable<ReadTag, int32_t>);
static_assert(Settable<TimeTag, FileTime>);
static_assert(!Settable<TimeTag, int64_t>);
static_assert(Settable<HtmlTag, cfb::Blob>);
static_assert(Settable<HtmlTag, std::vector<uint8_t>>);
static_assert(!Settable<HtmlTag, std::string_view>);

// set() takes tags only: neither a bare id nor a PropertyTag without its type in its C++ type.
static_assert(!Settable<uint16_t, std::string_view>);
static_assert(!Settable<uint16_t, int32_t>);
static_assert(!Settable<PropertyTag, int32_t>);
static_assert(!Settable<PropertyTag, std::string_view>);

// The bag's own set() and get_as() refuse mismatches for table tags, not for bare tags.
static_assert(BagSettable<FlagsTag, int32_t>);
static_assert(BagSettable<FlagsTag, PropertyValue>);
static_assert(!BagSettable<FlagsTag, bool>);
static_assert(!BagSettable<SubjectTag, const char*>);
static_assert(BagSettable<PropertyTag, bool>);
static_assert(GettableAs<int32_t, FlagsTag>);
static_assert(!GettableAs<bool, FlagsTag>);
static_assert(!GettableAs<std::string, SubjectTag>);
static_assert(GettableAs<bool, PropertyTag>);
static_assert(
    std::is_same_v<decltype(PropertyBag{}.get_as(tags::PidTagMessageFlags)), const int32_t*>);
static_assert(
    std::is_same_v<decltype(PropertyBag{}.get_as(tags::PidTagSubject)), const std::u16string*>);
static_assert(
    std::is_same_v<decltype(PropertyBag{}.get_as(tags::PidTagAttachDataBinary)), const cfb::Blob*>);

// string() takes PtypString tags of the table.
static_assert(ReadableAsString<SubjectTag>);
static_assert(!ReadableAsString<FlagsTag>);
static_assert(!ReadableAsString<HtmlTag>);

// The PtypString8 form of a PtypString tag takes 8-bit strings.
static_assert(string8_tag(tags::PidTagMessageClass)
              == PropertyTag{0x001A, PropertyType::PtypString8});
static_assert(Settable<decltype(string8_tag(tags::PidTagSubject)), String8>);
static_assert(!Settable<decltype(string8_tag(tags::PidTagSubject)), std::string_view>);

// Named keys of the table carry their type too.
static_assert(NamedSettable<decltype(names::PidNameOMSServiceType), int32_t>);
static_assert(!NamedSettable<decltype(names::PidNameOMSServiceType), std::string_view>);
static_assert(NamedSettable<decltype(names::PidNameOMSAccountGuid), std::string_view>);
static_assert(NamedSettable<decltype(names::PidNameOMSScheduleTime), FileTime>);
static_assert(NamedSettable<decltype(names::PidLidSmartNoAttach), bool>);
static_assert(!NamedSettable<decltype(names::PidLidSmartNoAttach), int32_t>);

// Flags have their property's value type.
static_assert(std::is_same_v<decltype(flags::MSGFLAG_READ), const int32_t>);
static_assert(std::is_same_v<decltype(flags::STORE_UNICODE_OK), const int32_t>);
static_assert(std::is_same_v<decltype(flags::afByValue), const int32_t>);

}  // namespace

TEST_CASE("set() with a table tag stores the property's type", "[msg][typed]") {
    Message m;
    set(m, tags::PidTagSubject, "Caf\xC3\xA9");
    set(m, tags::PidTagMessageFlags, flags::MSGFLAG_READ | flags::MSGFLAG_HASATTACH);
    set(m, tags::PidTagRead, true);
    set(m, tags::PidTagCreationTime, FileTime{0x01D9000000000000});
    const std::vector<uint8_t> html{'<', 'p', '>'};
    set(m, tags::PidTagHtml, html);

    REQUIRE(m.properties.get_as(tags::PidTagSubject) != nullptr);
    CHECK(*m.properties.get_as(tags::PidTagSubject) == u"Caf\u00E9");
    CHECK(m.properties.get(PropertyTag::from_u32(0x0037001F)) != nullptr);
    CHECK(*m.properties.get_as(tags::PidTagMessageFlags) == 0x11);
    CHECK(*m.properties.get_as(tags::PidTagRead));
    CHECK(m.properties.get_as(tags::PidTagCreationTime)->ticks == 0x01D9000000000000u);
    const cfb::Blob* stored = m.properties.get_as(tags::PidTagHtml);
    REQUIRE(stored != nullptr);
    CHECK(std::vector<uint8_t>(stored->begin(), stored->end()) == html);
    CHECK(m.string(tags::PidTagSubject) == "Caf\xC3\xA9");
}

TEST_CASE("set() refuses text that is not UTF-8, naming the property", "[msg][typed]") {
    Message m;
    REQUIRE_THROWS_AS(set(m, tags::PidTagSubject, "\xC3"), msgforge::UsageError);
    REQUIRE_THROWS_WITH(set(m, tags::PidTagSubject, "\xFF"),
                        Catch::Contains("0x0037001F") && Catch::Contains("UTF-8"));
    REQUIRE_THROWS_WITH(set(m, TypedTag<PropertyType::PtypString>(0x0070), "\xFF"),
                        Catch::Contains("0x0070001F"));
    CHECK(m.properties.empty());
}

TEST_CASE("Tags made from an id when the program runs store what the table's tags store",
          "[msg][typed]") {
    Message by_id;
    set(by_id, TypedTag<PropertyType::PtypString>(tags::PidTagBody.id), "text");
    set(by_id, TypedTag<PropertyType::PtypInteger32>(tags::PidTagMessageFlags.id),
        flags::MSGFLAG_UNSENT);
    set(by_id, TypedTag<PropertyType::PtypBoolean>(tags::PidTagRead.id), false);
    set(by_id, TypedTag<PropertyType::PtypTime>(tags::PidTagLastModificationTime.id), FileTime{42});
    set(by_id, TypedTag<PropertyType::PtypBinary>(tags::PidTagRtfCompressed.id),
        cfb::Blob::owned({1, 2, 3}));
    Message typed;
    set(typed, tags::PidTagBody, "text");
    set(typed, tags::PidTagMessageFlags, flags::MSGFLAG_UNSENT);
    set(typed, tags::PidTagRead, false);
    set(typed, tags::PidTagLastModificationTime, FileTime{42});
    set(typed, tags::PidTagRtfCompressed, cfb::Blob::owned({1, 2, 3}));
    CHECK(compare(by_id, typed).empty());
    CHECK(by_id.write() == typed.write());
}

TEST_CASE("Typed getters read PtypString8 values and find any type of an id", "[msg][typed]") {
    Message m;
    m.codepage = 1252;
    set(m, string8_tag(tags::PidTagSubject), String8{"caf\xE9"});
    CHECK(m.string(tags::PidTagSubject) == "caf\xC3\xA9");
    CHECK(m.subject() == "caf\xC3\xA9");
    const Property* p = m.properties.find_id(tags::PidTagSubject);
    REQUIRE(p != nullptr);
    CHECK(p->tag.type == PropertyType::PtypString8);
    CHECK(m.properties.get_as(tags::PidTagSubject) == nullptr);
    CHECK(m.properties.find_id(tags::PidTagBody) == nullptr);
}

TEST_CASE("set_named() with a table key assigns its set and name or LID", "[msg][typed]") {
    Message m;
    const PropertyTag service = set_named(m, m, names::PidNameOMSServiceType, int32_t{4});
    const PropertyTag model = set_named(m, m, names::PidNameOMSMobileModel, "Phone \xE2\x9C\x93");
    const PropertyTag smart = set_named(m, m, names::PidLidSmartNoAttach, true);
    CHECK(service == PropertyTag{0x8000, PropertyType::PtypInteger32});
    CHECK(model == PropertyTag{0x8001, PropertyType::PtypString});
    CHECK(smart == PropertyTag{0x8002, PropertyType::PtypBoolean});
    REQUIRE(m.named->size() == 3);
    CHECK(*m.named_key(0x8000) == NamedKey::string(ps::PS_PUBLIC_STRINGS, u"OMSServiceType"));
    CHECK(*m.named_key(0x8001) == NamedKey::string(ps::PS_PUBLIC_STRINGS, u"OMSMobileModel"));
    CHECK(*m.named_key(0x8002) == NamedKey::lid(ps::PSETID_Common, 0x8514));

    const int32_t* value = m.named_value(names::PidNameOMSServiceType);
    REQUIRE(value != nullptr);
    CHECK(*value == 4);
    CHECK(*m.named_value(names::PidNameOMSMobileModel) == u"Phone \u2713");
    CHECK(*m.named_value(names::PidLidSmartNoAttach));
    CHECK(m.named_value(names::PidNameOMSSourceType) == nullptr);

    SECTION("a value stored with another type is not returned as the table's type") {
        m.properties.erase(service);
        set_named(m, m, names::PidNameOMSServiceType.key(), PropertyValue(int16_t{4}));
        CHECK(m.named_value(names::PidNameOMSServiceType) == nullptr);
        CHECK(m.named_value(names::PidNameOMSServiceType.key()) != nullptr);
    }
    SECTION("text that is not UTF-8 is refused, naming the property") {
        REQUIRE_THROWS_WITH(set_named(m, m, names::PidNameOMSAccountGuid, "\xFF"),
                            Catch::Contains("OMSAccountGuid") && Catch::Contains("UTF-8"));
        CHECK(m.named->size() == 3);
    }
}

TEST_CASE("Named keys of the table match the table's entries", "[msg][typed]") {
    CHECK(names::PidNameOMSServiceType.set == ps::PS_PUBLIC_STRINGS);
    CHECK(names::PidNameOMSServiceType.name == u"OMSServiceType");
    CHECK(names::PidNameContentClass.set == ps::PS_INTERNET_HEADERS);
    CHECK(names::PidNameContentClass.name == u"Content-Class");
    CHECK(names::PidLidSmartNoAttach.key() == NamedKey::lid(ps::PSETID_Common, 0x8514));
    CHECK(names::PidLidAppointmentStartWhole.property_type == PropertyType::PtypTime);
    CHECK(named_name(names::PidNameLocationUrl.set, std::u16string(names::PidNameLocationUrl.name))
          == "PidNameCalendarLocationUrl");
}

TEST_CASE("An alias in PS_INTERNET_HEADERS keeps the spelling Outlook stores", "[msg][typed]") {
    CHECK(names::PidNameContentClassOutlook.set == ps::PS_INTERNET_HEADERS);
    CHECK(names::PidNameContentClassOutlook.name == u"content-class");
    CHECK(names::PidNameContentClassOutlook.key() != names::PidNameContentClass.key());
    CHECK(names::PidNameContentClassOutlook.key().matches(names::PidNameContentClass.key()));
    CHECK(named_name(ps::PS_INTERNET_HEADERS, u"content-class") == "PidNameContentClass");
    REQUIRE(named_by_name("PidNameContentClassOutlook").has_value());
    CHECK(named_by_name("PidNameContentClassOutlook")->property_name == "content-class");
    CHECK(named_by_name("PidNameContentClass")->property_name == "Content-Class");

    Message m;
    set_named(m, m, names::PidNameContentClassOutlook, "MS-OMS-SMS");
    REQUIRE(m.named->size() == 1);
    CHECK(m.named->keys()[0] == NamedKey::string(ps::PS_INTERNET_HEADERS, u"content-class"));
    REQUIRE(m.named_value(names::PidNameContentClass) != nullptr);
    CHECK(*m.named_value(names::PidNameContentClass) == u"MS-OMS-SMS");
}

TEST_CASE("Flag and value constants carry the values of their sections", "[msg][typed][flags]") {
    SECTION("PidTagMessageFlags, MS-OXCMSG 2.2.1.6") {
        CHECK(flags::MSGFLAG_READ == 0x00000001);
        CHECK(flags::MSGFLAG_UNMODIFIED == 0x00000002);
        CHECK(flags::MSGFLAG_SUBMIT == 0x00000004);
        CHECK(flags::MSGFLAG_UNSENT == 0x00000008);
        CHECK(flags::MSGFLAG_HASATTACH == 0x00000010);
        CHECK(flags::MSGFLAG_FROMME == 0x00000020);
        CHECK(flags::MSGFLAG_ASSOCIATED == 0x00000040);
        CHECK(flags::MSGFLAG_RESEND == 0x00000080);
        CHECK(flags::MSGFLAG_RN_PENDING == 0x00000100);
        CHECK(flags::MSGFLAG_NRN_PENDING == 0x00000200);
        CHECK(flags::MSGFLAG_ORIGIN_INTERNET == 0x00002000);
        CHECK(flags::MSGFLAG_ORIGIN_MISC_EXT == 0x00008000);
    }
    SECTION("PidTagStoreSupportMask: MS-OXMSG 2.1.1.1 and what Outlook writes") {
        CHECK(flags::STORE_UNICODE_OK == 0x00040000);
        CHECK((flags::STORE_ENTRYID_UNIQUE | flags::STORE_MODIFY_OK | flags::STORE_CREATE_OK
               | flags::STORE_ATTACH_OK | flags::STORE_OLE_OK | flags::STORE_MV_PROPS_OK
               | flags::STORE_CATEGORIZE_OK | flags::STORE_RTF_OK | flags::STORE_UNICODE_OK)
              == 0x00040E79);
    }
    SECTION("PidTagAttachMethod, MS-OXCMSG 2.2.2.9") {
        CHECK(flags::afNone == 0);
        CHECK(flags::afByValue == 1);
        CHECK(flags::afByReference == 2);
        CHECK(flags::afByReferenceOnly == 4);
        CHECK(flags::afEmbeddedMessage == 5);
        CHECK(flags::afStorage == 6);
        CHECK(flags::afByWebReference == 7);
    }
    SECTION("PidTagRecipientType, MS-OXOMSG 2.2.3.1") {
        CHECK(flags::MAPI_ORIG == 0);
        CHECK(flags::MAPI_TO == 1);
        CHECK(flags::MAPI_CC == 2);
        CHECK(flags::MAPI_BCC == 3);
        CHECK(static_cast<uint32_t>(flags::MAPI_P1) == 0x10000000u);
        CHECK(static_cast<uint32_t>(flags::MAPI_SUBMITTED) == 0x80000000u);
        CHECK((flags::MAPI_BCC & flags::RECIPIENT_TYPE_MASK) == flags::MAPI_BCC);
        CHECK(((flags::MAPI_CC | flags::MAPI_SUBMITTED) & flags::RECIPIENT_TYPE_MASK)
              == flags::MAPI_CC);
        CHECK(static_cast<int32_t>(RecipientType::to) == flags::MAPI_TO);
        CHECK(static_cast<int32_t>(RecipientType::cc) == flags::MAPI_CC);
        CHECK(static_cast<int32_t>(RecipientType::bcc) == flags::MAPI_BCC);
    }
    SECTION("PidTagObjectType and PidTagDisplayType of a mail user") {
        CHECK(flags::MAPI_MAILUSER == 6);
        CHECK(flags::MAPI_DISTLIST == 8);
        CHECK(flags::DT_MAILUSER == 0);
        CHECK(flags::DT_REMOTE_MAILUSER == 6);
    }
    SECTION("PidTagRenderingPosition, MS-OXCMSG 2.2.2.16: hidden is 0xFFFFFFFF") {
        CHECK(static_cast<uint32_t>(flags::RENDERING_POSITION_HIDDEN) == 0xFFFFFFFFu);
    }
    SECTION("PidTagNativeBody, MS-OXCMSG 2.2.1.58.2") {
        CHECK(flags::NATIVE_BODY_PLAIN == 1);
        CHECK(flags::NATIVE_BODY_RTF == 2);
        CHECK(flags::NATIVE_BODY_HTML == 3);
    }
}

TEST_CASE("Composed recipients and attachments use the table's values", "[msg][typed][flags]") {
    Message m;
    add_recipient(m, RecipientType::bcc, {"Eve", "eve@example.com"});
    add_attachment(m, "a.txt", cfb::Blob::owned({'a'}));
    add_embedded(m, Message{}, "inner");
    const Recipient& r = m.recipients.at(0);
    CHECK(*r.properties.get_as(tags::PidTagRecipientType) == flags::MAPI_BCC);
    CHECK(*r.properties.get_as(tags::PidTagObjectType) == flags::MAPI_MAILUSER);
    CHECK(*r.properties.get_as(tags::PidTagDisplayType) == flags::DT_MAILUSER);
    CHECK(*m.attachments.at(0).properties.get_as(tags::PidTagAttachMethod) == flags::afByValue);
    CHECK(*m.attachments.at(0).properties.get_as(tags::PidTagRenderingPosition) == -1);
    CHECK(m.attachments.at(1).method() == static_cast<uint32_t>(flags::afEmbeddedMessage));
    apply_outlook_defaults(m);
    CHECK(*m.properties.get_as(tags::PidTagMessageFlags)
          == (flags::MSGFLAG_UNSENT | flags::MSGFLAG_HASATTACH));
    CHECK((*m.properties.get_as(tags::PidTagStoreSupportMask) & flags::STORE_UNICODE_OK) != 0);
}
