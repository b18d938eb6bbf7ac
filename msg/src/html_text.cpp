// The text of HTML and its character references (the HTML standard, 13.2.5.72-80, 13.5).
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/html_text.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace msgforge::msg {

namespace {

struct NamedReference {
    std::string_view name;  // without '&'; with ';' unless it is a legacy form
    uint32_t first;
    uint32_t second;  // 0 when the name stands for one code point
};

constexpr NamedReference NAMED_REFERENCES[] = {
#include "html_entities.inc"
};

constexpr bool by_name(const NamedReference& a, const NamedReference& b) {
    return a.name < b.name;
}

static_assert(std::is_sorted(std::begin(NAMED_REFERENCES), std::end(NAMED_REFERENCES), by_name));

// The longest name, and the longest legacy name (one without ';').
constexpr size_t longest_name(bool legacy) {
    size_t n = 0;
    for (const NamedReference& r : NAMED_REFERENCES) {
        if (!legacy || !r.name.ends_with(';')) {
            n = std::max(n, r.name.size());
        }
    }
    return n;
}

constexpr size_t MAX_NAME = longest_name(false);
constexpr size_t MAX_LEGACY_NAME = longest_name(true);

const NamedReference* find_name(std::string_view name) {
    const auto* end = std::end(NAMED_REFERENCES);
    const auto* it =
        std::lower_bound(std::begin(NAMED_REFERENCES), end, NamedReference{name, 0, 0}, by_name);
    return it != end && it->name == name ? it : nullptr;
}

// What a numeric character reference to 0x80-0x9F stands for (13.2.5.80): the Windows-1252
// character at that byte; 0 where Windows-1252 has none and the code point is kept.
constexpr std::array<uint16_t, 32> C1_REPLACEMENTS = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// The code point a numeric character reference to `value` gives (13.2.5.80).
uint32_t numeric_reference(uint32_t value) {
    if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return 0xFFFD;
    }
    if (value >= 0x80 && value <= 0x9F && C1_REPLACEMENTS[value - 0x80] != 0) {
        return C1_REPLACEMENTS[value - 0x80];
    }
    return value;
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_alnum(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// A character reference: how many bytes it takes ('&' included) and what it stands for.
struct Reference {
    size_t length;
    uint32_t first;
    uint32_t second;  // 0 for one code point
};

// The character reference at in[at] == '&', or nullopt when what follows is none (the '&' is
// then text). In an attribute value a legacy name followed by '=' or a letter or digit is none
// (13.2.5.73). Looks at no more than MAX_NAME bytes past the '&', or at the digits of a
// numeric reference.
std::optional<Reference> reference_at(std::string_view in, size_t at, bool attribute) {
    size_t i = at + 1;
    if (i < in.size() && in[i] == '#') {
        ++i;
        const bool hex = i < in.size() && (in[i] == 'x' || in[i] == 'X');
        if (hex) {
            ++i;
        }
        const size_t start = i;
        uint32_t value = 0;
        while (i < in.size()) {
            const char d = ascii_lower(in[i]);
            uint32_t digit = 0;
            if (d >= '0' && d <= '9') {
                digit = static_cast<uint32_t>(d - '0');
            } else if (hex && d >= 'a' && d <= 'f') {
                digit = static_cast<uint32_t>(d - 'a' + 10);
            } else {
                break;
            }
            value = std::min<uint32_t>(0x110000, value * (hex ? 16 : 10) + digit);
            ++i;
        }
        if (i == start) {
            return std::nullopt;
        }
        if (i < in.size() && in[i] == ';') {
            ++i;
        }
        return Reference{i - at, numeric_reference(value), 0};
    }
    size_t end = i;
    while (end < in.size() && end - i < MAX_NAME && is_alnum(in[end])) {
        ++end;
    }
    if (end == i) {
        return std::nullopt;
    }
    if (end < in.size() && in[end] == ';') {
        if (const NamedReference* r = find_name(in.substr(i, end + 1 - i))) {
            return Reference{end + 1 - at, r->first, r->second};
        }
    }
    // The longest legacy name the letters start with.
    for (size_t n = std::min(end - i, MAX_LEGACY_NAME); n > 0; --n) {
        if (const NamedReference* r = find_name(in.substr(i, n))) {
            const size_t after = i + n;
            if (attribute && after < in.size() && (in[after] == '=' || is_alnum(in[after]))) {
                return std::nullopt;
            }
            return Reference{1 + n, r->first, r->second};
        }
    }
    return std::nullopt;
}

std::string decode(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    size_t at = 0;
    while (at < text.size()) {
        const size_t amp = text.find('&', at);
        if (amp == std::string_view::npos) {
            out += text.substr(at);
            break;
        }
        out += text.substr(at, amp - at);
        if (const auto r = reference_at(text, amp, attribute)) {
            append_utf8(out, r->first);
            if (r->second != 0) {
                append_utf8(out, r->second);
            }
            at = amp + r->length;
        } else {
            out += '&';
            at = amp + 1;
        }
    }
    return out;
}

// Elements whose start and end break the line (HTML 4 block-level elements, plus the HTML5
// sectioning ones and the list and table rows that render on lines of their own). Sorted.
constexpr std::array<std::string_view, 38> BLOCK_ELEMENTS = {
    "address", "article", "aside",   "blockquote", "caption", "center",   "dd",         "details",
    "dialog",  "dir",     "div",     "dl",         "dt",      "fieldset", "figcaption", "figure",
    "footer",  "form",    "h1",      "h2",         "h3",      "h4",       "h5",         "h6",
    "header",  "hr",      "li",      "main",       "menu",    "nav",      "ol",         "p",
    "pre",     "section", "summary", "table",      "tr",      "ul",
};

static_assert(std::is_sorted(BLOCK_ELEMENTS.begin(), BLOCK_ELEMENTS.end()));

// Elements whose content is not markup and never shown: it runs to their end tag.
bool is_hidden_text(std::string_view name) {
    return name == "script" || name == "style" || name == "title";
}

// Elements that may sit in <head> (13.2.6.4.4); any other start tag ends it.
bool belongs_in_head(std::string_view name) {
    return name == "title" || name == "meta" || name == "link" || name == "style"
           || name == "script" || name == "base" || name == "noscript" || name == "template";
}

// html_to_text in one pass over the HTML, each byte looked at a bounded number of times:
// every search starts where the last one stopped, and nothing recurses.
class TextOf {
public:
    explicit TextOf(std::string_view html) : in_(html) {}

    std::string run() {
        while (at_ < in_.size()) {
            const char c = in_[at_];
            if (c == '<') {
                skip_newline_ = false;
                markup();
            } else if (c == '&') {
                skip_newline_ = false;
                reference();
            } else if (is_space(c)) {
                whitespace();
            } else {
                skip_newline_ = false;
                const size_t end = in_.find_first_of("<& \t\n\r\f", at_);
                const size_t stop = end == std::string_view::npos ? in_.size() : end;
                visible(in_.substr(at_, stop - at_));
                at_ = stop;
            }
        }
        const size_t first = out_.find_first_not_of("\r\n");
        if (first == std::string::npos) {
            return {};
        }
        return out_.substr(first, out_.find_last_not_of("\r\n") + 1 - first);
    }

private:
    // Text other than white space; it also ends an open <head>, as in a browser.
    void visible(std::string_view text) {
        in_head_ = false;
        if (space_ && !out_.empty() && out_.back() != '\n') {
            out_ += ' ';
        }
        space_ = false;
        out_ += text;
    }

    void line_break() {
        out_ += "\r\n";
        space_ = false;
    }

    void block_break() {
        if (!out_.empty() && out_.back() != '\n') {
            out_ += "\r\n";
        }
        space_ = false;
    }

    bool keeps_space() const { return pre_ > 0 && !in_head_; }

    // White space in the source at at_: kept inside <pre> (a line break there is CR LF, CR or
    // LF, and the one right after <pre> is dropped), otherwise one space between words.
    void whitespace() {
        const char c = in_[at_++];
        const bool newline = c == '\n' || c == '\r';
        if (c == '\r' && at_ < in_.size() && in_[at_] == '\n') {
            ++at_;
        }
        const bool skip = skip_newline_ && newline;
        skip_newline_ = false;
        if (!keeps_space()) {
            space_ = true;
        } else if (newline) {
            if (!skip) {
                line_break();
            }
        } else {
            out_ += c;
        }
    }

    // A character a reference stands for: white space as in the source, anything else shown.
    void character(uint32_t c) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (!keeps_space()) {
                space_ = true;
            } else if (c == '\n' || c == '\r') {
                line_break();
            } else {
                out_ += static_cast<char>(c);
            }
            return;
        }
        std::string utf8;
        append_utf8(utf8, c);
        visible(utf8);
    }

    void reference() {
        if (const auto r = reference_at(in_, at_, false)) {
            at_ += r->length;
            character(r->first);
            if (r->second != 0) {
                character(r->second);
            }
            return;
        }
        visible("&");
        ++at_;
    }

    // Markup at at_ ('<'): a comment, a declaration or processing instruction, a start or end
    // tag; a '<' that starts none of these is text.
    void markup() {
        const size_t next = at_ + 1;
        if (next >= in_.size()) {
            visible("<");
            at_ = next;
            return;
        }
        const char n = in_[next];
        if (n == '!' && in_.substr(next + 1, 2) == "--") {
            // Searching from the first '-' also ends the abrupt comments "<!-->" and "<!--->".
            const size_t end = in_.find("-->", next + 1);
            at_ = end == std::string_view::npos ? in_.size() : end + 3;
        } else if (n == '!' || n == '?') {
            skip_past('>', next);
        } else if (n == '/' && next + 1 >= in_.size()) {
            visible("</");
            at_ = in_.size();
        } else if (n == '/' && !is_alpha(in_[next + 1])) {
            skip_past('>', next);
        } else if (n == '/' || is_alpha(n)) {
            tag(n == '/');
        } else {
            visible("<");
            at_ = next;
        }
    }

    void skip_past(char c, size_t from) {
        const size_t end = in_.find(c, from);
        at_ = end == std::string_view::npos ? in_.size() : end + 1;
    }

    // Where the tag whose attributes start at `i` ends (one past its '>'), skipping quoted
    // attribute values; npos when the input ends first, and the tag is then dropped.
    size_t tag_end(size_t i) const {
        while (i < in_.size()) {
            const char c = in_[i];
            if (c == '>') {
                return i + 1;
            }
            ++i;
            if (c != '=') {
                continue;
            }
            while (i < in_.size() && is_space(in_[i])) {
                ++i;
            }
            if (i < in_.size() && (in_[i] == '"' || in_[i] == '\'')) {
                const size_t close = in_.find(in_[i], i + 1);
                if (close == std::string_view::npos) {
                    return std::string_view::npos;
                }
                i = close + 1;
            }
        }
        return std::string_view::npos;
    }

    void tag(bool end_tag) {
        const size_t name_start = at_ + (end_tag ? 2 : 1);
        size_t i = name_start;
        while (i < in_.size() && !is_space(in_[i]) && in_[i] != '/' && in_[i] != '>') {
            ++i;
        }
        const std::string name = ascii_lower(in_.substr(name_start, i - name_start));
        const size_t end = tag_end(i);
        if (end == std::string_view::npos) {
            at_ = in_.size();
            return;
        }
        at_ = end;
        if ((!end_tag || name == "br") && in_head_ && !belongs_in_head(name)) {
            in_head_ = false;
        }
        if (name == "br") {
            // 13.2.6.4.7 reads </br> as <br> too.
            line_break();
        } else if (std::binary_search(BLOCK_ELEMENTS.begin(), BLOCK_ELEMENTS.end(), name)) {
            block_break();
            if (name == "pre" && !end_tag) {
                ++pre_;
                skip_newline_ = true;
            } else if (name == "pre" && pre_ > 0) {
                --pre_;
            }
        } else if (name == "td" || name == "th") {
            space_ = space_ || !end_tag;
        } else if (name == "head") {
            // A <head> after shown text is misplaced, and browsers ignore it.
            in_head_ = !end_tag && out_.empty();
        } else if (!end_tag && is_hidden_text(name)) {
            skip_hidden(name);
        }
    }

    // Skips the content of a script, style or title element up to its end tag (which the main
    // loop then reads), or to the end of the input when it has none.
    void skip_hidden(std::string_view name) {
        size_t from = at_;
        while (true) {
            const size_t close = in_.find("</", from);
            if (close == std::string_view::npos) {
                at_ = in_.size();
                return;
            }
            const size_t after = close + 2 + name.size();
            if (after <= in_.size() && ascii_lower(in_.substr(close + 2, name.size())) == name
                && (after == in_.size() || is_space(in_[after]) || in_[after] == '/'
                    || in_[after] == '>')) {
                at_ = close;
                return;
            }
            from = close + 2;
        }
    }

    std::string_view in_;
    size_t at_ = 0;
    std::string out_;
    bool space_ = false;         // white space seen since the last text
    int pre_ = 0;                // open <pre> elements
    bool skip_newline_ = false;  // just after <pre>
    bool in_head_ = false;
};

}  // namespace

std::string html_to_text(std::string_view html) {
    return TextOf(html).run();
}

std::string decode_html_text(std::string_view text) {
    return decode(text, false);
}

std::string decode_html_attribute(std::string_view value) {
    return decode(value, true);
}

}  // namespace msgforge::msg
