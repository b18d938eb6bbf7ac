// MIME messages (RFC 5322, RFC 2045-2049: .eml files and the messages of an mbox) read into
// Outlook-ready messages, mapped as MS-OXCMAIL 2.2 describes: headers to properties, bodies to
// PidTagBody, PidTagHtml and an encapsulating RTF body, parts to attachments, message/rfc822
// to embedded messages, S/MIME kept verifiable (MS-OXOSMIME 2.1.3). docs/mime.md, "Reading MIME".
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::mime {

/// Bounds on the work done for one MIME message; what passes them is left out with a warning,
/// but an input larger than max_input_bytes, which throws LimitError.
struct FromMimeLimits {
    uint64_t max_input_bytes = uint64_t{1} << 30;  ///< bytes of one .eml or mbox
    /// Nesting of multiparts and message/rfc822 parts below the message: deeper parts are left
    /// out (GMime's parser itself stops at its own bound and reports it).
    uint32_t max_depth = 64;
    uint32_t max_embedding_depth = 16;  ///< message/rfc822 parts inside message/rfc822 parts
    uint32_t max_parts = 10'000;        ///< MIME parts of one message, embedded ones included
    /// Recipients and attachments of one message: Outlook's bounds (msg::MAX_RECIPIENTS,
    /// msg::MAX_ATTACHMENTS), which Message::write() enforces.
    uint32_t max_recipients = static_cast<uint32_t>(msg::MAX_RECIPIENTS);
    uint32_t max_attachments = static_cast<uint32_t>(msg::MAX_ATTACHMENTS);
};

struct FromMimeOptions {
    FromMimeLimits limits;
    /// Fill in what Outlook needs (msg::apply_outlook_defaults, with the RTF body) as
    /// `msgforge convert` and `build` do; false leaves only the properties mapped from MIME.
    bool outlook_defaults = true;
};

struct FromMimeResult {
    msg::Message message;
    /// What was tolerated or left out: malformed structure GMime reported (with its offset in
    /// the input), charsets that did not decode (naming the part), limits reached.
    std::vector<msg::Warning> warnings;
};

/// Reads one MIME message. `source_name` names the input in errors and warnings. Input without
/// a header block is read as a body alone, with a warning; anything else is read best-effort,
/// with warnings. Throws LimitError for an input larger than the limit, FormatError when GMime
/// reads no message even so.
FromMimeResult from_mime(std::span<const uint8_t> bytes, std::string_view source_name,
                         const FromMimeOptions& options = {});

/// The attachment of a clear-signed message (class IPM.Note.SMIME.MultipartSigned, MS-OXOSMIME
/// 2.1.3.2.1) that holds the multipart/signed entity as it was signed, or nullptr.
const msg::Attachment* signed_entity_attachment(const msg::Message& message);

/// What a stored multipart/signed entity (its Content-Type header, then its body) signs,
/// read as from_mime() reads a message's MIME tree: the bodies and attachments of its first
/// part, then its signature part as an attachment (named as the part names it, else
/// smime.p7s). No Outlook defaults are added. Throws FormatError naming `source_name` when
/// the bytes are no multipart/signed entity.
FromMimeResult read_signed_entity(std::span<const uint8_t> entity, std::string_view source_name,
                                  const FromMimeLimits& limits = {});

/// The messages of an mbox (the "From " lines of RFC 4155 separate them), one at a time, each
/// read as from_mime() reads an .eml.
class MboxReader {
public:
    /// Reads from a copy of `bytes`. Throws LimitError for an input larger than the limit.
    MboxReader(std::span<const uint8_t> bytes, std::string source_name,
               FromMimeOptions options = {});
    MboxReader(const MboxReader&) = delete;
    MboxReader& operator=(const MboxReader&) = delete;
    MboxReader(MboxReader&&) noexcept;
    MboxReader& operator=(MboxReader&&) noexcept;
    ~MboxReader();

    /// The next message, or nullopt after the last one. Input that holds no message where one
    /// should start is left out up to the next "From " line, with a warning on the message
    /// read there; when no such line follows, throws FormatError naming the offset, and the
    /// reader ends (next() gives nullopt).
    std::optional<FromMimeResult> next();

    /// The offset in the input of the "From " line of the message next() returned last.
    uint64_t offset() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace msgforge::mime
