// MS-OXRTFEX de-encapsulation: restoring the HTML (text outside \htmlrtf regions plus the content
// of \*\htmltag groups) or the plain text of an RTF body that detect() (rtf_detect.cpp) found
// encapsulated. The RTF walk follows [MSFT-RTF] 1.9.1 for groups, destinations, \uc/\u and \bin
// over the tokens of rtf_lexer.cpp; code-page bytes become UTF-8 through rtf_codepage.cpp.
#include "rtf_codepage.hpp"
#include "rtf_lexer.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/html_text.hpp>
#include <msgforge/msg/rtf.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::msg::rtf {
namespace {

using detail::Lexer;
using detail::Token;

constexpr size_t MAX_DEPTH = 1024;
constexpr int32_t MAX_UC = 16;

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

    void bytes(std::span<const uint8_t> run, uint32_t cp) {
        if (run.empty()) {
            return;
        }
        if (pending_cp_ != cp) {
            flush();
            pending_cp_ = cp;
        }
        end_surrogate();
        pending_ += as_chars(run);
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
            detail::append_utf8(out_, pending_, pending_cp_);
            pending_.clear();
        }
    }

    void end_surrogate() {
        if (high_ != 0) {
            out_ += detail::REPLACEMENT;
            high_ = 0;
        }
    }

    std::string pending_;
    uint32_t pending_cp_ = 0;
    uint16_t high_ = 0;
    std::string out_;
};

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
            case Token::Kind::text: {
                // The text that follows goes in one run: only a control word changes how it is
                // read, and none comes before the run ends.
                const std::span<const uint8_t> run = lex_.text_run();
                if (emitting()) {
                    const uint32_t cp = text_code_page();
                    if (t.byte != 0) {
                        out_.byte(t.byte, cp);
                    }
                    out_.bytes(run, cp);
                }
                return;
            }
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

std::optional<Deencapsulated> deencapsulate(std::span<const uint8_t> rtf) {
    const Encapsulated kind = detect(rtf);
    if (kind == Encapsulated::none) {
        return std::nullopt;
    }
    return Walker(rtf, kind).run();
}

std::string to_text(std::span<const uint8_t> rtf) {
    switch (detect(rtf)) {
        case Encapsulated::html:
            return html_to_text(Walker(rtf, Encapsulated::html).run().content);
        case Encapsulated::text:
        case Encapsulated::none:
            return Walker(rtf, Encapsulated::text).run().content;
    }
    return {};
}

}  // namespace msgforge::msg::rtf
