// What the item views (items_*.cpp) share: named and tagged values of a message as the plain
// types the views hold.
#pragma once

#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/named.hpp>

#include <optional>
#include <string>

namespace msgforge::msg::items {

/// A named string property as UTF-8 (PtypString or PtypString8); empty when absent.
inline std::string named_string(const Message& m, const NamedTag<PropertyType::PtypString>& key) {
    if (!m.named) {
        return {};
    }
    const auto id = m.named->id_for(key.key());
    return id ? m.string(*id).value_or(std::string()) : std::string();
}

/// A named property of the table, nullopt when absent or of another type.
template <PropertyType T>
std::optional<ValueOf<T>> named(const Message& m, const NamedTag<T>& key) {
    const ValueOf<T>* v = m.named_value(key);
    return v != nullptr ? std::optional<ValueOf<T>>(*v) : std::nullopt;
}

/// A PtypTime property, nullopt when absent (or 0, which no item means).
inline std::optional<FileTime> time_of(const std::optional<FileTime>& t) {
    return t && !t->is_zero() ? t : std::nullopt;
}

/// A PtypTime property of the object, nullopt when absent or 0.
inline std::optional<FileTime> tag_time(const ObjectBase& o, TypedTag<PropertyType::PtypTime> tag) {
    const FileTime* t = o.properties.get_as(tag);
    return t != nullptr && !t->is_zero() ? std::optional<FileTime>(*t) : std::nullopt;
}

/// A string property of the object as UTF-8; empty when absent.
inline std::string text(const ObjectBase& o, TypedTag<PropertyType::PtypString> tag) {
    return o.string(tag).value_or(std::string());
}

}  // namespace msgforge::msg::items
