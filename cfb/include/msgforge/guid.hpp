// GUID / CLSID value: 16 bytes in the little-endian wire order of MS-DTYP 2.3.4.2, with
// parsing and formatting of the "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" text form.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace msgforge {

struct Guid {
    /// Wire order: Data1 (LE u32), Data2 (LE u16), Data3 (LE u16), Data4 (8 bytes).
    std::array<uint8_t, 16> bytes{};

    static Guid from_bytes(std::span<const uint8_t, 16> wire);

    /// Parses "{…}" or the same without braces; nullopt when malformed.
    static std::optional<Guid> parse(std::string_view text);

    /// Upper-case text form with braces.
    std::string to_string() const;

    bool is_null() const;

    auto operator<=>(const Guid&) const = default;
};

}  // namespace msgforge
