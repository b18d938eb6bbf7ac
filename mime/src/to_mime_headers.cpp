// .msg to MIME: the headers of MS-OXCMAIL 2.2.3.2 written from the properties, and the
// transport headers a received message keeps (PidTagTransportMessageHeaders).
#include "to_mime_writer.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/mime/entry_list.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::mime::detail {

namespace {

namespace tags = msg::tags;

/// Headers that describe the MIME structure, which the new body replaces.
constexpr std::array STRUCTURE_HEADERS{
    "mime-version",        "content-type",        "content-transfer-encoding", "content-id",
    "content-disposition", "content-description", "content-location",          "content-length"};

/// Characters MS-OXCMAIL 2.1.3.1.3 keeps as they are in an IMCEA local part.
bool imcea_plain(unsigned char c) {
    return std::isalnum(c) != 0
           || std::string_view("!#$%&'*-=?^`{|}~.").find(static_cast<char>(c))
                  != std::string_view::npos;
}

/// Adds `a` as a mailbox; a name without any address as an empty group of that name (or as
/// the address, when the name is one), which RFC 5322 3.4 allows and nothing invents.
void add_mailbox(InternetAddressList* list, const msg::Address& a) {
    std::string address = mailbox_address(a);
    std::string name = a.name;
    if (address.empty() && name.find('@') != std::string::npos) {
        address = std::exchange(name, {});
    }
    if (address.empty() && name.empty()) {
        return;
    }
    const GPtr<InternetAddress> entry(
        address.empty()
            ? internet_address_group_new(name.c_str())
            : internet_address_mailbox_new(name.empty() ? nullptr : name.c_str(), address.c_str()));
    internet_address_set_charset(entry.get(), "utf-8");
    internet_address_list_add(list, entry.get());
}

/// A Message-ID, In-Reply-To or References value in angle brackets: a single id stored
/// without them gets them.
std::string with_brackets(const std::string& value) {
    if (value.find('<') != std::string::npos || value.find_first_of(" \t") != std::string::npos) {
        return value;
    }
    return "<" + value + ">";
}

// The reply recipients (MS-OXCMAIL 2.2.3.1.6): each entry of PidTagReplyRecipientEntries
// with its name, else the name of PidTagReplyRecipientNames at its place; an entry list that
// cannot be read leaves the names alone, with a warning.
std::vector<msg::Address> reply_recipients(const msg::Message& m,
                                           std::vector<msg::Warning>* warnings) {
    std::vector<std::string> names;
    if (const auto text = m.string(tags::PidTagReplyRecipientNames)) {
        std::string_view rest = *text;
        while (!rest.empty()) {
            const size_t semicolon = std::min(rest.find(';'), rest.size());
            if (const auto name = trim(rest.substr(0, semicolon)); !name.empty()) {
                names.emplace_back(name);
            }
            rest.remove_prefix(std::min(semicolon + 1, rest.size()));
        }
    }
    std::vector<std::optional<msg::Address>> entries;
    if (const cfb::Blob* blob = m.properties.get_as(tags::PidTagReplyRecipientEntries)) {
        try {
            entries = read_flat_entry_list(std::span<const uint8_t>(blob->data(), blob->size()),
                                           "PidTagReplyRecipientEntries", m.codepage);
        } catch (const FormatError& e) {
            if (warnings != nullptr) {
                warnings->push_back(msg::Warning{e.location().structure, e.location().offset,
                                                 e.detail() + "; Reply-To from the names alone"});
            }
            entries.clear();
        }
    }
    std::vector<msg::Address> out;
    for (size_t i = 0; i < std::max(entries.size(), names.size()); ++i) {
        msg::Address a;
        if (i < entries.size() && entries[i]) {
            a = *entries[i];
        }
        if (a.name.empty() && i < names.size() && !equal_ci(names[i], mailbox_address(a))) {
            a.name = names[i];
        }
        if (!mailbox_address(a).empty() || a.name.find('@') != std::string::npos) {
            out.push_back(std::move(a));
        }
    }
    return out;
}

std::optional<FileTime> time_of(const msg::Message& m,
                                msg::TypedTag<msg::PropertyType::PtypTime> tag) {
    const FileTime* t = m.properties.get_as(tag);
    if (t == nullptr || t->is_zero()) {
        return std::nullopt;
    }
    return *t;
}

}  // namespace

