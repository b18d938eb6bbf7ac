// A directory entry as stored (MS-CFB 2.6.1): where each of its 128 bytes lies, and the one
// parse and serialize pair that the reader and the writer share.
#pragma once

#include "field.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/types.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace msgforge::cfb::detail {

/// A directory entry's fields in order (MS-CFB 2.6.1).
namespace entry_field {

/// The name in UTF-16LE with its terminating U+0000, zero-filled.
inline constexpr ByteField NAME{0x00, 64};
/// Bytes of the name with its terminator; 0 in an unused entry.
inline constexpr Field<uint16_t> NAME_LENGTH{0x40};
inline constexpr Field<uint8_t> OBJECT_TYPE{0x42};
inline constexpr Field<uint8_t> COLOR{0x43};
inline constexpr Field<uint32_t> LEFT_SIBLING{0x44};
inline constexpr Field<uint32_t> RIGHT_SIBLING{0x48};
inline constexpr Field<uint32_t> CHILD{0x4C};
inline constexpr ByteField CLSID{0x50, 16};
inline constexpr Field<uint32_t> STATE_BITS{0x60};
inline constexpr Field<uint64_t> CREATION_TIME{0x64};
inline constexpr Field<uint64_t> MODIFIED_TIME{0x6C};
inline constexpr Field<uint32_t> STARTING_SECTOR{0x74};
inline constexpr Field<uint64_t> STREAM_SIZE{0x78};

/// Every field, for checking that they cover the structure once.
inline constexpr Extent ALL[] = {
    NAME,  NAME_LENGTH, OBJECT_TYPE,   COLOR,         LEFT_SIBLING,    RIGHT_SIBLING, CHILD,
    CLSID, STATE_BITS,  CREATION_TIME, MODIFIED_TIME, STARTING_SECTOR, STREAM_SIZE};
static_assert(tiles(ALL, DIRECTORY_ENTRY_SIZE));

/// UTF-16 units the name field holds, the terminator's included.
inline constexpr size_t NAME_UNITS = NAME.size / 2;

}  // namespace entry_field

/// The values of a directory entry. The defaults are those of an unused entry: all zero but
/// the three links, which are NOSTREAM.
struct EntryRecord {
    /// The name's units up to the first U+0000 (all 32 when there is none).
    std::u16string_view name;
    uint16_t name_length = 0;
    uint8_t object_type = 0;  ///< an EntryType, or any other byte a file holds
    uint8_t color = 0;        ///< 0 red, 1 black
    uint32_t left = NOSTREAM;
    uint32_t right = NOSTREAM;
    uint32_t child = NOSTREAM;
    Guid clsid;
    uint32_t state_bits = 0;
    uint64_t created = 0;   ///< FILETIME
    uint64_t modified = 0;  ///< FILETIME
    uint32_t start = 0;
    uint64_t size = 0;

    /// The values of `raw` as they are; nothing is checked. The name field's 32 units are
    /// copied to `units`, which `name` then views.
    static EntryRecord parse(std::span<const uint8_t, DIRECTORY_ENTRY_SIZE> raw,
                             std::span<char16_t, entry_field::NAME_UNITS> units);

    /// The 128 bytes of the entry: the name's units, then zeros to the end of the name field.
    /// Throws Error (internal) for a name longer than 31 units, which the caller checks first.
    std::array<uint8_t, DIRECTORY_ENTRY_SIZE> serialize() const;

private:
    [[noreturn]] static void name_too_long(size_t units);
};

// Defined here so that the reader's directory, which parses every entry of a file, and the
// writer, which serializes every one, inline them.
inline EntryRecord EntryRecord::parse(std::span<const uint8_t, DIRECTORY_ENTRY_SIZE> raw,
                                      std::span<char16_t, entry_field::NAME_UNITS> units) {
    namespace ef = entry_field;
    EntryRecord r;
    load_u16_units(raw.data() + ef::NAME.offset, units.size(), units.data());
    size_t length = 0;
    while (length < units.size() && units[length] != 0) {
        ++length;
    }
    r.name = std::u16string_view(units.data(), length);
    r.name_length = ef::NAME_LENGTH.load(raw);
    r.object_type = ef::OBJECT_TYPE.load(raw);
    r.color = ef::COLOR.load(raw);
    r.left = ef::LEFT_SIBLING.load(raw);
    r.right = ef::RIGHT_SIBLING.load(raw);
    r.child = ef::CHILD.load(raw);
    r.clsid = Guid::from_bytes(raw.subspan<ef::CLSID.offset, ef::CLSID.size>());
    r.state_bits = ef::STATE_BITS.load(raw);
    r.created = ef::CREATION_TIME.load(raw);
    r.modified = ef::MODIFIED_TIME.load(raw);
    r.start = ef::STARTING_SECTOR.load(raw);
    r.size = ef::STREAM_SIZE.load(raw);
    return r;
}

inline std::array<uint8_t, DIRECTORY_ENTRY_SIZE> EntryRecord::serialize() const {
    namespace ef = entry_field;
    if (name.size() > MAX_NAME_UNITS) {
        name_too_long(name.size());
    }
    std::array<uint8_t, DIRECTORY_ENTRY_SIZE> b{};
    for (size_t i = 0; i < name.size(); ++i) {
        store_u16(&b[ef::NAME.offset + 2 * i], static_cast<uint16_t>(name[i]));
    }
    ef::NAME_LENGTH.store(b, name_length);
    ef::OBJECT_TYPE.store(b, object_type);
    ef::COLOR.store(b, color);
    ef::LEFT_SIBLING.store(b, left);
    ef::RIGHT_SIBLING.store(b, right);
    ef::CHILD.store(b, child);
    std::copy(clsid.bytes.begin(), clsid.bytes.end(), b.begin() + ef::CLSID.offset);
    ef::STATE_BITS.store(b, state_bits);
    ef::CREATION_TIME.store(b, created);
    ef::MODIFIED_TIME.store(b, modified);
    ef::STARTING_SECTOR.store(b, start);
    ef::STREAM_SIZE.store(b, size);
    return b;
}

}  // namespace msgforge::cfb::detail
