// The sanitizer: a message's HTML parsed with gumbo and rebuilt from allowlists, walking the tree
// with an explicit stack.
#include "page.hpp"
#include "sanitize_parts.hpp"

#include <msgforge/base/text.hpp>
#include <msgforge/render/sanitize.hpp>

#include <algorithm>
#include <array>
#include <gumbo.h>
#include <map>
#include <memory>

namespace msgforge::render {

namespace {

/// How deep the text before gumbo may nest (detail::bound_nesting()).
constexpr size_t PARSE_DEPTH = 256;
constexpr size_t PARSE_FORMATTING = 64;

template <size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 72> KEPT_ELEMENTS{
    "a",      "abbr",     "acronym",    "address", "article", "aside",  "b",    "bdi",
    "bdo",    "big",      "blockquote", "br",      "caption", "center", "cite", "code",
    "col",    "colgroup", "dd",         "del",     "details", "dfn",    "div",  "dl",
    "dt",     "em",       "figcaption", "figure",  "font",    "footer", "h1",   "h2",
    "h3",     "h4",       "h5",         "h6",      "header",  "hr",     "i",    "img",
    "ins",    "kbd",      "li",         "main",    "mark",    "nav",    "ol",   "p",
    "pre",    "q",        "s",          "samp",    "section", "small",  "span", "strike",
    "strong", "sub",      "summary",    "sup",     "table",   "tbody",  "td",   "tfoot",
    "th",     "thead",    "time",       "tr",      "tt",      "u",      "ul",   "var"};

/// Removed with everything inside them: what runs, embeds, submits, loads or is read as raw text
/// by a browser, the document's head, and foreign (SVG, MathML) content.
constexpr std::array<std::string_view, 39> DROPPED_ELEMENTS{
    "script", "style",    "noscript", "template",  "svg",     "math",     "object",   "embed",
    "iframe", "frame",    "frameset", "applet",    "noembed", "noframes", "textarea", "select",
    "option", "optgroup", "datalist", "button",    "input",   "title",    "head",     "meta",
    "link",   "base",     "xmp",      "plaintext", "canvas",  "audio",    "video",    "source",
    "track",  "param",    "portal",   "dialog",    "keygen",  "map",      "bgsound"};

constexpr std::array<std::string_view, 5> VOID_KEPT{"br", "col", "hr", "img", "wbr"};

constexpr std::array<std::string_view, 37> KEPT_ATTRIBUTES{
    "abbr",    "align",  "alt",     "bgcolor",  "border",  "cellpadding", "cellspacing", "char",
    "charoff", "clear",  "color",   "cols",     "colspan", "compact",     "datetime",    "dir",
    "face",    "frame",  "headers", "height",   "hspace",  "id",          "lang",        "name",
    "noshade", "nowrap", "open",    "reversed", "rowspan", "rules",       "scope",       "size",
    "span",    "start",  "summary", "title",    "valign"};

constexpr std::array<std::string_view, 5> MORE_KEPT_ATTRIBUTES{"type", "value", "vspace", "width",
                                                               "style"};

/// The image types a resolved data: URI may have: raster formats a browser decodes without
/// running anything (SVG, which may hold script and load files, is not one).
constexpr std::array<std::string_view, 8> IMAGE_TYPES{
    "image/png",  "image/gif", "image/jpeg",   "image/jpg",
    "image/webp", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon"};

struct GumboDeleter {
    void operator()(GumboOutput* output) const {
        gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};

std::string_view piece(const GumboStringPiece& p) {
    return {p.data, p.length};
}

/// The lower-case name of element `e` (an unknown tag's own name).
std::string tag_name(const GumboElement& e) {
    if (e.tag != GUMBO_TAG_UNKNOWN) {
        return gumbo_normalized_tagname(e.tag);
    }
    GumboStringPiece original = e.original_tag;
    gumbo_tag_from_original_text(&original);
    return ascii_lower(piece(original));
}

const char* attribute(const GumboElement& e, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
    return a != nullptr ? a->value : nullptr;
}

bool is_safe_image_uri(std::string_view uri) {
    if (!uri.starts_with("data:")) {
        return false;
    }
    const size_t end = uri.find_first_of(";,");
    if (end == std::string_view::npos) {
        return false;
    }
    return one_of(std::string_view(ascii_lower(uri.substr(5, end - 5))), IMAGE_TYPES);
}

class Walker {
public:
    explicit Walker(const SanitizeOptions& options) : options_(options) {}

    Sanitized run(const GumboNode* root) {
        struct Frame {
            const GumboNode* node;
            size_t next = 0;
            std::string close;  ///< end tag to write after the children, if any
            bool kept = false;  ///< counts towards the depth
        };

        std::vector<Frame> stack;
        const GumboNode* body = find_body(root);
        html_ = "<div";
        if (body != nullptr) {
            body_style(body->v.element);
        }
        html_ += ">";
        stack.push_back({body != nullptr ? body : root, 0, "", false});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const GumboVector& children = top.node->type == GUMBO_NODE_DOCUMENT
                                              ? top.node->v.document.children
                                              : top.node->v.element.children;
            if (top.next >= children.length) {
                html_ += top.close;
                depth_ -= top.kept ? 1U : 0U;
                stack.pop_back();
                continue;
            }
            const auto* child = static_cast<const GumboNode*>(children.data[top.next++]);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
                html_ += detail::escape(child->v.text.text);
            } else if (child->type == GUMBO_NODE_TEMPLATE) {
                count(removed_, "template");
            } else if (child->type == GUMBO_NODE_ELEMENT) {
                Frame frame{child, 0, "", false};
                if (element(child->v.element, frame.close, frame.kept)) {
                    depth_ += frame.kept ? 1U : 0U;
                    stack.push_back(std::move(frame));
                }
            }
        }
        html_ += "</div>";
        return {std::move(html_), warnings()};
    }

private:
    static const GumboNode* find_body(const GumboNode* root) {
        for (const GumboNode* html : children_of(root)) {
            if (html->type == GUMBO_NODE_ELEMENT && html->v.element.tag == GUMBO_TAG_HTML) {
                for (const GumboNode* node : children_of(html)) {
                    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_BODY) {
                        return node;
                    }
                }
            }
        }
        return nullptr;
    }