std::string mailbox_address(const msg::Address& a) {
    if (!a.smtp.empty()) {
        return a.smtp;
    }
    if (a.address.empty() || a.address.find('@') != std::string::npos) {
        return a.address;
    }
    std::string out = "IMCEA" + a.address_type + "-";
    for (const char ch : a.address) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '/') {
            out += '_';
        } else if (imcea_plain(c)) {
            out += static_cast<char>(c);
        } else {
            static constexpr char HEX[] = "0123456789ABCDEF";
            out += '+';
            out += HEX[c >> 4];
            out += HEX[c & 0xF];
        }
    }
    return out + "@invalid";
}

void Writer::headers(const msg::Message& m, GMimeMessage* out, std::set<std::string>& written) {
    GMimeObject* object = GMIME_OBJECT(out);
    const auto sender = m.sender();
    const auto from = m.sent_representing() ? m.sent_representing() : sender;
    if (from) {
        add_mailbox(g_mime_message_get_from(out), *from);
        hash(from->name + mailbox_address(*from));
        written.insert("from");
    }
    if (sender && from && mailbox_address(*sender) != mailbox_address(*from)) {
        add_mailbox(g_mime_message_get_sender(out), *sender);
        hash(sender->name + mailbox_address(*sender));
        written.insert("sender");
    }
    // Each address list is filled apart and then added to the message at once: GMime writes a
    // message's header again each time its list changes. The headers come in the order of their
    // first address, as they would one address at a time.
    std::vector<std::pair<GMimeAddressType, GPtr<InternetAddressList>>> lists;
    const auto add = [&lists](GMimeAddressType type, const msg::Address& a) {
        const auto found = std::find_if(lists.begin(), lists.end(),
                                        [type](const auto& list) { return list.first == type; });
        if (found != lists.end()) {
            add_mailbox(found->second.get(), a);
            return;
        }
        GPtr<InternetAddressList> list(internet_address_list_new());
        add_mailbox(list.get(), a);
        if (internet_address_list_length(list.get()) > 0) {
            lists.emplace_back(type, std::move(list));
        }
    };
    for (const msg::Recipient& r : m.recipients) {
        const int32_t* type = r.properties.get_as(tags::PidTagRecipientType);
        const int32_t kind =
            type != nullptr ? *type & msg::flags::RECIPIENT_TYPE_MASK : msg::flags::MAPI_TO;
        GMimeAddressType list = GMIME_ADDRESS_TYPE_TO;
        if (kind == msg::flags::MAPI_CC) {
            list = GMIME_ADDRESS_TYPE_CC;
        } else if (kind == msg::flags::MAPI_BCC) {
            list = GMIME_ADDRESS_TYPE_BCC;
        } else if (kind != msg::flags::MAPI_TO) {
            continue;
        }
        const msg::Address a = r.address();
        hash(a.name + mailbox_address(a));
        add(list, a);
        written.insert(list == GMIME_ADDRESS_TYPE_TO   ? "to"
                       : list == GMIME_ADDRESS_TYPE_CC ? "cc"
                                                       : "bcc");
    }
    for (const msg::Address& a : reply_recipients(m, options_.warnings)) {
        hash(a.name + mailbox_address(a));
        add(GMIME_ADDRESS_TYPE_REPLY_TO, a);
        written.insert("reply-to");
    }
    for (const auto& [type, list] : lists) {
        internet_address_list_append(g_mime_message_get_addresses(out, type), list.get());
    }
    if (const auto subject = m.subject()) {
        hash(*subject);
        g_mime_message_set_subject(out, subject->c_str(), "utf-8");
        written.insert("subject");
    }
    auto when = time_of(m, tags::PidTagClientSubmitTime);
    if (!when) {
        when = time_of(m, tags::PidTagMessageDeliveryTime);
    }
    if (when) {
        const int64_t seconds = static_cast<int64_t>(when->ticks / 10'000'000) - 11'644'473'600;
        GDateTime* date = g_date_time_new_from_unix_utc(seconds);
        if (date != nullptr) {
            g_mime_message_set_date(out, date);
            g_date_time_unref(date);
            hash(std::to_string(seconds));
            written.insert("date");
        }
    }
    const std::array<std::pair<msg::TypedTag<msg::PropertyType::PtypString>, const char*>, 3> ids{
        {{tags::PidTagInternetMessageId, "Message-ID"},
         {tags::PidTagInReplyToId, "In-Reply-To"},
         {tags::PidTagInternetReferences, "References"}}};
    for (const auto& [tag, name] : ids) {
        if (const auto value = m.string(tag); value && !value->empty()) {
            header(object, name, with_brackets(*value));
            written.insert(ascii_lower(name));
        }
    }
    if (const int32_t* importance = m.properties.get_as(tags::PidTagImportance);
        importance != nullptr && *importance != 1) {
        const bool high = *importance > 1;
        header(object, "Importance", high ? "High" : "Low");
        header(object, "X-Priority", high ? "1" : "5");
        written.insert({"importance", "x-priority"});
    }
    if (const int32_t* priority = m.properties.get_as(tags::PidTagPriority);
        priority != nullptr && *priority != 0) {
        header(object, "Priority", *priority > 0 ? "urgent" : "non-urgent");
        written.insert("priority");
    }
    if (const int32_t* sensitivity = m.properties.get_as(tags::PidTagSensitivity);
        sensitivity != nullptr && *sensitivity >= 1 && *sensitivity <= 3) {
        static constexpr std::array<const char*, 3> NAMES{"Personal", "Private",
                                                          "Company-Confidential"};
        header(object, "Sensitivity", NAMES[static_cast<size_t>(*sensitivity - 1)]);
        written.insert("sensitivity");
    }
}

