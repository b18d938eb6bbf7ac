// MS-OXRTFEX de-encapsulation: recognising \fromhtml1 and \fromtext in the RTF header, and
// restoring the HTML (text outside \htmlrtf regions plus the content of \*\htmltag groups) or
// the plain text. The RTF walk follows [MSFT-RTF] 1.9.1 for tokens, groups, destinations,
// \uc/\u and \bin. Code-page bytes become UTF-8 through iconv.
#include "rtf_codepage.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/rtf.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <iconv.h>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::msg::rtf {
namespace detail {
namespace {

constexpr uint32_t DEFAULT_CODE_PAGE = 1252;
constexpr std::string_view REPLACEMENT = "\xEF\xBF\xBD";

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

// The open converters of one conversion run, by code page.
class Converters {
public:
    void append(std::string& out, std::string& in, uint32_t cp) {
        const bool ascii = std::all_of(in.begin(), in.end(),
                                       [](char c) { return static_cast<uint8_t>(c) < 0x80; });
        if (ascii && ascii_compatible(cp)) {
            out += in;
            return;
        }
        auto it = open_.find(cp);
        if (it == open_.end()) {
            it = open_.emplace(cp, std::make_unique<Iconv>(cp)).first;
        }
        it->second->append(out, in);
    }

private:
    std::map<uint32_t, std::unique_ptr<Iconv>> open_;
};

}  // namespace

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
    Converters converters;
    converters.append(out, in, code_page);
    return out;
}

}  // namespace detail