    static std::vector<const GumboNode*> children_of(const GumboNode* node) {
        const GumboVector& v = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children
                                                                 : node->v.element.children;
        std::vector<const GumboNode*> out;
        for (unsigned i = 0; i < v.length; ++i) {
            out.push_back(static_cast<const GumboNode*>(v.data[i]));
        }
        return out;
    }

    /// The body's style, background and text colour as the outer <div>'s style.
    void body_style(const GumboElement& body) {
        std::string css;
        if (const char* bg = attribute(body, "bgcolor")) {
            css += std::string("background-color:") + bg + ";";
        }
        if (const char* text = attribute(body, "text")) {
            css += std::string("color:") + text + ";";
        }
        if (const char* style = attribute(body, "style")) {
            css += style;
        }
        const std::string kept = sanitize_style(css);
        if (!kept.empty()) {
            html_ += " style=\"" + detail::escape(kept) + "\"";
        }
    }

    /// Writes the start of element `e` (or a placeholder) and says whether its children are to
    /// be walked, with `close` the end tag to write after them.
    bool element(const GumboElement& e, std::string& close, bool& kept) {
        const std::string name = tag_name(e);
        if (e.tag_namespace != GUMBO_NAMESPACE_HTML
            || one_of(std::string_view(name), DROPPED_ELEMENTS)) {
            count(removed_, name);
            return false;
        }
        if (!one_of(std::string_view(name), KEPT_ELEMENTS) || depth_ >= options_.max_depth) {
            if (!one_of(std::string_view(name),
                        std::array<std::string_view, 3>{"html", "body", "tbody"})) {
                count(unwrapped_, name);
            }
            return true;
        }
        if (name == "img") {
            image(e);
            return false;
        }
        html_ += "<" + name;
        attributes(e, name);
        html_ += ">";
        if (one_of(std::string_view(name), VOID_KEPT)) {
            return false;
        }
        if (name == "pre") {
            pre_newline(e);
        }
        close = "</" + name + ">";
        kept = true;
        return true;
    }

    /// A <pre> whose text starts with a line feed gets one more, which the parser will drop.
    void pre_newline(const GumboElement& e) {
        if (e.children.length > 0) {
            const auto* first = static_cast<const GumboNode*>(e.children.data[0]);
            if ((first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE)
                && first->v.text.text[0] == '\n') {
                html_ += "\n";
            }
        }
    }

    void attributes(const GumboElement& e, const std::string& name) {
        for (unsigned i = 0; i < e.attributes.length; ++i) {
            const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
            const std::string_view attr = a->name;
            if (a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE) {
                ++attributes_removed_;
                continue;
            }
            if (attr == "href" && name == "a") {
                if (const auto url = safe_link(a->value)) {
                    html_ += " href=\"" + detail::escape(*url) + "\"";
                    if (!url->starts_with('#')) {
                        html_ += " target=\"_blank\" rel=\"noopener noreferrer\"";
                    }
                } else {
                    ++links_removed_;
                }
            } else if (attr == "style") {
                const std::string css = sanitize_style(a->value);
                if (!css.empty()) {
                    html_ += " style=\"" + detail::escape(css) + "\"";
                }
                styles_changed_ += css.size() != std::string_view(a->value).size() ? 1U : 0U;
            } else if (one_of(attr, KEPT_ATTRIBUTES) || one_of(attr, MORE_KEPT_ATTRIBUTES)) {
                html_ += " " + std::string(attr) + "=\"" + detail::escape(a->value) + "\"";
            } else {
                ++attributes_removed_;
            }
        }
    }

