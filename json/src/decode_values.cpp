// The Builder's property entries: tags, names, types, flags, named-property keys and the
// value of each property type.
#include "builder.hpp"

#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/tags.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace msgforge::json::detail {

template <typename T>
T Builder::scalar(const Json& j, const std::string& path, PropertyType type, uint32_t codepage,
                  const Json* exact) const {
    const std::string what = msg::type_name(type);
    if constexpr (std::is_same_v<T, int16_t>) {
        return static_cast<int16_t>(integer(j, path, INT16_MIN, UINT16_MAX, what));
    } else if constexpr (std::is_same_v<T, int32_t>) {
        return static_cast<int32_t>(integer(j, path, INT32_MIN, UINT32_MAX, what));
    } else if constexpr (std::is_same_v<T, int64_t>) {
        return static_cast<int64_t>(integer(j, path, INT64_MIN, UINT64_MAX, what));
    } else if constexpr (std::is_same_v<T, msg::Currency>) {
        return msg::Currency{static_cast<int64_t>(integer(j, path, INT64_MIN, INT64_MAX, what))};
    } else if constexpr (std::is_same_v<T, msg::ErrorCode>) {
        return msg::ErrorCode{static_cast<uint32_t>(integer(j, path, 0, UINT32_MAX, what))};
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!j.is_boolean()) {
            fail(path, "expected true or false for " + what);
        }
        return j.get<bool>();
    } else if constexpr (std::is_same_v<T, float>) {
        const double d = real(j, path, what, true);
        if (std::isfinite(d) && std::abs(d) > double{std::numeric_limits<float>::max()}) {
            fail(path, "out of range for " + what);
        }
        return static_cast<float>(d);
    } else if constexpr (std::is_same_v<T, double>) {
        return real(j, path, what, false);
    } else if constexpr (std::is_same_v<T, msg::FloatingTime>) {
        return msg::FloatingTime{real(j, path, what, false)};
    } else if constexpr (std::is_same_v<T, FileTime>) {
        return time(j, path);
    } else if constexpr (std::is_same_v<T, Guid>) {
        return guid(j, path);
    } else if constexpr (std::is_same_v<T, cfb::Blob>) {
        return blob(j, path);
    } else if constexpr (std::is_same_v<T, msg::ServerId>) {
        return msg::ServerId{blob(j, path)};
    } else if constexpr (std::is_same_v<T, msg::String8>) {
        if (exact != nullptr && !exact->is_null()) {
            const std::vector<uint8_t> b = bytes(*exact, path + " (bytes_base64)");
            return msg::String8{std::string(b.begin(), b.end())};
        }
        const std::string& s = string(j, path);
        auto encoded = msg::encode_codepage(s, codepage);
        if (!encoded) {
            fail(path,
                 "cannot be encoded in code page " + std::to_string(codepage) + " for PtypString8");
        }
        return msg::String8{std::move(*encoded)};
    } else if constexpr (std::is_same_v<T, std::u16string>) {
        if (exact != nullptr && !exact->is_null()) {
            const std::vector<uint8_t> b = bytes(*exact, path + " (bytes_base64)");
            if (b.size() % 2 != 0) {
                fail(path, "bytes_base64 of a PtypString must hold an even number of bytes");
            }
            std::u16string out;
            for (size_t i = 0; i < b.size(); i += 2) {
                out += static_cast<char16_t>(b[i] | (b[i + 1] << 8));
            }
            return out;
        }
        const auto s = utf8_to_utf16(string(j, path));
        if (!s) {
            fail(path, "not valid UTF-8");
        }
        return *s;
    }
}

template <typename T>
std::vector<T> Builder::multiple(const Json& j, const std::string& path, PropertyType type,
                                 uint32_t codepage, const Json* exact) const {
    if (!j.is_array()) {
        fail(path, "expected an array for " + msg::type_name(type));
    }
    if (exact != nullptr && (!exact->is_array() || exact->size() != j.size())) {
        fail(path, "bytes_base64 must be an array as long as the value");
    }
    std::vector<T> out;
    out.reserve(j.size());
    for (size_t i = 0; i < j.size(); ++i) {
        out.push_back(scalar<T>(j[i], index_path(path, i), msg::element_type(type), codepage,
                                exact != nullptr ? &(*exact)[i] : nullptr));
    }
    return out;
}

msg::PropertyValue Builder::value(const Pending& p, uint32_t codepage) const {
    const Json& e = *p.entry;
    const std::string path = member_path(p.path, "value");
    const Json* raw = member(e, "raw");
    const PropertyType type = p.tag.type;
    if (raw != nullptr && !(raw->is_boolean())) {
        fail(member_path(p.path, "raw"), "expected true or false");
    }
    const Json null_value = nullptr;
    const Json* vp = member(e, "value");
    const Json& v = vp != nullptr ? *vp : null_value;
    if (raw != nullptr && raw->get<bool>()) {
        const Json* in = member(e, "inline");
        if (in != nullptr && !in->is_boolean()) {
            fail(member_path(p.path, "inline"), "expected true or false");
        }
        return msg::RawValue{type, blob(v, path), in != nullptr && in->get<bool>()};
    }
    const Json* exact = member(e, "bytes_base64");
    return scalar_value(v, path, type, codepage, exact);
}

