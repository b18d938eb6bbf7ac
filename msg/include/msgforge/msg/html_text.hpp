// The text an HTML body shows (PidTagHtml, or HTML restored from the RTF body), for previews
// and for messages that have no plain-text body; and the character references of HTML (the
// HTML standard, 13.2.5.72 to 13.2.5.80 and 13.5) decoded.
#pragma once

#include <string>
#include <string_view>

namespace msgforge::msg {

/// The text `html` (UTF-8) shows, as UTF-8 with CR LF line breaks, as in PidTagBody:
/// - tags are removed; <br> (and </br>) is a line break; the start and end tags of a block
///   element (p, div, h1-h6, li, tr, table, blockquote, …) end the current line unless it is
///   empty; <td> and <th> separate words, so a table row reads as one line;
/// - white space collapses as a browser does: one space between words, none at the start or
///   end of a line; inside <pre> white space and line breaks are kept as they are (the line
///   break right after <pre> excepted);
/// - the content of <head>, <script>, <style> and <title>, comments, declarations and
///   processing instructions is not shown; a tag still open at the end of the input is
///   dropped;
/// - character references are decoded (decode_html_text()).
/// Line breaks at the start and end of the whole text are removed. Any input is accepted:
/// malformed markup is read as a browser would, in time linear in the input's size.
std::string html_to_text(std::string_view html);

/// `text`, a run of HTML text content without markup, with its character references decoded
/// as the HTML standard decodes them in text (13.2.5.72-80): every named reference of 13.5,
/// including those that stand for two code points; the legacy names (&amp, &copy, &eacute, …)
/// also without ';' and as the longest such prefix ("&notit;" is "¬it;"); &#N; and &#xN;
/// (';' optional) with 0, surrogates and values past U+10FFFF as U+FFFD and 0x80-0x9F as the
/// Windows-1252 characters they stand for (&#150; is "–"). What is no reference stays as it
/// is ("AT&T", "&#;"). Nothing else changes: white space is kept.
std::string decode_html_text(std::string_view text);

/// An attribute value (without its quotes) with its character references decoded as the HTML
/// standard decodes them there: as decode_html_text(), except that a legacy name without ';'
/// followed by '=' or a letter or digit is left as it is ("?a=1&copy=2" stays).
std::string decode_html_attribute(std::string_view value);

}  // namespace msgforge::msg
