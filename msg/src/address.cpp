// Who sent a message and to whom: names, native addresses and the SMTP addresses Outlook and
// Exchange store beside them (docs/addresses.md).
#include "smtp.hpp"

#include <msgforge/base/headers.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::msg {

bool is_smtp_type(std::string_view type) {
    return equal_ci(type, "SMTP");
}

bool looks_like_smtp(std::string_view s) {
    const size_t at = s.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < s.size()
           && s.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
}

namespace {

std::string text_or_empty(const std::optional<std::string>& s) {
    return s ? *s : std::string();
}

// The mailbox address of a From or Sender header value: the last <...>, else the word with an
// '@' once comments in parentheses are removed; nullopt when it holds none.
std::optional<std::string> mailbox_of(std::string_view value) {
    const size_t close = value.rfind('>');
    if (close != std::string_view::npos) {
        const size_t open = value.rfind('<', close);
        if (open != std::string_view::npos) {
            std::string address(trim(value.substr(open + 1, close - open - 1)));
            if (looks_like_smtp(address)) {
                return address;
            }
        }
        return std::nullopt;
    }
    std::string plain;
    int depth = 0;
    for (const char c : value) {
        if (c == '(') {
            ++depth;
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (depth == 0) {
            plain += c;
        }
    }
    std::string address(trim(plain));
    if (looks_like_smtp(address)) {
        return address;
    }
    return std::nullopt;
}

// The address in the first of `fields` found in the message's transport headers.
std::optional<std::string> header_address(const Message& m,
                                          std::initializer_list<std::string_view> fields) {
    const auto headers = m.string(tags::PidTagTransportMessageHeaders);
    if (!headers) {
        return std::nullopt;
    }
    for (const std::string_view field : fields) {
        const auto value = header_field(*headers, field);
        if (auto address = value ? mailbox_of(*value) : std::nullopt) {
            return address;
        }
    }
    return std::nullopt;
}

// The SMTP entry of a list of proxy addresses ("SMTP:a@x", "smtp:b@x", "X500:/o=...").
// "SMTP:" marks the primary address.
std::string smtp_proxy(const std::vector<std::string>& proxies) {
    std::string secondary;
    for (const std::string& p : proxies) {
        if (!starts_with_ci(p, "SMTP:")) {
            continue;
        }
        const std::string address = p.substr(5);
        if (!looks_like_smtp(address)) {
            continue;
        }
        if (p.starts_with("SMTP:")) {
            return address;
        }
        if (secondary.empty()) {
            secondary = address;
        }
    }
    return secondary;
}

// PidTagAddressBookProxyAddresses of a recipient, in either string type. Its id lies in the
// named range of a .msg file; only a list of strings is read as proxies.
std::vector<std::string> proxies_of(const ObjectBase& o) {
    std::vector<std::string> out;
    const uint16_t id = tags::PidTagAddressBookProxyAddresses.id;
    if (const auto* list = o.properties.get_as(tags::PidTagAddressBookProxyAddresses)) {
        for (const std::u16string& s : *list) {
            out.push_back(utf16_to_utf8(s));
        }
    } else if (const auto* list8 = o.properties.get_as<std::vector<String8>>(
                   PropertyTag{id, PropertyType::PtypMultipleString8})) {
        for (const String8& s : *list8) {
            out.push_back(o.decode(id, s));
        }
    }
    return out;
}

struct SenderTags {
    TypedTag<PropertyType::PtypString> name;
    TypedTag<PropertyType::PtypString> address;
    TypedTag<PropertyType::PtypString> type;
    TypedTag<PropertyType::PtypString> smtp;
};

std::optional<Address> resolve_sender(const Message& m, const SenderTags& t,
                                      std::initializer_list<std::string_view> header_fields) {
    const auto name = m.string(t.name);
    const auto address = m.string(t.address);
    const auto type = m.string(t.type);
    const auto smtp = m.string(t.smtp);
    Address a{text_or_empty(name), text_or_empty(address), text_or_empty(type),
              text_or_empty(smtp)};
    if (a.smtp.empty() && is_smtp_type(a.address_type)) {
        a.smtp = a.address;
    }
    if (a.smtp.empty()) {
        a.smtp = header_address(m, header_fields).value_or("");
    }
    if (a.name.empty() && a.address.empty() && a.smtp.empty()) {
        return std::nullopt;
    }
    return a;
}

}  // namespace

Address Recipient::address() const {
    Address a;
    a.name = text_or_empty(string(tags::PidTagDisplayName));
    if (a.name.empty()) {
        a.name = text_or_empty(string(tags::PidTagRecipientDisplayName));
    }
    a.address = text_or_empty(string(tags::PidTagEmailAddress));
    a.address_type = text_or_empty(string(tags::PidTagAddressType));
    a.smtp = text_or_empty(string(tags::PidTagSmtpAddress));
    if (a.smtp.empty() && is_smtp_type(a.address_type)) {
        a.smtp = a.address;
    }
    if (a.smtp.empty()) {
        a.smtp = smtp_proxy(proxies_of(*this));
    }
    return a;
}

std::optional<Address> Message::sender() const {
    return resolve_sender(*this,
                          {tags::PidTagSenderName, tags::PidTagSenderEmailAddress,
                           tags::PidTagSenderAddressType, tags::PidTagSenderSmtpAddress},
                          {"sender", "from"});
}

std::optional<Address> Message::sent_representing() const {
    return resolve_sender(
        *this,
        {tags::PidTagSentRepresentingName, tags::PidTagSentRepresentingEmailAddress,
         tags::PidTagSentRepresentingAddressType, tags::PidTagSentRepresentingSmtpAddress},
        {"from"});
}

Address parse_address(std::string_view text, std::string address_type) {
    const std::string_view s = trim(text);
    Address a;
    a.address_type = std::move(address_type);
    const size_t open = s.rfind('<');
    if (open != std::string_view::npos && s.ends_with('>')) {
        std::string_view name = trim(s.substr(0, open));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
        }
        a.name = std::string(name);
        a.address = std::string(trim(s.substr(open + 1, s.size() - open - 2)));
    } else {
        a.address = std::string(s);
    }
    return a;
}

}  // namespace msgforge::msg
