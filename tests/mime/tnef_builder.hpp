// Builds TNEF streams for the tests (MS-OXTNEF 2.1.3): attributes with their checksums (or a
// wrong one), legacy values (strings, dates, the attFrom triple) and MAPI property lists.
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/mime/tnef.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::test::tnef {

using namespace mime::att;

inline constexpr uint8_t MESSAGE = mime::LVL_MESSAGE;
inline constexpr uint8_t ATTACHMENT = mime::LVL_ATTACHMENT;

inline constexpr Guid IID_IMessage =
    Guid::from_fields(0x00020307, 0, 0, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46});

/// A TNEF stream: signature, legacy key, then the attributes added.
class Stream {
public:
    Stream() {
        ByteWriter w(bytes_);
        w.u32(mime::TNEF_SIGNATURE);
        w.u16(0x0001);
    }

    /// Adds an attribute; its checksum is the sum of `data` unless `checksum` says otherwise.
    Stream& add(uint8_t level, uint32_t id, std::span<const uint8_t> data,
                std::optional<uint16_t> checksum = std::nullopt) {
        uint32_t sum = 0;
        for (const uint8_t b : data) {
            sum += b;
        }
        ByteWriter w(bytes_);
        w.u8(level);
        w.u32(id);
        w.u32(static_cast<uint32_t>(data.size()));
        w.bytes(data);
        w.u16(checksum.value_or(static_cast<uint16_t>(sum)));
        return *this;
    }

    Stream& add(uint8_t level, uint32_t id, std::string_view text,
                std::optional<uint16_t> checksum = std::nullopt) {
        return add(level, id, as_bytes(text), checksum);
    }

    /// Appends bytes as they are (a cut or broken attribute).
    Stream& raw(std::span<const uint8_t> data) {
        bytes_.insert(bytes_.end(), data.begin(), data.end());
        return *this;
    }

    const std::vector<uint8_t>& bytes() const { return bytes_; }

private:
    std::vector<uint8_t> bytes_;
};

/// A legacy string: the text and its NUL.
inline std::string cstring(std::string_view text) {
    return std::string(text) + '\0';
}

/// `values` as little-endian bytes.
template <typename T>
std::vector<uint8_t> little_endian(std::initializer_list<T> values) {
    std::vector<uint8_t> out;
    for (const T v : values) {
        for (size_t i = 0; i < sizeof(T); ++i) {
            out.push_back(static_cast<uint8_t>(v >> (8 * i)));
        }
    }
    return out;
}

inline std::vector<uint8_t> u16s(std::initializer_list<uint16_t> values) {
    return little_endian(values);
}

inline std::vector<uint8_t> u32s(std::initializer_list<uint32_t> values) {
    return little_endian(values);
}

/// A legacy date: year, month, day, hour, minute, second, day of the week.
inline std::vector<uint8_t> date(uint16_t y, uint16_t mo, uint16_t d, uint16_t h, uint16_t mi,
                                 uint16_t s) {
    return u16s({y, mo, d, h, mi, s, 0});
}

/// attFrom: the TRP header, the padded name, "TYPE:address" and the padding.
inline std::vector<uint8_t> from(std::string_view name, std::string_view typed_address) {
    std::string n = cstring(name);
    n.resize((n.size() + 1) / 2 * 2, '\0');
    const std::string a = cstring(typed_address);
    std::vector<uint8_t> out;
    ByteWriter w(out);
    w.u16(0x0004);
    w.u16(static_cast<uint16_t>(16 + n.size() + a.size()));
    w.u16(static_cast<uint16_t>(n.size()));
    w.u16(static_cast<uint16_t>(a.size()));
    w.bytes(as_bytes(n));
    w.bytes(as_bytes(a));
    w.zeros((4 - out.size() % 4) % 4);
    return out;
}

/// A MAPI property list (MS-OXTNEF 2.1.3.4): the count, then each property.
class Props {
public:
    Props& int32(uint32_t tag, int32_t v) { return fixed(tag, u32s({static_cast<uint32_t>(v)})); }

    Props& boolean(uint32_t tag, bool v) { return fixed(tag, u32s({v ? 1u : 0u})); }

    Props& int16(uint32_t tag, int16_t v) {
        return fixed(tag, u16s({static_cast<uint16_t>(v), 0}));
    }

    Props& time(uint32_t tag, uint64_t ticks) {
        std::vector<uint8_t> v;
        ByteWriter(v).u64(ticks);
        return fixed(tag, v);
    }

