// The contact view (MS-OXOCNTC): contacts and distribution lists.
#include "item_fields.hpp"
#include "smtp.hpp"

#include <msgforge/msg/items.hpp>
#include <msgforge/msg/tags.hpp>

#include <array>
#include <utility>

namespace msgforge::msg {

namespace {

using items::named_string;
using items::text;
using StringTag = TypedTag<PropertyType::PtypString>;
using NamedString = NamedTag<PropertyType::PtypString>;

constexpr std::array<std::pair<std::string_view, StringTag>, 19> PHONES = {{
    {"business", tags::PidTagBusinessTelephoneNumber},
    {"business 2", tags::PidTagBusiness2TelephoneNumber},
    {"home", tags::PidTagHomeTelephoneNumber},
    {"home 2", tags::PidTagHome2TelephoneNumber},
    {"mobile", tags::PidTagMobileTelephoneNumber},
    {"primary", tags::PidTagPrimaryTelephoneNumber},
    {"company", tags::PidTagCompanyMainTelephoneNumber},
    {"assistant", tags::PidTagAssistantTelephoneNumber},
    {"car", tags::PidTagCarTelephoneNumber},
    {"radio", tags::PidTagRadioTelephoneNumber},
    {"pager", tags::PidTagPagerTelephoneNumber},
    {"callback", tags::PidTagCallbackTelephoneNumber},
    {"other", tags::PidTagOtherTelephoneNumber},
    {"ISDN", tags::PidTagIsdnNumber},
    {"telex", tags::PidTagTelexNumber},
    {"TTY/TDD", tags::PidTagTelecommunicationsDeviceForDeafTelephoneNumber},
    {"business fax", tags::PidTagBusinessFaxNumber},
    {"home fax", tags::PidTagHomeFaxNumber},
    {"primary fax", tags::PidTagPrimaryFaxNumber},
}};

constexpr std::array<std::string_view, PHONES.size()> PHONE_LABELS = [] {
    std::array<std::string_view, PHONES.size()> labels{};
    for (size_t i = 0; i < PHONES.size(); ++i) {
        labels[i] = PHONES[i].first;
    }
    return labels;
}();

/// The properties of e-mail address N (MS-OXOCNTC 2.2.1.2).
struct EmailTags {
    NamedString display_name;
    NamedString address_type;
    NamedString address;
    NamedString original_display_name;
};

constexpr std::array<EmailTags, 3> EMAILS = {{
    {names::PidLidEmail1DisplayName, names::PidLidEmail1AddressType,
     names::PidLidEmail1EmailAddress, names::PidLidEmail1OriginalDisplayName},
    {names::PidLidEmail2DisplayName, names::PidLidEmail2AddressType,
     names::PidLidEmail2EmailAddress, names::PidLidEmail2OriginalDisplayName},
    {names::PidLidEmail3DisplayName, names::PidLidEmail3AddressType,
     names::PidLidEmail3EmailAddress, names::PidLidEmail3OriginalDisplayName},
}};

std::vector<Address> read_emails(const Message& m) {
    std::vector<Address> out;
    for (const EmailTags& t : EMAILS) {
        Address a{named_string(m, t.display_name), named_string(m, t.address),
                  named_string(m, t.address_type)};
        if (a.address.empty()) {
            continue;
        }
        const std::string original = named_string(m, t.original_display_name);
        if (is_smtp_type(a.address_type)
            || (a.address_type.empty() && looks_like_smtp(a.address))) {
            a.smtp = a.address;
        } else if (looks_like_smtp(original)) {
            a.smtp = original;
        }
        out.push_back(std::move(a));
    }
    return out;
}

/// The parts that are set, one line each: street, then city, state and postal code, then
/// country.
std::string joined_address(const Message& m, StringTag street, StringTag city, StringTag state,
                           StringTag postal_code, StringTag country) {
    std::string locality;
    for (const StringTag tag : {city, state, postal_code}) {
        const std::string part = text(m, tag);
        if (!part.empty()) {
            locality += (locality.empty() ? "" : " ") + part;
        }
    }
    std::string out;
    for (const std::string& line : {text(m, street), locality, text(m, country)}) {
        if (!line.empty()) {
            out += (out.empty() ? "" : "\r\n") + line;
        }
    }
    return out;
}

std::vector<Labelled> read_addresses(const Message& m) {
    std::string work = named_string(m, names::PidLidWorkAddress);
    if (work.empty()) {
        work = joined_address(m, tags::PidTagStreetAddress, tags::PidTagLocality,
                              tags::PidTagStateOrProvince, tags::PidTagPostalCode,
                              tags::PidTagCountry);
    }
    std::string home = named_string(m, names::PidLidHomeAddress);
    if (home.empty()) {
        home = joined_address(m, tags::PidTagHomeAddressStreet, tags::PidTagHomeAddressCity,
                              tags::PidTagHomeAddressStateOrProvince,
                              tags::PidTagHomeAddressPostalCode, tags::PidTagHomeAddressCountry);
    }
    std::string other = named_string(m, names::PidLidOtherAddress);
    if (other.empty()) {
        other = joined_address(m, tags::PidTagOtherAddressStreet, tags::PidTagOtherAddressCity,
                               tags::PidTagOtherAddressStateOrProvince,
                               tags::PidTagOtherAddressPostalCode, tags::PidTagOtherAddressCountry);
    }
    std::vector<Labelled> out;
    for (auto& [label, value] :
         {std::pair{"work", &work}, std::pair{"home", &home}, std::pair{"other", &other}}) {
        if (!value->empty()) {
            out.push_back({label, std::move(*value)});
        }
    }
    return out;
}

std::string first_set(std::initializer_list<std::string> values) {
    for (const std::string& v : values) {
        if (!v.empty()) {
            return v;
        }
    }
    return {};
}

std::optional<size_t> member_count(const Message& m) {
    for (const auto& key :
         {names::PidLidDistributionListMembers, names::PidLidDistributionListOneOffMembers}) {
        if (const auto* members = m.named_value(key)) {
            return members->size();
        }
    }
    return std::nullopt;
}

}  // namespace

std::span<const std::string_view> phone_labels() {
    return PHONE_LABELS;
}

Contact contact_view(const Message& m) {
    Contact c;
    c.distribution_list = class_is(m.message_class().value_or(""), "IPM.DistList");
    if (c.distribution_list) {
        c.member_count = member_count(m);
    }
    c.display_name =
        first_set({text(m, tags::PidTagDisplayName), named_string(m, names::PidLidFileUnder),
                   named_string(m, names::PidLidDistributionListName), m.subject().value_or("")});
    c.given_name = text(m, tags::PidTagGivenName);
    c.middle_name = text(m, tags::PidTagMiddleName);
    c.surname = text(m, tags::PidTagSurname);
    c.nickname = text(m, tags::PidTagNickname);
    c.company = text(m, tags::PidTagCompanyName);
    c.job_title = text(m, tags::PidTagTitle);
    c.department =
        first_set({text(m, tags::PidTagDepartmentName), named_string(m, names::PidLidDepartment)});
    c.emails = read_emails(m);
    for (const auto& [label, tag] : PHONES) {
        std::string number = text(m, tag);
        if (!number.empty()) {
            c.phones.push_back({std::string(label), std::move(number)});
        }
    }
    c.addresses = read_addresses(m);
    c.birthday = items::tag_time(m, tags::PidTagBirthday);
    c.web_page =
        first_set({text(m, tags::PidTagBusinessHomePage), named_string(m, names::PidLidHtml),
                   text(m, tags::PidTagPersonalHomePage)});
    return c;
}

}  // namespace msgforge::msg
