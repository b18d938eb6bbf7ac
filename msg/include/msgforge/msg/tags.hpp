// Canonical MAPI property names (MS-OXPROPS): a TypedTag constant per PidTag, a NamedTag constant
// per PidLid and PidName, the property sets (ps::, from named.hpp), and lookups between tags,
// named-property keys (set + LID or set + string name) and canonical names. Everything is
// generated from properties.def (scripts/gen_properties.py).
#pragma once

#include <msgforge/base/guid.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/property_tag.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace msgforge::msg {

/// One TypedTag per PidTag name (tags::PidTagSubject is {0x0037, PtypString}, of C++ type
/// TypedTag<PropertyType::PtypString>).
namespace tags {

#define MSGFORGE_PROP_TAG(id, type, name) inline constexpr TypedTag<PropertyType::type> name{id};
#define MSGFORGE_PROP_TAG_ALIAS(id, type, name) \
    inline constexpr TypedTag<PropertyType::type> name{id};
#include <msgforge/msg/properties.def>

}  // namespace tags

/// One NamedTag per PidLid and PidName name (names::PidNameOMSServiceType is PS_PUBLIC_STRINGS
/// "OMSServiceType", of C++ type NamedTag<PropertyType::PtypInteger32>).
namespace names {

#define MSGFORGE_PROP_LID(set, lid, type, name) \
    inline constexpr NamedTag<PropertyType::type> name{ps::set, lid, {}};
#define MSGFORGE_PROP_NAME(set, property_name, type, name) \
    inline constexpr NamedTag<PropertyType::type> name{ps::set, 0, u"" property_name};
#define MSGFORGE_PROP_NAME_ALIAS(set, property_name, type, name) \
    inline constexpr NamedTag<PropertyType::type> name{ps::set, 0, u"" property_name};
#include <msgforge/msg/properties.def>

}  // namespace names

/// A PidTag entry of the table.
struct TagInfo {
    PropertyTag tag;
    std::string_view name;
};

/// A PidLid entry: named property identified by property set and long ID.
struct LidInfo {
    Guid set;
    uint32_t lid = 0;
    PropertyType type = PropertyType::PtypUnspecified;
    std::string_view name;
};

/// A PidName entry: named property identified by property set and string name (MS-OXPROPS
/// spelling, e.g. "Content-Class").
struct NamedInfo {
    Guid set;
    std::string_view property_name;
    PropertyType type = PropertyType::PtypUnspecified;
    std::string_view name;
};

/// A property set of MS-OXPROPS 1.3.2 with its name.
struct PropertySetInfo {
    Guid set;
    std::string_view name;
};

/// Canonical name of a property tag. The exact tag (id and type) is tried first. Failing that, a
/// tag with the same id and another type still gets that id's name: PtypString8 and
/// PtypMultipleString8 map to their PtypString / PtypMultipleString entries, any other type to
/// the lowest-typed entry with that id. Where two canonical names share a tag, the first listed
/// in properties.def is returned. Ids 0x8000 and above are named-property ids inside a .msg file
/// (resolve them through the file's name-ID map); the table still answers for the address-book
/// PidTags MS-OXPROPS assigns in that range. Views are to static storage.
std::optional<std::string_view> tag_name(PropertyTag tag);

/// The tag of a PidTag name (exact, case-sensitive).
std::optional<PropertyTag> tag_by_name(std::string_view name);

/// Canonical PidLid name of (set, lid). For PS_MAPI, whose LIDs are property ids (MS-OXCDATA
/// 2.4.3), this is the PidTag name of the id.
std::optional<std::string_view> lid_name(const Guid& set, uint32_t lid);

/// Canonical PidName name of (set, string name). Names in PS_INTERNET_HEADERS match without
/// regard to ASCII case (Internet header names are case-insensitive, so files carry
/// "content-class" for PidNameContentClass); names in other sets match exactly.
std::optional<std::string_view> named_name(const Guid& set, std::string_view name);

/// As above for the UTF-16 names stored in __nameid_version1.0 (only ASCII names can match).
std::optional<std::string_view> named_name(const Guid& set, std::u16string_view name);

/// The PidLid entry of a canonical name.
std::optional<LidInfo> lid_by_name(std::string_view name);

/// The PidName entry of a canonical name.
std::optional<NamedInfo> named_by_name(std::string_view name);

/// "PS_PUBLIC_STRINGS", "PSETID_Common", … for a GUID of MS-OXPROPS 1.3.2.
std::optional<std::string_view> property_set_name(const Guid& set);

/// The GUID of a property-set name as spelled by MS-OXPROPS.
std::optional<Guid> property_set_by_name(std::string_view name);

/// The whole table, each sorted as in properties.def: tags by 32-bit tag (first names of a tag
/// only), LIDs by LID then set, names by set then name, sets by GUID text.
std::span<const TagInfo> all_tags();

/// Second canonical names of tags listed in all_tags() (MSGFORGE_PROP_TAG_ALIAS).
std::span<const TagInfo> tag_aliases();

std::span<const LidInfo> all_lids();

std::span<const NamedInfo> all_named();

/// Second canonical names of (set, name) keys listed in all_named() (MSGFORGE_PROP_NAME_ALIAS).
std::span<const NamedInfo> named_aliases();

std::span<const PropertySetInfo> all_property_sets();

}  // namespace msgforge::msg
