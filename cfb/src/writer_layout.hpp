// Planning a compound file before it is written (MS-CFB 2): the directory with its red-black
// trees (2.6), then every sector's place and the FAT, DIFAT and mini FAT that describe them
// (2.3-2.5, 2.8). Pure functions of the tree, so the layout can be tested without emitting.
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cfb::detail {

/// Sector number of the range lock sector in a v4 file (MS-CFB 2.8: file bytes 0x7FFFF000 to
/// 0x7FFFFFFF). It exists only when the file has more sectors than this number.
inline constexpr uint32_t V4_RANGE_LOCK_SECTOR = 0x7FFFE;

/// Largest number of sectors (after the header) a v3 file may have: it must end before the
/// range lock sector 0x3FFFFE, so it stays below 2 GB.
inline constexpr uint64_t V3_MAX_SECTORS = 0x3FFFFE;

/// Largest stream size in a v3 file (MS-CFB 2.6.1, Stream Size).
inline constexpr uint64_t V3_MAX_STREAM_SIZE = 0x80000000;

/// One directory entry as it will be written. Views into the Tree it came from.
struct DirEntry {
    std::u16string_view name;
    EntryType type = EntryType::Unknown;
    uint8_t color = 1;  ///< 0 red, 1 black
    uint32_t left = NOSTREAM;
    uint32_t right = NOSTREAM;
    uint32_t child = NOSTREAM;
    uint32_t parent = NOSTREAM;  ///< id of the storage holding this entry (not written)
    Guid clsid;
    uint32_t state_bits = 0;
    FileTime created;
    FileTime modified;
    std::span<const uint8_t> data;  ///< stream contents
    uint64_t size = 0;              ///< stream size; for the root, the mini stream's size
    uint32_t start = ENDOFCHAIN;    ///< first sector (mini sector for small streams)
};

/// The directory of `tree` in id order: the root first, then a pre-order depth-first walk
/// with each storage's children in CFB name order. Colours and links form, for every storage,
/// the red-black tree of the midpoint recipe (sorted children, root = middle element, all
/// black except a deepest level that is not full, which is red). Throws UsageError
/// for a bad or duplicate name, a stream with children, a storage with data or a bad type.
std::vector<DirEntry> build_directory(const Tree& tree);

/// Where every part of the file goes. Sectors are numbered as in MS-CFB (sector N starts at
/// byte (N + 1) × sector size) and allocated in this order: FAT, DIFAT, directory, mini FAT,
/// mini stream, then the regular streams in directory order.
struct Layout {
    Version version = Version::V3;
    uint32_t sector_size = 512;
    std::vector<DirEntry> entries;  ///< start and size filled in; root holds the mini stream

    std::vector<uint32_t> fat;            ///< every FAT slot (FAT sectors × entries per sector)
    std::vector<uint32_t> mini_fat;       ///< every mini FAT slot
    std::vector<uint32_t> fat_sectors;    ///< the DIFAT: sector numbers of the FAT sectors
    std::vector<uint32_t> difat_sectors;  ///< sector numbers of the DIFAT sectors

    uint32_t directory_start = ENDOFCHAIN;
    uint32_t directory_sectors = 0;
    uint32_t mini_fat_start = ENDOFCHAIN;
    uint32_t mini_fat_sectors = 0;
    uint32_t mini_stream_sectors = 0;

    std::vector<uint32_t> mini_streams;     ///< ids of the streams in the mini stream, in order
    std::vector<uint32_t> regular_streams;  ///< ids of the streams in regular sectors, in order

    uint64_t sector_count = 0;  ///< sectors after the header, the range lock sector included
    bool has_range_lock = false;

    uint64_t file_size() const { return (sector_count + 1) * sector_size; }
};

/// Plans the sectors for `entries` (from build_directory, or made by hand with sizes only).
/// Throws UsageError when a stream or the whole file is too large for `version`.
Layout plan_layout(std::vector<DirEntry> entries, Version version);

/// '/'-separated path of entry `id` below the root, for messages.
std::string entry_path(std::span<const DirEntry> entries, uint32_t id);

}  // namespace msgforge::cfb::detail
