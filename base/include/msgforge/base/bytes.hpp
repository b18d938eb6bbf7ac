// Bounds-checked little-endian reading and writing: the only place where file bytes become
// integers. Values are assembled by shifts, never by casting file memory.
#pragma once

#include <msgforge/base/error.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge {

/// The same bytes seen as characters (text held in a byte buffer).
inline std::string_view as_chars(std::span<const uint8_t> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// The same characters seen as bytes.
inline std::span<const uint8_t> as_bytes(std::string_view text) {
    return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

/// a + b, or nullopt on overflow.
template <typename T>
constexpr std::optional<T> checked_add(T a, T b) {
    T r{};
    if (__builtin_add_overflow(a, b, &r)) {
        return std::nullopt;
    }
    return r;
}

/// a * b, or nullopt on overflow.
template <typename T>
constexpr std::optional<T> checked_mul(T a, T b) {
    T r{};
    if (__builtin_mul_overflow(a, b, &r)) {
        return std::nullopt;
    }
    return r;
}

/// Little-endian load from a span the caller has already bounds-checked.
inline uint16_t load_u16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

inline uint32_t load_u32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8)
           | (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

inline uint64_t load_u64(const uint8_t* p) {
    return static_cast<uint64_t>(load_u32(p)) | (static_cast<uint64_t>(load_u32(p + 4)) << 32);
}

/// `count` little-endian UTF-16 units from `p` (2 * count bytes the caller has checked).
inline void load_u16_units(const uint8_t* p, size_t count, char16_t* out) {
    if (count == 0) {
        return;  // p may be null (an empty value); memcpy must not see it
    }
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(out, p, 2 * count);
    } else {
        for (size_t i = 0; i < count; ++i) {
            out[i] = static_cast<char16_t>(load_u16(p + 2 * i));
        }
    }
}

inline void store_u16(uint8_t* p, uint16_t v) {
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
}

inline void store_u32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<uint8_t>(v >> (8 * i));
    }
}

inline void store_u64(uint8_t* p, uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        p[i] = static_cast<uint8_t>(v >> (8 * i));
    }
}

/// Reads little-endian values from a span. Every read checks the remaining length and throws
/// FormatError naming the structure and the absolute file offset.
class ByteReader {
public:
    ByteReader(std::span<const uint8_t> data, std::string structure, uint64_t base_offset = 0)
        : data_(data), structure_(std::move(structure)), base_(base_offset) {}

    uint8_t u8() { return take(1)[0]; }

    uint16_t u16() { return load_u16(take(2).data()); }

    uint32_t u32() { return load_u32(take(4).data()); }

    uint64_t u64() { return load_u64(take(8).data()); }

    int16_t i16() { return static_cast<int16_t>(u16()); }

    int32_t i32() { return static_cast<int32_t>(u32()); }

    int64_t i64() { return static_cast<int64_t>(u64()); }

    float f32() {
        const uint32_t bits = u32();
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return f;
    }

    double f64() {
        const uint64_t bits = u64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }

    /// The next n bytes as a sub-span of the input.
    std::span<const uint8_t> bytes(size_t n) { return take(n); }

    /// A reader over the next n bytes, with its own structure name.
    ByteReader sub(size_t n, std::string structure) {
        const uint64_t at = offset();
        return ByteReader(take(n), std::move(structure), at);
    }

    void skip(size_t n) { take(n); }

    void seek(size_t pos) {
        if (pos > data_.size()) {
            fail(pos, "seek past the end (" + std::to_string(data_.size()) + " bytes)");
        }
        pos_ = pos;
    }

    size_t position() const { return pos_; }

    size_t remaining() const { return data_.size() - pos_; }

    size_t size() const { return data_.size(); }

    /// Absolute file offset of the next byte.
    uint64_t offset() const { return base_ + pos_; }

    const std::string& structure() const { return structure_; }

    /// Throws FormatError for this structure at the current offset.
    [[noreturn]] void fail(const std::string& detail) const { fail(pos_, detail); }

private:
    std::span<const uint8_t> take(size_t n) {
        if (n > data_.size() - pos_) {
            fail(pos_,
                 "needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
        }
        auto s = data_.subspan(pos_, n);
        pos_ += n;
        return s;
    }

    [[noreturn]] void fail(size_t pos, const std::string& detail) const {
        throw FormatError(Location{{}, structure_, base_ + pos}, detail);
    }

    std::span<const uint8_t> data_;
    std::string structure_;
    uint64_t base_;
    size_t pos_ = 0;
};

/// Appends little-endian values to a byte vector.
class ByteWriter {
public:
    explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}

    void u8(uint8_t v) { out_.push_back(v); }

    void u16(uint16_t v) { put(v, 2); }

    void u32(uint32_t v) { put(v, 4); }

    void u64(uint64_t v) { put(v, 8); }

    void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }

    void zeros(size_t n) { out_.insert(out_.end(), n, 0); }

    /// UTF-16LE code units, without terminator.
    void utf16(std::u16string_view s) {
        for (char16_t c : s) {
            u16(static_cast<uint16_t>(c));
        }
    }

    void patch_u32(size_t at, uint32_t v) { store_u32(out_.data() + at, v); }

    size_t size() const { return out_.size(); }

private:
    void put(uint64_t v, int n) {
        for (int i = 0; i < n; ++i) {
            out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
        }
    }

    std::vector<uint8_t>& out_;
};

}  // namespace msgforge
