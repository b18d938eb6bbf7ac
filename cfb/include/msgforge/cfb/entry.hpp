// A directory entry as read from a compound file (MS-CFB 2.6.1).
#pragma once

#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <string_view>

namespace msgforge::cfb {

/// The names are views of storage the Reader owns: an Entry is valid while its Reader (or a
/// copy of it) lives.
struct Entry {
    std::u16string_view raw_name;  ///< the name exactly as stored (UTF-16, no terminator)
    std::string_view name;         ///< the same in UTF-8 (unpaired surrogates become U+FFFD)
    EntryType type = EntryType::Unknown;
    uint64_t size = 0;  ///< stream size in bytes (v3: low 32 bits only); 0 for storages
    Guid clsid;
    uint32_t state_bits = 0;
    FileTime created;
    FileTime modified;
    uint32_t start_sector = ENDOFCHAIN;  ///< first (mini) sector of a stream's chain
    uint8_t color = 1;                   ///< 0 red, 1 black
    EntryId left = NOSTREAM;
    EntryId right = NOSTREAM;
    EntryId child = NOSTREAM;
    EntryId parent = NOSTREAM;  ///< storage that holds this entry; NOSTREAM for the root

    bool is_storage() const { return type == EntryType::Storage || type == EntryType::Root; }

    bool is_stream() const { return type == EntryType::Stream; }
};

}  // namespace msgforge::cfb
