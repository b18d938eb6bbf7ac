// Text parts of an MMS: a slide's text written in a MIME charset and declared with it
// (PidTagTextAttachmentCharset, MS-OXCMAIL 2.2.3.4.1.2), and any text part read back by the
// charset it declares, else by its byte-order mark, else by what its bytes allow.
#pragma once

#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::oms {

/// `utf8` as a text part in `charset` holds it: for "utf-16" the byte-order mark FF FE and
/// UTF-16LE, for any other charset its bytes without byte-order mark. nullopt when a character
/// cannot be encoded in `charset`.
std::optional<std::vector<uint8_t>> encode_text_part(std::string_view utf8,
                                                     const msg::Charset& charset);

/// A text part as read.
struct TextPart {
    std::string text;  ///< UTF-8, without byte-order mark
    /// The charset the part declares (its MIME type's charset parameter, else
    /// PidTagTextAttachmentCharset, else a byte-order mark), when msgforge knows it.
    std::optional<msg::Charset> declared;
    /// What the reader had to guess or could not decode, naming the part.
    std::optional<std::string> warning;
    /// The bytes do not decode in the declared charset (the warning says where).
    bool undecodable = false;
};

/// Attachment `index` of `m` read as a text part, by the rules oms::view documents.
TextPart read_text_part(const msg::Message& m, size_t index);

}  // namespace msgforge::oms
