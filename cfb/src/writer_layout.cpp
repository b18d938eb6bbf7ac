#include "writer_layout.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>

#include <algorithm>
#include <bit>
#include <optional>
#include <stdexcept>
#include <utility>

namespace msgforge::cfb::detail {

namespace {

constexpr std::u16string_view ROOT_NAME = u"Root Entry";

// A name in quotes for a message; U+0000, which would end the message, as \0.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        out += c == '\0' ? std::string("\\0") : std::string(1, c);
    }
    return out + "\"";
}

std::string child_path(std::span<const DirEntry> entries, uint32_t storage,
                       std::u16string_view name) {
    const std::string parent = entry_path(entries, storage);
    return parent.empty() ? utf16_to_utf8(name) : parent + "/" + utf16_to_utf8(name);
}

std::string storage_label(std::span<const DirEntry> entries, uint32_t storage) {
    return storage == 0 ? std::string("the root storage")
                        : "storage " + quoted(entry_path(entries, storage));
}

DirEntry make_entry(const Node& node, uint32_t parent) {
    DirEntry e;
    e.name = node.name;
    e.type = node.type;
    e.parent = parent;
    e.state_bits = node.state_bits;
    if (node.is_storage()) {
        // MS-CFB 2.6.1: CLSID and times belong to storages; streams keep them zero.
        e.clsid = node.clsid;
        e.created = node.created;
        e.modified = node.modified;
        e.start = 0;
    } else {
        e.data = node.data.span();
        e.size = node.data.size();
    }
    return e;
}

/// The children of storage `storage_id`, checked and sorted in CFB name order.
std::vector<const Node*> sorted_children(const Node& storage, uint32_t storage_id,
                                         std::span<const DirEntry> entries) {
    std::vector<const Node*> out;
    out.reserve(storage.children.size());
    for (const Node& c : storage.children) {
        const auto path = [&] { return quoted(child_path(entries, storage_id, c.name)); };
        if (const std::string problem = name_problem(c.name); !problem.empty()) {
            throw UsageError("invalid name " + path() + ": " + problem);
        }
        if (c.type != EntryType::Stream && c.type != EntryType::Storage) {
            throw UsageError(path() + " has entry type "
                             + std::to_string(static_cast<unsigned>(c.type))
                             + "; below the root only streams and storages may be");
        }
        if (c.type == EntryType::Stream && !c.children.empty()) {
            throw UsageError("stream " + path() + " has children");
        }
        if (c.type == EntryType::Storage && !c.data.empty()) {
            throw UsageError("storage " + path() + " holds stream data");
        }
        out.push_back(&c);
    }
    std::stable_sort(out.begin(), out.end(), [](const Node* a, const Node* b) {
        return compare_names(a->name, b->name) < 0;
    });
    const auto dup = std::adjacent_find(out.begin(), out.end(), [](const Node* a, const Node* b) {
        return compare_names(a->name, b->name) == 0;
    });
    if (dup != out.end()) {
        throw UsageError("duplicate names " + quoted(child_path(entries, storage_id, (*dup)->name))
                         + " and "
                         + quoted(child_path(entries, storage_id, (*std::next(dup))->name)) + " in "
                         + storage_label(entries, storage_id) + " (CFB names ignore case)");
    }
    return out;
}

/// Links and colours the sorted `ids` as the red-black tree of MS-CFB digest §7: root =
/// middle element, black everywhere except a deepest level that is not full, which is red.
class RedBlackBuilder {
public:
    RedBlackBuilder(std::vector<DirEntry>& entries, std::span<const uint32_t> ids)
        : entries_(entries),
          deepest_(static_cast<uint32_t>(std::bit_width(ids.size())) - 1),
          deepest_red_(!std::has_single_bit(ids.size() + 1)) {}

