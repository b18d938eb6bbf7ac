// The parts of the JSON form that both directions share: the JSON type, default property
// flags, the raw bytes of a PtypString and the names of property types; and what the encoder
// writes besides the properties: people and the typed views of items (encode_item.cpp).
#pragma once

#include <msgforge/msg/items.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/property_bag.hpp>
#include <msgforge/msg/property_tag.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace msgforge::json::detail {

/// Objects keep their members in the order written (the order docs/json-format.md gives).
using Json = nlohmann::ordered_json;
using msg::PropertyType;

/// The flags of a property that has none written: readable and writable.
inline constexpr uint32_t DEFAULT_FLAGS = msg::PROPATTR_READABLE | msg::PROPATTR_WRITABLE;

/// A person as the message resolves them: display name, SMTP address (null when the message
/// stores none), native address and its type.
Json address_json(const msg::Address& a);

/// The UTF-16LE bytes of `s`, as a PtypString stores them.
std::vector<uint8_t> utf16le_bytes(std::u16string_view s);

/// "PtypString", or "Ptyp0x1234" for a code MS-OXCDATA does not define.
std::optional<PropertyType> parse_type(std::string_view name);

/// The "item" member: the typed view of an appointment, contact, task or sticky note
/// (docs/json-format.md, "Items").
Json item(const msg::ItemView& view);

}  // namespace msgforge::json::detail
