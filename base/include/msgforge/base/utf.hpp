// UTF-8 <-> UTF-16 conversion for names and strings.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace msgforge {

/// UTF-16 to UTF-8. An unpaired surrogate becomes U+FFFD.
std::string utf16_to_utf8(std::u16string_view in);

/// The length in bytes of utf16_to_utf8(in).
size_t utf8_length(std::u16string_view in);

/// Writes utf16_to_utf8(in) to `out`, which has room for utf8_length(in) bytes (at most
/// 3 * in.size()); returns the end of what was written.
char* write_utf8(std::u16string_view in, char* out);

/// Appends `code_point` to `out` as UTF-8; a surrogate (U+D800 to U+DFFF) or a value past
/// U+10FFFF, which UTF-8 cannot hold, as U+FFFD.
void append_utf8(std::string& out, char32_t code_point);

/// The length of the longest prefix of `in` that is well-formed UTF-8: in.size() when all of it
/// is, else the offset of the first byte that starts no well-formed sequence.
size_t utf8_valid_prefix(std::string_view in);

/// UTF-8 to UTF-16; nullopt when the input is not well-formed UTF-8.
std::optional<std::u16string> utf8_to_utf16(std::string_view in);

}  // namespace msgforge
