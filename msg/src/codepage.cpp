#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <iconv.h>
#include <iterator>
#include <utility>
#include <vector>

namespace msgforge::msg {

namespace {

// Code pages whose iconv name is not "CP" followed by the number.
constexpr std::array<std::pair<uint32_t, std::string_view>, 40> named_pages = {{
    {932, "CP932"},         {936, "GBK"},           {949, "CP949"},         {950, "BIG5"},
    {1200, "UTF-16LE"},     {1201, "UTF-16BE"},     {10000, "MACINTOSH"},   {10007, "MAC-CYRILLIC"},
    {12000, "UTF-32LE"},    {12001, "UTF-32BE"},    {20127, "ASCII"},       {20866, "KOI8-R"},
    {20932, "EUC-JP"},      {20936, "GB2312"},      {21866, "KOI8-U"},      {28591, "ISO-8859-1"},
    {28592, "ISO-8859-2"},  {28593, "ISO-8859-3"},  {28594, "ISO-8859-4"},  {28595, "ISO-8859-5"},
    {28596, "ISO-8859-6"},  {28597, "ISO-8859-7"},  {28598, "ISO-8859-8"},  {28599, "ISO-8859-9"},
    {28603, "ISO-8859-13"}, {28605, "ISO-8859-15"}, {38598, "ISO-8859-8"},  {50220, "ISO-2022-JP"},
    {50221, "ISO-2022-JP"}, {50222, "ISO-2022-JP"}, {50225, "ISO-2022-KR"}, {51932, "EUC-JP"},
    {51936, "GB2312"},      {51949, "EUC-KR"},      {52936, "HZ"},          {54936, "GB18030"},
    {65000, "UTF-7"},       {65001, "UTF-8"},       {1361, "JOHAB"},        {874, "CP874"},
}};

// The charsets msgforge names (IANA names, MIBenums from the IANA registry).
constexpr auto charsets = std::to_array<Charset>({
    {"utf-8", 106, 65001},        {"us-ascii", 3, 20127},       {"utf-16", 1015, 1200},
    {"utf-16be", 1013, 1201},     {"utf-16le", 1014, 1200},     {"iso-8859-1", 4, 28591},
    {"iso-8859-2", 5, 28592},     {"iso-8859-3", 6, 28593},     {"iso-8859-4", 7, 28594},
    {"iso-8859-5", 8, 28595},     {"iso-8859-6", 9, 28596},     {"iso-8859-7", 10, 28597},
    {"iso-8859-8", 11, 28598},    {"iso-8859-9", 12, 28599},    {"iso-8859-13", 109, 28603},
    {"iso-8859-15", 111, 28605},  {"windows-1250", 2250, 1250}, {"windows-1251", 2251, 1251},
    {"windows-1252", 2252, 1252}, {"windows-1253", 2253, 1253}, {"windows-1254", 2254, 1254},
    {"windows-1255", 2255, 1255}, {"windows-1256", 2256, 1256}, {"windows-1257", 2257, 1257},
    {"windows-1258", 2258, 1258}, {"windows-874", 2109, 874},   {"ibm866", 2086, 866},
    {"koi8-r", 2084, 20866},      {"koi8-u", 2088, 21866},      {"macintosh", 2027, 10000},
    {"shift_jis", 17, 932},       {"windows-31j", 2024, 932},   {"euc-jp", 18, 51932},
    {"iso-2022-jp", 39, 50220},   {"euc-kr", 38, 949},          {"ks_c_5601-1987", 36, 949},
    {"iso-2022-kr", 37, 50225},   {"gb2312", 2025, 936},        {"gbk", 113, 936},
    {"gb18030", 114, 54936},      {"big5", 2026, 950},          {"utf-7", 1012, 65000},
    {"iso-8859-8-i", 85, 38598},  {"tis-620", 2259, 874},
});

// Usual labels that are not a charset's name once reduced to letters and digits: the alias
// and the name it stands for.
constexpr auto charset_aliases = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"utf8", "utf-8"},           {"ascii", "us-ascii"},     {"ansix341968", "us-ascii"},
    {"latin1", "iso-8859-1"},    {"l1", "iso-8859-1"},      {"latin2", "iso-8859-2"},
    {"cyrillic", "iso-8859-5"},  {"greek", "iso-8859-7"},   {"hebrew", "iso-8859-8"},
    {"arabic", "iso-8859-6"},    {"latin9", "iso-8859-15"}, {"cp866", "ibm866"},
    {"sjis", "shift_jis"},       {"xsjis", "shift_jis"},    {"mskanji", "shift_jis"},
    {"csshiftjis", "shift_jis"}, {"cp932", "windows-31j"},  {"xeucjp", "euc-jp"},
    {"cp949", "ks_c_5601-1987"}, {"cp936", "gbk"},          {"xgbk", "gbk"},
    {"cp950", "big5"},           {"cp874", "windows-874"},
});