namespace {

constexpr size_t MAX_DEPTH = 1024;
constexpr int32_t MAX_UC = 16;

struct Token {
    enum class Kind { end, open, close, word, symbol, hex, text };
    Kind kind = Kind::end;
    std::string word;  // letters of a control word
    bool has_param = false;
    int32_t param = 0;
    uint8_t byte = 0;  // text byte, control symbol, or value of \'hh
};

bool is_alpha(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(uint8_t c) {
    return c >= '0' && c <= '9';
}

int hex_value(uint8_t c) {
    if (is_digit(c)) {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// [MSFT-RTF] tokens. CR and LF outside control symbols are not content and are dropped here.
class Lexer {
public:
    explicit Lexer(std::span<const uint8_t> in) : in_(in) {}

    void next(Token& t) {
        t.word.clear();
        t.has_param = false;
        t.param = 0;
        while (pos_ < in_.size() && (in_[pos_] == '\r' || in_[pos_] == '\n')) {
            ++pos_;
        }
        if (pos_ == in_.size()) {
            t.kind = Token::Kind::end;
            return;
        }
        const uint8_t c = in_[pos_++];
        if (c == '{' || c == '}') {
            t.kind = c == '{' ? Token::Kind::open : Token::Kind::close;
            return;
        }
        if (c != '\\') {
            t.kind = Token::Kind::text;
            t.byte = c;
            return;
        }
        if (pos_ == in_.size()) {
            t.kind = Token::Kind::end;
            return;
        }
        const uint8_t d = in_[pos_];
        if (is_alpha(d)) {
            word(t);
            return;
        }
        ++pos_;
        if (d == '\'' && in_.size() - pos_ >= 2 && hex_value(in_[pos_]) >= 0
            && hex_value(in_[pos_ + 1]) >= 0) {
            t.kind = Token::Kind::hex;
            t.byte = static_cast<uint8_t>(hex_value(in_[pos_]) * 16 + hex_value(in_[pos_ + 1]));
            pos_ += 2;
            return;
        }
        t.kind = Token::Kind::symbol;
        t.byte = d;
    }

    // \binN: the next N bytes are binary data.
    void skip(int32_t n) {
        if (n > 0) {
            pos_ += std::min(static_cast<size_t>(n), in_.size() - pos_);
        }
    }

private:
    void word(Token& t) {
        t.kind = Token::Kind::word;
        while (pos_ < in_.size() && is_alpha(in_[pos_])) {
            t.word += static_cast<char>(in_[pos_++]);
        }
        const bool negative = pos_ + 1 < in_.size() && in_[pos_] == '-' && is_digit(in_[pos_ + 1]);
        if (negative) {
            ++pos_;
        }
        int64_t value = 0;
        while (pos_ < in_.size() && is_digit(in_[pos_])) {
            t.has_param = true;
            value = std::min<int64_t>(value * 10 + (in_[pos_++] - '0'), int64_t{1} << 32);
        }
        value = negative ? -value : value;
        t.param = static_cast<int32_t>(std::clamp<int64_t>(
            value, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()));
        if (pos_ < in_.size() && in_[pos_] == ' ') {
            ++pos_;
        }
    }

    std::span<const uint8_t> in_;
    size_t pos_ = 0;
};

// Destinations whose text is not part of the document body ([MSFT-RTF] header, document area
// destinations). Groups starting with \* and an unknown word are skipped as well.
bool skipped_destination(std::string_view w) {
    // Sorted, for binary search.
    static constexpr std::array<std::string_view, 47> words = {"annotation",
                                                               "atnauthor",
                                                               "atnid",
                                                               "author",
                                                               "bkmkend",
                                                               "bkmkstart",
                                                               "buptim",
                                                               "category",
                                                               "colorschememapping",
                                                               "colortbl",
                                                               "comment",
                                                               "company",
                                                               "creatim",
                                                               "datastore",
                                                               "doccomm",
                                                               "docvar",
                                                               "falt",
                                                               "fldinst",
                                                               "footer",
                                                               "footerf",
                                                               "footerl",
                                                               "footerr",
                                                               "footnote",
                                                               "generator",
                                                               "header",
                                                               "headerf",
                                                               "headerl",
                                                               "headerr",
                                                               "info",
                                                               "keywords",
                                                               "latentstyles",
                                                               "listoverridetable",
                                                               "listtable",
                                                               "manager",
                                                               "objdata",
                                                               "object",
                                                               "operator",
                                                               "pict",
                                                               "printim",
                                                               "revtbl",
                                                               "revtim",
                                                               "rsidtbl",
                                                               "stylesheet",
                                                               "subject",
                                                               "themedata",
                                                               "title",
                                                               "xmlnstbl"};
    return std::binary_search(words.begin(), words.end(), w);
}

// Characters of [MSFT-RTF] special-character control words.
std::string_view special_character(std::string_view w) {
    static const std::map<std::string_view, std::string_view> table = {
        {"par", "\r\n"},         {"line", "\r\n"},      {"tab", "\t"},
        {"lquote", "\u2018"},    {"rquote", "\u2019"},  {"ldblquote", "\u201C"},
        {"rdblquote", "\u201D"}, {"bullet", "\u2022"},  {"endash", "\u2013"},
        {"emdash", "\u2014"},    {"enspace", "\u2002"}, {"emspace", "\u2003"},
        {"qmspace", "\u2005"},   {"zwj", "\u200D"},     {"zwnj", "\u200C"},
        {"ltrmark", "\u200E"},   {"rtlmark", "\u200F"}, {"zwbo", "\u200B"},
    };
    const auto it = table.find(w);
    return it == table.end() ? std::string_view{} : it->second;
}

enum class Dest : uint8_t {
    body,        // document text
    skip,        // a destination that is not body text
    font_table,  // \fonttbl: font numbers and their code pages
    htmltag,     // \*\htmltag: original HTML, always copied
};

struct Group {
    Dest dest = Dest::body;
    bool htmlrtf = false;
    int32_t uc = 1;
    int32_t font = -1;
};

// Builds the UTF-8 output: code-page bytes are buffered per code page and converted in runs
// (so double-byte characters split over \'hh escapes and plain bytes stay whole); \uN units
// are paired into code points.
class Output {
public:
    void byte(uint8_t b, uint32_t cp) {
        if (pending_cp_ != cp) {
            flush();
            pending_cp_ = cp;
        }
        end_surrogate();
        pending_ += static_cast<char>(b);
    }

    void text(std::string_view utf8) {
        flush();
        end_surrogate();
        out_ += utf8;
    }

    void unit(uint16_t u) {
        flush();
        if (u >= 0xDC00 && u <= 0xDFFF && high_ != 0) {
            append_utf8(out_, 0x10000 + ((char32_t{high_} - 0xD800) << 10) + (u - 0xDC00u));
            high_ = 0;
            return;
        }
        end_surrogate();
        if (u >= 0xD800 && u <= 0xDBFF) {
            high_ = u;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            out_ += detail::REPLACEMENT;
        } else {
            append_utf8(out_, u);
        }
    }

    std::string finish() {
        flush();
        end_surrogate();
        return std::move(out_);
    }

private:
    void flush() {
        if (!pending_.empty()) {
            converters_.append(out_, pending_, pending_cp_);
            pending_.clear();
        }
    }

    void end_surrogate() {
        if (high_ != 0) {
            out_ += detail::REPLACEMENT;
            high_ = 0;
        }
    }

    detail::Converters converters_;
    std::string pending_;
    uint32_t pending_cp_ = 0;
    uint16_t high_ = 0;
    std::string out_;
};

// MS-OXRTFEX FROMHTML/FROMTEXT: the marker sits in the header, among the control words of the
// outermost group before the first paragraph or text.
Encapsulated scan_header(std::span<const uint8_t> rtf) {
    Encapsulated kind = Encapsulated::none;
    Lexer lex(rtf);
    Token t;
    lex.next(t);
    if (t.kind != Token::Kind::open) {
        return kind;
    }
    lex.next(t);
    if (t.kind != Token::Kind::word || t.word != "rtf") {
        return kind;
    }
    for (;;) {
        lex.next(t);
        switch (t.kind) {
            case Token::Kind::end:
            case Token::Kind::close:
            case Token::Kind::hex:
                return kind;
            case Token::Kind::text:
                if (t.byte != ' ') {
                    return kind;
                }
                break;
            case Token::Kind::symbol:
                break;
            case Token::Kind::open: {
                int depth = 1;
                while (depth > 0) {
                    lex.next(t);
                    if (t.kind == Token::Kind::end) {
                        return kind;
                    }
                    depth += t.kind == Token::Kind::open ? 1 : 0;
                    depth -= t.kind == Token::Kind::close ? 1 : 0;
                    if (t.kind == Token::Kind::word && t.word == "bin") {
                        lex.skip(t.param);
                    }
                }
                break;
            }
            case Token::Kind::word:
                if (t.word == "fromhtml" && t.has_param && t.param == 1) {
                    kind = Encapsulated::html;
                } else if (t.word == "fromtext") {
                    kind = Encapsulated::text;
                } else if (t.word == "pard" || t.word == "par" || t.word == "plain"
                           || t.word == "sectd") {
                    return kind;
                } else if (t.word == "bin") {
                    lex.skip(t.param);
                }
                break;
        }
    }
}

// The charset an HTML document declares in a <meta> tag, lower case, or "".
std::string meta_charset(std::string_view html) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    auto starts_with_ci = [&](size_t at, std::string_view what) {
        if (html.size() - at < what.size()) {
            return false;
        }
        for (size_t i = 0; i < what.size(); ++i) {
            if (lower(html[at + i]) != what[i]) {
                return false;
            }
        }
        return true;
    };
    for (size_t at = 0; at < html.size(); ++at) {
        if (html[at] != '<' || !starts_with_ci(at, "<meta")) {
            continue;
        }
        const size_t end = html.find('>', at);
        const size_t stop = end == std::string_view::npos ? html.size() : end;
        for (size_t i = at; i < stop; ++i) {
            if (!starts_with_ci(i, "charset")) {
                continue;
            }
            size_t p = i + 7;
            while (p < stop && (html[p] == ' ' || html[p] == '\t')) {
                ++p;
            }
            if (p == stop || html[p] != '=') {
                continue;
            }
            ++p;
            while (p < stop && (html[p] == ' ' || html[p] == '"' || html[p] == '\'')) {
                ++p;
            }
            std::string name;
            while (p < stop
                   && (std::isalnum(static_cast<unsigned char>(html[p])) != 0 || html[p] == '-'
                       || html[p] == '_' || html[p] == '.' || html[p] == ':')) {
                name += lower(html[p++]);
            }
            if (!name.empty()) {
                return name;
            }
        }
        at = stop;
    }
    return {};
}

class Walker {
public:
    Walker(std::span<const uint8_t> rtf, Encapsulated kind) : lex_(rtf), kind_(kind) {}

    Deencapsulated run() {
        Token t;
        for (;;) {
            lex_.next(t);
            if (t.kind == Token::Kind::end) {
                break;
            }
            if (t.kind == Token::Kind::open) {
                if (stack_.size() == MAX_DEPTH) {
                    throw LimitError(Location{{}, "RTF", {}},
                                     "groups nest deeper than " + std::to_string(MAX_DEPTH));
                }
                stack_.push_back(group_);
                ignorable_ = false;
                skip_ = 0;
                continue;
            }
            if (t.kind == Token::Kind::close) {
                // A brace that would close the outermost group is unbalanced when text
                // follows it (some writers leave one in a \htmlrtf region); it is ignored, so
                // the walk always reaches the end of the data.
                if (stack_.size() > 1) {
                    group_ = stack_.back();
                    stack_.pop_back();
                }
                ignorable_ = false;
                skip_ = 0;
                continue;
            }
            if (skip_ > 0) {
                --skip_;
                continue;
            }
            token(t);
        }
        Deencapsulated d;
        d.kind = kind_;
        d.content = out_.finish();
        d.code_page = code_page_;
        if (kind_ == Encapsulated::html) {
            d.charset_hint = meta_charset(d.content);
        }
        return d;
    }

private:
    bool emitting() const {
        return group_.dest == Dest::htmltag || (group_.dest == Dest::body && !group_.htmlrtf);
    }

    uint32_t text_code_page() const {
        if (group_.dest == Dest::htmltag) {
            return code_page_;
        }
        const int32_t font = group_.font >= 0 ? group_.font : default_font_;
        if (const auto it = font_cpg_.find(font); it != font_cpg_.end()) {
            return it->second;
        }
        const auto it = font_charset_.find(font);
        return it == font_charset_.end() || it->second == 0 ? code_page_ : it->second;
    }

    void token(const Token& t) {
        const bool ignorable = std::exchange(ignorable_, false);
        switch (t.kind) {
            case Token::Kind::text:
                if (t.byte != 0 && emitting()) {
                    out_.byte(t.byte, text_code_page());
                }
                return;
            case Token::Kind::hex:
                if (emitting()) {
                    out_.byte(t.byte, text_code_page());
                }
                return;
            case Token::Kind::symbol:
                symbol(t.byte);
                return;
            case Token::Kind::word:
                word(t, ignorable);
                return;
            default:
                return;
        }
    }

    void symbol(uint8_t c) {
        if (c == '*') {
            ignorable_ = true;
            return;
        }
        if (!emitting()) {
            return;
        }
        switch (c) {
            case '\\':
            case '{':
            case '}':
                out_.byte(c, text_code_page());
                return;
            case '~':
                out_.text("\u00A0");
                return;
            case '_':
                out_.text("\u2011");
                return;
            case '\r':
            case '\n':
                out_.text("\r\n");
                return;
            default:
                return;
        }
    }

    void word(const Token& t, bool ignorable) {
        const std::string_view w = t.word;
        if (w == "bin") {
            lex_.skip(t.param);
            return;
        }
        if (group_.dest == Dest::skip) {
            return;
        }
        if (w == "htmltag") {
            group_.dest = kind_ == Encapsulated::html ? Dest::htmltag : Dest::skip;
            return;
        }
        // MS-OXRTFEX MHTMLTAG: the same tag with rewritten URLs; the HTMLTAG beside it is kept.
        if (w == "mhtmltag" || skipped_destination(w)) {
            group_.dest = Dest::skip;
            return;
        }
        if (w == "fonttbl") {
            group_.dest = Dest::font_table;
            return;
        }
        if (ignorable) {
            group_.dest = Dest::skip;
            return;
        }
        if (group_.dest == Dest::font_table) {
            font_table_word(t);
            return;
        }
        if (w == "htmlrtf") {
            group_.htmlrtf = !t.has_param || t.param != 0;
        } else if (w == "uc") {
            group_.uc = std::clamp(t.param, 0, MAX_UC);
        } else if (w == "u") {
            if (emitting()) {
                out_.unit(static_cast<uint16_t>(t.param));
            }
            skip_ = group_.uc;
        } else if (w == "f") {
            group_.font = t.param;
        } else if (w == "deff") {
            default_font_ = t.param;
        } else if (w == "ansicpg") {
            if (t.param > 0) {
                code_page_ = static_cast<uint32_t>(t.param);
            }
        } else if (emitting()) {
            const std::string_view s = special_character(w);
            if (!s.empty()) {
                out_.text(s);
            }
        }
    }

    void font_table_word(const Token& t) {
        if (t.word == "f") {
            font_ = t.param;
        } else if (t.word == "fcharset") {
            font_charset_[font_] = detail::code_page_of_charset(t.param);
        } else if (t.word == "cpg" && t.param > 0) {
            font_cpg_[font_] = static_cast<uint32_t>(t.param);
        }
    }

    Lexer lex_;
    Encapsulated kind_;
    Output out_;
    std::vector<Group> stack_;
    Group group_;
    bool ignorable_ = false;
    int32_t skip_ = 0;
    uint32_t code_page_ = detail::DEFAULT_CODE_PAGE;
    int32_t default_font_ = -1;
    int32_t font_ = -1;
    std::map<int32_t, uint32_t> font_charset_;  // code page of each font's \fcharset
    std::map<int32_t, uint32_t> font_cpg_;      // each font's \cpg, which takes precedence
};

}  // namespace

Encapsulated detect(std::span<const uint8_t> rtf) {
    return scan_header(rtf);
}

std::optional<Deencapsulated> deencapsulate(std::span<const uint8_t> rtf) {
    const Encapsulated kind = detect(rtf);
    if (kind == Encapsulated::none) {
        return std::nullopt;
    }
    return Walker(rtf, kind).run();
}

}  // namespace msgforge::msg::rtf
