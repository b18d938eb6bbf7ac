// The reading of one object storage of a message (MS-OXMSG 2.2 storages, 2.4 property
// streams): the state one file's reading shares, and the reader of an object's property
// stream, value streams and children. Included by read.cpp alone.
#pragma once

#include "byte_budget.hpp"
#include "stream_names.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/msg/message.hpp>

#include <algorithm>

namespace msgforge::msg::reading {

using enum PropertyType;

enum class ObjectKind { top_level, embedded, recipient, attachment };

inline size_t header_size(ObjectKind kind) {
    switch (kind) {
        case ObjectKind::top_level:
            return 32;
        case ObjectKind::embedded:
            return 24;
        default:
            return 8;
    }
}

inline size_t element_size(PropertyType t) {
    switch (t) {
        case PtypMultipleInteger16:
            return 2;
        case PtypMultipleInteger32:
        case PtypMultipleFloating32:
            return 4;
        case PtypMultipleFloating64:
        case PtypMultipleCurrency:
        case PtypMultipleFloatingTime:
        case PtypMultipleInteger64:
        case PtypMultipleTime:
            return 8;
        case PtypMultipleGuid:
            return 16;
        default:
            return 0;
    }
}

inline std::u16string utf16_units(std::span<const uint8_t> bytes) {
    std::u16string s(bytes.size() / 2, u'\0');
    load_u16_units(bytes.data(), s.size(), s.data());
    const auto nul = s.find(u'\0');
    if (nul != std::u16string::npos) {
        s.resize(nul);
    }
    return s;
}

inline std::string string8_bytes(std::span<const uint8_t> bytes) {
    std::string s(bytes.begin(), bytes.end());
    const auto nul = s.find('\0');
    if (nul != std::string::npos) {
        s.resize(nul);
    }
    return s;
}

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

// ASCII order of the upper-cased names, the order in which unknown children are kept.
inline bool upper_less(std::string_view a, std::string_view b) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        const char x = ascii_upper(a[i]);
        const char y = ascii_upper(b[i]);
        if (x != y) {
            return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
        }
    }
    return a.size() < b.size();
}

// Reads the properties and children of one object storage.
class ObjectReader {
public:
    ObjectReader(Context& ctx, cfb::EntryId storage, ObjectKind kind)
        : ctx_(ctx), kind_(kind), storage_(storage) {
        const auto kids = ctx.reader.children(storage);
        children_.reserve(kids.size());
        for (cfb::EntryId id : kids) {
            Child c{&ctx.reader.entry(id), id};
            if (const auto v = parse_substg_value_name(c.entry->name)) {
                c.key = substg_key(v->first, v->second.value_or(NO_INDEX));
                c.substg = true;
            }
            children_.push_back(c);
        }
        set_aside_duplicates();
        by_key_.reserve(children_.size());
        for (uint32_t i = 0; i < children_.size(); ++i) {
            if (children_[i].substg && !children_[i].used) {
                by_key_.push_back(i);
            }
        }
        std::sort(by_key_.begin(), by_key_.end(),
                  [&](uint32_t a, uint32_t b) { return children_[a].key < children_[b].key; });
    }

