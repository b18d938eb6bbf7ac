#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace msgforge::msg {

namespace {

using enum PropertyType;

// What Outlook writes in PidTagStoreSupportMask, without STORE_UNICODE_OK.
constexpr int32_t STORE_SUPPORT_OUTLOOK = flags::STORE_ENTRYID_UNIQUE | flags::STORE_MODIFY_OK
                                          | flags::STORE_CREATE_OK | flags::STORE_ATTACH_OK
                                          | flags::STORE_OLE_OK | flags::STORE_MV_PROPS_OK
                                          | flags::STORE_CATEGORIZE_OK | flags::STORE_RTF_OK;

// Whether the object has the property, in whatever type (PtypString8 for PtypString, say).
bool has(const ObjectBase& o, PropertyTag tag) {
    return o.properties.find_id(tag) != nullptr;
}

std::vector<uint8_t> search_key(std::string_view type, std::string_view address) {
    std::string key = std::string(type) + ":" + std::string(address);
    for (char& c : key) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 0x20);
        }
    }
    std::vector<uint8_t> out(key.begin(), key.end());
    out.push_back(0);
    return out;
}

// A prefix such as "RE: " or "Fwd: ": one to three characters other than spaces and digits,
// then a colon and a space (MS-OXCMSG 2.2.1.9).
size_t prefix_length(std::u16string_view subject) {
    for (size_t n = 1; n <= 3 && n + 1 < subject.size(); ++n) {
        if (subject[n] == u':' && subject[n + 1] == u' ') {
            for (size_t i = 0; i < n; ++i) {
                const char16_t c = subject[i];
                if (c == u' ' || (c >= u'0' && c <= u'9')) {
                    return 0;
                }
            }
            return n + 2;
        }
    }
    return 0;
}

void copy_if_missing(Message& m, PropertyTag from, PropertyTag to) {
    if (has(m, to)) {
        return;
    }
    if (const Property* p = m.properties.find_id(from)) {
        m.properties.set(PropertyTag{to.id, p->tag.type}, p->value, p->flags);
    }
}

std::string display_list(const Message& m, RecipientType type) {
    std::string out;
    for (const auto& r : m.recipients) {
        const int32_t* t = r.properties.get_as(tags::PidTagRecipientType);
        if (t == nullptr || (*t & flags::RECIPIENT_TYPE_MASK) != static_cast<int32_t>(type)) {
            continue;
        }
        if (!out.empty()) {
            out += "; ";
        }
        out += r.string(tags::PidTagDisplayName)
                   .value_or(r.string(tags::PidTagEmailAddress).value_or(""));
    }
    return out;
}

// RTF text escaping for MS-OXRTFEX encapsulation: ASCII as it is, the three RTF specials
// escaped, other characters as \uN with '?' for readers without Unicode. `raw_controls`
// writes CR, LF and TAB as \'hh (HTML keeps them byte for byte); otherwise a line break is
// \par and a tab \tab (plain text).
std::string rtf_escape(std::string_view utf8, bool raw_controls) {
    const auto units = utf8_to_utf16(utf8);
    if (!units) {
        throw UsageError("body is not valid UTF-8");
    }
    std::string out;
    out.reserve(utf8.size() + utf8.size() / 8);
    for (size_t i = 0; i < units->size(); ++i) {
        const char16_t c = (*units)[i];
        if (c == u'\\' || c == u'{' || c == u'}') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == u'\r' || c == u'\n' || c == u'\t') {
            if (raw_controls) {
                out += c == u'\r' ? "\\'0d" : c == u'\n' ? "\\'0a" : "\\'09";
            } else if (c == u'\t') {
                out += "\\tab ";
            } else if (c == u'\n') {
                out += "\\par\r\n";
            }
        } else if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
        } else if (c >= 0x80) {
            out += "\\u" + std::to_string(static_cast<int16_t>(c)) + "?";
        }
    }
    return out;
}

