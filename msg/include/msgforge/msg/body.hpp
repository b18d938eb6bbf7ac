// Message bodies: plain text (PidTagBody), HTML (PidTagHtml) and compressed RTF
// (PidTagRtfCompressed), with HTML and text restored from RTF when that is all the message has
// (MS-OXRTFEX), and a best-body choice that follows what the message really holds.
#pragma once

#include <msgforge/msg/message.hpp>

#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::msg {

enum class BodyKind { none, text, html, rtf };

/// "none", "text", "html", "rtf".
const char* body_kind_name(BodyKind kind);

struct Body {
    BodyKind kind = BodyKind::none;
    /// UTF-8 text or HTML; for BodyKind::rtf the RTF bytes as they are.
    std::string content;
    /// True when the content was restored from the RTF body (MS-OXRTFEX).
    bool from_rtf = false;
    /// Problems met on the way (a bad RTF CRC, an unknown charset), in order.
    std::vector<std::string> notes;
};

// The functions below decompress PidTagRtfCompressed within Message::max_rtf_output: an RTF
// body that would be larger is a LimitError (structure "compressed RTF of PidTagRtfCompressed",
// its RAWSIZE and the limit in the message), raised before anything is allocated.

/// PidTagBody as UTF-8 (ObjectBase::string), else the plain text encapsulated in the RTF
/// body (\fromtext).
/// Throws FormatError when the compressed RTF it needs is corrupt.
std::optional<std::string> body_text(const Message& m);

/// PidTagHtml as UTF-8 (a binary value is decoded with the message's body_codepage, bytes a
/// UTF-8 code page does not take with its `codepage`), else the HTML encapsulated in the RTF
/// body (\fromhtml1).
/// Throws FormatError when the compressed RTF it needs is corrupt.
std::optional<std::string> body_html(const Message& m);

/// The decompressed PidTagRtfCompressed. Throws FormatError when it is corrupt.
std::optional<std::vector<uint8_t>> body_rtf(const Message& m);

/// The bodies of one message for a caller that needs more than one of them: the compressed RTF
/// is decompressed once, when first needed, where body_text(), body_html() and body_rtf()
/// called one after another decompress it for each. Keeps a reference to the message.
class BodyReader {
public:
    explicit BodyReader(const Message& m) : m_(m) {}

    /// As body_text(m).
    std::optional<std::string> text();

    /// As body_html(m).
    std::optional<std::string> html();

    /// As body_rtf(m); a corrupt RTF body throws the same FormatError at every call.
    const std::optional<std::vector<uint8_t>>& rtf();

    /// The message read.
    const Message& message() const { return m_; }

private:
    const Message& m_;
    std::optional<std::vector<uint8_t>> rtf_;
    std::exception_ptr error_;
    bool decompressed_ = false;
};

/// The body the message really holds: PidTagNativeBody when it names a body that is present;
/// otherwise HTML (stored, or encapsulated in RTF), then native RTF, then plain text. Never
/// throws for a corrupt RTF body: it falls back and says so in Body::notes. An RTF body beyond
/// Message::max_rtf_output is a LimitError all the same.
Body best_body(const Message& m);

/// As best_body(reader.message()), with the RTF body the reader has decompressed or will.
Body best_body(BodyReader& reader);

}  // namespace msgforge::msg
