// Windows code pages as used by RTF (\ansicpg, \cpg, \fcharset), converted to UTF-8 with iconv:
// one text at a time (to_utf8), or run after run through the converters one walk keeps open.
// Internal to the RTF de-encapsulation; the tests use it to read the HTML bodies they compare.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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

class Iconv;

/// The open converters of one conversion run, by code page.
class Converters {
public:
    Converters();
    ~Converters();
    Converters(const Converters&) = delete;
    Converters& operator=(const Converters&) = delete;

    /// Appends `in`, bytes in code page `cp`, to `out` as UTF-8.
    void append(std::string& out, std::string& in, uint32_t cp);

private:
    std::map<uint32_t, std::unique_ptr<Iconv>> open_;
};

}  // namespace msgforge::msg::rtf::detail
