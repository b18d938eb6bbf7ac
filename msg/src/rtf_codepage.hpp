// Windows code pages as used by RTF (\ansicpg, \cpg, \fcharset), converted to UTF-8 with iconv:
// one text at a time (to_utf8), or run after run (append_utf8).
// Internal to the RTF de-encapsulation; the tests use it to read the HTML bodies they compare.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace msgforge::msg::rtf::detail {

inline constexpr uint32_t DEFAULT_CODE_PAGE = 1252;
inline constexpr std::string_view REPLACEMENT = "\xEF\xBF\xBD";

/// The code page an RTF \fcharsetN stands for; 0 when it means the document's code page
/// (DEFAULT_CHARSET and unknown values).
uint32_t code_page_of_charset(int32_t charset);

/// Converts bytes in a Windows code page to UTF-8. A byte that does not decode becomes U+FFFD.
/// Code pages iconv cannot read, and those that are not ASCII-compatible, are read as 1252.
std::string to_utf8(std::span<const uint8_t> bytes, uint32_t code_page);

/// Appends `in`, bytes in code page `cp`, to `out` as UTF-8, as to_utf8() converts them. The
/// converters stay open for the thread, one per code page, from one call to the next.
void append_utf8(std::string& out, std::string& in, uint32_t cp);

}  // namespace msgforge::msg::rtf::detail