// The first `n` UTF-16 units of `s`, one fewer if the cut would split a surrogate pair.
std::u16string_view prefix_units(std::u16string_view s, size_t n) {
    if (s.size() <= n) {
        return s;
    }
    const bool splits = s[n - 1] >= 0xD800 && s[n - 1] <= 0xDBFF;
    return s.substr(0, splits ? n - 1 : n);
}

// Appends a recipient or attachment numbered one past the highest number in use.
template <typename T>
T& new_object(std::vector<T>& objects, uint32_t codepage) {
    uint32_t number = 0;
    for (const auto& other : objects) {
        number = std::max(number, other.number + 1);
    }
    T& object = objects.emplace_back();
    object.number = number;
    object.codepage = codepage;
    object.body_codepage = codepage;
    return object;
}

// True when the message keeps its text as PtypString8 and none as PtypString: the properties
// the defaults add then follow suit, in the message's code page.
bool is_ansi(const Message& m) {
    bool string8 = false;
    for (const Property& p : m.properties) {
        if (element_type(p.tag.type) == PtypString) {
            return false;
        }
        string8 = string8 || element_type(p.tag.type) == PtypString8;
    }
    return string8;
}

// Sets a text property as PtypString, or as PtypString8 in the message's code page for an
// ANSI message (PtypString when the text does not fit that code page).
void set_text(Message& m, bool ansi, TypedTag<PtypString> tag, std::string_view utf8) {
    if (ansi) {
        if (auto bytes = encode_codepage(utf8, m.codepage)) {
            set(m, string8_tag(tag), String8{std::move(*bytes)});
            return;
        }
    }
    set(m, tag, utf8);
}

// Times: the caller's, SOURCE_DATE_EPOCH, or the message's own delivery or submit time.
void default_times(Message& m, const DefaultsOptions& options, std::optional<FileTime> env_now) {
    std::optional<FileTime> now = options.now ? options.now : env_now;
    if (!now) {
        if (const FileTime* t = m.properties.get_as(tags::PidTagMessageDeliveryTime)) {
            now = *t;
        } else if (const FileTime* s = m.properties.get_as(tags::PidTagClientSubmitTime)) {
            now = *s;
        }
    }
    if (now) {
        if (!has(m, tags::PidTagCreationTime)) {
            set(m, tags::PidTagCreationTime, *now);
        }
        if (!has(m, tags::PidTagLastModificationTime)) {
            set(m, tags::PidTagLastModificationTime, *now);
        }
    }
}

// Flags: received (a delivery time), sent (a submit time) or a draft; the attachment bit
// always follows the attachments.
void default_flags(Message& m) {
    int32_t message_flags = 0;
    if (const int32_t* f = m.properties.get_as(tags::PidTagMessageFlags)) {
        message_flags = *f;
    } else if (has(m, tags::PidTagMessageDeliveryTime)) {
        const bool* read = m.properties.get_as(tags::PidTagRead);
        message_flags = (read == nullptr || *read) ? flags::MSGFLAG_READ : 0;
    } else if (has(m, tags::PidTagClientSubmitTime)) {
        message_flags = flags::MSGFLAG_READ;
    } else {
        message_flags = flags::MSGFLAG_UNSENT;
    }
    message_flags = m.attachments.empty() ? (message_flags & ~flags::MSGFLAG_HASATTACH)
                                          : (message_flags | flags::MSGFLAG_HASATTACH);
    set(m, tags::PidTagMessageFlags, message_flags);
}

