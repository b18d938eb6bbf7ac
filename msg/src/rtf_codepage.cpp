// Windows code pages to UTF-8 through iconv, for the RTF de-encapsulation: one converter per code
// page and thread, ASCII passed through where the code page keeps it, undecodable bytes as
// U+FFFD.
#include "rtf_codepage.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <iconv.h>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace msgforge::msg::rtf::detail {
namespace {

// Single- and multi-byte code pages that keep ASCII as ASCII, so text outside \'hh escapes can
// share a buffer with them.
bool ascii_compatible(uint32_t cp) {
    static constexpr std::array<uint32_t, 50> pages = {
        437,   720,   737,   775,   850,   852,   855,   857,   860,   861,   862,   863,   864,
        865,   866,   869,   874,   932,   936,   949,   950,   1250,  1251,  1252,  1253,  1254,
        1255,  1256,  1257,  1258,  1361,  10000, 20127, 20866, 21866, 28591, 28592, 28593, 28594,
        28595, 28596, 28597, 28598, 28599, 28603, 28605, 51932, 51949, 54936, 65001};
    return std::binary_search(pages.begin(), pages.end(), cp);
}

std::string iconv_name(uint32_t cp) {
    switch (cp) {
        case 65001:
            return "UTF-8";
        case 20127:
            return "ASCII";
        case 10000:
            return "MACINTOSH";
        case 20866:
            return "KOI8-R";
        case 21866:
            return "KOI8-U";
        case 51932:
            return "EUC-JP";
        case 51949:
            return "EUC-KR";
        case 54936:
            return "GB18030";
        default:
            break;
    }
    if (cp >= 28591 && cp <= 28605) {
        return "ISO-8859-" + std::to_string(cp - 28590);
    }
    return "CP" + std::to_string(cp);
}

}  // namespace

// An iconv descriptor, closed on destruction.
class Iconv {
public:
    explicit Iconv(uint32_t cp) {
        const uint32_t use = ascii_compatible(cp) ? cp : DEFAULT_CODE_PAGE;
        cd_ = ::iconv_open("UTF-8", iconv_name(use).c_str());
        if (cd_ == invalid() && use != DEFAULT_CODE_PAGE) {
            cd_ = ::iconv_open("UTF-8", iconv_name(DEFAULT_CODE_PAGE).c_str());
        }
    }

    ~Iconv() {
        if (cd_ != invalid()) {
            ::iconv_close(cd_);
        }
    }

    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;

    void append(std::string& out, std::string& in) {
        if (cd_ == invalid()) {
            append_latin1(out, in);
            return;
        }
        ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        char* from = in.data();
        size_t left = in.size();
        std::array<char, 4096> buffer;
        while (left > 0) {
            char* to = buffer.data();
            size_t room = buffer.size();
            const size_t r = ::iconv(cd_, &from, &left, &to, &room);
            const int err = errno;
            out.append(buffer.data(), buffer.size() - room);
            if (r == static_cast<size_t>(-1) && err != E2BIG) {
                out += REPLACEMENT;
                ++from;
                --left;
            }
        }
    }

private:
    static iconv_t invalid() { return std::bit_cast<iconv_t>(static_cast<intptr_t>(-1)); }

    static void append_latin1(std::string& out, const std::string& in) {
        for (char c : in) {
            const auto b = static_cast<uint8_t>(c);
            if (b < 0x80) {
                out += c;
            } else {
                out += static_cast<char>(0xC0 | (b >> 6));
                out += static_cast<char>(0x80 | (b & 0x3F));
            }
        }
    }

    iconv_t cd_;
};

void append_utf8(std::string& out, std::string& in, uint32_t cp) {
    const bool ascii =
        std::all_of(in.begin(), in.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; });
    if (ascii && ascii_compatible(cp)) {
        out += in;
        return;
    }
    // Kept open for the thread: opening a converter loads its module, which costs more than
    // converting the text of a typical body; each conversion starts from the initial state.
    thread_local std::map<uint32_t, std::unique_ptr<Iconv>> open;
    auto it = open.find(cp);
    if (it == open.end()) {
        it = open.emplace(cp, std::make_unique<Iconv>(cp)).first;
    }
    it->second->append(out, in);
}

uint32_t code_page_of_charset(int32_t charset) {
    switch (charset) {
        case 0:
            return 1252;  // ANSI
        case 2:
            return 1252;  // SYMBOL: glyph indices, read as 1252
        case 77:
            return 10000;  // MAC
        case 128:
            return 932;  // SHIFTJIS
        case 129:
            return 949;  // HANGUL
        case 130:
            return 1361;  // JOHAB
        case 134:
            return 936;  // GB2312
        case 136:
            return 950;  // BIG5
        case 161:
            return 1253;  // GREEK
        case 162:
            return 1254;  // TURKISH
        case 163:
            return 1258;  // VIETNAMESE
        case 177:
            return 1255;  // HEBREW
        case 178:
            return 1256;  // ARABIC
        case 186:
            return 1257;  // BALTIC
        case 204:
            return 1251;  // RUSSIAN
        case 222:
            return 874;  // THAI
        case 238:
            return 1250;  // EASTEUROPE
        case 254:
            return 437;  // PC437
        case 255:
            return 850;  // OEM
        default:
            return 0;
    }
}

std::string to_utf8(std::span<const uint8_t> bytes, uint32_t code_page) {
    std::string in(bytes.size(), '\0');
    std::transform(bytes.begin(), bytes.end(), in.begin(),
                   [](uint8_t b) { return static_cast<char>(b); });
    std::string out;
    append_utf8(out, in, code_page);
    return out;
}

}  // namespace msgforge::msg::rtf::detail
