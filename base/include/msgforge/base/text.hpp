// ASCII case folding for names compared without regard to case (message classes, MIME types,
// file extensions, region ids, tag names, Content-IDs), trimming of ASCII white space, hex
// digits, and the escaping of markup special characters in HTML and XML text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace msgforge {

/// The value of a hexadecimal digit of either case; -1 for any other character.
constexpr int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// `bytes` as lower-case hexadecimal digits, two per byte.
inline std::string hex_lower(std::span<const uint8_t> bytes) {
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const uint8_t b : bytes) {
        out += DIGITS[b >> 4];
        out += DIGITS[b & 0xF];
    }
    return out;
}

inline char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

inline bool equal_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

inline bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && equal_ci(s.substr(0, prefix.size()), prefix);
}

inline bool ends_with_ci(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && equal_ci(s.substr(s.size() - suffix.size()), suffix);
}

/// `s` without the spaces and tabs it starts and ends with.
inline std::string_view trim(std::string_view s) {
    const size_t first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// Appends `c` escaped if it is one of & < > " (as &amp; &lt; &gt; &quot;), which text in
/// HTML or XML content and double-quoted attributes must not hold; false for any other `c`,
/// which the caller appends its own way.
inline bool append_markup_escape(std::string& out, char c) {
    switch (c) {
        case '&':
            out += "&amp;";
            return true;
        case '<':
            out += "&lt;";
            return true;
        case '>':
            out += "&gt;";
            return true;
        case '"':
            out += "&quot;";
            return true;
        default:
            return false;
    }
}

}  // namespace msgforge
