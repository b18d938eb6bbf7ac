// The directory (MS-CFB 2.6): every entry of the directory chain, and the red-black tree of
// each storage's children (2.6.4), walked once at open into lists in tree order.
#pragma once

#include <msgforge/cfb/entry.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace msgforge::cfb::detail {

struct AllocationTable;
struct Header;
struct Sectors;
class ReadContext;

class Directory {
public:
    /// Reads every entry of the directory chain, checking each one (unknown types, names,
    /// v3 sizes give warnings). Throws FormatError for a broken chain or a first entry that is
    /// not the root, LimitError for more entries than ReadOptions::limits allows.
    void read(const Header& header, const Sectors& sectors, const AllocationTable& fat,
              ReadContext& context);

    /// Builds the children lists by walking every storage's tree from the root, checking index
    /// ranges, cycles and depth, and noting order and colour problems as warnings.
    void build_tree(ReadContext& context);

    /// Directory slots, used or not.
    size_t size() const { return entries_.size(); }

    const Entry& operator[](EntryId id) const { return entries_[id]; }

    /// File offset of entry `id`.
    uint64_t offset(EntryId id) const { return offsets_[id]; }

    std::span<const EntryId> children(EntryId storage) const { return children_[storage]; }

    bool children_sorted(EntryId storage) const { return children_sorted_[storage]; }

    /// Whether `id` is the root or an entry of a known type that the root's tree reaches.
    bool in_tree(EntryId id) const {
        return id < entries_.size() && (id == 0 || entries_[id].parent != NOSTREAM)
               && entries_[id].type != EntryType::Unknown;
    }

    /// Path of an entry from the root, names joined with '/'.
    std::string path_of(EntryId id) const;

private:
    Entry parse_entry(std::span<const uint8_t, DIRECTORY_ENTRY_SIZE> raw, EntryId id, uint64_t off,
                      Version version, ReadContext& context);
    void walk_children(EntryId storage, std::vector<bool>& placed, ReadContext& context);
    void list_children(EntryId storage, ReadContext& context);
    void check_colours(EntryId storage, ReadContext& context);
    std::string storage_label(EntryId storage) const;

    std::vector<Entry> entries_;
    std::vector<uint64_t> offsets_;
    // The entries' names: the 32 UTF-16 units of each name field, 93 UTF-8 bytes per entry at
    // most.
    std::unique_ptr<char16_t[]> name_units_;
    std::unique_ptr<char[]> name_bytes_;
    size_t name_bytes_used_ = 0;
    std::vector<std::vector<EntryId>> children_;
    std::vector<bool> children_sorted_;

    // Working lists of the tree walks, kept between storages to save allocations.
    struct {
        std::vector<EntryId> stack;
        std::vector<EntryId> order;
        std::vector<uint32_t> heights;
    } scratch_;
};

}  // namespace msgforge::cfb::detail
