#include "mini_stream.hpp"

#include "directory.hpp"
#include "direntry.hpp"
#include "header.hpp"
#include "read_context.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>

#include <algorithm>

namespace msgforge::cfb::detail {

namespace ef = entry_field;

void MiniStream::read(const Header& header, const Sectors& sectors, const AllocationTable& fat,
                      const Directory& directory, ReadContext& context) {
    cutoff_ = header.mini_stream_cutoff;
    const Entry& root = directory[0];
    if (root.size > 0) {
        const uint64_t needed = ceil_div(root.size, sectors.size);
        if (needed > sectors.count) {
            context.fail("directory entry 0 (Root Entry)",
                         directory.offset(0) + ef::STREAM_SIZE.offset,
                         "mini stream size " + std::to_string(root.size) + " exceeds the file");
        }
        stream_runs_ = walk_chain(fat, sector_units(sectors), root.start_sector, needed,
                                  ChainName("mini stream (root entry chain)",
                                            directory.offset(0) + ef::STARTING_SECTOR.offset),
                                  context);
        stream_ = sectors.gather(stream_runs_, root.size);
    }
    const uint32_t first = header.first_mini_fat_sector;
    const uint32_t claimed = header.mini_fat_sectors;
    if (first == ENDOFCHAIN || first == FREESECT) {
        return;
    }
    fat_runs_ = walk_chain(fat, sector_units(sectors), first, std::nullopt,
                           ChainName("mini FAT chain", header_field::FIRST_MINI_FAT_SECTOR.offset),
                           context);
    const uint64_t length = fat_runs_.length();
    if (length != claimed) {
        context.warn("header", header_field::MINI_FAT_SECTORS.offset,
                     "claims " + std::to_string(claimed) + " mini FAT sectors, the chain has "
                         + std::to_string(length));
    }
    const uint32_t per = sectors.size / 4;
    fat_.next.reserve(static_cast<size_t>(length) * per);
    for (const Run& r : fat_runs_) {
        for (uint32_t i = 0; i < r.count; ++i) {
            const auto bytes = sectors.bytes(r.first + i);
            for (uint32_t k = 0; k < per; ++k) {
                fat_.next.push_back(4 * k + 4 <= bytes.size() ? load_u32(&bytes[4 * k]) : FREESECT);
            }
        }
    }
    // While no chain leaves the whole mini sectors (check_chains), loops can only pass through
    // them.
    fat_.shared = has_shared_successor(fat_.next, whole_sectors());
}

// The mini sectors wholly inside the mini stream.
uint32_t MiniStream::whole_sectors() const {
    return static_cast<uint32_t>(std::min<uint64_t>(stream_.size() / MINI_SECTOR_SIZE, MAXREGSECT));
}

// The mini sector numbers a chain may hold: those the mini FAT maps. A chain may run past the
// end of the mini stream (the root entry's stream size) all the same; see extent().
uint32_t MiniStream::sector_limit() const {
    return static_cast<uint32_t>(std::min<size_t>(fat_.next.size(), MAXREGSECT));
}

// File offset of the mini FAT entry of mini sector `mini`. The caller has checked that the
// mini FAT maps it.
uint64_t MiniStream::fat_entry_offset(uint32_t mini, const Sectors& sectors) const {
    const uint64_t per = sectors.size / 4;
    uint64_t sector_index = mini / per;
    for (const Run& r : fat_runs_) {
        if (sector_index < r.count) {
            return sectors.offset(r.first + static_cast<uint32_t>(sector_index)) + 4 * (mini % per);
        }
        sector_index -= r.count;
    }
    return 0;
}

MiniExtent MiniStream::extent(const Runs& runs, uint64_t size) const {
    const uint64_t end = stream_.size();
    uint64_t pos = 0;
    uint64_t taken = 0;
    uint32_t last = 0;  // the last mini sector taken
    for (const Run& r : runs) {
        const uint64_t start = units().offset(r.first);
        const uint64_t want = std::min<uint64_t>(uint64_t{r.count} * MINI_SECTOR_SIZE, size - pos);
        if (start + want <= end) {
            pos += want;
            taken += r.count;
            last = r.first + r.count - 1;
            continue;
        }
        // The run's first mini sector that is not wholly there, or holds the stream's end.
        const uint64_t inside = start >= end ? 0 : end - start;
        const auto k = static_cast<uint32_t>(inside / MINI_SECTOR_SIZE);
        return {pos + inside, taken + k, r.first + k, k > 0 ? r.first + k - 1 : last};
    }
    return {size, taken, 0, last};
}

// Only a chain that reaches a mini sector not wholly inside the mini stream can run past its
// end, by its first sector or from a mini sector that is: true when a stream starts there or a
// mini FAT entry of a whole mini sector points there. (Entries past the whole mini sectors are
// read only by a chain already there; writers leave them FREESECT or zero.)
bool MiniStream::chain_may_leave(const Directory& directory) const {
    const uint32_t whole = whole_sectors();
    for (size_t i = 0; i < fat_.next.size() && i < whole; ++i) {
        const uint32_t next = fat_.next[i];
        if (next <= MAXREGSECT && next >= whole) {
            return true;
        }
    }
    for (EntryId id = 1; id < directory.size(); ++id) {
        const Entry& e = directory[id];
        if (e.start_sector >= whole && e.size > 0 && holds(e) && e.is_stream()
            && directory.in_tree(id)) {
            return true;
        }
    }
    return false;
}

// A file where no chain may leave the mini stream is done after one pass over the mini FAT
// entries of the whole mini sectors.
void MiniStream::check_chains(const Directory& directory, const Sectors& sectors,
                              ReadContext& context) {
    if (!chain_may_leave(directory)) {
        return;
    }
    // Chains may now pass through any mini sector the mini FAT maps.
    fat_.shared = has_shared_successor(fat_.next, sector_limit());
    for (EntryId id = 1; id < directory.size(); ++id) {
        const Entry& e = directory[id];
        if (!directory.in_tree(id) || !e.is_stream() || e.size == 0 || !holds(e)) {
            continue;
        }
        Runs runs;
        try {
            runs = chain(id, directory, context);
        } catch (const FormatError&) {
            continue;  // a broken chain is an error when the stream is read
        }
        const MiniExtent x = extent(runs, e.size);
        if (x.present == e.size) {
            continue;
        }
        context.warn("mini FAT chain of stream " + directory.path_of(id),
                     x.taken == 0 ? directory.offset(id) + ef::STARTING_SECTOR.offset
                                  : fat_entry_offset(x.before, sectors),
                     "mini sector " + std::to_string(x.past)
                         + " runs past the end of the mini stream ("
                         + std::to_string(stream_.size()) + " bytes, the root entry's size); "
                         + "the first " + std::to_string(x.present) + " of the stream's "
                         + std::to_string(e.size) + " bytes are read");
    }
}

Runs MiniStream::chain(EntryId id, const Directory& directory, const ReadContext& context) const {
    const Entry& e = directory[id];
    const uint64_t needed = ceil_div(e.size, MINI_SECTOR_SIZE);
    const uint32_t limit = sector_limit();
    if (needed > limit) {
        context.fail("mini FAT chain of stream " + directory.path_of(id),
                     directory.offset(id) + ef::STREAM_SIZE.offset,
                     "stream size " + std::to_string(e.size) + " needs " + std::to_string(needed)
                         + " mini sectors, the mini FAT maps " + std::to_string(limit));
    }
    return walk_chain(fat_, units(), e.start_sector, needed,
                      ChainName("mini FAT chain of stream ", directory, id), context);
}

Blob MiniStream::stream_bytes(const Runs& runs, uint64_t size) const {
    const auto mini = stream_.span();
    const size_t first = static_cast<size_t>(runs[0].first) * MINI_SECTOR_SIZE;
    if (runs.size() == 1 && first <= mini.size() && size <= mini.size() - first) {
        return stream_.slice(first, static_cast<size_t>(size));
    }
    // A chain that runs past the end of the mini stream gives the bytes before that point.
    const auto present = static_cast<size_t>(extent(runs, size).present);
    if (present == 0) {
        return Blob::owned({});
    }
    if (runs.size() == 1) {
        return stream_.slice(first, present);
    }
    std::vector<uint8_t> out(present);
    size_t pos = 0;
    for (const Run& r : runs) {
        if (pos == out.size()) {
            break;
        }
        const size_t off = static_cast<size_t>(r.first) * MINI_SECTOR_SIZE;
        const size_t n =
            std::min<size_t>(static_cast<size_t>(r.count) * MINI_SECTOR_SIZE, out.size() - pos);
        std::copy_n(mini.begin() + static_cast<ptrdiff_t>(off), n,
                    out.begin() + static_cast<ptrdiff_t>(pos));
        pos += n;
    }
    return Blob::owned(std::move(out));
}

}  // namespace msgforge::cfb::detail
