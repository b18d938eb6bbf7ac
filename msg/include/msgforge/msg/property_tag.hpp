// Property types (MS-OXCDATA 2.11.1) and property tags: (id << 16) | type.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msgforge::msg {

/// Property types, spelled as in MS-OXCDATA.
enum class PropertyType : uint16_t {
    PtypUnspecified = 0x0000,
    PtypNull = 0x0001,
    PtypInteger16 = 0x0002,
    PtypInteger32 = 0x0003,
    PtypFloating32 = 0x0004,
    PtypFloating64 = 0x0005,
    PtypCurrency = 0x0006,
    PtypFloatingTime = 0x0007,
    PtypErrorCode = 0x000A,
    PtypBoolean = 0x000B,
    PtypObject = 0x000D,
    PtypInteger64 = 0x0014,
    PtypString8 = 0x001E,
    PtypString = 0x001F,
    PtypTime = 0x0040,
    PtypGuid = 0x0048,
    PtypServerId = 0x00FB,
    PtypRestriction = 0x00FD,
    PtypRuleAction = 0x00FE,
    PtypBinary = 0x0102,
    PtypMultipleInteger16 = 0x1002,
    PtypMultipleInteger32 = 0x1003,
    PtypMultipleFloating32 = 0x1004,
    PtypMultipleFloating64 = 0x1005,
    PtypMultipleCurrency = 0x1006,
    PtypMultipleFloatingTime = 0x1007,
    PtypMultipleInteger64 = 0x1014,
    PtypMultipleString8 = 0x101E,
    PtypMultipleString = 0x101F,
    PtypMultipleTime = 0x1040,
    PtypMultipleGuid = 0x1048,
    PtypMultipleBinary = 0x1102,
};

inline constexpr uint16_t MV_FLAG = 0x1000;

constexpr bool is_multi_valued(PropertyType t) {
    return (static_cast<uint16_t>(t) & MV_FLAG) != 0;
}

/// The element type of a multi-valued type (the type itself otherwise).
constexpr PropertyType element_type(PropertyType t) {
    return static_cast<PropertyType>(static_cast<uint16_t>(t) & ~MV_FLAG);
}

/// Size of a fixed-length value in bytes (MS-OXMSG 2.4.2.1), or nullopt for types stored in
/// their own stream (variable-length, multi-valued, object) and for unknown types.
std::optional<size_t> fixed_size(PropertyType t);

/// "PtypString", …; "Ptyp0x1234" for a type MS-OXCDATA does not define.
std::string type_name(PropertyType t);

/// The type named by type_name(); nullopt for anything else.
std::optional<PropertyType> type_from_name(std::string_view name);

/// True for the types MS-OXCDATA defines (listed above).
bool is_known_type(PropertyType t);

struct PropertyTag {
    uint16_t id = 0;
    PropertyType type = PropertyType::PtypUnspecified;

    static constexpr PropertyTag from_u32(uint32_t v) {
        return PropertyTag{static_cast<uint16_t>(v >> 16), static_cast<PropertyType>(v & 0xFFFF)};
    }

    constexpr uint32_t u32() const {
        return (static_cast<uint32_t>(id) << 16) | static_cast<uint16_t>(type);
    }

    /// True for ids 0x8000 and above, which name a named property.
    constexpr bool is_named() const { return id >= 0x8000; }

    /// "0x0037001F": 0x and eight upper-case hex digits.
    std::string to_string() const;

    /// "0037001F" as in stream names.
    std::string hex8() const;

    /// Parses "0x0037001F" or "0037001F" (either case).
    static std::optional<PropertyTag> parse(std::string_view text);

    constexpr auto operator<=>(const PropertyTag& o) const { return u32() <=> o.u32(); }

    constexpr bool operator==(const PropertyTag& o) const { return u32() == o.u32(); }
};

/// A PropertyTag whose property type is part of its C++ type, as the table's constants are
/// (tags::PidTagSubject is a TypedTag<PropertyType::PtypString>): set(), PropertyBag::get_as and
/// ObjectBase::string check with it at compile time that a value fits the property. It is a
/// PropertyTag wherever one is taken.
template <PropertyType T>
struct TypedTag : PropertyTag {
    static constexpr PropertyType property_type = T;

    constexpr explicit TypedTag(uint16_t tag_id) : PropertyTag{tag_id, T} {}
};

/// The PtypString8 form of a PtypString tag, as ANSI files store strings and as some
/// specifications give a property (MS-OXOSMMS 2.2.2.2: PidTagMessageClass). set() takes a
/// String8 for it: set(m, string8_tag(tags::PidTagMessageClass), String8{"IPM.Note"}).
constexpr TypedTag<PropertyType::PtypString8> string8_tag(TypedTag<PropertyType::PtypString> tag) {
    return TypedTag<PropertyType::PtypString8>(tag.id);
}

}  // namespace msgforge::msg
