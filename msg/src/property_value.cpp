#include <msgforge/msg/property_value.hpp>

#include <algorithm>
#include <array>
#include <bit>

namespace msgforge::msg {

namespace {

using enum PropertyType;

bool same_bytes(const cfb::Blob& a, const cfb::Blob& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Bitwise equality for floating-point values, so NaNs and signed zeros round-trip exactly.
template <typename T>
bool same(const T& a, const T& b) {
    return a == b;
}

template <>
bool same(const float& a, const float& b) {
    return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b);
}

template <>
bool same(const double& a, const double& b) {
    return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

template <>
bool same(const FloatingTime& a, const FloatingTime& b) {
    return same(a.days, b.days);
}

template <>
bool same(const cfb::Blob& a, const cfb::Blob& b) {
    return same_bytes(a, b);
}

template <>
bool same(const ServerId& a, const ServerId& b) {
    return same_bytes(a.bytes, b.bytes);
}

template <>
bool same(const RawValue& a, const RawValue& b) {
    return a.type == b.type && a.inline_slot == b.inline_slot && same_bytes(a.bytes, b.bytes);
}

template <typename T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (!same(a[i], b[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace

PropertyType type_of_alternative(size_t index) {
    return index < detail::ALTERNATIVE_TYPES.size() ? detail::ALTERNATIVE_TYPES[index]
                                                    : PtypUnspecified;
}

PropertyType PropertyValue::type() const {
    if (const auto* raw = std::get_if<RawValue>(&v_)) {
        return raw->type;
    }
    return detail::ALTERNATIVE_TYPES[v_.index()];
}

bool PropertyValue::operator==(const PropertyValue& other) const {
    if (v_.index() != other.v_.index()) {
        return false;
    }
    return std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            return same(a, std::get<T>(other.v_));
        },
        v_);
}

}  // namespace msgforge::msg
