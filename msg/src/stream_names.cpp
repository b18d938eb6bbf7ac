#include "stream_names.hpp"

#include "byte_budget.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>

namespace msgforge::msg {

namespace {

// Exactly eight hex digits, either case.
std::optional<uint32_t> parse_hex8(std::string_view s) {
    if (s.size() != 8) {
        return std::nullopt;
    }
    const auto tag = PropertyTag::parse(s);
    return tag ? std::optional(tag->u32()) : std::nullopt;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && equal_ci(s.substr(0, prefix.size()), prefix);
}

}  // namespace

bool equal_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (ascii_upper(a[i]) != ascii_upper(b[i])) {
            return false;
        }
    }
    return true;
}

std::string hex8(uint32_t v) {
    return PropertyTag::from_u32(v).hex8();
}

std::string substg_name(PropertyTag tag) {
    return std::string(SUBSTG_PREFIX) + hex8(tag.u32());
}

std::optional<std::pair<PropertyTag, std::optional<uint32_t>>> parse_substg_value_name(
    std::string_view name) {
    constexpr size_t TAG_END = SUBSTG_PREFIX.size() + 8;
    if ((name.size() != TAG_END && name.size() != TAG_END + 9)
        || !starts_with_ci(name, SUBSTG_PREFIX)) {
        return std::nullopt;
    }
    const auto tag = parse_hex8(name.substr(SUBSTG_PREFIX.size(), 8));
    if (!tag) {
        return std::nullopt;
    }
    if (name.size() == TAG_END) {
        return std::pair(PropertyTag::from_u32(*tag), std::optional<uint32_t>());
    }
    const auto index = name[TAG_END] == '-' ? parse_hex8(name.substr(TAG_END + 1)) : std::nullopt;
    if (!index) {
        return std::nullopt;
    }
    return std::pair(PropertyTag::from_u32(*tag), index);
}

std::optional<uint32_t> parse_numbered(std::string_view name, std::string_view prefix) {
    if (!starts_with_ci(name, prefix)) {
        return std::nullopt;
    }
    return parse_hex8(name.substr(prefix.size()));
}

void read_named_map(const cfb::Reader& reader, cfb::EntryId storage, const ReadOptions& options,
                    std::vector<Warning>& warnings, ByteBudget& budget, NamedPropertyMap& map) {
    const std::string base = std::string(NAMEID_STORAGE) + "/";
    auto warn = [&](const std::string& structure, std::optional<uint64_t> offset,
                    const std::string& message) {
        if (options.strict) {
            throw FormatError(Location{reader.file_name(), structure, offset},
                              message + " (strict reading)");
        }
        warnings.push_back(Warning{structure, offset, message});
    };
    auto stream = [&](uint32_t tag) -> std::pair<cfb::Blob, std::optional<cfb::EntryId>> {
        const std::string name = substg_name(PropertyTag::from_u32(tag));
        const auto id = reader.find_child(storage, name);
        if (!id || !reader.entry(*id).is_stream()) {
            warn(base + name, std::nullopt, "missing (read as empty)");
            return {cfb::Blob::owned({}), std::nullopt};
        }
        budget.charge_stream(*id);
        return {reader.read(*id), id};
    };
    const cfb::Blob guids = stream(0x00020102).first;
    const auto entry_stream = stream(0x00030102);
    const cfb::Blob& entries = entry_stream.first;
    const std::optional<cfb::EntryId> entry_id = entry_stream.second;
    const cfb::Blob strings = stream(0x00040102).first;
    const std::string entry_where = base + substg_name(PropertyTag::from_u32(0x00030102));
    const size_t count = entries.size() / 8;
    if (count > options.limits.max_named_properties) {
        throw LimitError(Location{reader.file_name(), entry_where, std::nullopt},
                         std::to_string(count) + " named properties, more than the limit of "
                             + std::to_string(options.limits.max_named_properties));
    }
    if (entries.size() % 8 != 0) {
        warn(entry_where, std::nullopt,
             "length " + std::to_string(entries.size()) + " is not a multiple of 8");
    }
    const size_t guid_count = guids.size() / 16;
    for (size_t i = 0; i < count; ++i) {
        const uint8_t* e = entries.data() + 8 * i;
        const uint32_t name_or_offset = load_u32(e);
        const uint16_t kind_and_guid = load_u16(e + 4);
        const uint16_t property_index = load_u16(e + 6);
        // Found only for a warning: it walks the stream's chain.
        const auto offset = [&] {
            return entry_id ? reader.file_offset(*entry_id, 8 * i) : std::nullopt;
        };
        if (property_index != i) {
            warn(entry_where, offset(),
                 "entry " + std::to_string(i) + " has property index "
                     + std::to_string(property_index) + " (entry order is used)");
        }
        const uint16_t guid_index = static_cast<uint16_t>(kind_and_guid >> 1);
        Guid set;
        if (guid_index == 1) {
            set = ps::PS_MAPI;
        } else if (guid_index == 2) {
            set = ps::PS_PUBLIC_STRINGS;
        } else if (guid_index >= 3 && static_cast<size_t>(guid_index - 3) < guid_count) {
            set = Guid::from_bytes(
                guids.span().subspan(static_cast<size_t>(guid_index - 3) * 16).first<16>());
        } else {
            warn(entry_where, offset(),
                 "entry " + std::to_string(i) + " has GUID index " + std::to_string(guid_index)
                     + ", beyond the " + std::to_string(guid_count) + " GUIDs (null GUID used)");
        }
        if ((kind_and_guid & 1) == 0) {
            map.append(NamedKey::lid(set, name_or_offset));
            continue;
        }
        std::u16string name;
        const size_t at = name_or_offset;
        if (at <= strings.size() && strings.size() - at >= 4) {
            const uint32_t length = load_u32(strings.data() + at);
            if (length <= strings.size() - at - 4) {
                budget.charge(length, [&] { return entry_where; });
                name.resize(length / 2);
                load_u16_units(strings.data() + at + 4, name.size(), name.data());
                const auto nul = name.find(u'\0');
                if (nul != std::u16string::npos) {
                    name.resize(nul);
                }
            } else {
                warn(entry_where, offset(),
                     "entry " + std::to_string(i) + " names a string of " + std::to_string(length)
                         + " bytes at " + std::to_string(at) + ", past the string stream's "
                         + std::to_string(strings.size()) + " bytes (empty name used)");
            }
        } else {
            warn(entry_where, offset(),
                 "entry " + std::to_string(i) + " points at string offset " + std::to_string(at)
                     + ", past the string stream's " + std::to_string(strings.size())
                     + " bytes (empty name used)");
        }
        map.append(NamedKey::string(set, std::move(name)));
    }
}

}  // namespace msgforge::msg