    void image(const GumboElement& e) {
        const char* src = attribute(e, "src");
        const std::string url = detail::strip_url(src != nullptr ? src : "");
        const std::string scheme = detail::url_scheme(url);
        std::optional<std::string> shown;
        const char* reason = "image";
        if (scheme == "http" || scheme == "https") {
            if (options_.remote_images) {
                shown = url;
            } else {
                reason = "remote image";
                ++remote_blocked_;
            }
        } else if ((scheme == "cid" || scheme.empty()) && !url.empty() && options_.resolve_image) {
            shown = options_.resolve_image(url);
            if (shown && !is_safe_image_uri(*shown)) {
                shown.reset();
            }
        }
        if (!shown) {
            reason = scheme == "http" || scheme == "https" ? reason : "missing image";
            missing_ += scheme == "http" || scheme == "https" ? 0U : 1U;
            placeholder(e, reason, url);
            return;
        }
        html_ += "<img src=\"" + detail::escape(*shown) + "\"";
        for (const char* name :
             {"alt", "title", "width", "height", "border", "align", "hspace", "vspace"}) {
            if (const char* value = attribute(e, name)) {
                html_ += std::string(" ") + name + "=\"" + detail::escape(value) + "\"";
            }
        }
        if (const char* style = attribute(e, "style")) {
            const std::string css = sanitize_style(style);
            if (!css.empty()) {
                html_ += " style=\"" + detail::escape(css) + "\"";
            }
        }
        html_ += ">";
    }

    /// What stands for an image that is not shown: its alt text, the URL as a tooltip.
    void placeholder(const GumboElement& e, const char* reason, const std::string& url) {
        const char* alt = attribute(e, "alt");
        std::string label = std::string("[") + reason;
        if (alt != nullptr && *alt != '\0') {
            label += std::string(": ") + alt;
        }
        label += "]";
        html_ += "<span class=\"mf-image\"";
        if (!url.empty()) {
            html_ += " title=\"" + detail::escape(url) + "\"";
        }
        html_ += ">" + detail::escape(label) + "</span>";
    }

    static void count(std::map<std::string, size_t>& counts, const std::string& name) {
        ++counts[name.empty() ? "unnamed" : name];
    }

    std::vector<std::string> warnings() const {
        std::vector<std::string> out;
        const auto plural = [](size_t n, const std::string& what) {
            return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
        };
        for (const auto& [name, n] : removed_) {
            out.push_back("removed " + plural(n, "<" + name + "> element"));
        }
        for (const auto& [name, n] : unwrapped_) {
            out.push_back("unwrapped " + plural(n, "<" + name + "> element"));
        }
        if (attributes_removed_ > 0) {
            out.push_back("removed " + plural(attributes_removed_, "attribute"));
        }
        if (links_removed_ > 0) {
            out.push_back("removed " + plural(links_removed_, "link") + " to a disallowed URL");
        }
        if (styles_changed_ > 0) {
            out.push_back("rewrote " + plural(styles_changed_, "style attribute"));
        }
        if (remote_blocked_ > 0) {
            out.push_back("blocked " + plural(remote_blocked_, "remote image"));
        }
        if (missing_ > 0) {
            out.push_back("replaced " + plural(missing_, "image") + " that did not resolve");
        }
        return out;
    }

    const SanitizeOptions& options_;
    std::string html_;
    size_t depth_ = 0;
    std::map<std::string, size_t> removed_;
    std::map<std::string, size_t> unwrapped_;
    size_t attributes_removed_ = 0;
    size_t links_removed_ = 0;
    size_t styles_changed_ = 0;
    size_t remote_blocked_ = 0;
    size_t missing_ = 0;
};

}  // namespace

Sanitized sanitize_html(std::string_view html, const SanitizeOptions& options) {
    const std::string bounded = detail::bound_nesting(html, PARSE_DEPTH, PARSE_FORMATTING);
    GumboOptions parse = kGumboDefaultOptions;
    // Each parse error recorded copies the stack of open elements: quadratic in the depth.
    parse.max_errors = 0;
    const std::unique_ptr<GumboOutput, GumboDeleter> output(
        gumbo_parse_with_options(&parse, bounded.data(), bounded.size()));
    return Walker(options).run(output->document);
}

}  // namespace msgforge::render
