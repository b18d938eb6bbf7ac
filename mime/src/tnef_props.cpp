// MAPI property lists inside TNEF attributes (MS-OXTNEF 2.1.3.4): attMsgProps, attAttachment
// and the rows of attRecipTable. Each value is padded to 4 bytes; variable-size values and
// every multi-valued property start with a count; named properties carry their name.
#include "tnef_decoder.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::mime::detail {

namespace {

using msg::PropertyType;
using msg::PropertyValue;
using enum msg::PropertyType;

/// IID_IMessage: a PtypObject value holding an embedded message as a TNEF stream.
constexpr Guid IID_IMESSAGE =
    Guid::from_fields(0x00020307, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46});

/// IID_IStorage: a PtypObject value holding an OLE object as a compound file.
constexpr Guid IID_ISTORAGE =
    Guid::from_fields(0x0000000B, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46});

void skip_padding(ByteReader& r, size_t size) {
    const size_t pad = (4 - size % 4) % 4;
    r.skip(std::min(pad, r.remaining()));  // the last value of an attribute may go unpadded
}

Guid read_guid(ByteReader& r) {
    return Guid::from_bytes(r.bytes(16).first<16>());
}

/// One fixed-size value of element type `type`, padding included.
PropertyValue fixed_value(PropertyType type, ByteReader& r) {
    switch (type) {
        case PtypInteger16: {
            const int16_t v = r.i16();
            r.skip(2);
            return v;
        }
        case PtypBoolean: {
            const bool v = r.u16() != 0;
            r.skip(2);
            return v;
        }
        case PtypInteger32:
            return r.i32();
        case PtypFloating32:
            return r.f32();
        case PtypErrorCode:
            return msg::ErrorCode{r.u32()};
        case PtypFloating64:
            return r.f64();
        case PtypCurrency:
            return msg::Currency{r.i64()};
        case PtypFloatingTime:
            return msg::FloatingTime{r.f64()};
        case PtypInteger64:
            return r.i64();
        case PtypTime:
            return FileTime{r.u64()};
        case PtypGuid:
            return read_guid(r);
        default:
            r.fail("internal: not a fixed-size type");
    }
}

bool is_fixed(PropertyType type) {
    switch (type) {
        case PtypInteger16:
        case PtypBoolean:
        case PtypInteger32:
        case PtypFloating32:
        case PtypErrorCode:
        case PtypFloating64:
        case PtypCurrency:
        case PtypFloatingTime:
        case PtypInteger64:
        case PtypTime:
        case PtypGuid:
            return true;
        default:
            return false;
    }
}

bool is_variable(PropertyType type) {
    return type == PtypString8 || type == PtypString || type == PtypBinary || type == PtypServerId
           || type == PtypObject;
}

/// A variable-size value's bytes (after its size), padding skipped.
std::span<const uint8_t> sized_bytes(TnefContext& context, ByteReader& r) {
    const uint32_t size = r.u32();
    if (size > r.remaining()) {
        r.fail("value of " + std::to_string(size) + " bytes, " + std::to_string(r.remaining())
               + " left in the attribute");
    }
    context.charge(size, r);
    const auto bytes = r.bytes(size);
    skip_padding(r, size);
    return bytes;
}

/// A variable-size value as stored: strings lose their terminating NULs.
PropertyValue variable_value(PropertyType type, std::span<const uint8_t> bytes) {
    switch (type) {
        case PtypString8: {
            std::string_view text = as_chars(bytes);
            while (!text.empty() && text.back() == '\0') {
                text.remove_suffix(1);
            }
            return msg::String8{std::string(text)};
        }
        case PtypString: {
            std::u16string text(bytes.size() / 2, u'\0');
            load_u16_units(bytes.data(), text.size(), text.data());
            while (!text.empty() && text.back() == u'\0') {
                text.pop_back();
            }
            return text;
        }
        case PtypServerId:
            return msg::ServerId{cfb::Blob::owned({bytes.begin(), bytes.end()})};
        default:
            return cfb::Blob::owned({bytes.begin(), bytes.end()});
    }
}

/// The count of a multi-valued or variable-size property, checked against the limit and
/// against what is left (each value needs at least `min_size` bytes).
uint32_t value_count(TnefContext& context, ByteReader& r, size_t min_size) {
    const uint64_t at = r.offset();
    const uint32_t count = r.u32();
    if (count > context.options().limits.max_multi_values) {
        throw LimitError(Location{context.source(), r.structure(), at},
                         std::to_string(count) + " values exceed the limit of "
                             + std::to_string(context.options().limits.max_multi_values));
    }
    if (count > r.remaining() / min_size) {
        r.fail(std::to_string(count) + " values cannot fit in the " + std::to_string(r.remaining())
               + " bytes left");
    }
    return count;
}

