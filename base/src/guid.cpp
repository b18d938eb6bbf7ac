#include <msgforge/base/guid.hpp>
#include <msgforge/base/text.hpp>

#include <algorithm>

namespace msgforge {

namespace {

// Byte index in wire order for each of the 16 bytes in text order.
constexpr std::array<int, 16> text_to_wire = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

}  // namespace

Guid Guid::from_bytes(std::span<const uint8_t, 16> wire) {
    Guid g;
    std::copy(wire.begin(), wire.end(), g.bytes.begin());
    return g;
}

std::optional<Guid> Guid::parse(std::string_view text) {
    if (text.size() == 38 && text.front() == '{' && text.back() == '}') {
        text = text.substr(1, 36);
    }
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-'
        || text[23] != '-') {
        return std::nullopt;
    }
    Guid g;
    int index = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            continue;
        }
        const int hi = hex_digit_value(text[i]);
        const int lo = i + 1 < text.size() ? hex_digit_value(text[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        g.bytes[static_cast<size_t>(text_to_wire[static_cast<size_t>(index)])] =
            static_cast<uint8_t>(hi * 16 + lo);
        ++index;
        ++i;
    }
    return g;
}

std::string Guid::to_string() const {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out = "{";
    for (size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        const uint8_t b = bytes[static_cast<size_t>(text_to_wire[i])];
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    out += '}';
    return out;
}

bool Guid::is_null() const {
    return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

}  // namespace msgforge
