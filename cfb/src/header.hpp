// The compound file header (MS-CFB 2.2): where each field lies, the values it holds, and the
// one parse and serialize pair that the reader and the writer share.
#pragma once

#include "field.hpp"

#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/types.hpp>

#include <array>
#include <cstdint>
#include <span>

namespace msgforge::cfb::detail {

class ReadContext;

/// The header's fields in file order (MS-CFB 2.2).
namespace header_field {

inline constexpr ByteField SIGNATURE{0x00, 8};
inline constexpr ByteField CLSID{0x08, 16};
inline constexpr Field<uint16_t> MINOR_VERSION{0x18};
inline constexpr Field<uint16_t> MAJOR_VERSION{0x1A};
inline constexpr Field<uint16_t> BYTE_ORDER_MARK{0x1C};
inline constexpr Field<uint16_t> SECTOR_SHIFT{0x1E};
inline constexpr Field<uint16_t> MINI_SECTOR_SHIFT{0x20};
inline constexpr ByteField RESERVED{0x22, 6};
inline constexpr Field<uint32_t> DIRECTORY_SECTORS{0x28};
inline constexpr Field<uint32_t> FAT_SECTORS{0x2C};
inline constexpr Field<uint32_t> FIRST_DIRECTORY_SECTOR{0x30};
inline constexpr Field<uint32_t> TRANSACTION_SIGNATURE{0x34};
inline constexpr Field<uint32_t> MINI_STREAM_CUTOFF{0x38};
inline constexpr Field<uint32_t> FIRST_MINI_FAT_SECTOR{0x3C};
inline constexpr Field<uint32_t> MINI_FAT_SECTORS{0x40};
inline constexpr Field<uint32_t> FIRST_DIFAT_SECTOR{0x44};
inline constexpr Field<uint32_t> DIFAT_SECTORS{0x48};
/// The first HEADER_DIFAT_ENTRIES FAT sector numbers, 4 bytes each.
inline constexpr ByteField DIFAT{0x4C, 4 * HEADER_DIFAT_ENTRIES};

/// Every field, for checking that they cover the structure once.
inline constexpr Extent ALL[] = {SIGNATURE,
                                 CLSID,
                                 MINOR_VERSION,
                                 MAJOR_VERSION,
                                 BYTE_ORDER_MARK,
                                 SECTOR_SHIFT,
                                 MINI_SECTOR_SHIFT,
                                 RESERVED,
                                 DIRECTORY_SECTORS,
                                 FAT_SECTORS,
                                 FIRST_DIRECTORY_SECTOR,
                                 TRANSACTION_SIGNATURE,
                                 MINI_STREAM_CUTOFF,
                                 FIRST_MINI_FAT_SECTOR,
                                 MINI_FAT_SECTORS,
                                 FIRST_DIFAT_SECTOR,
                                 DIFAT_SECTORS,
                                 DIFAT};
static_assert(tiles(ALL, HEADER_SIZE));

}  // namespace header_field

/// File offset of entry `i` of the header's DIFAT array.
constexpr uint64_t header_difat_offset(uint32_t i) {
    return header_field::DIFAT.offset + uint64_t{4} * i;
}

/// The values of a header. The defaults are what a writer puts in a v3 file before it sets
/// the counts and first sectors: major version 3, minor version 0x3E, byte order 0xFFFE,
/// 512-byte sectors, 64-byte mini sectors, the 4096-byte mini stream cutoff, nothing allocated.
struct Header {
    Guid clsid;  ///< must be zero
    uint16_t minor_version = 0x003E;
    uint16_t major_version = 3;
    uint16_t byte_order = 0xFFFE;
    uint16_t sector_shift = 9;
    uint16_t mini_sector_shift = 6;
    uint32_t directory_sectors = 0;  ///< must be 0 in a v3 file
    uint32_t fat_sectors = 0;
    uint32_t first_directory_sector = ENDOFCHAIN;
    uint32_t transaction_signature = 0;
    uint32_t mini_stream_cutoff = MINI_STREAM_CUTOFF;
    uint32_t first_mini_fat_sector = ENDOFCHAIN;
    uint32_t mini_fat_sectors = 0;
    uint32_t first_difat_sector = ENDOFCHAIN;
    uint32_t difat_sectors = 0;
    /// The first FAT sector numbers; FREESECT where there is none.
    std::array<uint32_t, HEADER_DIFAT_ENTRIES> difat = unused_difat();

    /// The values of `bytes` as they are: the signature and the reserved bytes are not kept,
    /// and nothing is checked (read_header does).
    static Header parse(std::span<const uint8_t, HEADER_SIZE> bytes);

    /// The 512 bytes of the header: the signature, these values, zero reserved bytes.
    std::array<uint8_t, HEADER_SIZE> serialize() const;

private:
    static constexpr std::array<uint32_t, HEADER_DIFAT_ENTRIES> unused_difat() {
        std::array<uint32_t, HEADER_DIFAT_ENTRIES> a{};
        a.fill(FREESECT);
        return a;
    }
};

/// The header of `file`, checked as MS-CFB 2.2 asks: a FormatError at the offset of the first
/// field a reader cannot go on with (the signature, a file shorter than the header, the major
/// version, the byte order, the sector shifts), a warning (context.warn) for a value whose
/// meaning is clear all the same (sector size and version disagreeing, a transaction
/// signature, a v3 directory sector count, a mini stream cutoff other than 4096).
Header read_header(std::span<const uint8_t> file, ReadContext& context);

}  // namespace msgforge::cfb::detail
