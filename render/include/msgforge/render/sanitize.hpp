// A message's HTML made safe to show inside a rendered page (docs/render.md): parsed as a browser
// parses it (gumbo, HTML5) and rebuilt from an allowlist of elements, attributes, URLs and CSS
// properties, so that nothing in it can run, load from elsewhere or leave the page.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::render {

struct SanitizeOptions {
    /// Keep http: and https: images; otherwise each becomes a placeholder naming it.
    bool remote_images = false;
    /// Resolves an image source that is neither http: nor https: (a cid: URL, or a relative name
    /// such as "image001.png" that Outlook uses with PidTagAttachContentLocation) to a data: URI.
    /// Only a data: URI of an image type (PNG, GIF, JPEG, WebP, BMP, ICO) is used; anything
    /// else, or nullopt, makes the image a placeholder.
    std::function<std::optional<std::string>(std::string_view url)> resolve_image;
    /// Elements nested deeper than this are left out, their text kept; browsers stop nesting at
    /// 512, and the parser is kept well below it (sanitize_html()).
    size_t max_depth = 200;
};

struct Sanitized {
    /// The body's content as HTML to place inside a <div> of a page: only allowlisted elements
    /// and attributes, text escaped, no comment, no element whose content a browser reads as raw
    /// text.
    std::string html;
    /// What was taken out or replaced, one line per kind with its count ("removed 2 <script>
    /// elements", "blocked 1 remote image"), in a fixed order.
    std::vector<std::string> warnings;
};

/// `html` (UTF-8; any bytes are accepted, ill-formed UTF-8 is replaced) rebuilt safely:
/// - elements: text formatting, headings, paragraphs, lists, tables, links, images, quotes and
///   sectioning elements are kept with their allowlisted attributes; script, style, head, title,
///   noscript, template, object, embed, iframe, frame(set), applet, form controls, meta, link,
///   base, svg, math, textarea, xmp and the like are removed with their content; any other
///   element (html, body, form, font-face, unknown tags) is unwrapped: its content stays;
/// - attributes: presentational ones (align, bgcolor, border, colspan, width, ...), dir, lang,
///   title, alt, id and name; no event handler, class or URL attribute besides href and src;
/// - href: http:, https:, mailto: and fragment links (#name), checked after the entity decoding
///   and the stripping of control characters and white space that browsers do; links open in a
///   new window without referrer; src: see remote_images and resolve_image;
/// - style attributes: declaration by declaration, keeping those whose value has no backslash,
///   comment, at-sign or function but rgb(), rgba(), hsl(), hsla(), calc() and gradients, and
///   whose property is not behavior, -moz-binding, position or a custom property;
/// - the body's own style and colours move to the outermost <div> of the result.
/// Work and memory are linear in the size of `html`: before gumbo sees it, start tags that would
/// nest deeper than 256 elements or keep more than 64 formatting elements open are dropped
/// (gumbo, like the HTML standard's algorithm, is quadratic in the nesting depth).
Sanitized sanitize_html(std::string_view html, const SanitizeOptions& options = {});

/// The declarations of a style attribute's `css` that sanitize_html() keeps, as
/// "name: value; name: value" (lower-case names), or "" when none is kept.
std::string sanitize_style(std::string_view css);

/// The URL of an href attribute value that sanitize_html() keeps (stripped as browsers strip
/// it), or nullopt when it is dropped.
std::optional<std::string> safe_link(std::string_view href);

}  // namespace msgforge::render