// Display lists from the recipients; subject prefix, normalized subject and conversation topic
// from the subject.
void default_display_texts(Message& m, bool ansi) {
    if (!has(m, tags::PidTagDisplayTo)) {
        set_text(m, ansi, tags::PidTagDisplayTo, display_list(m, RecipientType::to));
    }
    if (!has(m, tags::PidTagDisplayCc)) {
        set_text(m, ansi, tags::PidTagDisplayCc, display_list(m, RecipientType::cc));
    }
    if (!has(m, tags::PidTagDisplayBcc)) {
        set_text(m, ansi, tags::PidTagDisplayBcc, display_list(m, RecipientType::bcc));
    }
    if (const auto subject = m.string(tags::PidTagSubject)) {
        const std::u16string s = utf8_to_utf16(*subject).value_or(std::u16string());
        const size_t n = prefix_length(s);
        const std::string prefix = utf16_to_utf8(std::u16string_view(s).substr(0, n));
        const std::string rest = utf16_to_utf8(std::u16string_view(s).substr(n));
        if (!has(m, tags::PidTagSubjectPrefix)) {
            set_text(m, ansi, tags::PidTagSubjectPrefix, prefix);
        }
        if (!has(m, tags::PidTagNormalizedSubject)) {
            set_text(m, ansi, tags::PidTagNormalizedSubject, rest);
        }
        if (!has(m, tags::PidTagConversationTopic)) {
            set_text(m, ansi, tags::PidTagConversationTopic, rest);
        }
    }
}

// The SMTP address of an SMTP-type address, where the object has an address of that type and
// no SMTP address: Outlook stores both, and readers such as extract_msg show only the latter.
void default_smtp_address(ObjectBase& o, bool ansi, TypedTag<PtypString> type,
                          TypedTag<PtypString> address, TypedTag<PtypString> smtp) {
    if (has(o, smtp) || !equal_ci(o.string(type).value_or(""), "SMTP")) {
        return;
    }
    if (const auto value = o.string(address); value && !value->empty()) {
        if (ansi && o.properties.find(string8_tag(address)) != nullptr) {
            o.properties.set(string8_tag(smtp), *o.properties.get_as(string8_tag(address)));
        } else {
            set(o, smtp, *value);
        }
    }
}

// Sender and sent-representing go in pairs: Outlook's From column reads the latter.
void default_sender(Message& m, bool ansi) {
    const std::pair<PropertyTag, PropertyTag> pairs[] = {
        {tags::PidTagSenderName, tags::PidTagSentRepresentingName},
        {tags::PidTagSenderEmailAddress, tags::PidTagSentRepresentingEmailAddress},
        {tags::PidTagSenderAddressType, tags::PidTagSentRepresentingAddressType},
        {tags::PidTagSenderSearchKey, tags::PidTagSentRepresentingSearchKey},
        {tags::PidTagSenderSmtpAddress, tags::PidTagSentRepresentingSmtpAddress},
    };
    for (const auto& [sender, representing] : pairs) {
        copy_if_missing(m, sender, representing);
    }
    for (const auto& [sender, representing] : pairs) {
        copy_if_missing(m, representing, sender);
    }
    default_smtp_address(m, ansi, tags::PidTagSenderAddressType, tags::PidTagSenderEmailAddress,
                         tags::PidTagSenderSmtpAddress);
    default_smtp_address(m, ansi, tags::PidTagSentRepresentingAddressType,
                         tags::PidTagSentRepresentingEmailAddress,
                         tags::PidTagSentRepresentingSmtpAddress);
}

// The code page of an HTML body, and the RTF body when asked for.
void default_bodies(Message& m, const DefaultsOptions& options) {
    if (m.properties.find(tags::PidTagHtml) != nullptr && !has(m, tags::PidTagInternetCodepage)) {
        set(m, tags::PidTagInternetCodepage, static_cast<int32_t>(CP_UTF8));
        m.body_codepage = CP_UTF8;
    }
    if (!options.rtf_body || has(m, tags::PidTagRtfCompressed)) {
        return;
    }
    std::string rtf;
    if (const cfb::Blob* html = m.properties.get_as(tags::PidTagHtml)) {
        // The bytes are in the code page PidTagInternetCodepage names, as readers take them.
        const int32_t* page = m.properties.get_as(tags::PidTagInternetCodepage);
        std::string bytes(html->begin(), html->end());
        const auto utf8 =
            decode_codepage(bytes, page != nullptr ? static_cast<uint32_t>(*page) : CP_UTF8);
        rtf = rtf_from_html(utf8 ? *utf8 : bytes);
    } else if (const auto html_string = m.string(tags::PidTagBodyHtml)) {
        rtf = rtf_from_html(*html_string);
    } else if (const auto text = m.string(tags::PidTagBody)) {
        rtf = rtf_from_text(*text);
    }
    if (!rtf.empty()) {
        const std::vector<uint8_t> bytes(rtf.begin(), rtf.end());
        set(m, tags::PidTagRtfCompressed, cfb::Blob::owned(rtf::compress(bytes)));
        set(m, tags::PidTagRtfInSync, true);
    }
}

