// Chains of sectors and mini sectors (MS-CFB 2.3, 2.4): following a FAT or a mini FAT from a
// chain's first sector, refusing loops, numbers out of range and markers, in steps bounded
// by the sectors there are.
#pragma once

#include "sectors.hpp"

#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::cfb::detail {

class Directory;
class ReadContext;

/// A FAT or a mini FAT: the next (mini) sector of each one's chain, or a marker.
struct AllocationTable {
    std::vector<uint32_t> next;
    /// Some sector is the successor of two others: only then can a chain loop back to a
    /// sector other than its first, so only then does a walk keep a visited set.
    bool shared = false;
};

/// The numbers a chain goes through: those below `limit` are valid, and number n lies at
/// `base + (n << shift)`, in the file for sectors, in the mini stream for mini sectors.
struct ChainUnits {
    uint32_t limit;
    uint64_t base;
    uint32_t shift;
    const char* word;  ///< "sector" or "mini sector", for messages

    uint64_t offset(uint32_t n) const { return base + (static_cast<uint64_t>(n) << shift); }
};

/// The sectors of the file as chain units.
inline ChainUnits sector_units(const Sectors& sectors) {
    return {sectors.count, sectors.size, sectors.shift, "sector"};
}

/// What a chain is called in errors, and the file offset of the field holding its first
/// sector number (where an error points while no sector has been taken). A stream's chain is
/// named by a prefix and the stream's path, which is built only when an error needs it
/// (building it for every read cost a tenth of the time).
struct ChainName {
    /// A chain of the file's own structures.
    ChainName(const char* fixed, uint64_t start_field) : text(fixed), start(start_field) {}

    /// The chain of stream `id`, its start sector in its directory entry.
    ChainName(const char* prefix, const Directory& directory, EntryId id);

    std::string str() const;

    const char* text;
    uint64_t start;
    const Directory* directory = nullptr;
    EntryId stream = NOSTREAM;
};

/// Walks a chain in `table` from `start`. With `needed`, stops after that many sectors and
/// fails if the chain ends first; without it, walks to ENDOFCHAIN. Fails (FormatError) on
/// loops, out-of-range numbers and markers in the chain; counts a step per sector taken.
Runs walk_chain(const AllocationTable& table, const ChainUnits& units, uint32_t start,
                std::optional<uint64_t> needed, const ChainName& name, const ReadContext& context);

/// True when some value below `limit` occurs twice among the first `limit` entries of
/// `table`: only then can a chain loop back to a sector other than its first.
bool has_shared_successor(const std::vector<uint32_t>& table, uint32_t limit);

}  // namespace msgforge::cfb::detail