msg::PropertyValue Builder::scalar_value(const Json& v, const std::string& path, PropertyType type,
                                         uint32_t codepage, const Json* exact) const {
    using PT = PropertyType;
    switch (type) {
        case PT::PtypInteger16:
            return scalar<int16_t>(v, path, type, codepage, exact);
        case PT::PtypInteger32:
            return scalar<int32_t>(v, path, type, codepage, exact);
        case PT::PtypFloating32:
            return scalar<float>(v, path, type, codepage, exact);
        case PT::PtypFloating64:
            return scalar<double>(v, path, type, codepage, exact);
        case PT::PtypCurrency:
            return scalar<msg::Currency>(v, path, type, codepage, exact);
        case PT::PtypFloatingTime:
            return scalar<msg::FloatingTime>(v, path, type, codepage, exact);
        case PT::PtypErrorCode:
            return scalar<msg::ErrorCode>(v, path, type, codepage, exact);
        case PT::PtypBoolean:
            return scalar<bool>(v, path, type, codepage, exact);
        case PT::PtypInteger64:
            return scalar<int64_t>(v, path, type, codepage, exact);
        case PT::PtypString8:
            return scalar<msg::String8>(v, path, type, codepage, exact);
        case PT::PtypString:
            return scalar<std::u16string>(v, path, type, codepage, exact);
        case PT::PtypTime:
            return scalar<FileTime>(v, path, type, codepage, exact);
        case PT::PtypGuid:
            return scalar<Guid>(v, path, type, codepage, exact);
        case PT::PtypServerId:
            return scalar<msg::ServerId>(v, path, type, codepage, exact);
        case PT::PtypBinary:
            return scalar<cfb::Blob>(v, path, type, codepage, exact);
        case PT::PtypObject:
            if (!v.is_null()) {
                fail(path,
                     "expected null for PtypObject (the object is the attachment's "
                     "embedded_message or ole_storage)");
            }
            return msg::ObjectRef{};
        default:
            return multiple_value(v, path, type, codepage, exact);
    }
}

msg::PropertyValue Builder::multiple_value(const Json& v, const std::string& path,
                                           PropertyType type, uint32_t codepage,
                                           const Json* exact) const {
    using PT = PropertyType;
    switch (type) {
        case PT::PtypMultipleInteger16:
            return multiple<int16_t>(v, path, type, codepage, exact);
        case PT::PtypMultipleInteger32:
            return multiple<int32_t>(v, path, type, codepage, exact);
        case PT::PtypMultipleFloating32:
            return multiple<float>(v, path, type, codepage, exact);
        case PT::PtypMultipleFloating64:
            return multiple<double>(v, path, type, codepage, exact);
        case PT::PtypMultipleCurrency:
            return multiple<msg::Currency>(v, path, type, codepage, exact);
        case PT::PtypMultipleFloatingTime:
            return multiple<msg::FloatingTime>(v, path, type, codepage, exact);
        case PT::PtypMultipleInteger64:
            return multiple<int64_t>(v, path, type, codepage, exact);
        case PT::PtypMultipleString8:
            return multiple<msg::String8>(v, path, type, codepage, exact);
        case PT::PtypMultipleString:
            return multiple<std::u16string>(v, path, type, codepage, exact);
        case PT::PtypMultipleTime:
            return multiple<FileTime>(v, path, type, codepage, exact);
        case PT::PtypMultipleGuid:
            return multiple<Guid>(v, path, type, codepage, exact);
        case PT::PtypMultipleBinary:
            return multiple<cfb::Blob>(v, path, type, codepage, exact);
        default:
            fail(path, msg::type_name(type)
                           + " has no JSON form; give its bytes in base64 with \"raw\": true");
    }
}

PropertyType Builder::entry_type(const Json& e, const std::string& path) const {
    const std::string p = member_path(path, "type");
    const std::string& name = string(required(e, "type", path), p);
    if (const auto t = parse_type(name)) {
        return *t;
    }
    fail(p, "unknown property type '" + name
                + "' (expected a name such as PtypString, or Ptyp0xXXXX)");
}

uint32_t Builder::flags(const Json& e, const std::string& path) const {
    const Json* f = member(e, "flags");
    return f == nullptr ? DEFAULT_FLAGS
                        : static_cast<uint32_t>(
                            integer(*f, member_path(path, "flags"), 0, UINT32_MAX, "flags"));
}

std::optional<msg::PropertyTag> Builder::tag_of(const Json& e, const std::string& path) const {
    const Json* t = member(e, "tag");
    if (t == nullptr) {
        return std::nullopt;
    }
    const std::string p = member_path(path, "tag");
    if (const auto tag = msg::PropertyTag::parse(string(*t, p))) {
        return tag;
    }
    fail(p, "expected a property tag such as \"0x0037001F\"");
}

