// Constants and small types of the Compound File Binary format (MS-CFB 2.1, 2.2, 2.6.1).
#pragma once

#include <cstdint>

namespace msgforge::cfb {

enum class Version : uint16_t { V3 = 3, V4 = 4 };

/// Directory entry object type (MS-CFB 2.6.1, offset 0x42).
enum class EntryType : uint8_t { Unknown = 0x00, Storage = 0x01, Stream = 0x02, Root = 0x05 };

/// Index of a directory entry (a stream ID in MS-CFB terms).
using EntryId = uint32_t;

inline constexpr uint32_t MAXREGSECT = 0xFFFFFFFA;
inline constexpr uint32_t DIFSECT = 0xFFFFFFFC;
inline constexpr uint32_t FATSECT = 0xFFFFFFFD;
inline constexpr uint32_t ENDOFCHAIN = 0xFFFFFFFE;
inline constexpr uint32_t FREESECT = 0xFFFFFFFF;

inline constexpr uint32_t MAXREGSID = 0xFFFFFFFA;
inline constexpr uint32_t NOSTREAM = 0xFFFFFFFF;

inline constexpr uint32_t HEADER_SIZE = 512;
inline constexpr uint32_t DIRECTORY_ENTRY_SIZE = 128;
inline constexpr uint32_t MINI_SECTOR_SIZE = 64;
inline constexpr uint32_t MINI_STREAM_CUTOFF = 4096;
inline constexpr uint32_t HEADER_DIFAT_ENTRIES = 109;
/// Longest entry name in UTF-16 code units, terminator excluded.
inline constexpr uint32_t MAX_NAME_UNITS = 31;

/// Bytes of the CFB signature at offset 0.
inline constexpr uint8_t SIGNATURE[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

}  // namespace msgforge::cfb
