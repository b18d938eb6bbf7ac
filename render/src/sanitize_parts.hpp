// The parts of the sanitizer that work on text before and beside gumbo's tree.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace msgforge::render::detail {

/// `html` with the start tags left out that would nest deeper than `max_depth` elements or keep
/// more than `max_formatting` formatting elements (a, b, font, ...) open, as a tokenizer that
/// follows the HTML standard's tokenization (comments, raw text, quoted attribute values) and
/// the common implied end tags (p, li, dt, dd, tr, td, th, option) counts them. Everything else
/// is kept byte for byte. Linear in the size of `html`.
std::string bound_nesting(std::string_view html, size_t max_depth, size_t max_formatting);

/// `url` as a browser's URL parser sees it: leading and trailing C0 controls and spaces
/// removed, and every tab, line feed and carriage return.
std::string strip_url(std::string_view url);

/// The scheme of stripped `url` in lower case ("https"), or "" when it has none (a relative URL).
std::string url_scheme(std::string_view url);

}  // namespace msgforge::render::detail
