// Base64 with the standard alphabet (RFC 4648 section 4), for binary values in JSON and the
// media of "SMS Backup & Restore" archives.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge {

/// What base64_decode() accepts besides the alphabet and the final padding.
enum class Base64Form {
    strict,   ///< nothing else: padding as RFC 4648 section 3.2 requires, no line breaks
    lenient,  ///< white space (space, tab, CR, LF) anywhere; padding may be missing
};

/// The 6-bit value of a character of the alphabet; -1 for any other character.
int base64_value(char c);

/// `bytes` as base64 with padding, on one line.
std::string base64_encode(std::span<const uint8_t> bytes);

/// The bytes of base64 `text`; nullopt when it is malformed for `form`: a character outside the
/// alphabet, data after padding, more than two padding characters, a lone character in the last
/// group and, when strict, white space or a length that is not a multiple of 4.
std::optional<std::vector<uint8_t>> base64_decode(std::string_view text,
                                                  Base64Form form = Base64Form::strict);

}  // namespace msgforge
