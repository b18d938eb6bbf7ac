// The HTML bodies of SMS and MMS objects in the shape of MS-OXOSMMS 4.2, and the text an HTML
// body shows (for an MMS that came without a plain-text body).
#include "detail.hpp"

#include <msgforge/base/text.hpp>

#include <algorithm>
#include <array>
#include <optional>

namespace msgforge::oms::detail {

namespace {

constexpr std::string_view BR = "<BR>\r\n";

// Text escaped for a double-quoted attribute value. A Content-ID holds no line breaks, but a
// wrong one must neither end the attribute nor become a <BR>.
std::string escape_attribute(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (append_markup_escape(out, c)) {
            continue;
        }
        if (c == '\r') {
            out += "&#13;";
        } else if (c == '\n') {
            out += "&#10;";
        } else {
            out += c;
        }
    }
    return out;
}

void append_link(std::string& out, const std::pair<std::string, std::string>& link) {
    out += "<A HREF=\"cid:";
    out += escape_attribute(link.first);
    out += "\">";
    out += escape_html(link.second);
    out += "</A>\r\n";
    out += BR;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_alnum(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}

void append_utf8(std::string& out, uint32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// HTML 4.01 24.2: the Latin-1 entities, U+00A0 to U+00FF in order.
constexpr std::array<std::string_view, 96> LATIN1_ENTITIES = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

// The longest entity name looked up; a longer run of letters is no entity.
constexpr size_t ENTITY_NAME_LIMIT = 8;

// A named character reference (case-sensitive, as in HTML): the markup-significant four of
// HTML 4 24.4, XML's &apos; and the Latin-1 set.
std::optional<uint32_t> named_entity(std::string_view name) {
    if (name == "amp") {
        return '&';
    }
    if (name == "lt") {
        return '<';
    }
    if (name == "gt") {
        return '>';
    }
    if (name == "quot") {
        return '"';
    }
    if (name == "apos") {
        return '\'';
    }
    for (size_t i = 0; i < LATIN1_ENTITIES.size(); ++i) {
        if (LATIN1_ENTITIES[i] == name) {
            return static_cast<uint32_t>(0xA0 + i);
        }
    }
    return std::nullopt;
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

// Elements that may sit in <head> (HTML5 13.2.6.4.4); any other start tag ends it.
bool belongs_in_head(std::string_view name) {
    return name == "title" || name == "meta" || name == "link" || name == "style"
           || name == "script" || name == "base" || name == "noscript" || name == "template";
}

// The text html_to_text gives, made precise. Line breaks are CR LF, as in PidTagBody and the
// plain text build() writes. <br> (and </br>) is one line break; the start and end tags of a
// block element end the current line unless it is empty; <td> and <th> separate words. White
// space collapses to one space between words, none at the start or end of a line, except
// inside <pre>. The content of <head>, <script>, <style> and <title>, comments, declarations
// and processing instructions are not shown; a tag still open at the end of the input is
// dropped. Line breaks at the start and end of the whole text are removed.
//
// One pass over the HTML, each byte looked at a bounded number of times: every search starts
// where the last one stopped, and nothing recurses.
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
                entity();
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
        if (pre_ == 0 || in_head_) {
            space_ = true;
        } else if (newline) {
            if (!skip) {
                line_break();
            }
        } else {
            out_ += c;
        }
    }

    void character(uint32_t c) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (pre_ == 0 || in_head_) {
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

    // A character reference at at_ ('&'): &#N; and &#xN; (the ';' may be missing, as browsers
    // allow; zero, surrogates and values past U+10FFFF become U+FFFD) or a known name with
    // ';'. Anything else leaves the '&' as text.
    void entity() {
        size_t i = at_ + 1;
        if (i < in_.size() && in_[i] == '#') {
            ++i;
            const bool hex = i < in_.size() && (in_[i] == 'x' || in_[i] == 'X');
            if (hex) {
                ++i;
            }
            const size_t start = i;
            uint32_t value = 0;
            while (i < in_.size()) {
                const char d = ascii_lower(in_[i]);
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
                visible("&");
                ++at_;
                return;
            }
            if (i < in_.size() && in_[i] == ';') {
                ++i;
            }
            at_ = i;
            const bool valid = value != 0 && value < 0x110000 && (value < 0xD800 || value > 0xDFFF);
            character(valid ? value : 0xFFFD);
            return;
        }
        size_t end = i;
        while (end < in_.size() && end - i <= ENTITY_NAME_LIMIT && is_alnum(in_[end])) {
            ++end;
        }
        if (end < in_.size() && in_[end] == ';') {
            if (const auto c = named_entity(in_.substr(i, end - i))) {
                at_ = end + 1;
                character(*c);
                return;
            }
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
            // HTML5 13.2.6.4.7 reads </br> as <br> too.
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

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (size_t i = 0; i < text.size(); ++i) {
        if (append_markup_escape(out, text[i])) {
            continue;
        }
        if (text[i] == '\r' || text[i] == '\n') {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            out += BR;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string make_mms_html(const std::vector<HtmlSlide>& slides,
                          const std::vector<std::pair<std::string, std::string>>& extra_links) {
    std::string out = "<HTML>\r\n<BODY>\r\n";
    for (const HtmlSlide& slide : slides) {
        if (!slide.image_cid.empty()) {
            out += "<IMG SRC=\"cid:" + escape_attribute(slide.image_cid) + "\" border=\"0\">\r\n";
            out += BR;
        }
        if (!slide.text.empty()) {
            out += escape_html(slide.text);
            out += "\r\n";
            out += BR;
        }
        if (!slide.text_cid.empty()) {
            out += "<A HREF=\"cid:" + escape_attribute(slide.text_cid) + "\"></A>\r\n";
        }
        for (const auto& link : slide.links) {
            append_link(out, link);
        }
    }
    for (const auto& link : extra_links) {
        append_link(out, link);
    }
    out += "</BODY>\r\n</HTML>\r\n";
    return out;
}

std::string make_sms_html(std::string_view text) {
    std::string out = "<HTML>\r\n<BODY>\r\n";
    if (!text.empty()) {
        out += escape_html(text);
        out += "\r\n";
    }
    out += "</BODY>\r\n</HTML>\r\n";
    return out;
}

std::string html_to_text(std::string_view html) {
    return TextOf(html).run();
}

}  // namespace msgforge::oms::detail
