#include "oracle.hpp"

#include <algorithm>
#include <cctype>
#include <gumbo.h>
#include <set>

namespace msgforge::test {

namespace {

const std::set<std::string, std::less<>> ELEMENTS{
    "html",   "head", "body",   "a",      "abbr",     "acronym",    "address", "article",
    "aside",  "b",    "bdi",    "bdo",    "big",      "blockquote", "br",      "caption",
    "center", "cite", "code",   "col",    "colgroup", "dd",         "del",     "details",
    "dfn",    "div",  "dl",     "dt",     "em",       "figcaption", "figure",  "font",
    "footer", "h1",   "h2",     "h3",     "h4",       "h5",         "h6",      "header",
    "hr",     "i",    "img",    "ins",    "kbd",      "li",         "main",    "mark",
    "nav",    "ol",   "p",      "pre",    "q",        "s",          "samp",    "section",
    "small",  "span", "strike", "strong", "sub",      "summary",    "sup",     "table",
    "tbody",  "td",   "tfoot",  "th",     "thead",    "time",       "tr",      "tt",
    "u",      "ul",   "var",    "wbr"};

const std::set<std::string, std::less<>> ATTRIBUTES{
    "abbr",    "align",   "alt",    "bgcolor", "border",   "cellpadding", "cellspacing", "char",
    "charoff", "class",   "clear",  "color",   "cols",     "colspan",     "compact",     "datetime",
    "dir",     "face",    "frame",  "headers", "height",   "hspace",      "id",          "lang",
    "name",    "noshade", "nowrap", "open",    "reversed", "rowspan",     "rules",       "scope",
    "size",    "span",    "start",  "summary", "title",    "valign",      "type",        "value",
    "vspace",  "width",   "style",  "href",    "src",      "target",      "rel"};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// The URL as the browser reads it: no C0 control or space, lower case.
std::string squeezed(std::string_view url) {
    std::string out;
    for (const char c : url) {
        if (static_cast<unsigned char>(c) > 0x20) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

/// Whether a style attribute can load or run anything, or lift content out of its box: a
/// function that fetches or evaluates (url(), image-set(), expression(); whitespace before the
/// parenthesis squeezed out, which only makes this stricter than a browser), an at-rule, an
/// escape or a comment that could hide one, a javascript: URL, or a declaration of position,
/// behavior or -moz-binding. Declarations are split at the semicolons outside quoted strings,
/// as a browser splits them; a bare word such as "url" in a value loads nothing.
bool style_hazard(std::string_view css) {
    const std::string tight = squeezed(css);
    for (const char* bad :
         {"url(", "expression(", "image-set(", "@import", "\\", "/*", "javascript:"}) {
        if (tight.find(bad) != std::string::npos) {
            return true;
        }
    }
    std::string name;
    bool in_name = true;
    char quote = 0;
    for (size_t i = 0; i <= css.size(); ++i) {
        const char c = i < css.size()
                           ? static_cast<char>(std::tolower(static_cast<unsigned char>(css[i])))
                           : ';';
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == ';') {
            if (name == "position" || name == "behavior" || name == "-ms-behavior"
                || name == "-moz-binding") {
                return true;
            }
            name.clear();
            in_name = true;
        } else if (c == ':') {
            in_name = false;
        } else if (in_name && static_cast<unsigned char>(c) > 0x20) {
            name += c;
        }
    }
    return false;
}

void check_attribute(const std::string& element, const GumboAttribute& a, bool remote_images,
                     std::vector<std::string>& found) {
    const std::string name = a.name;
    const std::string where = "<" + element + " " + name + "=\"" + a.value + "\">";
    if (a.attr_namespace != GUMBO_ATTR_NAMESPACE_NONE || !ATTRIBUTES.contains(name)
        || name.starts_with("on")) {
        found.push_back("attribute " + where);
        return;
    }
    const std::string url = squeezed(a.value);
    if (name == "href") {
        if (element != "a"
            || !(url.starts_with("http:") || url.starts_with("https:") || url.starts_with("mailto:")
                 || url.starts_with("#"))) {
            found.push_back("link " + where);
        }
    } else if (name == "src") {
        const bool raster =
            url.starts_with("data:image/png") || url.starts_with("data:image/gif")
            || url.starts_with("data:image/jpeg") || url.starts_with("data:image/jpg")
            || url.starts_with("data:image/webp") || url.starts_with("data:image/bmp")
            || url.starts_with("data:image/x-icon")
            || url.starts_with("data:image/vnd.microsoft.icon");
        const bool remote = url.starts_with("http:") || url.starts_with("https:");
        if (element != "img" || !(raster || (remote_images && remote))) {
            found.push_back("image " + where);
        }
    } else if (name == "style" && style_hazard(a.value)) {
        found.push_back("style " + where);
    }
}

}  // namespace

std::vector<std::string> forbidden(std::string_view html, bool remote_images) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
    std::vector<std::string> found;
    std::vector<const GumboNode*> stack{output->document};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type == GUMBO_NODE_COMMENT) {
            found.push_back("comment");
            continue;
        }
        if (node->type == GUMBO_NODE_TEMPLATE) {
            found.push_back("element <template>");
            continue;
        }
        const GumboVector* children = nullptr;
        if (node->type == GUMBO_NODE_DOCUMENT) {
            children = &node->v.document.children;
        } else if (node->type == GUMBO_NODE_ELEMENT) {
            const GumboElement& e = node->v.element;
            std::string name =
                e.tag == GUMBO_TAG_UNKNOWN
                    ? lower(std::string_view(e.original_tag.data, e.original_tag.length))
                    : gumbo_normalized_tagname(e.tag);
            if (e.tag_namespace != GUMBO_NAMESPACE_HTML || !ELEMENTS.contains(name)) {
                found.push_back("element <" + name + ">");
            }
            for (unsigned i = 0; i < e.attributes.length; ++i) {
                check_attribute(name, *static_cast<const GumboAttribute*>(e.attributes.data[i]),
                                remote_images, found);
            }
            children = &e.children;
        }
        if (children != nullptr) {
            for (unsigned i = 0; i < children->length; ++i) {
                stack.push_back(static_cast<const GumboNode*>(children->data[i]));
            }
        }
    }
    gumbo_destroy_output(&options, output);
    return found;
}

}  // namespace msgforge::test