// A label reduced to its ASCII letters (lower case) and digits.
std::string charset_key(std::string_view label) {
    std::string key;
    for (const char c : label) {
        if (c >= 'A' && c <= 'Z') {
            key += static_cast<char>(c - 'A' + 'a');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            key += c;
        }
    }
    return key;
}

// iconv descriptors kept open, one per direction and code page and thread: opening one loads
// the converter module, which costs more than converting a typical property.
class Converters {
public:
    Converters() = default;
    Converters(const Converters&) = delete;
    Converters& operator=(const Converters&) = delete;

    ~Converters() {
        for (const Open& o : open_) {
            if (usable(o.cd)) {
                ::iconv_close(o.cd);
            }
        }
    }

    // The descriptor from `from` to `to` in its initial state, or nullopt if iconv has none.
    std::optional<iconv_t> get(std::string_view to, std::string_view from) {
        auto it = std::find_if(open_.begin(), open_.end(),
                               [&](const Open& o) { return o.to == to && o.from == from; });
        if (it == open_.end()) {
            const std::string to_name(to);
            const std::string from_name(from);
            open_.push_back(
                Open{to_name, from_name, ::iconv_open(to_name.c_str(), from_name.c_str())});
            it = std::prev(open_.end());
        }
        if (!usable(it->cd)) {
            return std::nullopt;
        }
        ::iconv(it->cd, nullptr, nullptr, nullptr, nullptr);
        return it->cd;
    }

private:
    struct Open {
        std::string to;
        std::string from;
        iconv_t cd;
    };

    static bool usable(iconv_t cd) { return std::bit_cast<uintptr_t>(cd) != UINTPTR_MAX; }

    std::vector<Open> open_;
};

thread_local Converters converters;

// The bytes of one code unit of a code page whose text is made of 16-bit units (UTF-16), else 1.
size_t unit_size(uint32_t codepage) {
    return codepage == 1200 || codepage == 1201 ? 2 : 1;
}

struct LanguagePage {
    uint16_t id;
    uint16_t codepage;
};

#define MSGFORGE_LANGUAGE(id, codepage, name) {id, codepage},
#define MSGFORGE_LOCALE(id, codepage, tag)
constexpr LanguagePage language_pages[] = {
#include "lcid_codepages.inc"
};
#undef MSGFORGE_LANGUAGE
#undef MSGFORGE_LOCALE

#define MSGFORGE_LANGUAGE(id, codepage, name)
#define MSGFORGE_LOCALE(id, codepage, tag) {id, codepage},
constexpr LanguagePage locale_pages[] = {
#include "lcid_codepages.inc"
};
#undef MSGFORGE_LANGUAGE
#undef MSGFORGE_LOCALE

