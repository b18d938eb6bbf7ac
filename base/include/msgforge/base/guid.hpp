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

    /// The GUID {data1-data2-data3-data4[0..1]-data4[2..7]} in wire order; usable in constant
    /// expressions.
    static constexpr Guid from_fields(uint32_t data1, uint16_t data2, uint16_t data3,
                                      std::array<uint8_t, 8> data4) {
        Guid g;
        for (size_t i = 0; i < 4; ++i) {
            g.bytes[i] = static_cast<uint8_t>(data1 >> (8 * i));
        }
        for (size_t i = 0; i < 2; ++i) {
            g.bytes[4 + i] = static_cast<uint8_t>(data2 >> (8 * i));
            g.bytes[6 + i] = static_cast<uint8_t>(data3 >> (8 * i));
        }
        for (size_t i = 0; i < 8; ++i) {
            g.bytes[8 + i] = data4[i];
        }
        return g;
    }

    /// Parses "{…}" or the same without braces; nullopt when malformed.
    static std::optional<Guid> parse(std::string_view text);

    /// Upper-case text form with braces.
    std::string to_string() const;

    bool is_null() const;

    auto operator<=>(const Guid&) const = default;
};

}  // namespace msgforge
