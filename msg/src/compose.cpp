#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/utf.hpp>

#include <cstdlib>
#include <stdexcept>

namespace msgforge::msg {

namespace {

using enum PropertyType;

// Property ids (MS-OXPROPS).
constexpr uint16_t ID_MESSAGE_CLASS = 0x001A;
constexpr uint16_t ID_SUBJECT = 0x0037;
constexpr uint16_t ID_CLIENT_SUBMIT_TIME = 0x0039;
constexpr uint16_t ID_SUBJECT_PREFIX = 0x003D;
constexpr uint16_t ID_SENT_REPRESENTING_SEARCH_KEY = 0x003B;
constexpr uint16_t ID_SENT_REPRESENTING_NAME = 0x0042;
constexpr uint16_t ID_SENT_REPRESENTING_ADDRESS_TYPE = 0x0064;
constexpr uint16_t ID_SENT_REPRESENTING_EMAIL = 0x0065;
constexpr uint16_t ID_CONVERSATION_TOPIC = 0x0070;
constexpr uint16_t ID_RECIPIENT_TYPE = 0x0C15;
constexpr uint16_t ID_SENDER_SEARCH_KEY = 0x0C1D;
constexpr uint16_t ID_SENDER_NAME = 0x0C1A;
constexpr uint16_t ID_SENDER_ADDRESS_TYPE = 0x0C1E;
constexpr uint16_t ID_SENDER_EMAIL = 0x0C1F;
constexpr uint16_t ID_DISPLAY_BCC = 0x0E02;
constexpr uint16_t ID_DISPLAY_CC = 0x0E03;
constexpr uint16_t ID_DISPLAY_TO = 0x0E04;
constexpr uint16_t ID_DELIVERY_TIME = 0x0E06;
constexpr uint16_t ID_MESSAGE_FLAGS = 0x0E07;
constexpr uint16_t ID_NORMALIZED_SUBJECT = 0x0E1D;
constexpr uint16_t ID_ATTACH_SIZE = 0x0E20;
constexpr uint16_t ID_RTF_IN_SYNC = 0x0E1F;
constexpr uint16_t ID_READ = 0x0E69;
constexpr uint16_t ID_OBJECT_TYPE = 0x0FFE;
constexpr uint16_t ID_BODY = 0x1000;
constexpr uint16_t ID_RTF_COMPRESSED = 0x1009;
constexpr uint16_t ID_HTML = 0x1013;
constexpr uint16_t ID_ROWID = 0x3000;
constexpr uint16_t ID_DISPLAY_NAME = 0x3001;
constexpr uint16_t ID_ADDRESS_TYPE = 0x3002;
constexpr uint16_t ID_EMAIL_ADDRESS = 0x3003;
constexpr uint16_t ID_CREATION_TIME = 0x3007;
constexpr uint16_t ID_LAST_MODIFICATION_TIME = 0x3008;
constexpr uint16_t ID_SEARCH_KEY = 0x300B;
constexpr uint16_t ID_STORE_SUPPORT_MASK = 0x340D;
constexpr uint16_t ID_ATTACH_DATA = 0x3701;
constexpr uint16_t ID_ATTACH_EXTENSION = 0x3703;
constexpr uint16_t ID_ATTACH_FILENAME = 0x3704;
constexpr uint16_t ID_ATTACH_METHOD = 0x3705;
constexpr uint16_t ID_ATTACH_LONG_FILENAME = 0x3707;
constexpr uint16_t ID_RENDERING_POSITION = 0x370B;
constexpr uint16_t ID_ATTACH_MIME_TAG = 0x370E;
constexpr uint16_t ID_DISPLAY_TYPE = 0x3900;
constexpr uint16_t ID_SMTP_ADDRESS = 0x39FE;
constexpr uint16_t ID_INTERNET_CODEPAGE = 0x3FDE;

constexpr int32_t MSGFLAG_READ = 0x1;
constexpr int32_t MSGFLAG_UNSENT = 0x8;
constexpr int32_t MSGFLAG_HASATTACH = 0x10;
constexpr int32_t STORE_UNICODE_OK = 0x00040000;
// What Outlook writes in PidTagStoreSupportMask (MS-OXPROPS), without the Unicode bit.
constexpr int32_t STORE_SUPPORT_OUTLOOK = 0x00000E79;
constexpr int32_t MAPI_MAILUSER = 6;
constexpr int32_t DT_MAILUSER = 0;
constexpr int32_t ATTACH_BY_VALUE = 1;
constexpr int32_t ATTACH_EMBEDDED_MSG = 5;

bool has(const ObjectBase& o, uint16_t id) {
    return o.properties.find_id(id) != nullptr;
}

const int32_t* int32_of(const ObjectBase& o, uint16_t id) {
    return o.properties.get_as<int32_t>(PropertyTag{id, PtypInteger32});
}

const FileTime* time_of(const ObjectBase& o, uint16_t id) {
    return o.properties.get_as<FileTime>(PropertyTag{id, PtypTime});
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

void copy_if_missing(Message& m, uint16_t from, uint16_t to) {
    if (has(m, to)) {
        return;
    }
    if (const Property* p = m.properties.find_id(from)) {
        m.properties.set(PropertyTag{to, p->tag.type}, p->value, p->flags);
    }
}

std::string display_list(const Message& m, RecipientType type) {
    std::string out;
    for (const auto& r : m.recipients) {
        const int32_t* t = int32_of(r, ID_RECIPIENT_TYPE);
        if (t == nullptr || (*t & 0x0F) != static_cast<int32_t>(type)) {
            continue;
        }
        if (!out.empty()) {
            out += "; ";
        }
        out += r.string(ID_DISPLAY_NAME).value_or(r.string(ID_EMAIL_ADDRESS).value_or(""));
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
        throw std::invalid_argument("body is not valid UTF-8");
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
void set_text(Message& m, bool ansi, uint16_t id, std::string_view utf8) {
    if (ansi) {
        if (auto bytes = encode_codepage(utf8, m.codepage)) {
            m.properties.set(PropertyTag{id, PtypString8}, String8{std::move(*bytes)});
            return;
        }
    }
    set_string(m, id, utf8);
}

void defaults_for(Message& m, const DefaultsOptions& options, std::optional<FileTime> env_now,
                  bool top_level) {
    const bool ansi = is_ansi(m);
    if (!has(m, ID_MESSAGE_CLASS)) {
        set_text(m, ansi, ID_MESSAGE_CLASS, "IPM.Note");
    }
    if (top_level && !has(m, ID_STORE_SUPPORT_MASK)) {
        set_int32(m, ID_STORE_SUPPORT_MASK, STORE_SUPPORT_OUTLOOK | (ansi ? 0 : STORE_UNICODE_OK));
    }

    // Times: the caller's, SOURCE_DATE_EPOCH, or the message's own submit or delivery time.
    std::optional<FileTime> now = options.now ? options.now : env_now;
    if (!now) {
        if (const FileTime* t = time_of(m, ID_DELIVERY_TIME)) {
            now = *t;
        } else if (const FileTime* s = time_of(m, ID_CLIENT_SUBMIT_TIME)) {
            now = *s;
        }
    }
    if (now) {
        if (!has(m, ID_CREATION_TIME)) {
            set_time(m, ID_CREATION_TIME, *now);
        }
        if (!has(m, ID_LAST_MODIFICATION_TIME)) {
            set_time(m, ID_LAST_MODIFICATION_TIME, *now);
        }
    }

    // Flags: received (a delivery time), sent (a submit time) or a draft; the attachment bit
    // always follows the attachments.
    int32_t flags = 0;
    if (const int32_t* f = int32_of(m, ID_MESSAGE_FLAGS)) {
        flags = *f;
    } else if (has(m, ID_DELIVERY_TIME)) {
        const bool* read = m.properties.get_as<bool>(PropertyTag{ID_READ, PtypBoolean});
        flags = (read == nullptr || *read) ? MSGFLAG_READ : 0;
    } else if (has(m, ID_CLIENT_SUBMIT_TIME)) {
        flags = MSGFLAG_READ;
    } else {
        flags = MSGFLAG_UNSENT;
    }
    flags = m.attachments.empty() ? (flags & ~MSGFLAG_HASATTACH) : (flags | MSGFLAG_HASATTACH);
    set_int32(m, ID_MESSAGE_FLAGS, flags);

    // Display lists, computed from the recipients.
    if (!has(m, ID_DISPLAY_TO)) {
        set_text(m, ansi, ID_DISPLAY_TO, display_list(m, RecipientType::to));
    }
    if (!has(m, ID_DISPLAY_CC)) {
        set_text(m, ansi, ID_DISPLAY_CC, display_list(m, RecipientType::cc));
    }
    if (!has(m, ID_DISPLAY_BCC)) {
        set_text(m, ansi, ID_DISPLAY_BCC, display_list(m, RecipientType::bcc));
    }

    // Subject prefix, normalized subject and conversation topic from the subject.
    if (const auto subject = m.string(ID_SUBJECT)) {
        const std::u16string s = utf8_to_utf16(*subject).value_or(std::u16string());
        const size_t n = prefix_length(s);
        const std::string prefix = utf16_to_utf8(std::u16string_view(s).substr(0, n));
        const std::string rest = utf16_to_utf8(std::u16string_view(s).substr(n));
        if (!has(m, ID_SUBJECT_PREFIX)) {
            set_text(m, ansi, ID_SUBJECT_PREFIX, prefix);
        }
        if (!has(m, ID_NORMALIZED_SUBJECT)) {
            set_text(m, ansi, ID_NORMALIZED_SUBJECT, rest);
        }
        if (!has(m, ID_CONVERSATION_TOPIC)) {
            set_text(m, ansi, ID_CONVERSATION_TOPIC, rest);
        }
    }

    // Sender and sent-representing go in pairs: Outlook's From column reads the latter.
    copy_if_missing(m, ID_SENDER_NAME, ID_SENT_REPRESENTING_NAME);
    copy_if_missing(m, ID_SENDER_EMAIL, ID_SENT_REPRESENTING_EMAIL);
    copy_if_missing(m, ID_SENDER_ADDRESS_TYPE, ID_SENT_REPRESENTING_ADDRESS_TYPE);
    copy_if_missing(m, ID_SENDER_SEARCH_KEY, ID_SENT_REPRESENTING_SEARCH_KEY);
    copy_if_missing(m, ID_SENT_REPRESENTING_NAME, ID_SENDER_NAME);
    copy_if_missing(m, ID_SENT_REPRESENTING_EMAIL, ID_SENDER_EMAIL);
    copy_if_missing(m, ID_SENT_REPRESENTING_ADDRESS_TYPE, ID_SENDER_ADDRESS_TYPE);
    copy_if_missing(m, ID_SENT_REPRESENTING_SEARCH_KEY, ID_SENDER_SEARCH_KEY);

    if (m.properties.find(PropertyTag{ID_HTML, PtypBinary}) != nullptr
        && !has(m, ID_INTERNET_CODEPAGE)) {
        set_int32(m, ID_INTERNET_CODEPAGE, 65001);
        m.body_codepage = CP_UTF8;
    }
    if (options.rtf_body && !has(m, ID_RTF_COMPRESSED)) {
        std::string rtf;
        if (const auto* html = m.properties.get_as<cfb::Blob>(PropertyTag{ID_HTML, PtypBinary})) {
            rtf = rtf_from_html(std::string(html->begin(), html->end()));
        } else if (const auto html_string = m.string(ID_HTML)) {
            rtf = rtf_from_html(*html_string);
        } else if (const auto text = m.string(ID_BODY)) {
            rtf = rtf_from_text(*text);
        }
        if (!rtf.empty()) {
            const std::vector<uint8_t> bytes(rtf.begin(), rtf.end());
            set_binary(m, ID_RTF_COMPRESSED, cfb::Blob::owned(rtf::compress(bytes)));
            set_bool(m, ID_RTF_IN_SYNC, true);
        }
    }

    for (size_t i = 0; i < m.recipients.size(); ++i) {
        Recipient& r = m.recipients[i];
        if (!has(r, ID_ROWID)) {
            set_int32(r, ID_ROWID, static_cast<int32_t>(i));
        }
        if (!has(r, ID_RECIPIENT_TYPE)) {
            set_int32(r, ID_RECIPIENT_TYPE, static_cast<int32_t>(RecipientType::to));
        }
        if (!has(r, ID_OBJECT_TYPE)) {
            set_int32(r, ID_OBJECT_TYPE, MAPI_MAILUSER);
        }
        if (!has(r, ID_DISPLAY_TYPE)) {
            set_int32(r, ID_DISPLAY_TYPE, DT_MAILUSER);
        }
    }
    for (Attachment& a : m.attachments) {
        if (!has(a, ID_ATTACH_METHOD)) {
            set_int32(a, ID_ATTACH_METHOD, a.embedded ? ATTACH_EMBEDDED_MSG : ATTACH_BY_VALUE);
        }
        if (!has(a, ID_RENDERING_POSITION)) {
            set_int32(a, ID_RENDERING_POSITION, -1);
        }
        if (!has(a, ID_ATTACH_SIZE)) {
            const auto data = a.data();
            set_int32(a, ID_ATTACH_SIZE,
                      data ? static_cast<int32_t>(std::min<size_t>(data->size(), INT32_MAX)) : 0);
        }
        if (a.embedded) {
            a.embedded->named = m.named;
            defaults_for(*a.embedded, options, env_now, false);
        }
    }
}

}  // namespace

void set_string(ObjectBase& object, uint16_t id, std::string_view utf8) {
    auto units = utf8_to_utf16(utf8);
    if (!units) {
        throw std::invalid_argument("property " + PropertyTag{id, PtypString}.to_string()
                                    + ": not valid UTF-8");
    }
    object.properties.set(PropertyTag{id, PtypString}, std::move(*units));
}

void set_int32(ObjectBase& object, uint16_t id, int32_t value) {
    object.properties.set(PropertyTag{id, PtypInteger32}, value);
}

void set_bool(ObjectBase& object, uint16_t id, bool value) {
    object.properties.set(PropertyTag{id, PtypBoolean}, value);
}

void set_time(ObjectBase& object, uint16_t id, FileTime value) {
    object.properties.set(PropertyTag{id, PtypTime}, value);
}

void set_binary(ObjectBase& object, uint16_t id, cfb::Blob value) {
    object.properties.set(PropertyTag{id, PtypBinary}, std::move(value));
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

Recipient& add_recipient(Message& message, RecipientType type, const Address& who) {
    Recipient& r = new_object(message.recipients, message.codepage);
    set_int32(r, ID_RECIPIENT_TYPE, static_cast<int32_t>(type));
    set_string(r, ID_DISPLAY_NAME, who.name.empty() ? who.address : who.name);
    set_string(r, ID_EMAIL_ADDRESS, who.address);
    set_string(r, ID_ADDRESS_TYPE, who.address_type);
    if (who.address_type == "SMTP") {
        set_string(r, ID_SMTP_ADDRESS, who.address);
    }
    set_binary(r, ID_SEARCH_KEY, cfb::Blob::owned(search_key(who.address_type, who.address)));
    set_int32(r, ID_OBJECT_TYPE, MAPI_MAILUSER);
    set_int32(r, ID_DISPLAY_TYPE, DT_MAILUSER);
    set_int32(r, ID_ROWID, static_cast<int32_t>(message.recipients.size() - 1));
    return r;
}

void set_sender(Message& message, const Address& who) {
    const std::string name = who.name.empty() ? who.address : who.name;
    const auto key = cfb::Blob::owned(search_key(who.address_type, who.address));
    set_string(message, ID_SENDER_NAME, name);
    set_string(message, ID_SENDER_EMAIL, who.address);
    set_string(message, ID_SENDER_ADDRESS_TYPE, who.address_type);
    set_binary(message, ID_SENDER_SEARCH_KEY, key);
    set_string(message, ID_SENT_REPRESENTING_NAME, name);
    set_string(message, ID_SENT_REPRESENTING_EMAIL, who.address);
    set_string(message, ID_SENT_REPRESENTING_ADDRESS_TYPE, who.address_type);
    set_binary(message, ID_SENT_REPRESENTING_SEARCH_KEY, key);
}

Attachment& add_attachment(Message& message, std::string_view file_name, cfb::Blob data,
                           std::string_view mime_type) {
    Attachment& a = new_object(message.attachments, message.codepage);
    set_int32(a, ID_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_string(a, ID_ATTACH_LONG_FILENAME, file_name);
    set_string(a, ID_DISPLAY_NAME, file_name);
    const auto units = utf8_to_utf16(file_name);
    if (!units) {
        throw std::invalid_argument("attachment file name is not valid UTF-8");
    }
    const size_t dot = units->rfind(u'.');
    const std::u16string_view name16(*units);
    const std::u16string_view extension =
        dot == std::u16string_view::npos ? std::u16string_view{} : name16.substr(dot);
    if (!extension.empty()) {
        a.properties.set(PropertyTag{ID_ATTACH_EXTENSION, PtypString}, std::u16string(extension));
    }
    // The 8.3 name: the first 8 characters of the stem and 4 of the extension (dot included),
    // never splitting a surrogate pair.
    const std::u16string_view stem = name16.substr(0, std::min(dot, name16.size()));
    a.properties.set(
        PropertyTag{ID_ATTACH_FILENAME, PtypString},
        std::u16string(prefix_units(stem, 8)) + std::u16string(prefix_units(extension, 4)));
    if (!mime_type.empty()) {
        set_string(a, ID_ATTACH_MIME_TAG, mime_type);
    }
    set_int32(a, ID_ATTACH_SIZE, static_cast<int32_t>(std::min<size_t>(data.size(), INT32_MAX)));
    set_int32(a, ID_RENDERING_POSITION, -1);
    set_binary(a, ID_ATTACH_DATA, std::move(data));
    return a;
}

Attachment& add_embedded(Message& message, Message embedded, std::string_view display_name) {
    Attachment& a = new_object(message.attachments, message.codepage);
    set_int32(a, ID_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    set_string(a, ID_DISPLAY_NAME, display_name);
    set_int32(a, ID_RENDERING_POSITION, -1);
    a.properties.set(PropertyTag{ID_ATTACH_DATA, PtypObject}, ObjectRef{});
    embedded.is_embedded = true;
    embedded.named = message.named;
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