void default_recipients(Message& m, bool ansi) {
    for (size_t i = 0; i < m.recipients.size(); ++i) {
        Recipient& r = m.recipients[i];
        if (!has(r, tags::PidTagRowid)) {
            set(r, tags::PidTagRowid, static_cast<int32_t>(i));
        }
        if (!has(r, tags::PidTagRecipientType)) {
            set(r, tags::PidTagRecipientType, flags::MAPI_TO);
        }
        if (!has(r, tags::PidTagObjectType)) {
            set(r, tags::PidTagObjectType, flags::MAPI_MAILUSER);
        }
        if (!has(r, tags::PidTagDisplayType)) {
            set(r, tags::PidTagDisplayType, flags::DT_MAILUSER);
        }
        default_smtp_address(r, ansi, tags::PidTagAddressType, tags::PidTagEmailAddress,
                             tags::PidTagSmtpAddress);
    }
}

void defaults_for(Message& m, const DefaultsOptions& options, std::optional<FileTime> env_now,
                  bool top_level) {
    const bool ansi = is_ansi(m);
    if (!has(m, tags::PidTagMessageClass)) {
        set_text(m, ansi, tags::PidTagMessageClass, "IPM.Note");
    }
    if (top_level && !has(m, tags::PidTagStoreSupportMask)) {
        set(m, tags::PidTagStoreSupportMask,
            STORE_SUPPORT_OUTLOOK | (ansi ? 0 : flags::STORE_UNICODE_OK));
    }
    default_times(m, options, env_now);
    default_flags(m);
    default_display_texts(m, ansi);
    default_sender(m, ansi);
    default_bodies(m, options);
    default_recipients(m, ansi);
    for (Attachment& a : m.attachments) {
        if (!has(a, tags::PidTagAttachMethod)) {
            set(a, tags::PidTagAttachMethod,
                a.embedded ? flags::afEmbeddedMessage : flags::afByValue);
        }
        if (!has(a, tags::PidTagRenderingPosition)) {
            set(a, tags::PidTagRenderingPosition, flags::RENDERING_POSITION_HIDDEN);
        }
        if (!has(a, tags::PidTagAttachSize)) {
            const auto data = a.data();
            set(a, tags::PidTagAttachSize,
                data ? static_cast<int32_t>(std::min<size_t>(data->size(), INT32_MAX)) : 0);
        }
        if (a.embedded) {
            a.embedded->named = m.named;
            defaults_for(*a.embedded, options, env_now, false);
        }
    }
}

// The stored value of UTF-8 text; throws UsageError naming `what()` when it is not
// UTF-8 (the name is built only then).
template <class What>
std::u16string utf16_value(std::string_view utf8, const What& what) {
    auto units = utf8_to_utf16(utf8);
    if (!units) {
        throw UsageError(what() + ": not valid UTF-8");
    }
    return std::move(*units);
}

// Moves the named properties of objects from the ids of `from` to those of `to`.
struct Renamer {
    const NamedPropertyMap& from;
    NamedPropertyMap& to;
    const std::function<void(const LimitError&)>& on_full;
    std::map<uint16_t, std::optional<uint16_t>> ids;

    std::optional<uint16_t> id_for(uint16_t id) {
        if (const auto known = ids.find(id); known != ids.end()) {
            return known->second;
        }
        std::optional<uint16_t> out;
        if (const NamedKey* key = from.key_for(id)) {
            try {
                out = to.assign(*key);
            } catch (const LimitError& e) {
                if (!on_full) {
                    throw;
                }
                on_full(e);
            }
        }
        ids.emplace(id, out);
        return out;
    }

