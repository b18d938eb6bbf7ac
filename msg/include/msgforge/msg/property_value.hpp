// Property values of every type of MS-OXCDATA 2.11.1, single- and multi-valued, with the
// raw bytes of any type msgforge does not know kept for round trips.
#pragma once

#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/blob.hpp>
#include <msgforge/msg/property_tag.hpp>

#include <array>
#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace msgforge::msg {

/// PtypCurrency: a signed 64-bit integer, the amount times 10,000.
struct Currency {
    int64_t scaled = 0;
    auto operator<=>(const Currency&) const = default;
};

/// PtypFloatingTime: days since 1899-12-30 00:00, the fraction being the time of day.
struct FloatingTime {
    double days = 0;
    auto operator<=>(const FloatingTime&) const = default;
};

/// PtypErrorCode: a 32-bit error code.
struct ErrorCode {
    uint32_t code = 0;
    auto operator<=>(const ErrorCode&) const = default;
};

/// PtypString8: bytes in a code page, kept exactly as stored (no terminator). The code page is
/// not part of the value; readers decode with the object's (see ObjectBase::string8_codepage()).
struct String8 {
    std::string bytes;
    auto operator<=>(const String8&) const = default;
};

/// PtypServerId: kept as its bytes.
struct ServerId {
    cfb::Blob bytes;
};

/// PtypObject: the value is a storage (an embedded message or an OLE object), held by the
/// owning Attachment; the property itself carries no bytes.
struct ObjectRef {
    auto operator<=>(const ObjectRef&) const = default;
};

/// A value of a type msgforge does not interpret (PtypRestriction, PtypRuleAction, or an
/// unknown code): the 8 bytes of the property-stream slot for fixed values, else the stream.
/// Also the entry of a variable-size property whose value stream is missing: its 8-byte slot,
/// written back as it was, with no stream.
struct RawValue {
    PropertyType type = PropertyType::PtypUnspecified;
    cfb::Blob bytes;
    /// True when the value was stored in the property stream's 8-byte slot.
    bool inline_slot = false;
};

using PropertyVariant =
    std::variant<int16_t, int32_t, float, double, Currency, FloatingTime, ErrorCode, bool, int64_t,
                 String8, std::u16string, FileTime, Guid, ServerId, cfb::Blob, ObjectRef,
                 std::vector<int16_t>, std::vector<int32_t>, std::vector<float>,
                 std::vector<double>, std::vector<Currency>, std::vector<FloatingTime>,
                 std::vector<int64_t>, std::vector<String8>, std::vector<std::u16string>,
                 std::vector<FileTime>, std::vector<Guid>, std::vector<cfb::Blob>, RawValue>;

namespace detail {

/// The PropertyType of each alternative of PropertyVariant, in order; RawValue, the last,
/// carries its own.
inline constexpr std::array<PropertyType, 28> ALTERNATIVE_TYPES = {
    PropertyType::PtypInteger16,
    PropertyType::PtypInteger32,
    PropertyType::PtypFloating32,
    PropertyType::PtypFloating64,
    PropertyType::PtypCurrency,
    PropertyType::PtypFloatingTime,
    PropertyType::PtypErrorCode,
    PropertyType::PtypBoolean,
    PropertyType::PtypInteger64,
    PropertyType::PtypString8,
    PropertyType::PtypString,
    PropertyType::PtypTime,
    PropertyType::PtypGuid,
    PropertyType::PtypServerId,
    PropertyType::PtypBinary,
    PropertyType::PtypObject,
    PropertyType::PtypMultipleInteger16,
    PropertyType::PtypMultipleInteger32,
    PropertyType::PtypMultipleFloating32,
    PropertyType::PtypMultipleFloating64,
    PropertyType::PtypMultipleCurrency,
    PropertyType::PtypMultipleFloatingTime,
    PropertyType::PtypMultipleInteger64,
    PropertyType::PtypMultipleString8,
    PropertyType::PtypMultipleString,
    PropertyType::PtypMultipleTime,
    PropertyType::PtypMultipleGuid,
    PropertyType::PtypMultipleBinary,
};

static_assert(ALTERNATIVE_TYPES.size() + 1 == std::variant_size_v<PropertyVariant>);

/// The index of the alternative that holds values of type `t` (RawValue's for the types
/// msgforge keeps as bytes).
constexpr size_t alternative_of(PropertyType t) {
    for (size_t i = 0; i < ALTERNATIVE_TYPES.size(); ++i) {
        if (ALTERNATIVE_TYPES[i] == t) {
            return i;
        }
    }
    return ALTERNATIVE_TYPES.size();
}

}  // namespace detail

/// The C++ type that holds a value of property type T: int32_t for PtypInteger32, bool for
/// PtypBoolean, std::u16string for PtypString, FileTime for PtypTime, cfb::Blob for PtypBinary,
/// std::vector<…> for the multi-valued types, RawValue for the types kept as bytes.
template <PropertyType T>
using ValueOf = std::variant_alternative_t<detail::alternative_of(T), PropertyVariant>;

/// A C++ value (const and references aside) of the type that holds values of property type T.
template <typename V, PropertyType T>
concept ValueFor = std::same_as<std::remove_cvref_t<V>, ValueOf<T>>;

/// One value; its type follows from the alternative held (RawValue carries its own).
class PropertyValue {
public:
    PropertyValue() : v_(RawValue{}) {}

    template <typename T>

    requires std::is_constructible_v<PropertyVariant, T&&> PropertyValue(T&& v)
        : v_(std::forward<T>(v)) {}  // NOLINT: implicit by design

    PropertyType type() const;

    const PropertyVariant& variant() const { return v_; }

    PropertyVariant& variant() { return v_; }

    template <typename T>
    const T* as() const {
        return std::get_if<T>(&v_);
    }

    /// Exact equality: same type, same bits (floats compare by bits, blobs by content).
    bool operator==(const PropertyValue& other) const;

private:
    PropertyVariant v_;
};

/// The PropertyType each alternative of PropertyVariant stands for, by index.
PropertyType type_of_alternative(size_t index);

}  // namespace msgforge::msg
