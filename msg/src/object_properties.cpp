// The properties of an object storage (MS-OXMSG 2.4): the property stream's 16-byte entries,
// fixed-length values from their slots, variable-length and multi-valued ones from their
// __substg1.0_ streams, and value streams without an entry.
#include "object_reader.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/utf.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::msg::reading {
namespace {

using enum PropertyType;

size_t header_size(ObjectKind kind) {
    switch (kind) {
        case ObjectKind::top_level:
            return 32;
        case ObjectKind::embedded:
            return 24;
        default:
            return 8;
    }
}

size_t element_size(PropertyType t) {
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

std::u16string utf16_units(std::span<const uint8_t> bytes) {
    std::u16string s(bytes.size() / 2, u'\0');
    load_u16_units(bytes.data(), s.size(), s.data());
    const auto nul = s.find(u'\0');
    if (nul != std::u16string::npos) {
        s.resize(nul);
    }
    return s;
}

std::string string8_bytes(std::span<const uint8_t> bytes) {
    std::string s(bytes.begin(), bytes.end());
    const auto nul = s.find('\0');
    if (nul != std::string::npos) {
        s.resize(nul);
    }
    return s;
}

}  // namespace

void ObjectReader::read_properties(ObjectBase& object, Message* message) {
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
    cfb::Blob bytes;
    try {
        bytes = ctx_.reader.read(id);
    } catch (const LimitError&) {
        throw;
    } catch (const FormatError& e) {
        if (ctx_.options.strict) {
            throw;
        }
        // Salvage as for a value stream: the object's other streams are still read.
        ctx_.warn(where(), e.location().offset,
                  e.detail() + " (read as having no fixed-length properties)");
        read_orphan_streams(object);
        return;
    }
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
        read_entry(read, tag, flags, std::span<const uint8_t>(e + 8, 8), where, file_offset, at);
    }
    object.properties.assign(std::move(read));
    read_orphan_streams(object);
}

std::vector<bool> ObjectReader::repeated_entries(std::span<const uint8_t> entries, size_t count) {
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
void ObjectReader::read_entry(std::vector<Property>& out, PropertyTag tag, uint32_t flags,
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
        std::optional<cfb::Blob> bytes;
        if (is_stream) {
            stream->used = true;
            bytes = value_bytes(stream->id, tag);
        }
        if (bytes) {
            out.push_back(Property{tag, flags, RawValue{type, std::move(*bytes), false}});
        } else {
            out.push_back(Property{
                tag, flags, RawValue{type, cfb::Blob::owned({slot.begin(), slot.end()}), true}});
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
        out.push_back(Property{tag, flags,
                               RawValue{type, cfb::Blob::owned({slot.begin(), slot.end()}), true}});
        return;
    }
    stream->used = true;
    const std::optional<cfb::Blob> bytes = value_bytes(stream->id, tag);
    if (!bytes) {
        // Kept as an entry without a value, as above.
        out.push_back(Property{tag, flags,
                               RawValue{type, cfb::Blob::owned({slot.begin(), slot.end()}), true}});
        return;
    }
    if (auto v = stream_value(tag, stream->id, *bytes)) {
        out.push_back(Property{tag, flags, std::move(*v)});
    }
}

std::optional<cfb::Blob> ObjectReader::value_bytes(cfb::EntryId stream, PropertyTag tag,
                                                   std::optional<uint32_t> index) {
    ctx_.budget.charge_stream(stream);
    try {
        return ctx_.reader.read(stream);
    } catch (const LimitError&) {
        throw;
    } catch (const FormatError& e) {
        if (ctx_.options.strict) {
            throw;
        }
        // Salvage: one broken value stream (a size past the end of the file, a chain that
        // breaks) costs that value, not the message.
        const std::string name = substg_name(tag) + (index ? "-" + hex8(*index) : std::string());
        ctx_.warn(describe(name), e.location().offset,
                  e.detail() + " (the value is left out; the rest of the message is read)");
        return std::nullopt;
    }
}

PropertyValue ObjectReader::fixed_value(PropertyType type, std::span<const uint8_t> slot) {
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

std::optional<PropertyValue> ObjectReader::stream_value(PropertyTag tag, cfb::EntryId stream,
                                                        const cfb::Blob& b) {
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

PropertyValue ObjectReader::fixed_multi(PropertyTag tag, const cfb::Blob& b, size_t elem,
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

std::optional<PropertyValue> ObjectReader::variable_multi(PropertyTag tag, const cfb::Blob& lengths,
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
        values.push_back(
            value_bytes(s->id, tag, static_cast<uint32_t>(i)).value_or(cfb::Blob::owned({})));
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

void ObjectReader::charge_decoded(uint64_t n, PropertyTag tag) const {
    ctx_.budget.charge(n, [&] { return describe(tag); });
}

void ObjectReader::check_count(size_t count, PropertyTag tag) const {
    if (count > ctx_.options.limits.max_multi_values) {
        ctx_.limit(describe(tag),
                   std::to_string(count)
                       + " values in one multi-valued property, more than the limit of "
                       + std::to_string(ctx_.options.limits.max_multi_values));
    }
}

void ObjectReader::read_orphan_streams(ObjectBase& object) {
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
        const std::optional<cfb::Blob> bytes = value_bytes(c.id, tag);
        if (!bytes) {
            continue;
        }
        if (auto v = stream_value(tag, c.id, *bytes)) {
            ctx_.warn(describe(c.entry->name), ctx_.reader.file_offset(c.id, 0),
                      "stream without a property-stream entry (read as property " + tag.to_string()
                          + ")");
            object.properties.set(tag, std::move(*v));
        }
    }
}

}  // namespace msgforge::msg::reading
