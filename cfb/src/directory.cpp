#include "directory.hpp"

#include "chain.hpp"
#include "direntry.hpp"
#include "header.hpp"
#include "read_context.hpp"
#include "sectors.hpp"

#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>

#include <algorithm>
#include <array>

namespace msgforge::cfb::detail {

namespace ef = entry_field;

void Directory::read(const Header& header, const Sectors& sectors, const AllocationTable& fat,
                     ReadContext& context) {
    const uint32_t first = header.first_directory_sector;
    const uint64_t first_at = header_field::FIRST_DIRECTORY_SECTOR.offset;
    if (first == ENDOFCHAIN) {
        context.fail("header", first_at, "the directory chain is empty");
    }
    const Runs runs = walk_chain(fat, sector_units(sectors), first, std::nullopt,
                                 ChainName("directory chain", first_at), context);
    const uint32_t per_sector = sectors.size / DIRECTORY_ENTRY_SIZE;
    const uint64_t total = runs.length() * per_sector;
    if (total > context.limits().max_directory_entries) {
        context.fail_limit("directory chain", sectors.offset(first),
                           "has " + std::to_string(total) + " entries, more than the limit of "
                               + std::to_string(context.limits().max_directory_entries));
    }
    entries_.reserve(static_cast<size_t>(total));
    offsets_.reserve(static_cast<size_t>(total));
    name_units_ =
        std::make_unique_for_overwrite<char16_t[]>(static_cast<size_t>(total) * ef::NAME_UNITS);
    name_bytes_ = std::make_unique_for_overwrite<char[]>(static_cast<size_t>(total) * 93);
    const auto version = static_cast<Version>(header.major_version);
    StepCounter steps(context);
    for (const Run& r : runs) {
        for (uint32_t i = 0; i < r.count; ++i) {
            const uint32_t sector = r.first + i;
            const auto bytes = sectors.bytes(sector);
            for (uint32_t k = 0; k < per_sector; ++k) {
                steps.step();
                const uint64_t off = sectors.offset(sector) + k * DIRECTORY_ENTRY_SIZE;
                const size_t have = bytes.size() > k * DIRECTORY_ENTRY_SIZE
                                        ? std::min<size_t>(DIRECTORY_ENTRY_SIZE,
                                                           bytes.size() - k * DIRECTORY_ENTRY_SIZE)
                                        : 0;
                const auto id = static_cast<EntryId>(entries_.size());
                if (have == DIRECTORY_ENTRY_SIZE) {
                    entries_.push_back(parse_entry(
                        bytes.subspan(k * DIRECTORY_ENTRY_SIZE).first<DIRECTORY_ENTRY_SIZE>(), id,
                        off, version, context));
                } else {
                    // Past the end of a truncated file: the missing bytes read as zeros.
                    std::array<uint8_t, DIRECTORY_ENTRY_SIZE> raw{};
                    if (have > 0) {
                        std::copy_n(bytes.begin() + k * DIRECTORY_ENTRY_SIZE, have, raw.begin());
                    }
                    entries_.push_back(parse_entry(raw, id, off, version, context));
                }
                offsets_.push_back(off);
            }
        }
    }
    const Entry& root = entries_[0];
    if (root.type != EntryType::Root) {
        context.fail("directory entry 0", offsets_[0] + ef::OBJECT_TYPE.offset,
                     "the first entry has type " + std::to_string(static_cast<int>(root.type))
                         + ", not root storage (5)");
    }
}

Entry Directory::parse_entry(std::span<const uint8_t, DIRECTORY_ENTRY_SIZE> raw, EntryId id,
                             uint64_t off, Version version, ReadContext& context) {
    char16_t* units_at = name_units_.get() + static_cast<size_t>(id) * ef::NAME_UNITS;
    const EntryRecord r =
        EntryRecord::parse(raw, std::span<char16_t, ef::NAME_UNITS>(units_at, ef::NAME_UNITS));
    Entry e;
    const uint8_t type = r.object_type;
    if (type == 0 || type == 1 || type == 2 || type == 5) {
        e.type = static_cast<EntryType>(type);
    } else {
        // Keep the links: the entry may sit inside a tree whose other nodes are fine.
        context.warn("directory entry " + std::to_string(id), off + ef::OBJECT_TYPE.offset,
                     "unknown object type " + std::to_string(type) + "; the entry is ignored");
    }
    size_t units = r.name.size();
    const bool used = e.type != EntryType::Unknown;
    if (units == ef::NAME_UNITS) {
        if (used) {
            context.warn("directory entry " + std::to_string(id), off,
                         "name has no terminator within 64 bytes; 31 characters are kept");
        }
        units = MAX_NAME_UNITS;
    } else if (used && units == 0 && id != 0) {
        context.warn("directory entry " + std::to_string(id), off + ef::NAME_LENGTH.offset,
                     "empty name (name length field " + std::to_string(r.name_length)
                         + "); the entry cannot be reached by path");
    } else if (used && r.name_length != 2 * (units + 1)) {
        context.warn("directory entry " + std::to_string(id), off + ef::NAME_LENGTH.offset,
                     "name length field " + std::to_string(r.name_length) + " does not match the "
                         + std::to_string(units) + "-character name");
    }
    e.raw_name = r.name.substr(0, units);
    const bool forbidden = std::any_of(e.raw_name.begin(), e.raw_name.end(), [](char16_t c) {
        return c == u'/' || c == u'\\' || c == u':' || c == u'!';
    });
    char* bytes_at = name_bytes_.get() + name_bytes_used_;
    const char* bytes_end = write_utf8(e.raw_name, bytes_at);
    e.name = std::string_view(bytes_at, static_cast<size_t>(bytes_end - bytes_at));
    name_bytes_used_ += e.name.size();
    if (used && forbidden) {
        context.warn("directory entry " + std::to_string(id), off,
                     "name \"" + std::string(e.name)
                         + "\" holds a character MS-CFB forbids in names (/ \\ : !)");
    }
    e.color = r.color;
    e.left = r.left;
    e.right = r.right;
    e.child = r.child;
    e.clsid = r.clsid;
    e.state_bits = r.state_bits;
    e.created = FileTime{r.created};
    e.modified = FileTime{r.modified};
    e.start_sector = r.start;
    uint64_t size = r.size;
    if (version == Version::V3 && (size >> 32) != 0) {
        if (e.type == EntryType::Stream || e.type == EntryType::Root) {
            context.warn("directory entry " + std::to_string(id) + " (" + std::string(e.name) + ")",
                         off + ef::STREAM_SIZE.offset,
                         "version 3 stream size has garbage in its high 32 bits (ignored)");
        }
        size &= 0xFFFFFFFF;
    }
    e.size = e.type == EntryType::Storage ? 0 : size;
    return e;
}

void Directory::build_tree(ReadContext& context) {
    children_.assign(entries_.size(), {});
    children_sorted_.assign(entries_.size(), true);
    std::vector<bool> placed(entries_.size(), false);
    placed[0] = true;

    struct Pending {
        EntryId storage;
        uint32_t depth;
    };

    std::vector<Pending> storages{{0, 0}};
    while (!storages.empty()) {
        const Pending p = storages.back();
        storages.pop_back();
        if (entries_[p.storage].child != NOSTREAM) {
            walk_children(p.storage, placed, context);
            list_children(p.storage, context);
            check_colours(p.storage, context);
        }
        for (EntryId c : children_[p.storage]) {
            if (entries_[c].is_storage()) {
                if (p.depth + 1 > context.limits().max_storage_depth) {
                    context.fail_limit("directory entry " + std::to_string(c) + " ("
                                           + std::string(entries_[c].name) + ")",
                                       offsets_[c],
                                       "storages nest deeper than the limit of "
                                           + std::to_string(context.limits().max_storage_depth));
                }
                storages.push_back({c, p.depth + 1});
            }
        }
    }
}

// The in-order walk of a storage's tree into scratch_.order, with an explicit stack; every
// node is visited once.
void Directory::walk_children(EntryId storage, std::vector<bool>& placed, ReadContext& context) {
    const auto count = static_cast<EntryId>(entries_.size());
    std::vector<EntryId>& stack = scratch_.stack;
    std::vector<EntryId>& order = scratch_.order;
    stack.clear();
    order.clear();
    StepCounter steps(context);
    // Follows a link; returns the entry to visit or NOSTREAM. A bad link from an entry of
    // unknown type is dropped with a warning (the entry itself is garbage); from any other
    // entry it makes the directory unreadable.
    auto follow = [&](EntryId id, EntryId from, size_t field) -> EntryId {
        if (id == NOSTREAM) {
            return NOSTREAM;
        }
        steps.step();
        std::string problem;
        if (id >= count) {
            problem = "sibling or child index " + std::to_string(id) + " is beyond the "
                      + std::to_string(count) + " directory entries";
        } else if (placed[id]) {
            problem = "directory cycle: entry " + std::to_string(id) + " is reached a second time";
        }
        if (!problem.empty()) {
            const std::string at = "directory entry " + std::to_string(from);
            if (from != storage && entries_[from].type == EntryType::Unknown) {
                context.warn(at, offsets_[from] + field,
                             problem + " (link of an ignored entry dropped)");
                (field == ef::LEFT_SIBLING.offset ? entries_[from].left : entries_[from].right) =
                    NOSTREAM;
                return NOSTREAM;
            }
            context.fail(at, offsets_[from] + field, problem);
        }
        placed[id] = true;
        entries_[id].parent = storage;
        return id;
    };
    EntryId node = follow(entries_[storage].child, storage, ef::CHILD.offset);
    while (true) {
        while (node != NOSTREAM) {
            stack.push_back(node);
            node = follow(entries_[node].left, node, ef::LEFT_SIBLING.offset);
        }
        if (stack.empty()) {
            break;
        }
        node = stack.back();
        stack.pop_back();
        order.push_back(node);
        node = follow(entries_[node].right, node, ef::RIGHT_SIBLING.offset);
    }
}

// The storage's children from scratch_.order, without the entries of unknown type; warns of
// entries out of place and of children out of CFB name order.
void Directory::list_children(EntryId storage, ReadContext& context) {
    auto& kids = children_[storage];
    kids.reserve(scratch_.order.size());
    for (EntryId id : scratch_.order) {
        const Entry& e = entries_[id];
        const uint64_t type_at = offsets_[id] + ef::OBJECT_TYPE.offset;
        if (e.type == EntryType::Unknown) {
            context.warn(
                "directory entry " + std::to_string(id), type_at,
                "unused entry inside the tree of the " + storage_label(storage) + " (skipped)");
            continue;
        }
        if (e.type == EntryType::Root) {
            context.warn("directory entry " + std::to_string(id), type_at,
                         "a second root entry inside the " + storage_label(storage)
                             + " (read as a storage)");
            entries_[id].type = EntryType::Storage;
        }
        if (e.type == EntryType::Stream && e.size == 0 && e.start_sector != ENDOFCHAIN) {
            context.warn(
                "directory entry " + std::to_string(id) + " (" + std::string(e.name) + ")",
                offsets_[id] + ef::STARTING_SECTOR.offset,
                "empty stream with start " + describe_sector_value(e.start_sector) + " (ignored)");
        }
        kids.push_back(id);
    }
    for (size_t i = 1; i < kids.size(); ++i) {
        const int c = compare_names(entries_[kids[i - 1]].raw_name, entries_[kids[i]].raw_name);
        if (c >= 0) {
            children_sorted_[storage] = false;
            context.warn(
                "directory entry " + std::to_string(kids[i]), offsets_[kids[i]],
                c == 0 ? "two entries named \"" + std::string(entries_[kids[i]].name) + "\" in the "
                             + storage_label(storage)
                       : "the tree of the " + storage_label(storage) + " is not in CFB name order");
            break;
        }
    }
}

// Red-black checks (MS-CFB 2.6.4): no red node with a red child, equal black height. Real
// writers often break both; the tree is still readable, so these are warnings.
void Directory::check_colours(EntryId storage, ReadContext& context) {
    bool red_red = false;
    bool unbalanced = false;

    // Post-order over the (already validated, acyclic) tree computing black heights.
    struct Item {
        EntryId id;
        bool expanded;
    };

    std::vector<Item> work{{entries_[storage].child, false}};
    std::vector<uint32_t>& heights = scratch_.heights;
    heights.clear();
    StepCounter steps(context);
    while (!work.empty()) {
        Item it = work.back();
        work.pop_back();
        if (it.id == NOSTREAM) {
            heights.push_back(1);
            continue;
        }
        const Entry& e = entries_[it.id];
        if (!it.expanded) {
            steps.step();
            work.push_back({it.id, true});
            work.push_back({e.right, false});
            work.push_back({e.left, false});
            continue;
        }
        const uint32_t right = heights.back();
        heights.pop_back();
        const uint32_t left = heights.back();
        heights.pop_back();
        if (left != right) {
            unbalanced = true;
        }
        const bool red = e.color == 0;
        if (red
            && ((e.left != NOSTREAM && entries_[e.left].color == 0)
                || (e.right != NOSTREAM && entries_[e.right].color == 0))) {
            red_red = true;
        }
        heights.push_back(std::max(left, right) + (red ? 0 : 1));
    }
    if (red_red) {
        context.warn(
            "directory", std::nullopt,
            "the tree of the " + storage_label(storage) + " has a red node with a red child");
    }
    if (unbalanced) {
        context.warn("directory", std::nullopt,
                     "the tree of the " + storage_label(storage)
                         + " is not balanced (unequal black heights)");
    }
}

std::string Directory::storage_label(EntryId storage) const {
    return storage == 0 ? std::string("root storage") : "storage " + path_of(storage);
}

std::string Directory::path_of(EntryId id) const {
    std::vector<EntryId> chain;
    for (EntryId at = id; at != 0 && at != NOSTREAM && chain.size() <= entries_.size();
         at = entries_[at].parent) {
        chain.push_back(at);
    }
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if (!out.empty()) {
            out += '/';
        }
        out += entries_[*it].name;
    }
    return out;
}

}  // namespace msgforge::cfb::detail