    void object(ObjectBase& object) {
        const bool named = std::any_of(object.properties.begin(), object.properties.end(),
                                       [](const Property& p) { return p.tag.is_named(); });
        if (!named) {
            return;
        }
        std::vector<Property> props;
        for (const Property& p : object.properties) {
            Property moved = p;
            if (p.tag.is_named()) {
                const auto id = id_for(p.tag.id);
                if (!id) {
                    continue;
                }
                moved.tag.id = *id;
            }
            props.push_back(std::move(moved));
        }
        object.properties.assign(std::move(props));
    }

    void message(Message& m) {
        object(m);
        for (Recipient& r : m.recipients) {
            object(r);
        }
        for (Attachment& a : m.attachments) {
            object(a);
            if (a.embedded) {
                message(*a.embedded);
            }
        }
    }
};

}  // namespace

void set(ObjectBase& object, TypedTag<PtypString> tag, std::string_view utf8) {
    object.properties.set(tag, utf16_value(utf8, [&] { return "property " + tag.to_string(); }));
}

void set(ObjectBase& object, TypedTag<PtypBinary> tag, std::span<const uint8_t> bytes) {
    object.properties.set(tag, cfb::Blob::owned(std::vector<uint8_t>(bytes.begin(), bytes.end())));
}

PropertyTag set_named(Message& message, ObjectBase& object, const NamedKey& key,
                      PropertyValue value) {
    if (!message.named) {
        message.named = std::make_shared<NamedPropertyMap>();
    }
    const PropertyTag tag{message.named->assign(key), value.type()};
    object.properties.set(tag, std::move(value));
    return tag;
}

PropertyTag set_named(Message& message, ObjectBase& object, const NamedTag<PtypString>& key,
                      std::string_view utf8) {
    const auto what = [&] {
        return key.name.empty() ? "named property LID " + hex(key.lid)
                                : "named property \"" + utf16_to_utf8(key.name) + '"';
    };
    return set_named(message, object, key.key(), utf16_value(utf8, what));
}

Recipient& add_recipient(Message& message, RecipientType type, const Address& who) {
    Recipient& r = new_object(message.recipients, message.codepage);
    set(r, tags::PidTagRecipientType, static_cast<int32_t>(type));
    set(r, tags::PidTagDisplayName, who.name.empty() ? who.address : who.name);
    set(r, tags::PidTagEmailAddress, who.address);
    set(r, tags::PidTagAddressType, who.address_type);
    if (!who.smtp.empty()) {
        set(r, tags::PidTagSmtpAddress, who.smtp);
    } else if (who.address_type == "SMTP") {
        set(r, tags::PidTagSmtpAddress, who.address);
    }
    set(r, tags::PidTagSearchKey, cfb::Blob::owned(search_key(who.address_type, who.address)));
    set(r, tags::PidTagObjectType, flags::MAPI_MAILUSER);
    set(r, tags::PidTagDisplayType, flags::DT_MAILUSER);
    set(r, tags::PidTagRowid, static_cast<int32_t>(message.recipients.size() - 1));
    return r;
}

void set_sender(Message& message, const Address& who) {
    const std::string name = who.name.empty() ? who.address : who.name;
    const auto key = cfb::Blob::owned(search_key(who.address_type, who.address));
    set(message, tags::PidTagSenderName, name);
    set(message, tags::PidTagSenderEmailAddress, who.address);
    set(message, tags::PidTagSenderAddressType, who.address_type);
    set(message, tags::PidTagSenderSearchKey, key);
    set(message, tags::PidTagSentRepresentingName, name);
    set(message, tags::PidTagSentRepresentingEmailAddress, who.address);
    set(message, tags::PidTagSentRepresentingAddressType, who.address_type);
    set(message, tags::PidTagSentRepresentingSearchKey, key);
    const std::string& smtp =
        !who.smtp.empty() || who.address_type != "SMTP" ? who.smtp : who.address;
    if (!smtp.empty()) {
        set(message, tags::PidTagSenderSmtpAddress, smtp);
        set(message, tags::PidTagSentRepresentingSmtpAddress, smtp);
    }
}

