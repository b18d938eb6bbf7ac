// URLs and style attributes of a message's HTML: what sanitize_html() keeps of them.
#include "sanitize_parts.hpp"

#include <msgforge/base/text.hpp>
#include <msgforge/render/sanitize.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace msgforge::render {

namespace detail {

std::string strip_url(std::string_view url) {
    const auto c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
    while (!url.empty() && c0_or_space(url.front())) {
        url.remove_prefix(1);
    }
    while (!url.empty() && c0_or_space(url.back())) {
        url.remove_suffix(1);
    }
    std::string out;
    out.reserve(url.size());
    for (const char c : url) {
        if (c != '\t' && c != '\n' && c != '\r') {
            out += c;
        }
    }
    return out;
}

std::string url_scheme(std::string_view url) {
    const size_t colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return "";
    }
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(url[0])) {
        return "";
    }
    for (size_t i = 1; i < colon; ++i) {
        const char c = url[i];
        if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
            return "";
        }
    }
    return ascii_lower(url.substr(0, colon));
}

}  // namespace detail

std::optional<std::string> safe_link(std::string_view href) {
    std::string url = detail::strip_url(href);
    const std::string scheme = detail::url_scheme(url);
    if (scheme == "http" || scheme == "https" || scheme == "mailto") {
        return url;
    }
    if (scheme.empty() && url.starts_with('#')) {
        return url;
    }
    return std::nullopt;
}

namespace {

/// The functions a kept declaration may call: colours, arithmetic and gradients, none of which
/// loads anything.
constexpr std::array<std::string_view, 14> ALLOWED_FUNCTIONS{"rgb",
                                                             "rgba",
                                                             "hsl",
                                                             "hsla",
                                                             "calc",
                                                             "min",
                                                             "max",
                                                             "clamp",
                                                             "linear-gradient",
                                                             "radial-gradient",
                                                             "repeating-linear-gradient",
                                                             "repeating-radial-gradient",
                                                             "rotate",
                                                             "translate"};

bool ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
           || static_cast<unsigned char>(c) >= 0x80;
}

/// Whether the declaration `declaration` (lower case) names a script URL (javascript:,
/// vbscript:), white space and controls left out as a browser leaves them out of a URL, in its
/// value or across its name and colon ("javascript: x"). Such a declaration runs nothing outside
/// url(), but is dropped all the same: no browser should ever see one in a message.
bool names_script_url(std::string_view declaration) {
    std::string squeezed;
    for (const char c : declaration) {
        if (static_cast<unsigned char>(c) > 0x20) {
            squeezed += c;
        }
    }
    return squeezed.find("javascript:") != std::string::npos
           || squeezed.find("vbscript:") != std::string::npos;
}

/// Whether declaration value `value` (lower case) may be kept.
bool safe_value(std::string_view value) {
    if (value.find_first_of("\\@<>{}") != std::string_view::npos
        || value.find("/*") != std::string_view::npos) {
        return false;
    }
    for (size_t at = value.find('('); at != std::string_view::npos; at = value.find('(', at + 1)) {
        size_t start = at;
        while (start > 0 && ident_char(value[start - 1])) {
            --start;
        }
        const std::string_view name = value.substr(start, at - start);
        bool allowed = false;
        for (const std::string_view f : ALLOWED_FUNCTIONS) {
            allowed = allowed || f == name;
        }
        if (!allowed) {
            return false;
        }
    }
    return true;
}

/// Whether property `name` (lower case) may be kept: a CSS identifier that is not a custom
/// property, and none of the properties that bind code (behavior, -moz-binding) or lift content
/// out of the message's box over the page's own (position).
bool safe_property(std::string_view name) {
    if (name.empty() || name.starts_with("--")) {
        return false;
    }
    for (const char c : name) {
        if (!((c >= 'a' && c <= 'z') || c == '-')) {
            return false;
        }
    }
    return name != "behavior" && name != "-moz-binding" && name != "-ms-behavior"
           && name != "position";
}

std::string trimmed(std::string_view s) {
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    };
    while (!s.empty() && space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && space(s.back())) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

}  // namespace

std::string sanitize_style(std::string_view css) {
    // Declarations split at the semicolons outside strings and parentheses.
    std::vector<std::string_view> declarations;
    size_t start = 0;
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i <= css.size(); ++i) {
        const char c = i < css.size() ? css[i] : ';';
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (c == ';' && (depth == 0 || i == css.size())) {
            declarations.push_back(css.substr(start, i - start));
            start = i + 1;
        }
    }
    std::string out;
    for (const std::string_view d : declarations) {
        const size_t colon = d.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string name = ascii_lower(trimmed(d.substr(0, colon)));
        const std::string value = trimmed(d.substr(colon + 1));
        const bool unbalanced = std::count(value.begin(), value.end(), '"') % 2 != 0
                                || std::count(value.begin(), value.end(), '\'') % 2 != 0;
        if (value.empty() || unbalanced || !safe_property(name) || !safe_value(ascii_lower(value))
            || names_script_url(name + ":" + ascii_lower(value))) {
            continue;
        }
        out += (out.empty() ? "" : "; ") + name + ": " + value;
    }
    return out;
}

}  // namespace msgforge::render
