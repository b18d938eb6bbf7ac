// Text parts of an MMS: a slide's text in its charset, and any text part read back.
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms/text_part.hpp>

#include <cstdio>

namespace msgforge::oms {

namespace {

// The label of UTF-16 whose byte order a byte-order mark gives (RFC 2781).
constexpr std::string_view UTF16 = "utf-16";
constexpr uint32_t CP_UTF16LE = 1200;
constexpr uint32_t CP_UTF16BE = 1201;

// The charset parameter of a MIME type ("text/plain; charset=\"UTF-8\""), if it has one.
std::optional<std::string> charset_parameter(std::string_view mime) {
    size_t at = mime.find(';');
    while (at != std::string_view::npos) {
        mime.remove_prefix(at + 1);
        at = mime.find(';');
        const std::string_view parameter = mime.substr(0, at);
        const size_t eq = parameter.find('=');
        if (eq == std::string_view::npos || !equal_ci(trim(parameter.substr(0, eq)), "charset")) {
            continue;
        }
        std::string_view value = trim(parameter.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        if (!value.empty()) {
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::string hex(size_t n) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%zX", n);
    return buf;
}

// How the bytes of a part in `charset` are laid out: the length of the byte-order mark they
// start with (not part of the text) and the code page of the rest. "utf-16" without a mark is
// little-endian, as Windows (code page 1200) means the label.
std::pair<size_t, uint32_t> layout(std::string_view bytes, const msg::Charset& charset) {
    const bool le = bytes.starts_with("\xFF\xFE");
    const bool be = bytes.starts_with("\xFE\xFF");
    if (charset.name == UTF16) {
        return {le || be ? 2 : 0, be ? CP_UTF16BE : CP_UTF16LE};
    }
    if ((charset.codepage == CP_UTF16LE && le) || (charset.codepage == CP_UTF16BE && be)) {
        return {2, charset.codepage};
    }
    if (charset.codepage == msg::CP_UTF8 && bytes.starts_with("\xEF\xBB\xBF")) {
        return {3, charset.codepage};
    }
    return {0, charset.codepage};
}

// The part read in the charset `by` declares; nullopt when iconv has no converter for it.
std::optional<TextPart> read_declared(std::string_view bytes, const msg::Charset& charset,
                                      std::string_view by, const std::string& part) {
    const auto [mark, codepage] = layout(bytes, charset);
    auto decoded = msg::decode_codepage_checked(bytes.substr(mark), codepage);
    if (!decoded) {
        return std::nullopt;
    }
    TextPart out;
    out.text = std::move(decoded->text);
    out.declared = charset;
    if (decoded->error_offset) {
        out.undecodable = true;
        out.warning = part + ": the text is not valid " + std::string(charset.name)
                      + ", the charset " + std::string(by) + " declares: the bytes from offset "
                      + hex(mark + *decoded->error_offset)
                      + " on do not all decode (read as U+FFFD)";
    }
    return out;
}

// True when no 16-bit unit of little-endian `bytes` is one text does not hold: a control
// character other than tab, line feed, form feed and carriage return, a private-use character
// or a noncharacter. Text of one of the legacy code pages read as UTF-16LE mostly gives some.
bool looks_like_utf16le_text(std::string_view bytes) {
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
        const auto unit = static_cast<uint16_t>(static_cast<unsigned char>(bytes[i])
                                                | static_cast<unsigned char>(bytes[i + 1]) << 8);
        const bool control =
            (unit < 0x20 && unit != 0x09 && unit != 0x0A && unit != 0x0C && unit != 0x0D)
            || (unit >= 0x7F && unit <= 0x9F);
        const bool private_use = unit >= 0xE000 && unit <= 0xF8FF;
        const bool noncharacter = (unit >= 0xFDD0 && unit <= 0xFDEF) || unit >= 0xFFFE;
        if (control || private_use || noncharacter) {
            return false;
        }
    }
    return true;
}

// The part read without a charset it declares and msgforge knows; `why` says why, empty when
// it declares none.
TextPart read_undeclared(std::string_view bytes, uint32_t message_codepage, const std::string& part,
                         const std::string& why) {
    bool nul = false;
    bool ascii = true;
    for (const char c : bytes) {
        nul = nul || c == 0;
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    }
    TextPart out;
    std::string read_as;
    std::optional<msg::Decoded> decoded;
    if (auto utf8 = nul ? std::nullopt : msg::decode_codepage(bytes, msg::CP_UTF8)) {
        out.text = std::move(*utf8);
        read_as = "UTF-8";
    } else if (bytes.size() % 2 == 0 && (nul || looks_like_utf16le_text(bytes))
               && (decoded = msg::decode_codepage_checked(bytes, CP_UTF16LE))
               && !decoded->error_offset) {
        out.text = std::move(decoded->text);
        read_as = "UTF-16LE";
    } else if (message_codepage != msg::CP_UTF8 && message_codepage != CP_UTF16LE
               && message_codepage != CP_UTF16BE && message_codepage != msg::CP_WINDOWS_1252
               && (decoded = msg::decode_codepage_checked(bytes, message_codepage))
               && !decoded->error_offset) {
        out.text = std::move(decoded->text);
        read_as = "the message code page " + std::to_string(message_codepage);
    } else {
        out.text = msg::decode_codepage(bytes, msg::CP_WINDOWS_1252).value_or(std::string());
        read_as = "Windows-1252";
    }
    if (!why.empty() || nul || !ascii) {
        out.warning = part + ": " + (why.empty() ? "the text part declares no charset" : why)
                      + "; read as " + read_as;
    }
    return out;
}

}  // namespace

std::optional<std::vector<uint8_t>> encode_text_part(std::string_view utf8,
                                                     const msg::Charset& charset) {
    const auto encoded = msg::encode_codepage(utf8, charset.codepage);
    if (!encoded) {
        return std::nullopt;
    }
    std::vector<uint8_t> out;
    out.reserve(encoded->size() + 2);
    if (charset.name == UTF16) {
        out = {0xFF, 0xFE};
    }
    const auto bytes = as_bytes(*encoded);
    out.insert(out.end(), bytes.begin(), bytes.end());
    return out;
}

TextPart read_text_part(const msg::Message& m, size_t index) {
    const msg::Attachment& a = m.attachments[index];
    const auto name = a.file_name();
    const std::string part =
        "attachment #" + std::to_string(index) + (name && !name->empty() ? " (" + *name + ")" : "");
    const auto data = a.data();
    const std::string_view bytes = data ? as_chars(*data) : std::string_view{};

    // Declared by the MIME type, else by PidTagTextAttachmentCharset (MS-OXCMAIL 2.2.3.4.1.2).
    std::string unknown;
    const std::pair<std::optional<std::string>, std::string_view> labels[] = {
        {charset_parameter(a.mime_type().value_or("")),
         "the charset parameter of PidTagAttachMimeTag"},
        {a.string(msg::tags::PidTagTextAttachmentCharset), "PidTagTextAttachmentCharset"},
    };
    for (const auto& [label, by] : labels) {
        if (!label || label->empty()) {
            continue;
        }
        if (const auto charset = msg::charset_by_name(*label)) {
            if (auto text = read_declared(bytes, *charset, by, part)) {
                return std::move(*text);
            }
        }
        if (unknown.empty()) {
            unknown = "the text part declares the charset \"" + *label + "\" (" + std::string(by)
                      + "), which msgforge cannot decode";
        }
    }
    // Declared by a byte-order mark.
    const bool utf8_mark = bytes.starts_with("\xEF\xBB\xBF");
    if (utf8_mark || bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        auto text = read_declared(bytes, msg::charset_by_name(utf8_mark ? "utf-8" : UTF16).value(),
                                  "its byte-order mark", part);
        if (text && !text->warning && !unknown.empty()) {
            text->warning = part + ": " + unknown + "; read by its byte-order mark";
        }
        if (text) {
            return std::move(*text);
        }
    }
    return read_undeclared(bytes, a.codepage, part, unknown);
}

}  // namespace msgforge::oms
