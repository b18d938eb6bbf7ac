// Internals of the oms component: the HTML body of SMS and MMS objects (html.cpp). Not
// installed; the component's tests include it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::oms::detail {

/// A slide of the HTML body of an MMS.
struct HtmlSlide {
    std::string image_cid;  ///< Content-ID of the image, empty if none
    std::string text;       ///< the slide's text (UTF-8), empty if none
    std::string text_cid;   ///< Content-ID of the text part, empty if none
    /// Other parts of the slide (video, audio): Content-ID and the name shown in the link.
    std::vector<std::pair<std::string, std::string>> links;
};

/// The HTML body of an MMS, in the shape of MS-OXOSMMS 4.2 (CRLF line ends, upper-case tags):
///   <HTML>, <BODY>, then per slide:
///     <IMG SRC="cid:…" border="0"> and <BR>        (when there is an image)
///     the text, each line break as <BR>, then <BR>  (when there is text)
///     <A HREF="cid:…"></A>                          (the text part)
///     <A HREF="cid:…">name</A> and <BR>            (each other part)
///   then each extra part as a link with <BR>, </BODY>, </HTML>.
/// For the sample's single slide this gives exactly the HTML printed in 4.2.
std::string make_mms_html(const std::vector<HtmlSlide>& slides,
                          const std::vector<std::pair<std::string, std::string>>& extra_links);

/// The HTML body of an SMS: <HTML>, <BODY>, the text with line breaks as <BR>, </BODY>,
/// </HTML> (CRLF line ends).
std::string make_sms_html(std::string_view text);

/// Text escaped for HTML element content: & < > " as entities; CR LF, CR and LF each become
/// "<BR>\r\n".
std::string escape_html(std::string_view text);

}  // namespace msgforge::oms::detail
