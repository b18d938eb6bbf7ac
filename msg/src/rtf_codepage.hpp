// Windows code pages as used by RTF (\ansicpg, \cpg, \fcharset), converted to UTF-8 with iconv.
// Internal to the RTF de-encapsulation; the tests use it to read the HTML bodies they compare.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace msgforge::msg::rtf::detail {

/// The code page an RTF \fcharsetN stands for; 0 when it means the document's code page
/// (DEFAULT_CHARSET and unknown values).
uint32_t code_page_of_charset(int32_t charset);

/// Converts bytes in a Windows code page to UTF-8. A byte that does not decode becomes U+FFFD.
/// Code pages iconv cannot read, and those that are not ASCII-compatible, are read as 1252.
std::string to_utf8(std::span<const uint8_t> bytes, uint32_t code_page);

}  // namespace msgforge::msg::rtf::detail
