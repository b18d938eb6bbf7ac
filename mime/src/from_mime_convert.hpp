// The steps of from_mime() that from_mime.cpp (parsing, headers, mbox) and from_mime_parts.cpp
// (the MIME tree: bodies, attachments, embedded messages, S/MIME) share.
#pragma once

#include "gmime.hpp"

#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::mime::detail {

/// What one conversion carries along: the limits, the warnings, the parts counted so far.
struct Conversion {
    const FromMimeLimits& limits;
    std::vector<msg::Warning>& warnings;
    uint32_t parts = 0;
    bool parts_reported = false;

    void warn(std::string structure, std::string message,
              std::optional<uint64_t> offset = std::nullopt);
};

/// The raw bytes of the message being converted, where the source has them (the top-level
/// message): its header block and its body.
struct RawMessage {
    std::string_view headers;
    std::span<const uint8_t> body;
};

/// The message `source` holds, its headers, bodies and parts mapped, without Outlook
/// defaults. `raw` gives the source's own bytes when known (else GMime writes them again);
/// `embedding` counts the message/rfc822 parts around it; `where` names it in warnings.
msg::Message convert_message(GMimeMessage* source, Conversion& conversion,
                             const std::optional<RawMessage>& raw, uint32_t embedding,
                             const std::string& where);

/// Maps the MIME tree of `source` (its top-level part) onto `message`: class, bodies,
/// attachments, embedded messages.
void convert_body(GMimeMessage* source, msg::Message& message, Conversion& conversion,
                  const std::optional<RawMessage>& raw, uint32_t embedding,
                  const std::string& where);

/// The report class of a multipart/report `top` (MS-OXCMAIL 2.2.3.7) set on `message`, with
/// PidTagReportingMessageTransferAgent. A delivery-status or disposition-notification report
/// whose status part gives no class stays IPM.Note, with a warning naming `where`; other
/// report types (feedback-report, ...) and any other part are left alone.
void map_report(GMimeObject* top, msg::Message& message, Conversion& conversion,
                const std::string& where);

/// The decoded content of a leaf part (Content-Transfer-Encoding undone).
std::vector<uint8_t> part_content(GMimePart* part);

/// `bytes` as UTF-8: in `declared` charset when it decodes them, else as UTF-8 when they are
/// well-formed, else as Windows-1252; a warning naming `where` for each fallback.
std::string decode_text(std::string_view bytes, const char* declared, Conversion& conversion,
                        const std::string& where);

/// Moves the named properties of `message`, its recipients, attachments and embedded messages
/// from the ids of its own name map to those of `target`, which it then shares. A property
/// whose id the map does not name, or that finds no id left, is left out (the latter with a
/// warning naming `where`).
void adopt_named(msg::Message& message, const std::shared_ptr<msg::NamedPropertyMap>& target,
                 Conversion& conversion, const std::string& where);

/// The message a TNEF part (`name` in warnings) holds, its warnings added to the conversion's;
/// nullopt, with a warning naming the part, the structure and the offset, when it does not
/// decode (from_tnef() throws).
std::optional<msg::Message> decode_tnef_part(std::span<const uint8_t> bytes, Conversion& conversion,
                                             const std::string& name);

/// Merges a decoded TNEF stream into `message` (docs/mime.md, "TNEF inside MIME").
void merge_tnef(msg::Message& message, msg::Message tnef, Conversion& conversion,
                const std::string& where);

}  // namespace msgforge::mime::detail