    uint32_t build(std::span<const uint32_t> ids, uint32_t depth) {
        if (ids.empty()) {
            return NOSTREAM;
        }
        const size_t mid = (ids.size() - 1) / 2;
        const uint32_t id = ids[mid];
        const uint32_t left = build(ids.first(mid), depth + 1);
        const uint32_t right = build(ids.subspan(mid + 1), depth + 1);
        DirEntry& e = entries_[id];
        e.left = left;
        e.right = right;
        e.color = (depth == deepest_ && deepest_red_) ? 0 : 1;
        return id;
    }

private:
    std::vector<DirEntry>& entries_;
    uint32_t deepest_;
    bool deepest_red_;
};

uint64_t ceil_div(uint64_t value, uint64_t divisor) {
    return value / divisor + (value % divisor != 0 ? 1 : 0);
}

uint64_t add_or_throw(uint64_t a, uint64_t b, Version version) {
    const std::optional<uint64_t> sum = checked_add(a, b);
    if (!sum) {
        throw UsageError("the tree is too large for CFB version "
                         + std::to_string(static_cast<unsigned>(version)));
    }
    return *sum;
}

[[noreturn]] void internal(const std::string& detail) {
    throw Error(Errc::internal, Location{{}, "CFB layout", {}}, detail);
}

/// Hands out sector numbers in file order, stepping over the range lock sector.
class SectorAllocator {
public:
    explicit SectorAllocator(Layout& layout) : layout_(layout) {}

    uint32_t take() {
        if (layout_.has_range_lock && next_ == V4_RANGE_LOCK_SECTOR) {
            // MS-CFB 2.8: allocated, never part of a chain.
            layout_.fat[next_] = ENDOFCHAIN;
            ++next_;
        }
        return next_++;
    }

    /// A chain of `count` sectors linked in the FAT; its first sector or ENDOFCHAIN.
    uint32_t chain(uint64_t count) {
        if (count == 0) {
            return ENDOFCHAIN;
        }
        const uint32_t first = take();
        uint32_t prev = first;
        for (uint64_t i = 1; i < count; ++i) {
            const uint32_t s = take();
            layout_.fat[prev] = s;
            prev = s;
        }
        layout_.fat[prev] = ENDOFCHAIN;
        return first;
    }

    uint64_t used() const { return next_; }

private:
    Layout& layout_;
    uint32_t next_ = 0;
};

/// Sectors each part of the file takes, counted phase by phase by plan_layout.
struct SectorCounts {
    uint64_t mini = 0;         ///< mini sectors of the streams below the cutoff
    uint64_t regular = 0;      ///< sectors of the streams at or above it
    uint64_t directory = 0;    ///< directory sectors
    uint64_t mini_fat = 0;     ///< mini FAT sectors
    uint64_t mini_stream = 0;  ///< sectors of the mini stream
    uint64_t data = 0;         ///< all of the above but the mini sectors, in sectors
    uint64_t fat = 0;          ///< FAT sectors
    uint64_t difat = 0;        ///< DIFAT sectors
    uint64_t total = 0;        ///< every sector after the header, the range lock sector included
};

void check_directory(std::span<const DirEntry> entries, Version version) {
    if (version != Version::V3 && version != Version::V4) {
        throw UsageError("CFB version must be 3 or 4");
    }
    if (entries.empty() || entries[0].type != EntryType::Root) {
        throw UsageError("the directory must start with the root entry");
    }
    if (entries.size() > uint64_t{MAXREGSID} + 1) {
        throw UsageError("too many directory entries (" + std::to_string(entries.size()) + ")");
    }
}

uint64_t max_sectors(Version version) {
    return version == Version::V3 ? V3_MAX_SECTORS : uint64_t{MAXREGSECT} + 1;
}

UsageError too_large(uint64_t sectors, const Layout& layout) {
    return UsageError("the tree needs a file of "
                      + std::to_string((sectors + 1) * layout.sector_size)
                      + " bytes, too large for CFB version "
                      + std::to_string(static_cast<unsigned>(layout.version)));
}

