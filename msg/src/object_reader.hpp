// The reading of one object storage of a message (MS-OXMSG 2.2 storages, 2.4 property
// streams): the state one file's reading shares, and the reader of an object's property
// stream, value streams and children. Used by read.cpp; the reader's children are found in
// object_children.cpp, its properties read in object_properties.cpp.
#pragma once

#include "byte_budget.hpp"
#include "stream_names.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::msg::reading {

enum class ObjectKind { top_level, embedded, recipient, attachment };

// Everything the reading of one file shares.
struct Context {
    const cfb::Reader& reader;
    const ReadOptions& options;
    std::vector<Warning>& warnings;
    std::shared_ptr<NamedPropertyMap> named;
    ByteBudget budget;

    [[noreturn]] void fail(const std::string& structure, std::optional<uint64_t> offset,
                           const std::string& detail) const {
        throw FormatError(Location{reader.file_name(), structure, offset}, detail);
    }

    void warn(const std::string& structure, std::optional<uint64_t> offset, std::string message) {
        if (options.strict) {
            fail(structure, offset, message + " (strict reading)");
        }
        warnings.push_back(Warning{structure, offset, std::move(message)});
    }

    [[noreturn]] void limit(const std::string& structure, const std::string& detail) const {
        throw LimitError(Location{reader.file_name(), structure, std::nullopt}, detail);
    }
};

// A child of an object storage, its name classified once.
struct Child {
    const cfb::Entry* entry;
    cfb::EntryId id;
    /// For "__substg1.0_TTTTTTTT" and "__substg1.0_TTTTTTTT-NNNNNNNN": (tag << 32) | N, with
    /// N = NO_INDEX for the first form; 0 for other names.
    uint64_t key = 0;
    bool substg = false;
    /// Read, or set aside: a later sibling with the same name as an earlier one is not read.
    bool used = false;
};

constexpr uint32_t NO_INDEX = 0xFFFFFFFF;

constexpr uint64_t substg_key(PropertyTag tag, uint32_t index = NO_INDEX) {
    return (uint64_t{tag.u32()} << 32) | index;
}

// Reads the properties and children of one object storage.
class ObjectReader {
public:
    ObjectReader(Context& ctx, cfb::EntryId storage, ObjectKind kind);

    // Parses __properties_version1.0 and the value streams. Fills `object` and, for messages,
    // the header ids.
    void read_properties(ObjectBase& object, Message* message);

    // Recipient and attachment storages, in number order.
    std::vector<std::pair<uint32_t, cfb::EntryId>> numbered(std::string_view prefix);

    uint32_t recipient_count() const { return recipient_count_; }

    uint32_t attachment_count() const { return attachment_count_; }

    // The child with this name (ASCII case ignored), other than a __substg1.0_ one.
    Child* child(std::string_view name);

    // The stream or storage of a property value ("__substg1.0_TTTTTTTT"), or of one value of a
    // multi-valued property ("-NNNNNNNN").
    Child* substg(PropertyTag tag, uint32_t index = NO_INDEX);

    // Children nobody interpreted, copied verbatim (streams as views into the file), in the
    // ASCII order of their upper-cased names.
    std::vector<cfb::Node> unknown_children() const;

    cfb::Node copy_node(cfb::EntryId id) const;

    std::string display_path() const;

private:
    // Counts every stream below `storage` against the byte limit before the subtree is copied.
    void charge_streams_below(cfb::EntryId storage) const;

    // Siblings whose names are equal under the CFB rule cannot both be meant; the first in tree
    // order is read and the others are set aside (the CFB reader warns of them). Tree order is
    // CFB name order in a valid file, so the search only runs when it is not.
    void set_aside_duplicates();

    std::string describe(std::string_view name) const;

    std::string describe(PropertyTag tag) const { return describe(substg_name(tag)); }

    // Which of `count` 16-byte entries repeat the tag of an earlier one.
    static std::vector<bool> repeated_entries(std::span<const uint8_t> entries, size_t count);

    template <typename Where, typename FileOffset>
    void read_entry(std::vector<Property>& out, PropertyTag tag, uint32_t flags,
                    std::span<const uint8_t> slot, const Where& where,
                    const FileOffset& file_offset, size_t at);

    static PropertyValue fixed_value(PropertyType type, std::span<const uint8_t> slot);

    // The value of a stream-stored property; nullopt (with a warning) when it can't be read.
    /// The bytes of the value stream of `tag` (value `index` of a multi-valued one). One that
    /// cannot be read (a FormatError, limits aside) is a warning naming it and nullopt, unless
    /// the reading is strict: then it throws.
    std::optional<cfb::Blob> value_bytes(cfb::EntryId stream, PropertyTag tag,
                                         std::optional<uint32_t> index = std::nullopt);
    std::optional<PropertyValue> stream_value(PropertyTag tag, cfb::EntryId stream,
                                              const cfb::Blob& b);

    PropertyValue fixed_multi(PropertyTag tag, const cfb::Blob& b, size_t elem,
                              cfb::EntryId stream);

    // PtypMultipleString, PtypMultipleString8, PtypMultipleBinary: a length stream and one
    // stream per value (MS-OXMSG 2.1.4.2.1).
    std::optional<PropertyValue> variable_multi(PropertyTag tag, const cfb::Blob& lengths,
                                                cfb::EntryId stream);

    // Counts `n` bytes of values about to be decoded from the stream of `tag`.
    void charge_decoded(uint64_t n, PropertyTag tag) const;

    void check_count(size_t count, PropertyTag tag) const;

    // __substg1.0_ streams without a property-stream entry: read as properties anyway, in tag
    // order.
    void read_orphan_streams(ObjectBase& object);

    Context& ctx_;
    ObjectKind kind_;
    cfb::EntryId storage_;
    std::vector<Child> children_;   // tree order
    std::vector<uint32_t> by_key_;  // the __substg1.0_ children, by key
    uint32_t recipient_count_ = 0;
    uint32_t attachment_count_ = 0;
};

}  // namespace msgforge::msg::reading
