#include "name_codec.hpp"

#include <msgforge/base/text.hpp>

namespace msgforge::cli {

namespace {

constexpr char HEX_DIGITS[] = "0123456789ABCDEF";

// The file name of the empty entry name.
constexpr std::string_view EMPTY_NAME = "%00";

bool needs_escape(unsigned char c) {
    return c < 0x20 || c == 0x7F || c == '/' || c == '%';
}

void append_escaped(std::string& out, unsigned char c) {
    out += '%';
    out += HEX_DIGITS[c >> 4];
    out += HEX_DIGITS[c & 0xF];
}

}  // namespace

std::string encode_name(std::string_view name) {
    std::string out;
    if (name.empty()) {
        return std::string(EMPTY_NAME);
    }
    // ".cfb.json" is the name of cfb unpack's metadata file: an entry of that name is %2Ecfb.json.
    if (name == "." || name == "..") {
        for (const char c : name) {
            append_escaped(out, static_cast<unsigned char>(c));
        }
        return out;
    }
    if (name == ".cfb.json") {
        return "%2Ecfb.json";
    }
    out.reserve(name.size());
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (needs_escape(byte)) {
            append_escaped(out, byte);
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> decode_name(std::string_view file_name) {
    std::string out;
    if (file_name == EMPTY_NAME) {
        return out;
    }
    out.reserve(file_name.size());
    for (size_t i = 0; i < file_name.size(); ++i) {
        if (file_name[i] != '%') {
            out += file_name[i];
            continue;
        }
        if (file_name.size() - i < 3) {
            return std::nullopt;
        }
        const int high = hex_digit_value(file_name[i + 1]);
        const int low = hex_digit_value(file_name[i + 2]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(high << 4 | low);
        i += 2;
    }
    return out;
}

}  // namespace msgforge::cli
