#include <msgforge/msg/property_bag.hpp>

#include <algorithm>
#include <stdexcept>

namespace msgforge::msg {

namespace {

template <typename Properties>
auto lower(Properties& props, PropertyTag tag) {
    return std::lower_bound(props.begin(), props.end(), tag,
                            [](const Property& p, PropertyTag t) { return p.tag < t; });
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
    if (value.type() != tag.type) {
        throw std::invalid_argument("property " + tag.to_string() + " cannot hold a "
                                    + type_name(value.type()) + " value");
    }
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

bool PropertyBag::erase(PropertyTag tag) {
    auto it = lower(props_, tag);
    if (it == props_.end() || it->tag != tag) {
        return false;
    }
    props_.erase(it);
    return true;
}

}  // namespace msgforge::msg
