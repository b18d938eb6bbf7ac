#include <msgforge/base/base64.hpp>

#include <array>

namespace msgforge {

namespace {

constexpr std::string_view ALPHABET =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The 6-bit value of each character, -1 for those outside the alphabet.
constexpr std::array<int8_t, 256> VALUES = [] {
    std::array<int8_t, 256> values{};
    values.fill(-1);
    for (size_t i = 0; i < ALPHABET.size(); ++i) {
        values[static_cast<unsigned char>(ALPHABET[i])] = static_cast<int8_t>(i);
    }
    return values;
}();

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

}  // namespace

int base64_value(char c) {
    return VALUES[static_cast<unsigned char>(c)];
}

std::string base64_encode(std::span<const uint8_t> bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v =
            (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        for (int shift = 18; shift >= 0; shift -= 6) {
            out += ALPHABET[(v >> shift) & 0x3F];
        }
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t v = uint32_t{bytes[i]} << 16;
        if (rest == 2) {
            v |= uint32_t{bytes[i + 1]} << 8;
        }
        out += ALPHABET[(v >> 18) & 0x3F];
        out += ALPHABET[(v >> 12) & 0x3F];
        out += rest == 2 ? ALPHABET[(v >> 6) & 0x3F] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::vector<uint8_t>> base64_decode(std::string_view text, Base64Form form) {
    const bool strict = form == Base64Form::strict;
    if (strict && text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::vector<uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    uint32_t bits = 0;
    int count = 0;
    size_t padding = 0;
    for (const char c : text) {
        if (is_space(c)) {
            if (strict) {
                return std::nullopt;
            }
            continue;
        }
        if (c == '=') {
            ++padding;
            continue;
        }
        const int8_t v = VALUES[static_cast<unsigned char>(c)];
        if (v < 0 || padding > 0) {
            return std::nullopt;
        }
        bits = (bits << 6) | static_cast<uint32_t>(v);
        if (++count == 4) {
            out.push_back(static_cast<uint8_t>(bits >> 16));
            out.push_back(static_cast<uint8_t>(bits >> 8));
            out.push_back(static_cast<uint8_t>(bits));
            bits = 0;
            count = 0;
        }
    }
    // A strict text has no white space and a length that is a multiple of 4, so at most two
    // padding characters also means exactly the padding its last group needs.
    if (count == 1 || padding > 2) {
        return std::nullopt;
    }
    if (count == 2) {
        out.push_back(static_cast<uint8_t>(bits >> 4));
    } else if (count == 3) {
        out.push_back(static_cast<uint8_t>(bits >> 10));
        out.push_back(static_cast<uint8_t>(bits >> 2));
    }
    return out;
}

}  // namespace msgforge
