// Named properties (MS-OXMSG 2.2.3): the (property set, LID or name) of every property id
// from 0x8000, as mapped by the top-level __nameid_version1.0 storage.
#pragma once

#include <msgforge/guid.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace msgforge::msg {

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

/// PS_MAPI {00020328-0000-0000-C000-000000000046}: GUID index 1 of the entry stream.
Guid ps_mapi();

/// PS_PUBLIC_STRINGS {00020329-0000-0000-C000-000000000046}: GUID index 2.
Guid ps_public_strings();

/// PS_INTERNET_HEADERS {00020386-0000-0000-C000-000000000046}.
Guid ps_internet_headers();

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
