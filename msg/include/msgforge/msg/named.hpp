// Named properties (MS-OXMSG 2.2.3): the property sets of MS-OXPROPS 1.3.2, the (property set,
// LID or name) of every property id from 0x8000, as mapped by the top-level __nameid_version1.0
// storage, and the typed keys of the table's PidLid and PidName entries (tags.hpp, names::).
#pragma once

#include <msgforge/base/guid.hpp>
#include <msgforge/msg/property_tag.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace msgforge::msg {

/// Property-set GUIDs by their MS-OXPROPS names (ps::PS_PUBLIC_STRINGS, ps::PSETID_Common, …),
/// from properties.def.
namespace ps {

#define MSGFORGE_PROPERTY_SET(name, d1, d2, d3, b0, b1, b2, b3, b4, b5, b6, b7) \
    inline constexpr Guid name = Guid::from_fields(d1, d2, d3, {b0, b1, b2, b3, b4, b5, b6, b7});
#include <msgforge/msg/properties.def>

}  // namespace ps

/// A named property's identity: a property set and either a numeric LID or a string name.
struct NamedKey {
    Guid set;
    std::variant<uint32_t, std::u16string> name;

    static NamedKey lid(const Guid& set, uint32_t lid) { return NamedKey{set, lid}; }

    static NamedKey string(const Guid& set, std::u16string name) {
        return NamedKey{set, std::move(name)};
    }

    bool is_lid() const { return std::holds_alternative<uint32_t>(name); }

    /// Equality as MAPI resolves names: exact, except that names in PS_INTERNET_HEADERS
    /// compare case-insensitively (ASCII).
    bool matches(const NamedKey& other) const;

    bool operator==(const NamedKey&) const = default;
};

/// A named property of the table (tags.hpp: names::PidLidSmartNoAttach,
/// names::PidNameOMSServiceType, …) with its property type, which set_named() and
/// Message::named_value check at compile time. A PidLid has a LID, a PidName a string name as
/// MS-OXPROPS spells it.
template <PropertyType T>
struct NamedTag {
    static constexpr PropertyType property_type = T;

    Guid set;
    uint32_t lid = 0;          ///< a PidLid's long ID
    std::u16string_view name;  ///< a PidName's name; empty for a PidLid

    /// The key to look the property up by or to assign it an id with.
    NamedKey key() const {
        return name.empty() ? NamedKey::lid(set, lid) : NamedKey::string(set, std::u16string(name));
    }
};

/// Ids from 0x8000 in entry-stream order: key_for(0x8000 + i) is the i-th entry.
class NamedPropertyMap {
public:
    static constexpr uint16_t FIRST_ID = 0x8000;
    static constexpr uint16_t LAST_ID = 0xFFFE;

    /// The key mapped to `id`, or nullptr.
    const NamedKey* key_for(uint16_t id) const;

    /// The id mapped to `key` (see NamedKey::matches), if any.
    std::optional<uint16_t> id_for(const NamedKey& key) const;

    /// The id of `key`, adding it at the end if new. Throws LimitError when all 32,767 ids are
    /// taken.
    uint16_t assign(const NamedKey& key);

    /// Appends an entry as read from a file (duplicates kept, so ids stay as stored).
    void append(NamedKey key) { keys_.push_back(std::move(key)); }

    const std::vector<NamedKey>& keys() const { return keys_; }

    size_t size() const { return keys_.size(); }

private:
    std::vector<NamedKey> keys_;
};

}  // namespace msgforge::msg