// Converts all of `in`, then returns to the initial state (the closing shift sequence of a
// stateful encoding such as ISO-2022-JP). On an invalid or incomplete sequence, appends
// `replacement`, notes its offset in `first_error` (when given and not yet set) and skips one
// code unit of `unit` bytes, unless `strict`, which returns false instead.
bool convert(iconv_t cd, std::string_view in, std::string& out, std::string_view replacement,
             bool strict, size_t unit = 1, std::optional<size_t>* first_error = nullptr) {
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    std::array<char, 4096> buf{};
    bool flushing = false;
    while (true) {
        char* dst = buf.data();
        size_t dst_left = buf.size();
        const size_t r = flushing ? ::iconv(cd, nullptr, nullptr, &dst, &dst_left)
                                  : ::iconv(cd, &src, &src_left, &dst, &dst_left);
        out.append(buf.data(), buf.size() - dst_left);
        if (r != static_cast<size_t>(-1)) {
            if (flushing) {
                return true;
            }
            flushing = true;
            continue;
        }
        if (errno == E2BIG) {
            continue;
        }
        if (flushing || strict || (errno != EILSEQ && errno != EINVAL)) {
            return false;
        }
        if (first_error != nullptr && !*first_error) {
            *first_error = in.size() - src_left;
        }
        out += replacement;
        const size_t skip = std::min(unit, src_left);
        src += skip;
        src_left -= skip;
        ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
}

// `bytes` in `codepage` to UTF-8; nullopt when the code page has no converter, or when
// `strict` and some bytes do not decode.
std::optional<Decoded> decode(std::string_view bytes, uint32_t codepage, bool strict) {
    if (codepage == CP_UTF8) {
        // Checked here rather than by iconv, which lets through what UTF-8 cannot hold
        // (sequences past U+10FFFF): what comes out is always well-formed.
        Decoded out;
        out.text.reserve(bytes.size());
        size_t at = 0;
        while (true) {
            const size_t valid = utf8_valid_prefix(bytes.substr(at));
            out.text.append(bytes.substr(at, valid));
            at += valid;
            if (at == bytes.size()) {
                return out;
            }
            if (strict) {
                return std::nullopt;
            }
            if (!out.error_offset) {
                out.error_offset = at;
            }
            out.text += "\xEF\xBF\xBD";
            ++at;
        }
    }
    const auto name = iconv_name(codepage);
    if (!name) {
        return std::nullopt;
    }
    const auto cd = converters.get("UTF-8", *name);
    if (!cd) {
        return std::nullopt;
    }
    Decoded out;
    out.text.reserve(bytes.size());
    if (!convert(*cd, bytes, out.text, "\xEF\xBF\xBD", strict, unit_size(codepage),
                 &out.error_offset)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace

std::optional<std::string> iconv_name(uint32_t codepage) {
    const auto it = std::find_if(named_pages.begin(), named_pages.end(),
                                 [&](const auto& p) { return p.first == codepage; });
    if (it != named_pages.end()) {
        return std::string(it->second);
    }
    // OEM and Windows pages that glibc knows as CPnnn.
    static constexpr std::array<uint32_t, 19> cp_pages = {437,  737,  775,  850,  852, 855, 857,
                                                          860,  861,  862,  863,  865, 866, 869,
                                                          1250, 1251, 1252, 1253, 1254};
    static constexpr std::array<uint32_t, 4> more_cp_pages = {1255, 1256, 1257, 1258};
    if (std::find(cp_pages.begin(), cp_pages.end(), codepage) != cp_pages.end()
        || std::find(more_cp_pages.begin(), more_cp_pages.end(), codepage) != more_cp_pages.end()) {
        return "CP" + std::to_string(codepage);
    }
    return std::nullopt;
}

uint32_t ansi_codepage(uint32_t codepage) {
    static constexpr std::array<std::pair<uint32_t, uint32_t>, 22> mime_to_ansi = {{
        {20866, 1251}, {20932, 932},  {20936, 936},  {21866, 1251}, {28591, 1252}, {28592, 1250},
        {28594, 1257}, {28595, 1251}, {28596, 1256}, {28597, 1253}, {28598, 1255}, {28599, 1254},
        {28603, 1257}, {28605, 1252}, {38598, 1255}, {50220, 932},  {50221, 932},  {50222, 932},
        {50225, 949},  {51932, 932},  {51949, 949},  {52936, 936},
    }};
    for (const auto& [mime, ansi] : mime_to_ansi) {
        if (mime == codepage) {
            return ansi;
        }
    }
    return codepage;
}

std::optional<uint32_t> lcid_ansi_codepage(uint32_t lcid) {
    // MS-LCID 2.2: bits 0-15 the language id (0-9 the primary language), 16-19 the sort id.
    const auto language = static_cast<uint16_t>(lcid & 0xFFFF);
    const auto primary = static_cast<uint16_t>(lcid & 0x3FF);
    const auto find = [](const auto& table, uint16_t id) -> std::optional<uint32_t> {
        const auto it = std::find_if(std::begin(table), std::end(table),
                                     [&](const LanguagePage& p) { return p.id == id; });
        if (it == std::end(table)) {
            return std::nullopt;
        }
        return it->codepage;
    };
    auto page = find(locale_pages, language);
    if (!page) {
        page = find(language_pages, primary);
    }
    if (page == uint32_t{0}) {
        return std::nullopt;
    }
    return page;
}

bool is_unicode_codepage(uint32_t codepage) {
    return codepage == 1200 || codepage == 1201 || codepage == 12000 || codepage == 12001
           || codepage == 65000 || codepage == CP_UTF8;
}

std::optional<std::string> decode_codepage(std::string_view bytes, uint32_t codepage) {
    // Text labelled UTF-8 that is not UTF-8 was written in some other page: let the caller
    // fall back rather than fill it with replacement characters.
    auto decoded = decode(bytes, codepage, codepage == CP_UTF8);
    if (!decoded) {
        return std::nullopt;
    }
    return std::move(decoded->text);
}

std::optional<Decoded> decode_codepage_checked(std::string_view bytes, uint32_t codepage) {
    return decode(bytes, codepage, false);
}

std::optional<Charset> charset_by_name(std::string_view label) {
    std::string key = charset_key(label);
    // "cp1251", "x-cp1251" and "windows1251" name the Windows code pages.
    for (const std::string_view prefix : {"xcp", "cp", "windows"}) {
        if (key.size() == prefix.size() + 4 && key.starts_with(prefix)) {
            key = "windows" + key.substr(prefix.size());
            break;
        }
    }
    for (const auto& [alias, name] : charset_aliases) {
        if (key == alias) {
            key = charset_key(name);
            break;
        }
    }
    for (const Charset& c : charsets) {
        if (charset_key(c.name) == key) {
            return c;
        }
    }
    return std::nullopt;
}

std::optional<Charset> charset_by_mibenum(uint32_t mibenum) {
    for (const Charset& c : charsets) {
        if (c.mibenum == mibenum) {
            return c;
        }
    }
    return std::nullopt;
}

std::optional<std::string> encode_codepage(std::string_view utf8, uint32_t codepage) {
    const auto name = iconv_name(codepage);
    if (!name) {
        return std::nullopt;
    }
    const auto cd = converters.get(*name, "UTF-8");
    if (!cd) {
        return std::nullopt;
    }
    std::string out;
    if (!convert(*cd, utf8, out, {}, true)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace msgforge::msg
