// Internals of the oms layer: SMIL layout (smil.cpp), HTML body (html.cpp) and media types
// (sniff.cpp). Not installed; the layer's tests include it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::oms::detail {

enum class MediaKind { text, image, video, audio, other };

/// A media type: what kind of part, its MIME type and the usual file extension (".jpg").
struct MediaType {
    MediaKind kind = MediaKind::other;
    std::string mime;
    std::string extension;
};

/// The media type of `data` from its leading bytes: JPEG, PNG, GIF, BMP, WebP; AMR (narrow and
/// wide band), MP3 (ID3 tag or MPEG audio frame), WAV, Ogg, MIDI, AAC (ADTS); 3GP, 3G2, MP4,
/// QuickTime (ISO base media `ftyp` brand); vCard, vCalendar. std::nullopt when none matches.
std::optional<MediaType> sniff(std::span<const uint8_t> data);

/// The media type of a file name's extension (case-insensitive), application/octet-stream with
/// kind other when unknown.
MediaType from_extension(std::string_view file_name);

/// The kind of a MIME type ("image/…" image, "video/…" video, "audio/…" audio, "text/plain"
/// text, anything else other); parameters after ';' are ignored, case-insensitive.
MediaKind kind_of(std::string_view mime);

/// A media element of a SMIL `par`: `img`, `video`, `audio`, `text` or `ref`.
struct SmilMedia {
    MediaKind kind = MediaKind::other;
    std::string src;
    std::string region;
};

/// One slide: a SMIL `par`.
struct SmilPar {
    std::vector<SmilMedia> media;
    std::optional<uint32_t> duration_ms;
};

/// The MMS SMIL document of `pars` (smil.md section 1 and 3): head/layout with a root-layout
/// and an "Image" region (only when some slide has an image or video) and a "Text" region (only
/// when some slide has text), one `par dur="…ms"` per slide, `img`/`video` in region Image,
/// `text` in region Text, `audio` and `ref` without region. UTF-8, no BOM, same input same
/// bytes; attribute values escaped by pugixml.
std::string make_smil(const std::vector<SmilPar>& pars);

/// A SMIL document as read back.
struct SmilDocument {
    std::vector<SmilPar> pars;
    /// What is wrong but does not stop reading: a `dur` that is not a clock value, a repeated
    /// region id, more than one root-layout, a media element without `src`, a region reference
    /// to no region. Each names the element and its byte offset in the document.
    std::vector<std::string> problems;
};

/// Reads a SMIL document (UTF-8 or UTF-16 with BOM). Region ids are compared without regard
/// to case; unknown elements are ignored. `dur`, `begin`-free clock values: "5000ms", "5s",
/// "5", "0:00:05", "00:05.5", "1.5min", "0.1h". Media elements inside `seq`/`par` nesting are
/// taken as found in document order, one SmilPar per top-level `par` of `body` (a body whose
/// media sit directly in it gives one slide). Throws msgforge::FormatError (structure "SMIL
/// layout", the byte offset pugixml reports) when the bytes are not well-formed XML or the
/// root element is not `smil`.
SmilDocument parse_smil(std::span<const uint8_t> bytes);

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

/// The text an HTML body shows: tags removed, <BR> and block ends as line breaks, character
/// entities (named ones of HTML 4 Latin-1, &#N; and &#xN;) decoded, runs of white space in
/// the source collapsed as a browser does. Used to read an MMS without plain-text body.
std::string html_to_text(std::string_view html);

}  // namespace msgforge::oms::detail