/// MS-CFB 2.4/2.6.1: streams below the cutoff go to the mini stream, the others to sectors of
/// their own; empty streams to neither. Counts the sectors of each kind.
void sort_streams(std::vector<DirEntry>& entries, Layout& layout, SectorCounts& counts) {
    const bool v3 = layout.version == Version::V3;
    for (uint32_t id = 1; id < entries.size(); ++id) {
        DirEntry& e = entries[id];
        if (e.type != EntryType::Stream) {
            continue;
        }
        if (v3 && e.size > V3_MAX_STREAM_SIZE) {
            throw UsageError("stream " + quoted(entry_path(entries, id)) + " is "
                             + std::to_string(e.size) + " bytes, too large for CFB version 3");
        }
        e.start = ENDOFCHAIN;
        if (e.size == 0) {
            continue;
        }
        if (e.size < MINI_STREAM_CUTOFF) {
            layout.mini_streams.push_back(id);
            counts.mini += ceil_div(e.size, MINI_SECTOR_SIZE);
        } else {
            layout.regular_streams.push_back(id);
            counts.regular =
                add_or_throw(counts.regular, ceil_div(e.size, layout.sector_size), layout.version);
        }
    }
}

/// The sectors of the directory, the mini FAT, the mini stream and the regular streams.
void count_data_sectors(size_t entry_count, const Layout& layout, SectorCounts& counts) {
    const uint64_t ss = layout.sector_size;
    counts.directory = ceil_div(entry_count, ss / DIRECTORY_ENTRY_SIZE);
    counts.mini_fat = ceil_div(counts.mini, ss / 4);
    counts.mini_stream = ceil_div(counts.mini * MINI_SECTOR_SIZE, ss);
    counts.data = add_or_throw(counts.directory + counts.mini_fat + counts.mini_stream,
                               counts.regular, layout.version);
    if (counts.data > max_sectors(layout.version)) {
        throw too_large(counts.data, layout);
    }
}

/// MS-CFB 2.3/2.5: the FAT describes every sector, its own and the DIFAT's included, so
/// size FAT and DIFAT together until they stop growing (they only ever grow).
void size_fat_and_difat(Layout& layout, SectorCounts& counts) {
    const bool v3 = layout.version == Version::V3;
    const uint64_t per_sector = layout.sector_size / 4;
    for (;;) {
        const uint64_t used = counts.fat + counts.difat + counts.data;
        layout.has_range_lock = !v3 && used > V4_RANGE_LOCK_SECTOR;
        counts.total = used + (layout.has_range_lock ? 1 : 0);
        if (counts.total > max_sectors(layout.version)) {
            throw too_large(counts.total, layout);
        }
        const uint64_t fat_needed = ceil_div(counts.total, per_sector);
        const uint64_t difat_needed = fat_needed > HEADER_DIFAT_ENTRIES ? ceil_div(
                                          fat_needed - HEADER_DIFAT_ENTRIES, per_sector - 1)
                                                                        : 0;
        if (fat_needed == counts.fat && difat_needed == counts.difat) {
            return;
        }
        counts.fat = fat_needed;
        counts.difat = difat_needed;
    }
}

/// Gives every sector its place in file order: FAT, DIFAT, directory, mini FAT, mini stream,
/// then the regular streams, each chain linked in the FAT.
void allocate_sectors(Layout& layout, std::vector<DirEntry>& entries, const SectorCounts& counts) {
    layout.sector_count = counts.total;
    layout.directory_sectors = static_cast<uint32_t>(counts.directory);
    layout.mini_fat_sectors = static_cast<uint32_t>(counts.mini_fat);
    layout.mini_stream_sectors = static_cast<uint32_t>(counts.mini_stream);
    layout.fat.assign(counts.fat * (layout.sector_size / 4), FREESECT);

    SectorAllocator alloc(layout);
    for (uint64_t i = 0; i < counts.fat; ++i) {
        const uint32_t s = alloc.take();
        layout.fat[s] = FATSECT;
        layout.fat_sectors.push_back(s);
    }
    for (uint64_t i = 0; i < counts.difat; ++i) {
        const uint32_t s = alloc.take();
        layout.fat[s] = DIFSECT;
        layout.difat_sectors.push_back(s);
    }
    layout.directory_start = alloc.chain(counts.directory);
    layout.mini_fat_start = alloc.chain(counts.mini_fat);
    entries[0].start = alloc.chain(counts.mini_stream);
    entries[0].size = counts.mini * MINI_SECTOR_SIZE;
    for (const uint32_t id : layout.regular_streams) {
        entries[id].start = alloc.chain(ceil_div(entries[id].size, layout.sector_size));
    }
    if (alloc.used() != counts.total) {
        internal("allocated " + std::to_string(alloc.used()) + " sectors, planned "
                 + std::to_string(counts.total));
    }
}

