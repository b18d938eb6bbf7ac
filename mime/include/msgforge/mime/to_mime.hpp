// Messages as Internet mail (RFC 5322, MIME): the mapping of MS-OXCMAIL from MAPI properties to
// headers, bodies and attachments, S/MIME messages given back as they were signed, SMS and MMS
// objects as text and multipart/related mail, and mbox files (mboxrd) of many messages.
// docs/mime.md, "Writing MIME".
#pragma once

#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::mime {

struct ToMimeOptions {
    /// Keep the headers of PidTagTransportMessageHeaders that no property gives (Received,
    /// Return-Path, List-*, X-*, Authentication-Results, ...) before the headers written from
    /// the properties.
    bool transport_headers = true;
    /// Where what was tolerated goes (a PidTagReplyRecipientEntries that cannot be read, whose
    /// names are written alone), when not null.
    std::vector<msg::Warning>* warnings = nullptr;
};

/// The message as RFC 5322 bytes with CRLF line ends (docs/mime.md, "Writing MIME"). The same
/// message gives the same bytes: multipart boundaries are digests of the content. An embedded
/// message becomes a message/rfc822 part, recursively. Throws FormatError when a body the
/// message needs cannot be decoded (a corrupt compressed RTF) and LimitError past
/// msg::Message::max_rtf_output.
std::string to_mime(const msg::Message& message, const ToMimeOptions& options = {});

/// The "From " line (without line end) that opens `eml` (RFC 5322 bytes) in an mbox: the
/// address of its Return-Path, else of its From header, else "MAILER-DAEMON", then the date
/// of its Date header in asctime form (UTC), else the Unix epoch.
std::string mbox_from_line(std::string_view eml);

/// `eml` as one entry of an mboxrd file: the "From " line, the message with LF line ends and
/// every line that matches ^>*From  quoted with one more '>', then an empty line.
std::string mbox_entry(std::string_view eml);

}  // namespace msgforge::mime
