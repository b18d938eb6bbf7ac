// Where a field of an on-disk structure lies and how wide it is, so that the reader and the
// writer share one description of each structure (header.hpp, direntry.hpp).
#pragma once

#include <msgforge/base/bytes.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

namespace msgforge::cfb::detail {

/// A little-endian unsigned integer field: its offset in the structure; its size is its type's.
template <typename T>
struct Field {
    static_assert(
        std::is_same_v<
            T,
            uint8_t> || std::is_same_v<T, uint16_t> || std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);

    static constexpr size_t size = sizeof(T);

    size_t offset;

    constexpr size_t end() const { return offset + size; }

    /// The field's value in `structure`, which the caller has checked holds the field.
    T load(std::span<const uint8_t> structure) const {
        const uint8_t* p = structure.data() + offset;
        if constexpr (std::is_same_v<T, uint8_t>) {
            return *p;
        } else if constexpr (std::is_same_v<T, uint16_t>) {
            return load_u16(p);
        } else if constexpr (std::is_same_v<T, uint32_t>) {
            return load_u32(p);
        } else {
            return load_u64(p);
        }
    }

    /// Writes `value` into `structure`, which the caller has checked holds the field.
    void store(std::span<uint8_t> structure, T value) const {
        uint8_t* p = structure.data() + offset;
        if constexpr (std::is_same_v<T, uint8_t>) {
            *p = value;
        } else if constexpr (std::is_same_v<T, uint16_t>) {
            store_u16(p, value);
        } else if constexpr (std::is_same_v<T, uint32_t>) {
            store_u32(p, value);
        } else {
            store_u64(p, value);
        }
    }
};

/// A field of raw bytes: a signature, a CLSID, a name, an array of numbers.
struct ByteField {
    size_t offset;
    size_t size;

    constexpr size_t end() const { return offset + size; }
};

/// Where a field starts and ends, whatever its kind: for checking that a structure's fields
/// follow one another without gaps or overlaps.
struct Extent {
    size_t offset;
    size_t end;

    template <typename T>
    constexpr Extent(Field<T> f) : offset(f.offset), end(f.end()) {}

    constexpr Extent(ByteField f) : offset(f.offset), end(f.end()) {}
};

/// True when `fields`, in order, cover bytes 0 to `size` of a structure exactly once.
template <size_t N>
constexpr bool tiles(const Extent (&fields)[N], size_t size) {
    size_t at = 0;
    for (const Extent& f : fields) {
        if (f.offset != at) {
            return false;
        }
        at = f.end;
    }
    return at == size;
}

}  // namespace msgforge::cfb::detail
