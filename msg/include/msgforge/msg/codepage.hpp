// Windows code pages (as in PidTagMessageCodepage, PidTagInternetCodepage) to UTF-8, through
// the C library's iconv.
#pragma once

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

/// Encodes UTF-8 into `codepage`; nullopt when the code page is unknown or a character
/// cannot be represented in it.
std::optional<std::string> encode_codepage(std::string_view utf8, uint32_t codepage);

/// The Windows (ANSI) code page that 8-bit strings are stored in when a message is labelled
/// with a MIME code page: ISO-2022-JP and EUC-JP give 932, EUC-KR and ISO-2022-KR 949,
/// GB2312 and HZ 936, the ISO-8859 pages their Windows counterparts, KOI8 1251. Any other
/// code page is returned unchanged.
uint32_t ansi_codepage(uint32_t codepage);

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
