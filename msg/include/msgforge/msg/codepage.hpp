// Windows code pages (as in PidTagMessageCodepage, PidTagInternetCodepage) to UTF-8, through
// the C library's iconv, and the MIME charsets (RFC 2978, the IANA character set registry) that
// those code pages decode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msgforge::msg {

/// The iconv name of a Windows code page, or nullopt when msgforge knows no name for it.
std::optional<std::string> iconv_name(uint32_t codepage);

/// Decodes `bytes` in `codepage` to UTF-8. Bytes that do not decode become U+FFFD, except in
/// UTF-8 (65001), where ill-formed input gives nullopt so the caller can fall back to another
/// page. Also nullopt when the code page is unknown or iconv cannot convert from it.
std::optional<std::string> decode_codepage(std::string_view bytes, uint32_t codepage);

/// Text decoded from a code page, and where it first failed to decode.
struct Decoded {
    /// UTF-8; each byte sequence that did not decode is U+FFFD.
    std::string text;
    /// The offset in the input of the first byte that did not decode; nullopt when all did.
    std::optional<size_t> error_offset;
};

/// Decodes all of `bytes` in `codepage` to UTF-8, in every code page (UTF-8 too) with U+FFFD
/// for what does not decode (one per byte, one per 16-bit unit in UTF-16), and tells where that
/// first happened. nullopt when the code page is unknown or iconv cannot convert from it.
std::optional<Decoded> decode_codepage_checked(std::string_view bytes, uint32_t codepage);

/// Encodes UTF-8 into `codepage`; nullopt when the code page is unknown or a character
/// cannot be represented in it.
std::optional<std::string> encode_codepage(std::string_view utf8, uint32_t codepage);

/// The Windows (ANSI) code page that 8-bit strings are stored in when a message is labelled
/// with a MIME code page: ISO-2022-JP and EUC-JP give 932, EUC-KR and ISO-2022-KR 949,
/// GB2312 and HZ 936, the ISO-8859 pages their Windows counterparts, KOI8 1251. Any other
/// code page is returned unchanged.
uint32_t ansi_codepage(uint32_t codepage);

/// A MIME charset msgforge reads and writes: the name it writes, its IANA MIBenum and the
/// Windows code page whose converter decodes and encodes it. As Windows and browsers do, a
/// label gets the code page that extends it: shift_jis 932, gb2312 936 (GBK), euc-kr 949.
/// "utf-16" is code page 1200 (little-endian) for text without byte-order mark, which the
/// caller strips and reads.
struct Charset {
    std::string_view name;  ///< lower case: "utf-8", "windows-1251", "shift_jis"
    uint32_t mibenum = 0;   ///< 106, 2251, 17
    uint32_t codepage = 0;  ///< 65001, 1251, 932
};

/// The charset a label names: an IANA name or alias, or a usual alias of one ("UTF-8", "utf8",
/// "Shift_JIS", "x-sjis", "cp1251", "latin1"…), ASCII case and any character that is not a
/// letter or digit ignored. nullopt when msgforge knows none.
std::optional<Charset> charset_by_name(std::string_view label);

/// The charset of an IANA MIBenum (106 UTF-8, 1015 UTF-16, 2251 windows-1251…); nullopt when
/// msgforge knows none.
std::optional<Charset> charset_by_mibenum(uint32_t mibenum);

/// The ANSI code page Windows gives the locale `lcid` (LOCALE_IDEFAULTANSICODEPAGE), as in
/// PidTagMessageLocaleId: the code page of the LCID's language, or of the locale itself where
/// it differs within a language (Serbian Cyrillic, Chinese Traditional, ...); the sort id is
/// ignored. nullopt for a locale with no ANSI code page (Hindi, Georgian, ...) and for a
/// language msgforge does not know. The table: docs/codepages.md.
std::optional<uint32_t> lcid_ansi_codepage(uint32_t lcid);

/// True for the Unicode code pages: UTF-16 (1200, 1201), UTF-32 (12000, 12001), UTF-7
/// (65000) and UTF-8 (65001).
bool is_unicode_codepage(uint32_t codepage);

/// Windows-1252, the fallback for an unknown code page.
inline constexpr uint32_t CP_WINDOWS_1252 = 1252;
inline constexpr uint32_t CP_UTF8 = 65001;

}  // namespace msgforge::msg
