#include <msgforge/msg/property_tag.hpp>

#include <array>
#include <utility>

namespace msgforge::msg {

namespace {

using enum PropertyType;

constexpr std::array<std::pair<PropertyType, std::string_view>, 32> type_names = {{
    {PtypUnspecified, "PtypUnspecified"},
    {PtypNull, "PtypNull"},
    {PtypInteger16, "PtypInteger16"},
    {PtypInteger32, "PtypInteger32"},
    {PtypFloating32, "PtypFloating32"},
    {PtypFloating64, "PtypFloating64"},
    {PtypCurrency, "PtypCurrency"},
    {PtypFloatingTime, "PtypFloatingTime"},
    {PtypErrorCode, "PtypErrorCode"},
    {PtypBoolean, "PtypBoolean"},
    {PtypObject, "PtypObject"},
    {PtypInteger64, "PtypInteger64"},
    {PtypString8, "PtypString8"},
    {PtypString, "PtypString"},
    {PtypTime, "PtypTime"},
    {PtypGuid, "PtypGuid"},
    {PtypServerId, "PtypServerId"},
    {PtypRestriction, "PtypRestriction"},
    {PtypRuleAction, "PtypRuleAction"},
    {PtypBinary, "PtypBinary"},
    {PtypMultipleInteger16, "PtypMultipleInteger16"},
    {PtypMultipleInteger32, "PtypMultipleInteger32"},
    {PtypMultipleFloating32, "PtypMultipleFloating32"},
    {PtypMultipleFloating64, "PtypMultipleFloating64"},
    {PtypMultipleCurrency, "PtypMultipleCurrency"},
    {PtypMultipleFloatingTime, "PtypMultipleFloatingTime"},
    {PtypMultipleInteger64, "PtypMultipleInteger64"},
    {PtypMultipleString8, "PtypMultipleString8"},
    {PtypMultipleString, "PtypMultipleString"},
    {PtypMultipleTime, "PtypMultipleTime"},
    {PtypMultipleGuid, "PtypMultipleGuid"},
    {PtypMultipleBinary, "PtypMultipleBinary"},
}};

std::string hex_digits(uint32_t v, int digits) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string s(static_cast<size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
        s[static_cast<size_t>(i)] = hex[v & 0xF];
        v >>= 4;
    }
    return s;
}

}  // namespace

std::optional<size_t> fixed_size(PropertyType t) {
    switch (t) {
        case PtypInteger16:
            return 2;
        case PtypInteger32:
        case PtypFloating32:
        case PtypErrorCode:
            return 4;
        case PtypBoolean:
            return 1;
        case PtypFloating64:
        case PtypCurrency:
        case PtypFloatingTime:
        case PtypInteger64:
        case PtypTime:
            return 8;
        default:
            return std::nullopt;
    }
}

bool is_known_type(PropertyType t) {
    for (const auto& [type, name] : type_names) {
        if (type == t) {
            return true;
        }
    }
    return false;
}

std::string type_name(PropertyType t) {
    for (const auto& [type, name] : type_names) {
        if (type == t) {
            return std::string(name);
        }
    }
    return "Ptyp0x" + hex_digits(static_cast<uint16_t>(t), 4);
}

std::optional<PropertyType> type_from_name(std::string_view name) {
    for (const auto& [type, n] : type_names) {
        if (n == name) {
            return type;
        }
    }
    return std::nullopt;
}

std::string PropertyTag::to_string() const {
    return "0x" + hex8();
}

std::string PropertyTag::hex8() const {
    return hex_digits(u32(), 8);
}

std::optional<PropertyTag> PropertyTag::parse(std::string_view text) {
    if (text.size() == 10 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
    }
    if (text.size() != 8) {
        return std::nullopt;
    }
    uint32_t v = 0;
    for (char c : text) {
        uint32_t d = 0;
        if (c >= '0' && c <= '9') {
            d = static_cast<uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            d = static_cast<uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            d = static_cast<uint32_t>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        v = (v << 4) | d;
    }
    return from_u32(v);
}

}  // namespace msgforge::msg