template <typename T>
std::vector<T> collect(uint32_t count, const auto& one) {
    std::vector<T> values;
    values.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        values.push_back(one());
    }
    return values;
}

template <typename T>
std::vector<T> fixed_values(TnefContext& context, ByteReader& r, PropertyType element) {
    const uint32_t count = value_count(context, r, 4);
    context.charge(uint64_t{count} * sizeof(T), r);
    return collect<T>(count, [&] { return *fixed_value(element, r).as<T>(); });
}

template <typename T>
std::vector<T> variable_values(TnefContext& context, ByteReader& r, PropertyType element) {
    const uint32_t count = value_count(context, r, 4);
    return collect<T>(count, [&] {
        return std::move(
            *std::get_if<T>(&variable_value(element, sized_bytes(context, r)).variant()));
    });
}

/// The value of a multi-valued property of type `type`, or nullopt for a type MAPI does not
/// define as multi-valued.
std::optional<PropertyValue> multi_value(TnefContext& context, ByteReader& r, PropertyType type) {
    const PropertyType element = msg::element_type(type);
    switch (type) {
        case PtypMultipleInteger16:
            return fixed_values<int16_t>(context, r, element);
        case PtypMultipleInteger32:
            return fixed_values<int32_t>(context, r, element);
        case PtypMultipleFloating32:
            return fixed_values<float>(context, r, element);
        case PtypMultipleFloating64:
            return fixed_values<double>(context, r, element);
        case PtypMultipleCurrency:
            return fixed_values<msg::Currency>(context, r, element);
        case PtypMultipleFloatingTime:
            return fixed_values<msg::FloatingTime>(context, r, element);
        case PtypMultipleInteger64:
            return fixed_values<int64_t>(context, r, element);
        case PtypMultipleTime:
            return fixed_values<FileTime>(context, r, element);
        case PtypMultipleGuid:
            return fixed_values<Guid>(context, r, element);
        case PtypMultipleString8:
            return variable_values<msg::String8>(context, r, element);
        case PtypMultipleString:
            return variable_values<std::u16string>(context, r, element);
        case PtypMultipleBinary:
            return variable_values<cfb::Blob>(context, r, element);
        default:
            return std::nullopt;
    }
}

/// The name of a named property (MS-OXTNEF 2.1.3.4: GUID, kind, then LID or name).
msg::NamedKey read_name(TnefContext& context, ByteReader& r) {
    const Guid set = read_guid(r);
    const uint64_t at = r.offset();
    const uint32_t kind = r.u32();
    if (kind == 0) {
        return msg::NamedKey::lid(set, r.u32());
    }
    if (kind != 1) {
        throw FormatError(Location{context.source(), r.structure(), at},
                          "named property kind " + std::to_string(kind) + " (0 or 1 expected)");
    }
    const auto bytes = sized_bytes(context, r);
    return msg::NamedKey::string(set, *variable_value(PtypString, bytes).as<std::u16string>());
}

/// An OLE object's compound file (a PtypObject value of IID_IStorage) as the storage a .msg
/// keeps it in; nullopt, with a warning, when the bytes are no compound file.
std::optional<cfb::Node> storage_node(TnefContext& context, const cfb::Blob& bytes,
                                      const std::string& structure, uint64_t at) {
    try {
        const cfb::Reader reader =
            cfb::Reader::from_blob(bytes, {}, context.source() + " (OLE object)");
        cfb::Node node = std::move(cfb::Tree::from_reader(reader).root());
        node.type = cfb::EntryType::Storage;
        return node;
    } catch (const FormatError& e) {
        context.warn(structure, at,
                     std::string("the OLE object is no compound file (") + e.what()
                         + "); its bytes are kept as PidTagAttachDataBinary");
        return std::nullopt;
    }
}

