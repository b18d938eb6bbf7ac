// FILETIME (MS-DTYP 2.3.3): 100-nanosecond intervals since 1601-01-01 UTC, with ISO 8601
// formatting (seven fractional digits) and parsing.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msgforge {

struct FileTime {
    uint64_t ticks = 0;  ///< 100 ns intervals since 1601-01-01T00:00:00Z

    /// From seconds since 1970-01-01T00:00:00Z.
    static FileTime from_unix_seconds(int64_t seconds);

    /// An RFC 3339 date-time, "YYYY-MM-DDTHH:MM:SS[.f...](Z|+HH:MM|-HH:MM)", converted to UTC:
    /// a fraction of any length (digits below 100 ns cut off), T and Z in either case. nullopt
    /// when malformed, for a leap second (:60) and before 1601-01-01T00:00:00Z.
    static std::optional<FileTime> parse(std::string_view text);

    /// "YYYY-MM-DDTHH:MM:SS.fffffffZ".
    std::string to_iso() const;

    bool is_zero() const { return ticks == 0; }

    auto operator<=>(const FileTime&) const = default;
};

}  // namespace msgforge
