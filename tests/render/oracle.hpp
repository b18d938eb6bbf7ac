// An independent check of sanitized HTML for the tests and the fuzz target: the HTML parsed again
// (gumbo, as a browser parses it) and every element, attribute, URL and style looked at without
// the sanitizer's own code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace msgforge::test {

/// What `html` holds that a sanitized message body must not: an element outside the allowlist or
/// outside the HTML namespace, an event handler or other attribute outside the allowlist, an href
/// that is not http:, https:, mailto: or a fragment, an img src that is not a data: URI of a
/// raster image type (or http: or https: when `remote_images`), a style that could load or run
/// something, a comment. One line each; empty when there is nothing.
std::vector<std::string> forbidden(std::string_view html, bool remote_images = false);

}  // namespace msgforge::test