/// A PtypObject value: an embedded message (IID_IMessage) becomes the attachment's embedded
/// message, an OLE storage (IID_IStorage) its object storage; anything else (IID_IStream, or
/// a storage that does not read) is kept as binary data, PtypBinary with the same id.
void object_value(TnefContext& context, ByteReader& r, msg::Message& message,
                  msg::ObjectBase& object, msg::Attachment* attachment, msg::PropertyTag tag,
                  uint32_t depth) {
    const uint32_t count = value_count(context, r, 4);
    for (uint32_t i = 0; i < count; ++i) {
        const uint64_t at = r.offset();
        const uint32_t size = r.u32();
        if (size < 16 || size > r.remaining()) {
            r.fail("object value of " + std::to_string(size) + " bytes (16 to "
                   + std::to_string(r.remaining()) + " expected)");
        }
        ByteReader value = r.sub(size, "PtypObject value of property " + tag.to_string());
        skip_padding(r, size);
        const Guid iid = read_guid(value);
        if (i > 0) {
            context.warn(value.structure(), at, "a second object value is ignored");
        } else if (iid == IID_IMESSAGE && attachment != nullptr) {
            if (depth + 1 > context.options().limits.max_embedding_depth) {
                throw LimitError(
                    Location{context.source(), value.structure(), value.offset()},
                    "embedded messages nest deeper than the limit of "
                        + std::to_string(context.options().limits.max_embedding_depth));
            }
            auto embedded = std::make_unique<msg::Message>();
            embedded->is_embedded = true;
            embedded->named = message.named;
            embedded->max_rtf_output = message.max_rtf_output;
            ByteReader stream(value.bytes(value.remaining()), "embedded TNEF stream",
                              value.offset());
            read_tnef_stream(context, stream, *embedded, depth + 1);
            attachment->embedded = std::move(embedded);
            object.properties.set(tag, msg::ObjectRef{});
            msg::set(object, msg::tags::PidTagAttachMethod, msg::flags::afEmbeddedMessage);
        } else {
            const auto bytes = value.bytes(value.remaining());
            context.charge(bytes.size(), value);
            cfb::Blob blob = cfb::Blob::owned({bytes.begin(), bytes.end()});
            if (iid == IID_ISTORAGE && attachment != nullptr) {
                if (auto storage = storage_node(context, blob, value.structure(), at)) {
                    attachment->object_storage = std::move(storage);
                    object.properties.set(tag, msg::ObjectRef{});
                    msg::set(object, msg::tags::PidTagAttachMethod, msg::flags::afStorage);
                    continue;
                }
            }
            object.properties.set(msg::PropertyTag{tag.id, PtypBinary}, std::move(blob));
        }
    }
}

}  // namespace

void read_property_list(TnefContext& context, ByteReader& r, msg::Message& message,
                        msg::ObjectBase& object, msg::Attachment* attachment, uint32_t depth) {
    const uint64_t at = r.offset();
    const uint32_t count = r.u32();
    if (count > context.options().limits.max_properties) {
        throw LimitError(Location{context.source(), r.structure(), at},
                         std::to_string(count) + " properties exceed the limit of "
                             + std::to_string(context.options().limits.max_properties));
    }
    for (uint32_t i = 0; i < count; ++i) {
        const uint64_t property_at = r.offset();
        msg::PropertyTag tag = msg::PropertyTag::from_u32(r.u32());
        if (tag.is_named()) {
            tag.id = message.named->assign(read_name(context, r));
        }
        const PropertyType type = tag.type;
        if (type == PtypObject) {
            object_value(context, r, message, object, attachment, tag, depth);
        } else if (is_fixed(type)) {
            object.properties.set(tag, fixed_value(type, r));
        } else if (is_variable(type)) {
            const uint32_t values = value_count(context, r, 4);
            for (uint32_t v = 0; v < values; ++v) {
                const auto bytes = sized_bytes(context, r);
                if (v == 0) {
                    object.properties.set(tag, variable_value(type, bytes));
                }
            }
            if (values != 1) {
                context.warn(r.structure(), property_at,
                             "property " + tag.to_string() + " has " + std::to_string(values)
                                 + " values (1 expected); "
                                 + (values == 0 ? "it is left out" : "the first is kept"));
            }
        } else if (auto value = multi_value(context, r, type)) {
            object.properties.set(tag, std::move(*value));
        } else {
            // The size of a value of an unknown type is unknown: the rest cannot be read.
            context.warn(r.structure(), property_at,
                         "property " + tag.to_string() + " has type " + msg::type_name(type)
                             + ", which TNEF does not define; it and the "
                             + std::to_string(count - i - 1) + " properties after it are ignored");
            return;
        }
    }
}

void read_recipient_table(TnefContext& context, ByteReader& r, msg::Message& message,
                          uint32_t depth) {
    const uint64_t at = r.offset();
    const uint32_t rows = r.u32();
    if (rows > context.options().limits.max_recipients) {
        throw LimitError(Location{context.source(), r.structure(), at},
                         std::to_string(rows) + " recipients exceed the limit of "
                             + std::to_string(context.options().limits.max_recipients));
    }
    if (rows > r.remaining() / 4) {
        r.fail(std::to_string(rows) + " rows cannot fit in the " + std::to_string(r.remaining())
               + " bytes left");
    }
    for (uint32_t i = 0; i < rows; ++i) {
        msg::Recipient& recipient = message.recipients.emplace_back();
        recipient.number = static_cast<uint32_t>(message.recipients.size() - 1);
        read_property_list(context, r, message, recipient, nullptr, depth);
        if (recipient.properties.find_id(msg::tags::PidTagRowid) == nullptr) {
            msg::set(recipient, msg::tags::PidTagRowid, static_cast<int32_t>(i));
        }
    }
}

}  // namespace msgforge::mime::detail