    /// A PtypString value: UTF-16LE with its NUL.
    Props& unicode(uint32_t tag, std::u16string_view text) { return variable(tag, {utf16z(text)}); }

    /// A PtypString8 value with its NUL.
    Props& string8(uint32_t tag, std::string_view text) {
        const std::string z = cstring(text);
        return variable(tag, {std::vector<uint8_t>(z.begin(), z.end())});
    }

    Props& binary(uint32_t tag, std::vector<uint8_t> data) { return variable(tag, {data}); }

    /// A multi-valued or variable-size property with each of `values` (count, then each
    /// value's size, bytes and padding).
    Props& variable(uint32_t tag, const std::vector<std::vector<uint8_t>>& values) {
        begin(tag);
        ByteWriter w(bytes_);
        w.u32(static_cast<uint32_t>(values.size()));
        for (const auto& v : values) {
            w.u32(static_cast<uint32_t>(v.size()));
            w.bytes(v);
            w.zeros((4 - v.size() % 4) % 4);
        }
        return *this;
    }

    Props& mv_int32(uint32_t tag, std::initializer_list<uint32_t> values) {
        begin(tag);
        ByteWriter w(bytes_);
        w.u32(static_cast<uint32_t>(values.size()));
        for (const uint32_t v : values) {
            w.u32(v);
        }
        return *this;
    }

    /// A PtypObject value: its size counts the interface id before the data.
    Props& object(uint32_t tag, const Guid& iid, std::span<const uint8_t> data) {
        std::vector<uint8_t> value(iid.bytes.begin(), iid.bytes.end());
        value.insert(value.end(), data.begin(), data.end());
        return variable(tag, {value});
    }

    /// A named property with a LID: the tag's id is 0x8000 and up, the name follows it.
    Props& named_lid(uint32_t tag, const Guid& set, uint32_t lid, std::vector<uint8_t> value) {
        begin(tag);
        ByteWriter w(bytes_);
        w.bytes(set.bytes);
        w.u32(0);
        w.u32(lid);
        w.bytes(value);
        return *this;
    }

    /// A named property with a string name, then its value's bytes as the type wants them.
    Props& named_string(uint32_t tag, const Guid& set, std::u16string_view name,
                        std::vector<uint8_t> value) {
        begin(tag);
        ByteWriter w(bytes_);
        w.bytes(set.bytes);
        w.u32(1);
        const auto z = utf16z(name);
        w.u32(static_cast<uint32_t>(z.size()));
        w.bytes(z);
        w.zeros((4 - z.size() % 4) % 4);
        w.bytes(value);
        return *this;
    }

    /// The tag alone, for a list whose value is cut or broken.
    Props& begin(uint32_t tag) {
        ++count_;
        ByteWriter(bytes_).u32(tag);
        return *this;
    }

    Props& raw(std::span<const uint8_t> data) {
        bytes_.insert(bytes_.end(), data.begin(), data.end());
        return *this;
    }

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out = u32s({count_});
        out.insert(out.end(), bytes_.begin(), bytes_.end());
        return out;
    }

    static std::vector<uint8_t> utf16z(std::u16string_view text) {
        std::vector<uint8_t> out;
        ByteWriter w(out);
        w.utf16(text);
        w.u16(0);
        return out;
    }

private:
    Props& fixed(uint32_t tag, std::span<const uint8_t> slot) {
        begin(tag);
        bytes_.insert(bytes_.end(), slot.begin(), slot.end());
        return *this;
    }

    uint32_t count_ = 0;
    std::vector<uint8_t> bytes_;
};

/// attRecipTable: the row count, then a property list per row.
inline std::vector<uint8_t> recipient_table(const std::vector<Props>& rows) {
    std::vector<uint8_t> out = u32s({static_cast<uint32_t>(rows.size())});
    for (const Props& row : rows) {
        const auto b = row.bytes();
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

/// attAttachRendData: a file attachment at `position` (MS-OXTNEF 2.1.3.3.15).
inline std::vector<uint8_t> rend_data(int32_t position = -1) {
    std::vector<uint8_t> out;
    ByteWriter w(out);
    w.u16(1);
    w.u32(static_cast<uint32_t>(position));
    w.u16(0);
    w.u16(0);
    w.u32(0);
    return out;
}

}  // namespace msgforge::test::tnef
