#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace msgforge::msg {

namespace {

// The tables below are expanded from properties.def at compile time; the lookup orders are
// sorted copies made by constexpr std::sort, so nothing runs at static-initialisation time.

constexpr auto kTags = std::to_array<TagInfo>({
#define MSGFORGE_PROP_TAG(id, type, name) {PropertyTag{id, PropertyType::type}, #name},
#include <msgforge/msg/properties.def>
});

constexpr auto kTagAliases = std::to_array<TagInfo>({
#define MSGFORGE_PROP_TAG_ALIAS(id, type, name) {PropertyTag{id, PropertyType::type}, #name},
#include <msgforge/msg/properties.def>
});

constexpr auto kLids = std::to_array<LidInfo>({
#define MSGFORGE_PROP_LID(set, lid, type, name) {ps::set, lid, PropertyType::type, #name},
#include <msgforge/msg/properties.def>
});

constexpr auto kNamed = std::to_array<NamedInfo>({
#define MSGFORGE_PROP_NAME(set, property_name, type, name) \
    {ps::set, property_name, PropertyType::type, #name},
#include <msgforge/msg/properties.def>
});

constexpr auto kNamedAliases = std::to_array<NamedInfo>({
#define MSGFORGE_PROP_NAME_ALIAS(set, property_name, type, name) \
    {ps::set, property_name, PropertyType::type, #name},
#include <msgforge/msg/properties.def>
});

constexpr auto kSets = std::to_array<PropertySetInfo>({
#define MSGFORGE_PROPERTY_SET(name, d1, d2, d3, b0, b1, b2, b3, b4, b5, b6, b7) {ps::name, #name},
#include <msgforge/msg/properties.def>
});

template <typename T, std::size_t N, typename Less>
constexpr std::array<T, N> sorted(std::array<T, N> items, Less less) {
    std::sort(items.begin(), items.end(), less);
    return items;
}

template <typename T, std::size_t N, std::size_t M>
constexpr std::array<T, N + M> joined(const std::array<T, N>& a, const std::array<T, M>& b) {
    std::array<T, N + M> out{};
    std::copy(a.begin(), a.end(), out.begin());
    std::copy(b.begin(), b.end(), out.begin() + static_cast<std::ptrdiff_t>(N));
    return out;
}

constexpr char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Three-way comparison of ASCII strings ignoring case.
constexpr int compare_folded(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const char x = ascii_lower(a[i]);
        const char y = ascii_lower(b[i]);
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    if (a.size() == b.size()) {
        return 0;
    }
    return a.size() < b.size() ? -1 : 1;
}

/// Order of (set, string name) keys: by set, then by name, ignoring ASCII case in
/// PS_INTERNET_HEADERS (MS-OXCMAIL matches header names case-insensitively).
constexpr int compare_named_key(const Guid& set_a, std::string_view name_a, const Guid& set_b,
                                std::string_view name_b) {
    if (set_a != set_b) {
        return set_a < set_b ? -1 : 1;
    }
    if (set_a == ps::PS_INTERNET_HEADERS) {
        return compare_folded(name_a, name_b);
    }
    return name_a.compare(name_b);
}

constexpr auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };

constexpr auto kTagsByName = sorted(joined(kTags, kTagAliases), by_name);

constexpr auto kLidsByKey = sorted(kLids, [](const LidInfo& a, const LidInfo& b) {
    return a.set != b.set ? a.set < b.set : a.lid < b.lid;
});

constexpr auto kLidsByName = sorted(kLids, by_name);

constexpr auto kNamedByKey = sorted(kNamed, [](const NamedInfo& a, const NamedInfo& b) {
    return compare_named_key(a.set, a.property_name, b.set, b.property_name) < 0;
});

constexpr auto kNamedByName = sorted(joined(kNamed, kNamedAliases), by_name);

constexpr auto kSetsByGuid =
    sorted(kSets, [](const PropertySetInfo& a, const PropertySetInfo& b) { return a.set < b.set; });

constexpr auto kSetsByName = sorted(kSets, by_name);

static_assert(std::is_sorted(kTags.begin(), kTags.end(),
                             [](const TagInfo& a, const TagInfo& b) { return a.tag < b.tag; }),
              "properties.def: PidTag lines must be sorted by tag");
static_assert(std::adjacent_find(kTags.begin(), kTags.end(),
                                 [](const TagInfo& a, const TagInfo& b) { return a.tag == b.tag; })
                  == kTags.end(),
              "properties.def: a tag with a second name must use MSGFORGE_PROP_TAG_ALIAS");

/// The entry named `name` in a table sorted by name.
template <typename Table>
constexpr auto find_by_name(const Table& table, std::string_view name) -> decltype(&table[0]) {
    const auto it = std::lower_bound(table.begin(), table.end(), name,
                                     [](const auto& e, std::string_view n) { return e.name < n; });
    if (it == table.end() || it->name != name) {
        return nullptr;
    }
    return &*it;
}

/// The preferred entry among those sharing `tag.id` when the exact tag is not listed.
const TagInfo* fallback_for_id(PropertyTag tag) {
    const auto first =
        std::lower_bound(kTags.begin(), kTags.end(), PropertyTag{tag.id, PropertyType{}},
                         [](const TagInfo& e, PropertyTag t) { return e.tag < t; });
    if (first == kTags.end() || first->tag.id != tag.id) {
        return nullptr;
    }
    PropertyType preferred = first->tag.type;
    if (tag.type == PropertyType::PtypString8) {
        preferred = PropertyType::PtypString;
    } else if (tag.type == PropertyType::PtypMultipleString8) {
        preferred = PropertyType::PtypMultipleString;
    }
    for (auto it = first; it != kTags.end() && it->tag.id == tag.id; ++it) {
        if (it->tag.type == preferred) {
            return &*it;
        }
    }
    return &*first;
}

}  // namespace

std::optional<std::string_view> tag_name(PropertyTag tag) {
    const auto it = std::lower_bound(kTags.begin(), kTags.end(), tag,
                                     [](const TagInfo& e, PropertyTag t) { return e.tag < t; });
    if (it != kTags.end() && it->tag == tag) {
        return it->name;
    }
    if (const TagInfo* entry = fallback_for_id(tag)) {
        return entry->name;
    }
    return std::nullopt;
}

std::optional<PropertyTag> tag_by_name(std::string_view name) {
    if (const TagInfo* entry = find_by_name(kTagsByName, name)) {
        return entry->tag;
    }
    return std::nullopt;
}

std::optional<std::string_view> lid_name(const Guid& set, uint32_t lid) {
    if (set == ps::PS_MAPI) {
        if (lid > 0xFFFF) {
            return std::nullopt;
        }
        return tag_name(PropertyTag{static_cast<uint16_t>(lid), PropertyType::PtypUnspecified});
    }
    const auto it =
        std::lower_bound(kLidsByKey.begin(), kLidsByKey.end(), std::pair{set, lid},
                         [](const LidInfo& e, const std::pair<Guid, uint32_t>& key) {
                             return e.set != key.first ? e.set < key.first : e.lid < key.second;
                         });
    if (it == kLidsByKey.end() || it->set != set || it->lid != lid) {
        return std::nullopt;
    }
    return it->name;
}

std::optional<std::string_view> named_name(const Guid& set, std::string_view name) {
    const auto it =
        std::lower_bound(kNamedByKey.begin(), kNamedByKey.end(), name,
                         [&set](const NamedInfo& e, std::string_view n) {
                             return compare_named_key(e.set, e.property_name, set, n) < 0;
                         });
    if (it == kNamedByKey.end() || compare_named_key(it->set, it->property_name, set, name) != 0) {
        return std::nullopt;
    }
    return it->name;
}

std::optional<std::string_view> named_name(const Guid& set, std::u16string_view name) {
    std::string ascii;
    ascii.reserve(name.size());
    for (char16_t c : name) {
        if (c > 0x7F) {
            return std::nullopt;
        }
        ascii.push_back(static_cast<char>(c));
    }
    return named_name(set, std::string_view(ascii));
}

std::optional<LidInfo> lid_by_name(std::string_view name) {
    if (const LidInfo* entry = find_by_name(kLidsByName, name)) {
        return *entry;
    }
    return std::nullopt;
}

std::optional<NamedInfo> named_by_name(std::string_view name) {
    if (const NamedInfo* entry = find_by_name(kNamedByName, name)) {
        return *entry;
    }
    return std::nullopt;
}

std::optional<std::string_view> property_set_name(const Guid& set) {
    const auto it =
        std::lower_bound(kSetsByGuid.begin(), kSetsByGuid.end(), set,
                         [](const PropertySetInfo& e, const Guid& g) { return e.set < g; });
    if (it == kSetsByGuid.end() || it->set != set) {
        return std::nullopt;
    }
    return it->name;
}

std::optional<Guid> property_set_by_name(std::string_view name) {
    if (const PropertySetInfo* entry = find_by_name(kSetsByName, name)) {
        return entry->set;
    }
    return std::nullopt;
}

std::span<const TagInfo> all_tags() {
    return kTags;
}

std::span<const TagInfo> tag_aliases() {
    return kTagAliases;
}

std::span<const LidInfo> all_lids() {
    return kLids;
}

std::span<const NamedInfo> all_named() {
    return kNamed;
}

std::span<const NamedInfo> named_aliases() {
    return kNamedAliases;
}

std::span<const PropertySetInfo> all_property_sets() {
    return kSets;
}

}  // namespace msgforge::msg
