#include <msgforge/base/error.hpp>
#include <msgforge/msg/property_bag.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace msgforge::msg {

namespace {

template <typename Properties>
auto lower(Properties& props, PropertyTag tag) {
    return std::lower_bound(props.begin(), props.end(), tag,
                            [](const Property& p, PropertyTag t) { return p.tag < t; });
}

void check_type(PropertyTag tag, const PropertyValue& value) {
    if (value.type() != tag.type) {
        throw UsageError("property " + tag.to_string() + " cannot hold a " + type_name(value.type())
                         + " value");
    }
}

}  // namespace

const Property* PropertyBag::find(PropertyTag tag) const {
    // A reader asks before each append, in ascending tag order: past the last tag, no search.
    if (props_.empty() || props_.back().tag < tag) {
        return nullptr;
    }
    const auto it = lower(props_, tag);
    return it != props_.end() && it->tag == tag ? &*it : nullptr;
}

const Property* PropertyBag::find_id(uint16_t id) const {
    const auto it = lower(props_, PropertyTag{id, PropertyType::PtypUnspecified});
    return it != props_.end() && it->tag.id == id ? &*it : nullptr;
}

const PropertyValue* PropertyBag::get(PropertyTag tag) const {
    const Property* p = find(tag);
    return p != nullptr ? &p->value : nullptr;
}

void PropertyBag::set(PropertyTag tag, PropertyValue value, uint32_t flags) {
    check_type(tag, value);
    // Property streams mostly list tags in ascending order: appending needs no search.
    if (props_.empty() || props_.back().tag < tag) {
        props_.push_back(Property{tag, flags, std::move(value)});
        return;
    }
    auto it = lower(props_, tag);
    if (it != props_.end() && it->tag == tag) {
        it->value = std::move(value);
        it->flags = flags;
    } else {
        props_.insert(it, Property{tag, flags, std::move(value)});
    }
}

void PropertyBag::assign(std::vector<Property> props) {
    for (const Property& p : props) {
        check_type(p.tag, p.value);
    }
    const auto by_tag = [](const Property& a, const Property& b) { return a.tag < b.tag; };
    if (!std::is_sorted(props.begin(), props.end(), by_tag)) {
        // Sorting indices moves each value once, where sorting the values moves them many times.
        std::vector<size_t> order(props.size());
        std::iota(order.begin(), order.end(), size_t{0});
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return props[a].tag < props[b].tag; });
        std::vector<Property> sorted;
        sorted.reserve(props.size());
        for (const size_t i : order) {
            sorted.push_back(std::move(props[i]));
        }
        props = std::move(sorted);
    }
    const auto twice =
        std::adjacent_find(props.begin(), props.end(),
                           [](const Property& a, const Property& b) { return a.tag == b.tag; });
    if (twice != props.end()) {
        throw UsageError("property " + twice->tag.to_string() + " is given twice");
    }
    props_ = std::move(props);
}

bool PropertyBag::erase(PropertyTag tag) {
    auto it = lower(props_, tag);
    if (it == props_.end() || it->tag != tag) {
        return false;
    }
    props_.erase(it);
    return true;
}

}  // namespace msgforge::msg