namespace {

/// Whether `name` is an address header whose `value` holds no address (`From: <ann smith>`, a
/// name alone): GMime would write it empty and without its line end, so that it ran into the
/// next header.
bool without_address(const std::string& name, const char* value) {
    static constexpr std::array<std::string_view, 6> ADDRESS_HEADERS{"from", "sender", "reply-to",
                                                                     "to",   "cc",     "bcc"};
    if (std::find(ADDRESS_HEADERS.begin(), ADDRESS_HEADERS.end(), name) == ADDRESS_HEADERS.end()) {
        return false;
    }
    const GPtr<InternetAddressList> parsed(
        internet_address_list_parse(nullptr, value != nullptr ? value : ""));
    return parsed == nullptr || internet_address_list_length(parsed.get()) == 0;
}

}  // namespace

void Writer::transport_headers(const msg::Message& m, GMimeMessage* out,
                               const std::set<std::string>& written) {
    const auto text = m.string(tags::PidTagTransportMessageHeaders);
    if (!text || text->empty()) {
        return;
    }
    const std::string block = crlf(*text) + "\r\n\r\n";
    const GPtr<GMimeStream> stream = memory_stream(block);
    const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    const GPtr<GMimeObject> parsed(g_mime_parser_construct_part(parser.get(), nullptr));
    if (parsed == nullptr) {
        return;
    }
    // Prepended from the last to the first: before the headers written from the properties, in
    // their original order.
    GMimeHeaderList* list = g_mime_object_get_header_list(parsed.get());
    for (int i = g_mime_header_list_get_count(list) - 1; i >= 0; --i) {
        GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
        const std::string name = ascii_lower(g_mime_header_get_name(h));
        if (name.empty() || written.contains(name)
            || std::find(STRUCTURE_HEADERS.begin(), STRUCTURE_HEADERS.end(), name)
                   != STRUCTURE_HEADERS.end()) {
            continue;
        }
        const char* value = g_mime_header_get_value(h);
        if (without_address(name, value)) {
            continue;
        }
        hash(name);
        hash(value != nullptr ? value : "");
        g_mime_object_prepend_header(GMIME_OBJECT(out), g_mime_header_get_name(h),
                                     value != nullptr ? value : "", "utf-8");
    }
}

}  // namespace msgforge::mime::detail
