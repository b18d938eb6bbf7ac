// RFC 2047 encoded words in header text, display names and parameters, decoded right on GMime
// 3.2. GMime joins the payloads of adjacent encoded words of one charset and encoding before it
// decodes them (so that a character or a quoted-printable triplet split between two words
// survives), but its base64 decoder stops at the first word's padding:
// `=?iso-8859-1?B?aOlsbG8=?= =?iso-8859-1?B?d/ZybGQ=?=` gives "héllo". Each base64 word is
// therefore rewritten as the Q word of the same bytes and charset before GMime decodes the raw
// value again: Q payloads join without loss, and a Q word holds no character that could end a
// quoted string, a comment, an address or a parameter.
#pragma once

#include "gmime.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::mime::detail {

/// `raw` (a header's raw value) with every base64 encoded word rewritten as the Q encoded word
/// of the same bytes and charset; nullopt when `raw` holds no base64 word. The words of a run
/// (adjacent, one charset, only white space between) are decoded as one stream as GMime does,
/// except that padding ends a word's bytes. Linear in the size of `raw`: a candidate word ends
/// at its third '?'.
std::optional<std::string> with_q_words(std::string_view raw);

/// The headers named `name` (any case) of `object`, in order.
std::vector<GMimeHeader*> headers_named(GMimeObject* object, const char* name);

/// The raw value of `header` unfolded (its line breaks removed).
std::string unfolded_raw_value(GMimeHeader* header);

/// The decoded value of the first header `name` of `object` (the last with `last`, as GMime's
/// message reads the Subject), as GMime decodes it but with its base64 encoded words decoded
/// right; nullopt when there is no such header.
std::optional<std::string> header_text(GMimeObject* object, const char* name, bool last = false);

/// The parameter `name` of the Content-Disposition (`disposition`) or else the Content-Type of
/// `object`: GMime's value when it is an RFC 2231 value or the raw header holds no base64
/// encoded word, else the value GMime reads from the raw header with those words rewritten;
/// nullopt when absent.
std::optional<std::string> decoded_parameter(GMimeObject* object, bool disposition,
                                             const char* name);

/// A part's file name as g_mime_part_get_filename() gives it (Content-Disposition filename,
/// else Content-Type name), its RFC 2047 words decoded right; nullopt when it has none.
std::optional<std::string> part_file_name(GMimeObject* object);

}  // namespace msgforge::mime::detail
