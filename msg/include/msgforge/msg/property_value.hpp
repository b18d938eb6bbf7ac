// Property values of every type of MS-OXCDATA 2.11.1, single- and multi-valued, with the
// raw bytes of any type msgforge does not know kept for round trips.
#pragma once

#include <msgforge/cfb/blob.hpp>
#include <msgforge/filetime.hpp>
#include <msgforge/guid.hpp>
#include <msgforge/msg/property_tag.hpp>

#include <cstdint>
#include <string>
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
