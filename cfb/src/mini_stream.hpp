// The mini stream and the mini FAT (MS-CFB 2.4): the root entry's chain, which holds the
// streams below the cutoff in 64-byte mini sectors, and the table of their chains.
#pragma once

#include "chain.hpp"
#include "sectors.hpp"

#include <msgforge/cfb/blob.hpp>
#include <msgforge/cfb/entry.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <span>

namespace msgforge::cfb::detail {

class Directory;
class ReadContext;
struct Header;

/// How much of a mini stream's chain lies inside the mini stream.
struct MiniExtent {
    uint64_t present;  ///< bytes from the stream's start up to the first one missing
    uint64_t taken;    ///< mini sectors of the chain before the one that runs past the end
    uint32_t past;     ///< that mini sector (when present < the stream's size)
    uint32_t before;   ///< the mini sector before it, whose mini FAT entry points to it
};

class MiniStream {
public:
    /// Reads the mini stream (the root entry's chain, as long as the root entry's size) and
    /// the mini FAT chain (header). Throws FormatError for a broken chain; warns when the
    /// header's count of mini FAT sectors is not the chain's length.
    void read(const Header& header, const Sectors& sectors, const AllocationTable& fat,
              const Directory& directory, ReadContext& context);

    /// Warns of every stream whose mini FAT chain runs past the end of the mini stream: such a
    /// stream is read as far as it goes (as olefile reads it).
    void check_chains(const Directory& directory, const Sectors& sectors, ReadContext& context);

    /// Whether a stream of this entry's size lives in the mini stream (below the header's
    /// mini stream cutoff).
    bool holds(const Entry& e) const { return e.size < cutoff_; }

    /// The mini FAT chain of stream `id`, as long as its size needs. Throws FormatError,
    /// naming the stream, for a broken chain or a size beyond what the mini FAT maps.
    Runs chain(EntryId id, const Directory& directory, const ReadContext& context) const;

    /// The bytes of a stream of `size` bytes whose chain is `runs`: a slice of the mini stream
    /// when the chain is one run, else assembled; only those before the end of the mini stream.
    Blob stream_bytes(const Runs& runs, uint64_t size) const;

    /// How much of a chain of a stream of `size` bytes lies inside the mini stream. One step
    /// per run: a run wholly inside the mini stream is passed at once.
    MiniExtent extent(const Runs& runs, uint64_t size) const;

    /// The bytes of mini sector `n` present in the mini stream (fewer than 64 in the last one
    /// when the mini stream ends inside it). The caller has checked that n is in it.
    std::span<const uint8_t> sector_bytes(uint32_t n) const {
        const auto all = stream_.span();
        const auto at = static_cast<size_t>(units().offset(n));
        return all.subspan(at, std::min<size_t>(MINI_SECTOR_SIZE, all.size() - at));
    }

    /// The mini sectors as chain units: those the mini FAT maps, at offsets in the mini stream.
    ChainUnits units() const { return {sector_limit(), 0, SHIFT, "mini sector"}; }

    /// The root entry's chain, which holds the mini stream.
    const Runs& runs() const { return stream_runs_; }

private:
    static constexpr uint32_t SHIFT = 6;
    static_assert(MINI_SECTOR_SIZE == 1u << SHIFT);

    uint32_t whole_sectors() const;
    uint32_t sector_limit() const;
    uint64_t fat_entry_offset(uint32_t mini, const Sectors& sectors) const;
    bool chain_may_leave(const Directory& directory) const;

    uint32_t cutoff_ = MINI_STREAM_CUTOFF;
    AllocationTable fat_;
    Runs fat_runs_;  // the sectors holding the mini FAT
    Blob stream_;
    Runs stream_runs_;
};

}  // namespace msgforge::cfb::detail
