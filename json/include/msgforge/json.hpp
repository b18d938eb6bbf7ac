// Messages as JSON and back: every property, named property, recipient, attachment, embedded
// message, OLE storage and unknown storage entry. The format is described in docs/json-format.md.
#pragma once

#include <msgforge/msg/message.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace msgforge::json {

/// Binary values and streams larger than this are encoded as {"size", "sha256"} unless full.
inline constexpr size_t INLINE_LIMIT = 64 * 1024;

struct Options {
    /// Encode every binary value and stream in full (base64), whatever its size.
    bool full = false;
};

/// The message as JSON text (two-space indentation, ending in a newline).
std::string encode(const msg::Message& message, const Options& options = {});

/// One value of property `id` of `object` on one line, for `msgforge dump`: its JSON form,
/// compact, except that binary bytes are shown as "hex:…", cut after 64 bytes unless full.
std::string value_text(const msg::PropertyValue& value, const msg::ObjectBase& object, uint16_t id,
                       const Options& options = {});

/// The message described by JSON text: the output of encode() with full set, or a
/// hand-written subset of it. Throws FormatError naming `file` and the JSON path of the
/// offending value (e.g. "properties[3].value: expected an integer for PtypInteger32"), and
/// LimitError when embedded messages nest deeper than msg::Limits allows.
msg::Message decode(std::string_view text, const std::string& file);

}  // namespace msgforge::json
