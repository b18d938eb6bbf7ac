// Storage and stream names of MS-OXMSG 2.2 and the named-property map reader (2.2.3).
#pragma once

#include <msgforge/base/text.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/property_tag.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::msg {

inline constexpr std::string_view PROPERTIES_STREAM = "__properties_version1.0";
inline constexpr std::string_view NAMEID_STORAGE = "__nameid_version1.0";
inline constexpr std::string_view RECIPIENT_PREFIX = "__recip_version1.0_#";
inline constexpr std::string_view ATTACHMENT_PREFIX = "__attach_version1.0_#";
inline constexpr std::string_view SUBSTG_PREFIX = "__substg1.0_";

/// Eight upper-case hex digits.
std::string hex8(uint32_t v);

/// "__substg1.0_" + the tag in eight upper-case hex digits.
std::string substg_name(PropertyTag tag);

/// The tag of "__substg1.0_TTTTTTTT" (index nullopt) or of "__substg1.0_TTTTTTTT-NNNNNNNN",
/// the stream of value N of a multi-valued property (MS-OXMSG 2.1.4.2.1); hex digits of either
/// case. nullopt for any other name.
std::optional<std::pair<PropertyTag, std::optional<uint32_t>>> parse_substg_value_name(
    std::string_view name);

/// N from `prefix` + eight hex digits; nullopt for anything else.
std::optional<uint32_t> parse_numbered(std::string_view name, std::string_view prefix);

/// The upper case of an ASCII letter; any other byte as it is.
inline char ascii_upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 0x20) : c;
}

class ByteBudget;

/// Reads the GUID, entry and string streams of the __nameid_version1.0 storage into `map`.
/// Entries it cannot resolve are kept (with a null GUID or an empty name) so that ids stay in
/// place; each such problem is a warning (an error when options.strict). The streams and the
/// names decoded count against `budget`.
void read_named_map(const cfb::Reader& reader, cfb::EntryId storage, const ReadOptions& options,
                    std::vector<Warning>& warnings, ByteBudget& budget, NamedPropertyMap& map);

}  // namespace msgforge::msg
