// Messages as JSON and back, for `msgforge dump --json` and `msgforge build`: every property,
// named property, recipient, attachment, embedded message, OLE storage and unknown storage
// entry. The format is described in docs/json-format.md.
#pragma once

#include <msgforge/msg/message.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace msgforge::cli {

/// Binary values and streams larger than this are dumped as {"size", "sha256"} unless full.
inline constexpr size_t JSON_INLINE_LIMIT = 64 * 1024;

struct JsonOptions {
    /// Dump every binary value and stream in full (base64), whatever its size.
    bool full = false;
};

/// The message as JSON text (two-space indentation, ending in a newline).
std::string message_to_json(const msg::Message& message, const JsonOptions& options = {});

/// One value of property `id` of `object` on one line, for `msgforge dump`: its JSON form,
/// compact, except that binary bytes are shown as "hex:…", cut after 64 bytes unless `full`.
std::string value_text(const msg::PropertyValue& value, const msg::ObjectBase& object, uint16_t id,
                       bool full);

/// The message described by JSON text: the output of message_to_json() with full set, or a
/// hand-written subset of it. Throws FormatError naming `file` and the JSON path of the
/// offending value (e.g. "properties[3].value: expected an integer for PtypInteger32").
msg::Message message_from_json(std::string_view text, const std::string& file);

}  // namespace msgforge::cli
