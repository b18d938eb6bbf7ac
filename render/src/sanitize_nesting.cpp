// A linear pass over a message's HTML before gumbo parses it, so that the parse stays linear:
// gumbo, like the HTML standard's tree construction, looks through the stack of open elements
// and the list of active formatting elements for most tags, which is quadratic in their depth.
#include "sanitize_parts.hpp"

#include <msgforge/base/text.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace msgforge::render::detail {

namespace {

bool letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

template <size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 19> VOID_ELEMENTS{
    "area", "base",  "basefont", "bgsound", "br",   "col",   "embed",  "frame", "hr", "image",
    "img",  "input", "keygen",   "link",    "meta", "param", "source", "track", "wbr"};

/// Elements whose content the tokenizer reads as raw text up to their end tag.
constexpr std::array<std::string_view, 9> RAW_TEXT{
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"};

constexpr std::array<std::string_view, 14> FORMATTING{"a",      "b",      "big",  "code", "em",
                                                      "font",   "i",      "nobr", "s",    "small",
                                                      "strike", "strong", "tt",   "u"};

/// Start tags that close an open <p> (the HTML standard, 13.2.6.4.7).
constexpr std::array<std::string_view, 36> CLOSES_P{
    "address", "article", "aside",    "blockquote", "center", "details", "dialog",  "dir",
    "div",     "dl",      "fieldset", "figcaption", "figure", "footer",  "form",    "h1",
    "h2",      "h3",      "h4",       "h5",         "h6",     "header",  "hgroup",  "hr",
    "main",    "menu",    "nav",      "ol",         "p",      "pre",     "section", "summary",
    "table",   "ul",      "li",       "dd"};

/// Elements that put a marker on the list of active formatting elements.
constexpr std::array<std::string_view, 7> MARKERS{"applet", "caption", "marquee", "object",
                                                  "td",     "th",      "template"};

class Bounder {
public:
    Bounder(std::string_view html, size_t max_depth, size_t max_formatting)
        : in_(html), max_depth_(max_depth), max_formatting_(max_formatting) {
        out_.reserve(html.size());
    }

    std::string run() {
        while (at_ < in_.size()) {
            const size_t lt = in_.find('<', at_);
            if (lt == std::string_view::npos) {
                break;
            }
            copy_to(lt);
            tag();
        }
        copy_to(in_.size());
        return std::move(out_);
    }

private:
    void copy_to(size_t end) {
        out_.append(in_.substr(at_, end - at_));
        at_ = end;
    }

    /// At a '<': a comment, a declaration, an end tag, a start tag or a lone '<'.
    void tag() {
        const std::string_view rest = in_.substr(at_);
        if (rest.starts_with("<!--")) {
            const size_t end = in_.find("-->", at_ + 4);
            copy_to(end == std::string_view::npos ? in_.size() : end + 3);
        } else if (rest.starts_with("<!") || rest.starts_with("<?")) {
            const size_t end = in_.find('>', at_);
            copy_to(end == std::string_view::npos ? in_.size() : end + 1);
        } else if (rest.size() > 2 && rest[1] == '/' && letter(rest[2])) {
            const size_t start = at_;
            const std::string name = read_tag(at_ + 2);
            end_tag(name);
            out_.append(in_.substr(start, at_ - start));
        } else if (rest.size() > 1 && letter(rest[1])) {
            const size_t start = at_;
            const std::string name = read_tag(at_ + 1);
            if (start_tag(name)) {
                out_.append(in_.substr(start, at_ - start));
                if (one_of(name, RAW_TEXT)) {
                    skip_raw_text(name);
                } else if (name == "plaintext") {
                    copy_to(in_.size());
                }
            }
        } else {
            copy_to(at_ + 1);
        }
    }

    /// Reads the tag name at `from` and its attributes as the tokenizer does (quoted values may
    /// hold '>'); leaves at_ after the closing '>' (or at the end) and returns the lower-case
    /// name.
    std::string read_tag(size_t from) {
        size_t i = from;
        while (i < in_.size() && !space(in_[i]) && in_[i] != '/' && in_[i] != '>') {
            ++i;
        }
        const std::string name = ascii_lower(in_.substr(from, i - from));
        while (i < in_.size() && in_[i] != '>') {
            if (space(in_[i]) || in_[i] == '/') {
                ++i;
                continue;
            }
            // An attribute name (its first character may be '='), then maybe '=' and a value.
            ++i;
            while (i < in_.size() && !space(in_[i]) && in_[i] != '/' && in_[i] != '>'
                   && in_[i] != '=') {
                ++i;
            }
            size_t j = i;
            while (j < in_.size() && space(in_[j])) {
                ++j;
            }
            if (j >= in_.size() || in_[j] != '=') {
                i = j;
                continue;
            }
            ++j;
            while (j < in_.size() && space(in_[j])) {
                ++j;
            }
            if (j < in_.size() && (in_[j] == '"' || in_[j] == '\'')) {
                const size_t close = in_.find(in_[j], j + 1);
                i = close == std::string_view::npos ? in_.size() : close + 1;
            } else {
                while (j < in_.size() && !space(in_[j]) && in_[j] != '>') {
                    ++j;
                }
                i = j;
            }
        }
        at_ = i < in_.size() ? i + 1 : in_.size();
        return name;
    }

    /// Counts start tag `name`; false when it is to be left out.
    bool start_tag(const std::string& name) {
        if (one_of(name, VOID_ELEMENTS)) {
            return true;
        }
        if (one_of(name, FORMATTING)) {
            if (formatting_ >= max_formatting_) {
                return false;
            }
            ++formatting_;
            return true;
        }
        if (one_of(name, CLOSES_P)) {
            close_nearest("p");
        }
        if (name == "li" || name == "dd" || name == "dt" || name == "tr" || name == "option") {
            close_nearest(name);
        } else if (name == "td" || name == "th") {
            close_nearest("td");
            close_nearest("th");
        }
        if (open_.size() >= max_depth_) {
            return false;
        }
        if (!one_of(name, RAW_TEXT) && name != "plaintext") {
            open_.push_back({name, formatting_});
        }
        return true;
    }

    void end_tag(const std::string& name) {
        if (one_of(name, FORMATTING)) {
            formatting_ -= formatting_ > 0 ? 1 : 0;
            return;
        }
        close_nearest(name);
    }

    /// Pops the open elements down to and including the nearest `name`, if one is open. Closing
    /// a cell, caption, object or the like clears the formatting elements opened inside it, as
    /// the list of active formatting elements is cleared up to its marker.
    void close_nearest(std::string_view name) {
        for (size_t i = open_.size(); i > 0; --i) {
            if (open_[i - 1].name != name) {
                continue;
            }
            for (size_t j = open_.size(); j >= i; --j) {
                if (one_of(std::string_view(open_[j - 1].name), MARKERS)) {
                    formatting_ = std::min(formatting_, open_[j - 1].formatting_before);
                }
            }
            open_.resize(i - 1);
            return;
        }
    }

    /// Copies raw text up to the end tag of `name` (which stays for the next tag() to copy).
    void skip_raw_text(const std::string& name) {
        for (size_t i = in_.find("</", at_); i != std::string_view::npos;
             i = in_.find("</", i + 2)) {
            const size_t after = i + 2 + name.size();
            if (after <= in_.size() && equal_ci(in_.substr(i + 2, name.size()), name)
                && (after == in_.size() || space(in_[after]) || in_[after] == '/'
                    || in_[after] == '>')) {
                copy_to(i);
                return;
            }
        }
        copy_to(in_.size());
    }

    std::string_view in_;
    size_t max_depth_;
    size_t max_formatting_;
    size_t at_ = 0;
    std::string out_;

    struct Open {
        std::string name;
        size_t formatting_before = 0;  ///< formatting elements open when it was
    };

    std::vector<Open> open_;
    size_t formatting_ = 0;
};

}  // namespace

std::string bound_nesting(std::string_view html, size_t max_depth, size_t max_formatting) {
    return Bounder(html, max_depth, max_formatting).run();
}

}  // namespace msgforge::render::detail
