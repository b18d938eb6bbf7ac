// What every rendered page shares: HTML escaping, data: URIs and the page shell, whose
// Content-Security-Policy is the second wall behind the sanitizer.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace msgforge::render::detail {

/// `text` for an HTML text node or a quoted attribute value: &, <, >, " and ' as references.
std::string escape(std::string_view text);

/// `bytes` as a data: URI of `mime_type` in base64.
std::string data_uri(std::string_view mime_type, std::span<const uint8_t> bytes);

/// What a page may load besides itself and data: URIs.
struct PageOptions {
    bool remote_images = false;  ///< images from http: and https: addresses
};

/// The policy every page carries: nothing runs (no script-src, so no script of any kind), no
/// form goes anywhere, no base URL may change; images and media come from data: URIs or files
/// beside the page (and remote addresses only with `options.remote_images`); styles only inline.
std::string content_security_policy(const PageOptions& options);

/// The start of a page up to and including <body>: doctype, UTF-8, the policy as a meta tag
/// (first in <head>, before anything it governs), the escaped `title` and `css`, the page's own
/// stylesheet (never message content).
std::string page_open(std::string_view title, std::string_view css, const PageOptions& options);

/// The end of a page: </body></html> and a newline.
std::string page_close();

}  // namespace msgforge::render::detail