Attachment& add_attachment(Message& message, std::string_view file_name, cfb::Blob data,
                           std::string_view mime_type) {
    Attachment& a = new_object(message.attachments, message.codepage);
    set(a, tags::PidTagAttachMethod, flags::afByValue);
    set(a, tags::PidTagAttachLongFilename, file_name);
    set(a, tags::PidTagDisplayName, file_name);
    const auto units = utf8_to_utf16(file_name);
    if (!units) {
        throw UsageError("attachment file name is not valid UTF-8");
    }
    const size_t dot = units->rfind(u'.');
    const std::u16string_view name16(*units);
    const std::u16string_view extension =
        dot == std::u16string_view::npos ? std::u16string_view{} : name16.substr(dot);
    if (!extension.empty()) {
        set(a, tags::PidTagAttachExtension, std::u16string(extension));
    }
    // The 8.3 name: the first 8 characters of the stem and 4 of the extension (dot included),
    // never splitting a surrogate pair.
    const std::u16string_view stem = name16.substr(0, std::min(dot, name16.size()));
    set(a, tags::PidTagAttachFilename,
        std::u16string(prefix_units(stem, 8)) + std::u16string(prefix_units(extension, 4)));
    if (!mime_type.empty()) {
        set(a, tags::PidTagAttachMimeTag, mime_type);
    }
    set(a, tags::PidTagAttachSize, static_cast<int32_t>(std::min<size_t>(data.size(), INT32_MAX)));
    set(a, tags::PidTagRenderingPosition, flags::RENDERING_POSITION_HIDDEN);
    set(a, tags::PidTagAttachDataBinary, std::move(data));
    return a;
}

void adopt_named(Message& message, const std::shared_ptr<NamedPropertyMap>& target,
                 const std::function<void(const LimitError&)>& on_full) {
    if (message.named && message.named != target) {
        Renamer{*message.named, *target, on_full, {}}.message(message);
    }
    const auto point = [&](auto& self, Message& m) -> void {
        m.named = target;
        for (Attachment& a : m.attachments) {
            if (a.embedded) {
                self(self, *a.embedded);
            }
        }
    };
    point(point, message);
}

Attachment& add_embedded(Message& message, Message embedded, std::string_view display_name) {
    adopt_named(embedded, message.named);
    embedded.is_embedded = true;
    Attachment& a = new_object(message.attachments, message.codepage);
    set(a, tags::PidTagAttachMethod, flags::afEmbeddedMessage);
    set(a, tags::PidTagDisplayName, display_name);
    set(a, tags::PidTagRenderingPosition, flags::RENDERING_POSITION_HIDDEN);
    set(a, tags::PidTagAttachDataObject, ObjectRef{});
    a.embedded = std::make_unique<Message>(std::move(embedded));
    return a;
}

std::string rtf_from_html(std::string_view html_utf8) {
    return "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\\uc1"
           "{\\*\\htmltag64 "
           + rtf_escape(html_utf8, true) + "}}";
}

std::string rtf_from_text(std::string_view text_utf8) {
    return "{\\rtf1\\ansi\\ansicpg1252\\fromtext \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\\uc1"
           "\\pard\\plain\\f0 "
           + rtf_escape(text_utf8, false) + "}";
}

void apply_outlook_defaults(Message& message, const DefaultsOptions& options) {
    std::optional<FileTime> env_now;
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != 0) {
        char* end = nullptr;
        const long long seconds = std::strtoll(epoch, &end, 10);
        if (end != nullptr && *end == 0 && seconds >= 0) {
            env_now = FileTime::from_unix_seconds(seconds);
        }
    }
    defaults_for(message, options, env_now, true);
}

}  // namespace msgforge::msg
