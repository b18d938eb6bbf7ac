// TNEF (MS-OXTNEF): the Transport Neutral Encapsulation Format of winmail.dat and
// application/ms-tnef parts, decoded into a message: the legacy attributes (class, subject,
// sender, dates, body, priority, attachments) and the MAPI properties of attMsgProps,
// attRecipTable and attAttachment, embedded messages included (MS-OXTNEF 2.1.3).
#pragma once

#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace msgforge::mime {

/// The first four bytes of every TNEF stream, little-endian (MS-OXTNEF 2.1.3.1).
inline constexpr uint32_t TNEF_SIGNATURE = 0x223E9F78;

/// The attribute ids MS-OXTNEF 2.1.3.3 defines that the decoder reads: the attribute's type in
/// the high word, its id in the low word.
namespace att {

inline constexpr uint32_t attFrom = 0x00008000;
inline constexpr uint32_t attSubject = 0x00018004;
inline constexpr uint32_t attDateSent = 0x00038005;
inline constexpr uint32_t attDateRecd = 0x00038006;
inline constexpr uint32_t attMessageClass = 0x00078008;
inline constexpr uint32_t attMessageID = 0x00018009;
inline constexpr uint32_t attBody = 0x0002800C;
inline constexpr uint32_t attPriority = 0x0004800D;
inline constexpr uint32_t attAttachData = 0x0006800F;
inline constexpr uint32_t attAttachTitle = 0x00018010;
inline constexpr uint32_t attAttachMetaFile = 0x00068011;
inline constexpr uint32_t attAttachCreateDate = 0x00038012;
inline constexpr uint32_t attAttachModifyDate = 0x00038013;
inline constexpr uint32_t attDateModified = 0x00038020;
inline constexpr uint32_t attAttachTransportFilename = 0x00069001;
inline constexpr uint32_t attAttachRendData = 0x00069002;
inline constexpr uint32_t attMsgProps = 0x00069003;
inline constexpr uint32_t attRecipTable = 0x00069004;
inline constexpr uint32_t attAttachment = 0x00069005;
inline constexpr uint32_t attTnefVersion = 0x00089006;
inline constexpr uint32_t attOemCodepage = 0x00069007;
inline constexpr uint32_t attOriginalMessageClass = 0x00070600;

}  // namespace att

/// The level of an attribute: of the message or of the current attachment.
inline constexpr uint8_t LVL_MESSAGE = 0x01;
inline constexpr uint8_t LVL_ATTACHMENT = 0x02;

/// How a TNEF stream is decoded.
struct TnefOptions {
    /// Embedding depth, properties per object, recipients, attachments, values of one
    /// multi-valued property and the bytes decoded in all (max_total_bytes: 0 means
    /// msg::DEFAULT_TOTAL_BYTES_RATIO times the stream's size plus msg::DEFAULT_TOTAL_BYTES_EXTRA)
    /// as for .msg files; max_rtf_output is carried by the message.
    msg::Limits limits;
    /// Attributes of one stream, embedded streams counted apart.
    uint32_t max_attributes = 1'000'000;
    /// Turn every tolerated oddity (a wrong checksum, bytes after the last attribute, an
    /// attribute cut short) into a FormatError.
    bool strict = false;
};

/// A decoded TNEF stream.
struct TnefResult {
    /// The message; no Outlook defaults are added (msg::apply_outlook_defaults()).
    msg::Message message;
    /// What the decoder tolerated, in the order met: a checksum that does not match, an
    /// attribute or a property list cut short (the rest of it ignored), bytes after the last
    /// attribute, a property of a type TNEF does not define.
    std::vector<msg::Warning> warnings;
};

/// Whether `bytes` starts with the TNEF signature.
bool is_tnef(std::span<const uint8_t> bytes);

/// Decodes the TNEF stream `bytes`; `source_name` (a path, or a name such as "winmail.dat")
/// names it in errors and warnings. Attachment data is copied: the result does not refer to
/// `bytes`. Throws FormatError naming the source, the structure and the offset when the
/// signature is wrong or an attribute cannot be read, LimitError when a limit of `options` is
/// reached.
TnefResult from_tnef(std::span<const uint8_t> bytes, std::string_view source_name,
                     const TnefOptions& options = {});

}  // namespace msgforge::mime
