#include "encodings.hpp"

#include <msgforge/msg/tags.hpp>

#include <string_view>

namespace msgforge::json::detail {

Json address_json(const msg::Address& a) {
    return Json{{"name", a.name},
                {"smtp", a.smtp.empty() ? Json(nullptr) : Json(a.smtp)},
                {"address", a.address},
                {"address_type", a.address_type}};
}

std::vector<uint8_t> utf16le_bytes(std::u16string_view s) {
    std::vector<uint8_t> out;
    out.reserve(s.size() * 2);
    for (const char16_t c : s) {
        out.push_back(static_cast<uint8_t>(c & 0xFF));
        out.push_back(static_cast<uint8_t>(c >> 8));
    }
    return out;
}

std::optional<PropertyType> parse_type(std::string_view name) {
    if (const auto t = msg::type_from_name(name)) {
        return t;
    }
    if (name.size() == 10 && name.starts_with("Ptyp0x")) {
        uint16_t v = 0;
        for (const char c : name.substr(6)) {
            const size_t digit = std::string_view("0123456789ABCDEF").find(c);
            if (digit == std::string_view::npos) {
                return std::nullopt;
            }
            v = static_cast<uint16_t>(v * 16 + digit);
        }
        return static_cast<PropertyType>(v);
    }
    return std::nullopt;
}

}  // namespace msgforge::json::detail
