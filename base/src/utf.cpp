#include <msgforge/base/utf.hpp>

#include <utility>

namespace msgforge {

namespace {

bool is_high(char16_t c) {
    return c >= 0xD800 && c <= 0xDBFF;
}

bool is_low(char16_t c) {
    return c >= 0xDC00 && c <= 0xDFFF;
}

// The code point at in[i] and the number of units it takes; an unpaired surrogate is U+FFFD.
std::pair<char32_t, size_t> code_point_at(std::u16string_view in, size_t i) {
    const char16_t c = in[i];
    if (is_high(c) && i + 1 < in.size() && is_low(in[i + 1])) {
        return {0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10)
                    + (static_cast<char32_t>(in[i + 1]) - 0xDC00),
                2};
    }
    return {c >= 0xD800 && c <= 0xDFFF ? char32_t{0xFFFD} : char32_t{c}, 1};
}

char* put_utf8(char* out, char32_t cp) {
    if (cp < 0x80) {
        *out++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
        *out++ = static_cast<char>(0xC0 | (cp >> 6));
        *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *out++ = static_cast<char>(0xE0 | (cp >> 12));
        *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        *out++ = static_cast<char>(0xF0 | (cp >> 18));
        *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
    if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        code_point = 0xFFFD;
    }
    char buffer[4];
    out.append(buffer, put_utf8(buffer, code_point));
}

size_t utf8_length(std::u16string_view in) {
    size_t n = 0;
    for (size_t i = 0; i < in.size();) {
        const char16_t c = in[i];
        if (c < 0x80) {
            n += 1;
            ++i;
        } else if (c < 0x800) {
            n += 2;
            ++i;
        } else {
            const auto [cp, units] = code_point_at(in, i);
            n += cp < 0x10000 ? 3 : 4;
            i += units;
        }
    }
    return n;
}

char* write_utf8(std::u16string_view in, char* out) {
    for (size_t i = 0; i < in.size();) {
        const char16_t c = in[i];
        if (c < 0x80) {
            *out++ = static_cast<char>(c);
            ++i;
        } else {
            const auto [cp, units] = code_point_at(in, i);
            out = put_utf8(out, cp);
            i += units;
        }
    }
    return out;
}

std::string utf16_to_utf8(std::u16string_view in) {
    std::string out(utf8_length(in), '\0');
    write_utf8(in, out.data());
    return out;
}

namespace {

/// The well-formed UTF-8 sequence at in[i] (Unicode 15, table 3-7): its code point in `cp` and
/// its length, or 0 when there is none (a stray or overlong byte, a surrogate, a value past
/// U+10FFFF or a sequence cut short).
size_t utf8_sequence(std::string_view in, size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(in[i]);
    size_t len = 0;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        cp = b0 & 0x1Fu;
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        cp = b0 & 0x0Fu;
        len = 3;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        cp = b0 & 0x07u;
        len = 4;
    } else {
        return 0;
    }
    if (len > in.size() - i) {
        return 0;
    }
    for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(in[i + k]);
        if ((b & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
        || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
        return 0;
    }
    return len;
}

}  // namespace

size_t utf8_valid_prefix(std::string_view in) {
    size_t i = 0;
    char32_t cp = 0;
    while (i < in.size()) {
        const size_t len = utf8_sequence(in, i, cp);
        if (len == 0) {
            break;
        }
        i += len;
    }
    return i;
}

std::optional<std::u16string> utf8_to_utf16(std::string_view in) {
    std::u16string out;
    out.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        char32_t cp = 0;
        const size_t len = utf8_sequence(in, i, cp);
        if (len == 0) {
            return std::nullopt;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out += static_cast<char16_t>(0xD800 + (cp >> 10));
            out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
        } else {
            out += static_cast<char16_t>(cp);
        }
        i += len;
    }
    return out;
}

}  // namespace msgforge