/// A plain property entry: "tag", or "name" (a PidTag name) with an optional "type".
Pending Builder::plain(const Json& e, const std::string& path) const {
    expect_object(e, path);
    std::optional<msg::PropertyTag> tag = tag_of(e, path);
    const bool has_type = e.contains("type");
    if (!tag) {
        const Json* n = member(e, "name");
        if (n == nullptr) {
            fail(path, "a property needs \"tag\" or \"name\"");
        }
        const std::string& name = string(*n, member_path(path, "name"));
        tag = msg::tag_by_name(name);
        if (!tag) {
            fail(member_path(path, "name"),
                 "unknown property name '" + name + "'; give \"tag\" instead");
        }
        if (has_type) {
            tag->type = entry_type(e, path);
        }
    } else if (has_type && entry_type(e, path) != tag->type) {
        fail(member_path(path, "type"), "type " + msg::type_name(entry_type(e, path))
                                            + " disagrees with tag " + tag->to_string());
    }
    return Pending{*tag, flags(e, path), &e, path};
}

/// The key of a named-property entry ("set" or "set_name", then "lid" or "name"), or, with
/// `allow_canonical`, of its "canonical_name" (a PidLid or PidName name). Also gives the
/// type the canonical table assigns, if any.
msg::NamedKey Builder::named_key(const Json& e, const std::string& path, bool allow_canonical,
                                 PropertyType* canonical_type) const {
    const Json* set = member(e, "set");
    const Json* set_name = member(e, "set_name");
    const Json* lid = member(e, "lid");
    const Json* name = member(e, "name");
    const Json* canonical = member(e, "canonical_name");
    if ((set != nullptr || set_name != nullptr) && (lid != nullptr || name != nullptr)) {
        if (lid != nullptr && name != nullptr) {
            fail(path, "a named property has \"lid\" or \"name\", not both");
        }
        Guid guid;
        if (set != nullptr) {
            const std::string p = member_path(path, "set");
            const std::string& text = string(*set, p);
            const auto g = Guid::parse(text);
            const auto by_name = msg::property_set_by_name(text);
            if (!g && !by_name) {
                fail(p, "expected a GUID or a property-set name such as PS_PUBLIC_STRINGS");
            }
            guid = g ? *g : *by_name;
        } else {
            const std::string p = member_path(path, "set_name");
            const auto by_name = msg::property_set_by_name(string(*set_name, p));
            if (!by_name) {
                fail(p, "unknown property-set name");
            }
            guid = *by_name;
        }
        if (lid != nullptr) {
            return msg::NamedKey::lid(
                guid, static_cast<uint32_t>(
                          integer(*lid, member_path(path, "lid"), 0, UINT32_MAX, "a LID")));
        }
        const auto n = utf8_to_utf16(string(*name, member_path(path, "name")));
        if (!n) {
            fail(member_path(path, "name"), "not valid UTF-8");
        }
        return msg::NamedKey::string(guid, *n);
    }
    if (allow_canonical && canonical != nullptr) {
        const std::string p = member_path(path, "canonical_name");
        const std::string& text = string(*canonical, p);
        if (const auto info = msg::lid_by_name(text)) {
            *canonical_type = info->type;
            return msg::NamedKey::lid(info->set, info->lid);
        }
        if (const auto info = msg::named_by_name(text)) {
            *canonical_type = info->type;
            return msg::NamedKey::string(info->set,
                                         utf8_to_utf16(info->property_name).value_or(u""));
        }
        fail(p, "unknown PidLid or PidName name '" + text + "'");
    }
    fail(path, "a named property needs \"set\" (or \"set_name\") with \"lid\" or \"name\""
                   + std::string(allow_canonical ? ", or \"canonical_name\"" : ""));
}

Pending Builder::named(const Json& e, const std::string& path) {
    expect_object(e, path);
    PropertyType canonical_type = PropertyType::PtypUnspecified;
    const msg::NamedKey key = named_key(e, path, true, &canonical_type);
    const std::optional<msg::PropertyTag> tag = tag_of(e, path);
    PropertyType type = canonical_type;
    if (e.contains("type")) {
        type = entry_type(e, path);
        if (tag && tag->type != type) {
            fail(member_path(path, "type"),
                 "type " + msg::type_name(type) + " disagrees with tag " + tag->to_string());
        }
    } else if (tag) {
        type = tag->type;
    } else if (type == PropertyType::PtypUnspecified) {
        fail(path, "a named property needs \"type\" (or \"tag\")");
    }
    uint16_t id = 0;
    const msg::NamedKey* mapped = tag && tag->is_named() ? named_->key_for(tag->id) : nullptr;
    if (mapped != nullptr && *mapped == key) {
        id = tag->id;
    } else {
        id = named_->assign(key);
    }
    return Pending{msg::PropertyTag{id, type}, flags(e, path), &e, path};
}

}  // namespace msgforge::json::detail