    // Parses __properties_version1.0 and the value streams. Fills `object` and, for messages,
    // the header ids.
    void read_properties(ObjectBase& object, Message* message) {
        Child* stream = child(PROPERTIES_STREAM);
        if (stream == nullptr || !stream->entry->is_stream()) {
            ctx_.warn(display_path(), std::nullopt,
                      "no " + std::string(PROPERTIES_STREAM) + " stream; read as having no "
                          + "fixed-length properties");
            read_orphan_streams(object);
            return;
        }
        stream->used = true;
        const cfb::EntryId id = stream->id;
        // The stream's path, built only for an error or a warning.
        const auto where = [&] { return describe(PROPERTIES_STREAM); };
        ctx_.budget.charge_stream(id);
        const cfb::Blob bytes = ctx_.reader.read(id);
        const auto file_offset = [&](size_t pos) { return ctx_.reader.file_offset(id, pos); };
        const size_t header = header_size(kind_);
        if (bytes.size() < header) {
            ctx_.fail(where(), file_offset(0),
                      "is " + std::to_string(bytes.size()) + " bytes, shorter than its "
                          + std::to_string(header) + "-byte header");
        }
        if (message != nullptr) {
            message->next_recipient_id = load_u32(bytes.data() + 8);
            message->next_attachment_id = load_u32(bytes.data() + 12);
            recipient_count_ = load_u32(bytes.data() + 16);
            attachment_count_ = load_u32(bytes.data() + 20);
        }
        const size_t count = (bytes.size() - header) / 16;
        if ((bytes.size() - header) % 16 != 0) {
            ctx_.warn(where(), file_offset(header + count * 16),
                      std::to_string((bytes.size() - header) % 16)
                          + " trailing bytes after the last 16-byte entry (ignored)");
        }
        if (count > ctx_.options.limits.max_properties) {
            ctx_.limit(where(), std::to_string(count) + " property entries, more than the limit of "
                                    + std::to_string(ctx_.options.limits.max_properties));
        }
        const std::vector<bool> repeated = repeated_entries(bytes.span().subspan(header), count);
        std::vector<Property> read;
        read.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            const size_t at = header + 16 * i;
            const uint8_t* e = bytes.data() + at;
            const PropertyTag tag = PropertyTag::from_u32(load_u32(e));
            const uint32_t flags = load_u32(e + 4);
            if (repeated[i]) {
                ctx_.warn(where(), file_offset(at),
                          "property " + tag.to_string() + " is listed twice (first kept)");
                continue;
            }
            read_entry(read, tag, flags, std::span<const uint8_t>(e + 8, 8), where, file_offset,
                       at);
        }
        object.properties.assign(std::move(read));
        read_orphan_streams(object);
    }

    // Recipient and attachment storages, in number order.
    std::vector<std::pair<uint32_t, cfb::EntryId>> numbered(std::string_view prefix) {
        std::vector<std::pair<uint32_t, cfb::EntryId>> out;
        for (Child& c : children_) {
            if (c.substg || c.used || !c.entry->is_storage()) {
                continue;
            }
            if (const auto n = parse_numbered(c.entry->name, prefix)) {
                out.emplace_back(*n, c.id);
                c.used = true;
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    uint32_t recipient_count() const { return recipient_count_; }

    uint32_t attachment_count() const { return attachment_count_; }

    // The child with this name (ASCII case ignored), other than a __substg1.0_ one.
    Child* child(std::string_view name) {
        for (Child& c : children_) {
            if (!c.substg && equal_ci(c.entry->name, name)) {
                return &c;
            }
        }
        return nullptr;
    }

    // The stream or storage of a property value ("__substg1.0_TTTTTTTT"), or of one value of a
    // multi-valued property ("-NNNNNNNN").
    Child* substg(PropertyTag tag, uint32_t index = NO_INDEX) {
        const uint64_t key = substg_key(tag, index);
        const auto it =
            std::lower_bound(by_key_.begin(), by_key_.end(), key,
                             [&](uint32_t i, uint64_t k) { return children_[i].key < k; });
        return it != by_key_.end() && children_[*it].key == key ? &children_[*it] : nullptr;
    }

    // Children nobody interpreted, copied verbatim (streams as views into the file), in the
    // ASCII order of their upper-cased names.
    std::vector<cfb::Node> unknown_children() const {
        std::vector<const Child*> unknown;
        for (const Child& c : children_) {
            if (!c.used) {
                unknown.push_back(&c);
            }
        }
        std::sort(unknown.begin(), unknown.end(), [](const Child* a, const Child* b) {
            return upper_less(a->entry->name, b->entry->name);
        });
        std::vector<cfb::Node> out;
        out.reserve(unknown.size());
        for (const Child* c : unknown) {
            out.push_back(copy_node(c->id));
        }
        return out;
    }

    cfb::Node copy_node(cfb::EntryId id) const {
        const cfb::Entry& e = ctx_.reader.entry(id);
        cfb::Node node;
        if (e.is_storage()) {
            charge_streams_below(id);
            node = std::move(cfb::Tree::from_reader(ctx_.reader, id).root());
            node.type = cfb::EntryType::Storage;
            node.created = e.created;
            node.modified = e.modified;
        } else {
            // A stream's CLSID and times must be zero (MS-CFB 2.6.1); the writer writes them so.
            node.type = cfb::EntryType::Stream;
            ctx_.budget.charge_stream(id);
            node.data = ctx_.reader.read(id);
            node.state_bits = e.state_bits;
        }
        node.name = e.raw_name;
        return node;
    }

    std::string display_path() const {
        return storage_ == ctx_.reader.root() ? "message" : ctx_.reader.path_of(storage_);
    }

private:
    // Counts every stream below `storage` against the byte limit before the subtree is copied.
    void charge_streams_below(cfb::EntryId storage) const {
        std::vector<cfb::EntryId> pending{storage};
        while (!pending.empty()) {
            const cfb::EntryId at = pending.back();
            pending.pop_back();
            for (const cfb::EntryId id : ctx_.reader.children(at)) {
                const cfb::Entry& e = ctx_.reader.entry(id);
                if (e.is_storage()) {
                    pending.push_back(id);
                } else if (e.is_stream()) {
                    ctx_.budget.charge_stream(id);
                }
            }
        }
    }

    // Siblings whose names are equal under the CFB rule cannot both be meant; the first in tree
    // order is read and the others are set aside (the CFB reader warns of them). Tree order is
    // CFB name order in a valid file, so the search only runs when it is not.
    void set_aside_duplicates() {
        if (ctx_.reader.children_in_name_order(storage_)) {
            return;
        }
        std::vector<uint32_t> order(children_.size());
        for (uint32_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        const auto name = [&](uint32_t i) -> std::u16string_view {
            return children_[i].entry->raw_name;
        };
        std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
            return cfb::compare_names(name(a), name(b)) < 0;
        });
        for (size_t i = 1; i < order.size(); ++i) {
            if (cfb::compare_names(name(order[i - 1]), name(order[i])) == 0) {
                children_[order[i]].used = true;
            }
        }
    }

    std::string describe(std::string_view name) const {
        return storage_ == ctx_.reader.root()
                   ? std::string(name)
                   : ctx_.reader.path_of(storage_) + "/" + std::string(name);
    }

    std::string describe(PropertyTag tag) const { return describe(substg_name(tag)); }

    // Which of `count` 16-byte entries repeat the tag of an earlier one.
    static std::vector<bool> repeated_entries(std::span<const uint8_t> entries, size_t count) {
        std::vector<bool> repeated(count, false);
        std::vector<std::pair<uint32_t, uint32_t>> tags(count);  // (tag, entry)
        bool ascending = true;
        for (size_t i = 0; i < count; ++i) {
            tags[i] = {load_u32(&entries[16 * i]), static_cast<uint32_t>(i)};
            ascending = ascending && (i == 0 || tags[i - 1].first < tags[i].first);
        }
        if (!ascending) {
            std::sort(tags.begin(), tags.end());
            for (size_t i = 1; i < count; ++i) {
                if (tags[i].first == tags[i - 1].first) {
                    repeated[tags[i].second] = true;
                }
            }
        }
        return repeated;
    }

    template <typename Where, typename FileOffset>
    void read_entry(std::vector<Property>& out, PropertyTag tag, uint32_t flags,
                    std::span<const uint8_t> slot, const Where& where,
                    const FileOffset& file_offset, size_t at) {
        const PropertyType type = tag.type;
        if (fixed_size(type)) {
            out.push_back(Property{tag, flags, fixed_value(type, slot)});
            return;
        }
        if (type == PtypObject) {
            // The storage is read by the attachment (embedded message or OLE object) or kept
            // as an unknown child.
            out.push_back(Property{tag, flags, ObjectRef{}});
            return;
        }
        Child* stream = substg(tag);
        const bool is_stream = stream != nullptr && stream->entry->is_stream();
        if (!is_known_type(type)) {
            if (is_stream) {
                stream->used = true;
                ctx_.budget.charge_stream(stream->id);
                out.push_back(
                    Property{tag, flags, RawValue{type, ctx_.reader.read(stream->id), false}});
            } else {
                out.push_back(
                    Property{tag, flags,
                             RawValue{type, cfb::Blob::owned({slot.begin(), slot.end()}), true}});
            }
            ctx_.warn(where(), file_offset(at),
                      "property " + tag.to_string() + " has unknown type " + type_name(type)
                          + " (kept as raw bytes)");
            return;
        }
        if (!is_stream) {
            // Kept as the entry it is, its 8-byte slot as a raw value: the writer writes the
            // entry back unchanged and no stream, so a rewrite neither drops the entry nor
            // makes up a value for it.
            ctx_.warn(where(), file_offset(at),
                      "property " + tag.to_string() + " has no stream " + substg_name(tag)
                          + " (kept as an entry without a value)");
            out.push_back(Property{
                tag, flags, RawValue{type, cfb::Blob::owned({slot.begin(), slot.end()}), true}});
            return;
        }
        stream->used = true;
        if (auto v = stream_value(tag, stream->id)) {
            out.push_back(Property{tag, flags, std::move(*v)});
        }
    }

    static PropertyValue fixed_value(PropertyType type, std::span<const uint8_t> slot) {
        ByteReader r(slot, "property value");
        switch (type) {
            case PtypInteger16:
                return r.i16();
            case PtypInteger32:
                return r.i32();
            case PtypFloating32:
                return r.f32();
            case PtypFloating64:
                return r.f64();
            case PtypCurrency:
                return Currency{r.i64()};
            case PtypFloatingTime:
                return FloatingTime{r.f64()};
            case PtypErrorCode:
                return ErrorCode{r.u32()};
            case PtypBoolean:
                return r.u8() != 0;
            case PtypInteger64:
                return r.i64();
            default:
                return FileTime{r.u64()};
        }
    }

    // The value of a stream-stored property; nullopt (with a warning) when it can't be read.
    std::optional<PropertyValue> stream_value(PropertyTag tag, cfb::EntryId stream) {
        ctx_.budget.charge_stream(stream);
        const cfb::Blob b = ctx_.reader.read(stream);
        switch (tag.type) {
            case PtypString:
                if (b.size() % 2 != 0) {
                    ctx_.warn(describe(tag), ctx_.reader.file_offset(stream, 0),
                              "odd length " + std::to_string(b.size())
                                  + " for a UTF-16 string (last byte ignored)");
                }
                charge_decoded(b.size(), tag);
                return utf16_units(b.span());
            case PtypString8:
                charge_decoded(b.size(), tag);
                return String8{string8_bytes(b.span())};
            case PtypBinary:
                return b;
            case PtypServerId:
                return ServerId{b};
            case PtypGuid:
                if (b.size() < 16) {
                    ctx_.warn(describe(tag), ctx_.reader.file_offset(stream, 0),
                              "GUID value of " + std::to_string(b.size()) + " bytes (skipped)");
                    return std::nullopt;
                }
                return Guid::from_bytes(b.span().first<16>());
            case PtypRestriction:
            case PtypRuleAction:
                return RawValue{tag.type, b, false};
            default:
                break;
        }
        if (const size_t elem = element_size(tag.type); elem != 0) {
            return fixed_multi(tag, b, elem, stream);
        }
        return variable_multi(tag, b, stream);
    }

    PropertyValue fixed_multi(PropertyTag tag, const cfb::Blob& b, size_t elem,
                              cfb::EntryId stream) {
        const size_t count = b.size() / elem;
        if (b.size() % elem != 0) {
            ctx_.warn(describe(tag), ctx_.reader.file_offset(stream, 0),
                      "length " + std::to_string(b.size()) + " is not a multiple of "
                          + std::to_string(elem) + " (trailing bytes ignored)");
        }
        check_count(count, tag);
        charge_decoded(count * elem, tag);
        ByteReader r(b.span().first(count * elem), "multi-valued property");
        auto collect = [&](auto read_one) {
            std::vector<decltype(read_one())> v;
            v.reserve(count);
            for (size_t i = 0; i < count; ++i) {
                v.push_back(read_one());
            }
            return PropertyValue(std::move(v));
        };
        switch (tag.type) {
            case PtypMultipleInteger16:
                return collect([&] { return r.i16(); });
            case PtypMultipleInteger32:
                return collect([&] { return r.i32(); });
            case PtypMultipleFloating32:
                return collect([&] { return r.f32(); });
            case PtypMultipleFloating64:
                return collect([&] { return r.f64(); });
            case PtypMultipleCurrency:
                return collect([&] { return Currency{r.i64()}; });
            case PtypMultipleFloatingTime:
                return collect([&] { return FloatingTime{r.f64()}; });
            case PtypMultipleInteger64:
                return collect([&] { return r.i64(); });
            case PtypMultipleTime:
                return collect([&] { return FileTime{r.u64()}; });
            default:
                return collect([&] { return Guid::from_bytes(r.bytes(16).first<16>()); });
        }
    }

    // PtypMultipleString, PtypMultipleString8, PtypMultipleBinary: a length stream and one
    // stream per value (MS-OXMSG 2.1.4.2.1).
    std::optional<PropertyValue> variable_multi(PropertyTag tag, const cfb::Blob& lengths,
                                                cfb::EntryId stream) {
        const size_t entry = tag.type == PtypMultipleBinary ? 8 : 4;
        const size_t count = lengths.size() / entry;
        if (lengths.size() % entry != 0) {
            ctx_.warn(describe(tag), ctx_.reader.file_offset(stream, 0),
                      "length stream of " + std::to_string(lengths.size())
                          + " bytes is not a multiple of " + std::to_string(entry));
        }
        check_count(count, tag);
        std::vector<cfb::Blob> values;
        values.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            Child* s = substg(tag, static_cast<uint32_t>(i));
            if (s == nullptr || !s->entry->is_stream()) {
                ctx_.warn(describe(tag), ctx_.reader.file_offset(stream, i * entry),
                          "value stream " + substg_name(tag) + "-" + hex8(static_cast<uint32_t>(i))
                              + " is missing (read as empty)");
                values.push_back(cfb::Blob::owned({}));
                continue;
            }
            s->used = true;
            ctx_.budget.charge_stream(s->id);
            values.push_back(ctx_.reader.read(s->id));
        }
        if (tag.type == PtypMultipleBinary) {
            return PropertyValue(std::move(values));
        }
        for (const auto& b : values) {
            charge_decoded(b.size(), tag);
        }
        if (tag.type == PtypMultipleString) {
            std::vector<std::u16string> v;
            v.reserve(count);
            for (const auto& b : values) {
                v.push_back(utf16_units(b.span()));
            }
            return PropertyValue(std::move(v));
        }
        std::vector<String8> v;
        v.reserve(count);
        for (const auto& b : values) {
            v.push_back(String8{string8_bytes(b.span())});
        }
        return PropertyValue(std::move(v));
    }

    // Counts `n` bytes of values about to be decoded from the stream of `tag`.
    void charge_decoded(uint64_t n, PropertyTag tag) const {
        ctx_.budget.charge(n, [&] { return describe(tag); });
    }

    void check_count(size_t count, PropertyTag tag) const {
        if (count > ctx_.options.limits.max_multi_values) {
            ctx_.limit(describe(tag),
                       std::to_string(count)
                           + " values in one multi-valued property, more than the limit of "
                           + std::to_string(ctx_.options.limits.max_multi_values));
        }
    }

    // __substg1.0_ streams without a property-stream entry: read as properties anyway, in tag
    // order.
    void read_orphan_streams(ObjectBase& object) {
        for (uint32_t i : by_key_) {
            Child& c = children_[i];
            if (c.used || !c.entry->is_stream() || (c.key & NO_INDEX) != NO_INDEX) {
                continue;
            }
            const PropertyTag tag = PropertyTag::from_u32(static_cast<uint32_t>(c.key >> 32));
            if (object.properties.find(tag) != nullptr || fixed_size(tag.type)
                || !is_known_type(tag.type) || tag.type == PtypObject) {
                continue;
            }
            c.used = true;
            if (auto v = stream_value(tag, c.id)) {
                ctx_.warn(describe(c.entry->name), ctx_.reader.file_offset(c.id, 0),
                          "stream without a property-stream entry (read as property "
                              + tag.to_string() + ")");
                object.properties.set(tag, std::move(*v));
            }
        }
    }

    Context& ctx_;
    ObjectKind kind_;
    cfb::EntryId storage_;
    std::vector<Child> children_;   // tree order
    std::vector<uint32_t> by_key_;  // the __substg1.0_ children, by key
    uint32_t recipient_count_ = 0;
    uint32_t attachment_count_ = 0;
};

}  // namespace msgforge::msg::reading