/// Places the small streams one after another in the mini stream, linked in the mini FAT.
void allocate_mini_sectors(Layout& layout, std::vector<DirEntry>& entries) {
    layout.mini_fat.assign(uint64_t{layout.mini_fat_sectors} * (layout.sector_size / 4), FREESECT);
    uint32_t next_mini = 0;
    for (const uint32_t id : layout.mini_streams) {
        const auto count = static_cast<uint32_t>(ceil_div(entries[id].size, MINI_SECTOR_SIZE));
        entries[id].start = next_mini;
        for (uint32_t i = 1; i < count; ++i) {
            layout.mini_fat[next_mini + i - 1] = next_mini + i;
        }
        layout.mini_fat[next_mini + count - 1] = ENDOFCHAIN;
        next_mini += count;
    }
}

}  // namespace

std::string entry_path(std::span<const DirEntry> entries, uint32_t id) {
    std::vector<std::u16string_view> names;
    while (id != 0 && id < entries.size()) {
        names.push_back(entries[id].name);
        id = entries[id].parent;
    }
    std::string out;
    for (auto it = names.rbegin(); it != names.rend(); ++it) {
        if (!out.empty()) {
            out += '/';
        }
        out += utf16_to_utf8(*it);
    }
    return out;
}

std::vector<DirEntry> build_directory(const Tree& tree) {
    const Node& root = tree.root();
    if (!root.is_storage()) {
        throw UsageError("the root of the tree must be a storage");
    }
    if (!root.data.empty()) {
        throw UsageError("the root storage holds stream data");
    }
    std::vector<DirEntry> entries;
    std::vector<std::vector<uint32_t>> children;  // sorted child ids of each storage

    struct Pending {
        const Node* node;
        uint32_t parent;
    };

    std::vector<Pending> stack{{&root, NOSTREAM}};
    while (!stack.empty()) {
        const Pending p = stack.back();
        stack.pop_back();
        const auto id = static_cast<uint32_t>(entries.size());
        entries.push_back(make_entry(*p.node, p.parent));
        children.emplace_back();
        if (p.parent != NOSTREAM) {
            children[p.parent].push_back(id);
        }
        if (p.node->is_storage()) {
            const std::vector<const Node*> sorted = sorted_children(*p.node, id, entries);
            for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) {
                stack.push_back({*it, id});
            }
        }
    }
    // MS-CFB 2.6.2: the root entry is always "Root Entry", type 5.
    entries[0].name = ROOT_NAME;
    entries[0].type = EntryType::Root;
    entries[0].start = ENDOFCHAIN;
    for (uint32_t id = 0; id < entries.size(); ++id) {
        if (!children[id].empty()) {
            RedBlackBuilder builder(entries, children[id]);
            entries[id].child = builder.build(children[id], 0);
        }
    }
    return entries;
}

Layout plan_layout(std::vector<DirEntry> entries, Version version) {
    check_directory(entries, version);
    Layout layout;
    layout.version = version;
    layout.sector_size = version == Version::V3 ? 512 : 4096;
    SectorCounts counts;
    sort_streams(entries, layout, counts);
    count_data_sectors(entries.size(), layout, counts);
    size_fat_and_difat(layout, counts);
    allocate_sectors(layout, entries, counts);
    allocate_mini_sectors(layout, entries);
    layout.entries = std::move(entries);
    return layout;
}

}  // namespace msgforge::cfb::detail
