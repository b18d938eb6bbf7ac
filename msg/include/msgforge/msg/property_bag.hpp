// The properties of one object (message, recipient or attachment), ordered by tag so that
// output is deterministic, each with the attribute flags of MS-OXMSG 2.4.2.
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/msg/property_tag.hpp>
#include <msgforge/msg/property_value.hpp>

#include <concepts>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

namespace msgforge::msg {

inline constexpr uint32_t PROPATTR_MANDATORY = 0x1;
inline constexpr uint32_t PROPATTR_READABLE = 0x2;
inline constexpr uint32_t PROPATTR_WRITABLE = 0x4;

/// A C++ value that cannot be a property of type T and is not a PropertyValue either (whose type
/// is checked when the program runs).
template <typename V, PropertyType T>
concept MismatchedValue = !ValueFor<V, T> && !std::same_as<std::remove_cvref_t<V>, PropertyValue>;

struct Property {
    PropertyTag tag;
    uint32_t flags = PROPATTR_READABLE | PROPATTR_WRITABLE;
    PropertyValue value;
};

class PropertyBag {
public:
    /// The property with exactly this tag, or nullptr.
    const Property* find(PropertyTag tag) const;

    /// The first property with this id, whatever its type (e.g. PtypString or PtypString8).
    const Property* find_id(uint16_t id) const;

    /// The first property with the id of `tag`, whatever its type: find_id(tags::PidTagSubject)
    /// finds the subject stored as PtypString or as PtypString8.
    const Property* find_id(PropertyTag tag) const { return find_id(tag.id); }

    /// The value with exactly this tag, or nullptr.
    const PropertyValue* get(PropertyTag tag) const;

    /// The value if it has this tag and holds a T, else nullptr.
    template <typename T>
    const T* get_as(PropertyTag tag) const {
        const PropertyValue* v = get(tag);
        return v != nullptr ? v->as<T>() : nullptr;
    }

    /// The value of a table tag as the C++ type its property type holds, or nullptr:
    /// get_as(tags::PidTagMessageFlags) is a const int32_t*.
    template <PropertyType P>
    const ValueOf<P>* get_as(TypedTag<P> tag) const {
        return get_as<ValueOf<P>>(PropertyTag(tag));
    }

    /// Asking a table tag for another C++ type than its property type holds does not compile.
    template <typename T, PropertyType P>
    requires(!ValueFor<T, P>) const T* get_as(TypedTag<P> tag) const = delete;

    /// Sets (adds or replaces) a property. Throws UsageError when the value's type
    /// differs from the tag's.
    void set(PropertyTag tag, PropertyValue value,
             uint32_t flags = PROPATTR_READABLE | PROPATTR_WRITABLE);

    /// Setting a table tag to a C++ value of another type than its property type holds does not
    /// compile (a PropertyValue is still checked when the program runs).
    template <PropertyType P, MismatchedValue<P> V>
    void set(TypedTag<P> tag, V&& value,
             uint32_t flags = PROPATTR_READABLE | PROPATTR_WRITABLE) = delete;

    /// Replaces the contents with `props`, given in any order: one sort instead of an insertion
    /// each. Throws UsageError when a value's type differs from its tag's or a tag
    /// is given twice; the bag is then unchanged.
    void assign(std::vector<Property> props);

    /// Removes the property with this tag; returns whether there was one.
    bool erase(PropertyTag tag);

    size_t size() const { return props_.size(); }

    bool empty() const { return props_.empty(); }

    auto begin() const { return props_.begin(); }

    auto end() const { return props_.end(); }

private:
    std::vector<Property> props_;  // sorted by tag
};

}  // namespace msgforge::msg
