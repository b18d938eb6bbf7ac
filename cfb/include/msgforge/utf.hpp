// UTF-8 <-> UTF-16 conversion for names and strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace msgforge {

/// UTF-16 to UTF-8. An unpaired surrogate becomes U+FFFD.
std::string utf16_to_utf8(std::u16string_view in);

/// UTF-8 to UTF-16; nullopt when the input is not well-formed UTF-8.
std::optional<std::u16string> utf8_to_utf16(std::string_view in);

}  // namespace msgforge
