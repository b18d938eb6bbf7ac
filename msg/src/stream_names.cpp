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

}  // namespace

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

namespace {

constexpr uint32_t GUID_STREAM = 0x00020102;
constexpr uint32_t ENTRY_STREAM = 0x00030102;
constexpr uint32_t STRING_STREAM = 0x00040102;

// Reading the three streams of the named-property map (MS-OXMSG 2.2.3.1): each fault a warning
// naming the stream and, where found, the entry's file offset (an error when strict).
class NamedMapReading {
public:
    NamedMapReading(const cfb::Reader& reader, cfb::EntryId storage, const ReadOptions& options,
                    std::vector<Warning>& warnings, ByteBudget& budget)
        : reader_(reader),
          storage_(storage),
          options_(options),
          warnings_(warnings),
          budget_(budget),
          base_(std::string(NAMEID_STORAGE) + "/"),
          entry_where_(base_ + substg_name(PropertyTag::from_u32(ENTRY_STREAM))) {
        guids_ = stream(GUID_STREAM);
        entries_ = stream(ENTRY_STREAM, &entry_id_);
        strings_ = stream(STRING_STREAM);
    }

    // The number of 8-byte entries, within the limit.
    size_t count() {
        const size_t n = entries_.size() / 8;
        if (n > options_.limits.max_named_properties) {
            throw LimitError(Location{reader_.file_name(), entry_where_, std::nullopt},
                             std::to_string(n) + " named properties, more than the limit of "
                                 + std::to_string(options_.limits.max_named_properties));
        }
        if (entries_.size() % 8 != 0) {
            warn(entry_where_, std::nullopt,
                 "length " + std::to_string(entries_.size()) + " is not a multiple of 8");
        }
        return n;
    }

    NamedKey entry(size_t i) {
        const uint8_t* e = entries_.data() + 8 * i;
        const uint32_t name_or_offset = load_u32(e);
        const uint16_t kind_and_guid = load_u16(e + 4);
        const uint16_t property_index = load_u16(e + 6);
        if (property_index != i) {
            warn(entry_where_, offset(i),
                 "entry " + std::to_string(i) + " has property index "
                     + std::to_string(property_index) + " (entry order is used)");
        }
        const Guid set = property_set(i, static_cast<uint16_t>(kind_and_guid >> 1));
        if ((kind_and_guid & 1) == 0) {
            return NamedKey::lid(set, name_or_offset);
        }
        return NamedKey::string(set, name_at(i, name_or_offset));
    }

private:
    void warn(const std::string& structure, std::optional<uint64_t> offset,
              const std::string& message) {
        if (options_.strict) {
            throw FormatError(Location{reader_.file_name(), structure, offset},
                              message + " (strict reading)");
        }
        warnings_.push_back(Warning{structure, offset, message});
    }

    cfb::Blob stream(uint32_t tag, std::optional<cfb::EntryId>* found = nullptr) {
        const std::string name = substg_name(PropertyTag::from_u32(tag));
        const auto id = reader_.find_child(storage_, name);
        if (!id || !reader_.entry(*id).is_stream()) {
            warn(base_ + name, std::nullopt, "missing (read as empty)");
            return cfb::Blob::owned({});
        }
        budget_.charge_stream(*id);
        if (found != nullptr) {
            *found = id;
        }
        return reader_.read(*id);
    }

    // The file offset of entry `i`, found only for a warning: it walks the stream's chain.
    std::optional<uint64_t> offset(size_t i) const {
        return entry_id_ ? reader_.file_offset(*entry_id_, 8 * i) : std::nullopt;
    }

    // 1 is PS_MAPI, 2 PS_PUBLIC_STRINGS, 3 and up index the GUID stream.
    Guid property_set(size_t i, uint16_t guid_index) {
        const size_t guid_count = guids_.size() / 16;
        if (guid_index == 1) {
            return ps::PS_MAPI;
        }
        if (guid_index == 2) {
            return ps::PS_PUBLIC_STRINGS;
        }
        if (guid_index >= 3 && static_cast<size_t>(guid_index - 3) < guid_count) {
            return Guid::from_bytes(
                guids_.span().subspan(static_cast<size_t>(guid_index - 3) * 16).first<16>());
        }
        warn(entry_where_, offset(i),
             "entry " + std::to_string(i) + " has GUID index " + std::to_string(guid_index)
                 + ", beyond the " + std::to_string(guid_count) + " GUIDs (null GUID used)");
        return Guid{};
    }

    // The name at `at` in the string stream: a 32-bit byte length, then UTF-16LE, cut at a NUL.
    std::u16string name_at(size_t i, size_t at) {
        std::u16string name;
        if (at > strings_.size() || strings_.size() - at < 4) {
            warn(entry_where_, offset(i),
                 "entry " + std::to_string(i) + " points at string offset " + std::to_string(at)
                     + ", past the string stream's " + std::to_string(strings_.size())
                     + " bytes (empty name used)");
            return name;
        }
        const uint32_t length = load_u32(strings_.data() + at);
        if (length > strings_.size() - at - 4) {
            warn(entry_where_, offset(i),
                 "entry " + std::to_string(i) + " names a string of " + std::to_string(length)
                     + " bytes at " + std::to_string(at) + ", past the string stream's "
                     + std::to_string(strings_.size()) + " bytes (empty name used)");
            return name;
        }
        budget_.charge(length, [&] { return entry_where_; });
        name.resize(length / 2);
        load_u16_units(strings_.data() + at + 4, name.size(), name.data());
        const auto nul = name.find(u'\0');
        if (nul != std::u16string::npos) {
            name.resize(nul);
        }
        return name;
    }

    const cfb::Reader& reader_;
    cfb::EntryId storage_;
    const ReadOptions& options_;
    std::vector<Warning>& warnings_;
    ByteBudget& budget_;
    std::string base_;
    std::string entry_where_;
    cfb::Blob guids_ = cfb::Blob::owned({});
    cfb::Blob entries_ = cfb::Blob::owned({});
    std::optional<cfb::EntryId> entry_id_;
    cfb::Blob strings_ = cfb::Blob::owned({});
};

}  // namespace

void read_named_map(const cfb::Reader& reader, cfb::EntryId storage, const ReadOptions& options,
                    std::vector<Warning>& warnings, ByteBudget& budget, NamedPropertyMap& map) {
    NamedMapReading reading(reader, storage, options, warnings, budget);
    const size_t count = reading.count();
    for (size_t i = 0; i < count; ++i) {
        map.append(reading.entry(i));
    }
}

}  // namespace msgforge::msg
