// Compound file reader: header (MS-CFB 2.2), DIFAT and FAT (2.3, 2.5), mini FAT and mini stream
// (2.4), directory (2.6). Everything is checked once at open except stream chains, which are
// checked when a stream is read. Memory stays bounded by the file's size.
#include "source.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/cfb/reader.hpp>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace msgforge::cfb {

namespace {

// Sectors needed for `size` bytes, without the overflow of (size + unit - 1) / unit for sizes
// near 2^64 (a v4 size field is 64 bits).
constexpr uint64_t ceil_div(uint64_t size, uint64_t unit) {
    return size / unit + (size % unit != 0 ? 1 : 0);
}

// Header field offsets (MS-CFB 2.2).
constexpr size_t OFF_MAJOR_VERSION = 0x1A;
constexpr size_t OFF_BYTE_ORDER = 0x1C;
constexpr size_t OFF_SECTOR_SHIFT = 0x1E;
constexpr size_t OFF_MINI_SECTOR_SHIFT = 0x20;
constexpr size_t OFF_DIRECTORY_SECTORS = 0x28;
constexpr size_t OFF_FAT_SECTORS = 0x2C;
constexpr size_t OFF_FIRST_DIRECTORY = 0x30;
constexpr size_t OFF_TRANSACTION = 0x34;
constexpr size_t OFF_MINI_CUTOFF = 0x38;
constexpr size_t OFF_FIRST_MINI_FAT = 0x3C;
constexpr size_t OFF_MINI_FAT_SECTORS = 0x40;
constexpr size_t OFF_FIRST_DIFAT = 0x44;
constexpr size_t OFF_DIFAT_SECTORS = 0x48;
constexpr size_t OFF_HEADER_DIFAT = 0x4C;

// Directory entry field offsets (MS-CFB 2.6.1).
constexpr size_t DE_NAME_LENGTH = 0x40;
constexpr size_t DE_TYPE = 0x42;
constexpr size_t DE_COLOR = 0x43;
constexpr size_t DE_LEFT = 0x44;
constexpr size_t DE_RIGHT = 0x48;
constexpr size_t DE_CHILD = 0x4C;
constexpr size_t DE_CLSID = 0x50;
constexpr size_t DE_STATE = 0x60;
constexpr size_t DE_CREATED = 0x64;
constexpr size_t DE_MODIFIED = 0x6C;
constexpr size_t DE_START = 0x74;
constexpr size_t DE_SIZE = 0x78;

std::string describe_sector_value(uint32_t v) {
    switch (v) {
        case FREESECT:
            return "FREESECT";
        case ENDOFCHAIN:
            return "ENDOFCHAIN";
        case FATSECT:
            return "FATSECT";
        case DIFSECT:
            return "DIFSECT";
        case 0xFFFFFFFB:
            return "reserved value 0xFFFFFFFB";
        default:
            return "sector " + std::to_string(v);
    }
}

// A run of consecutive sectors (or mini sectors) of one chain.
struct Run {
    uint32_t first;
    uint32_t count;
};

// The runs of one chain. Most streams are one run, held here without an allocation (a vector
// per read cost a malloc and a free for each of the corpus's 15,548 streams).
class Runs {
public:
    void push_back(Run r) {
        if (more_.empty() && !has_first_) {
            first_ = r;
            has_first_ = true;
            return;
        }
        if (more_.empty()) {
            more_.push_back(first_);
        }
        more_.push_back(r);
    }

    bool empty() const { return !has_first_; }

    size_t size() const { return more_.empty() ? (has_first_ ? 1 : 0) : more_.size(); }

    const Run* begin() const { return more_.empty() ? &first_ : more_.data(); }

    const Run* end() const { return begin() + size(); }

    const Run& operator[](size_t i) const { return begin()[i]; }

    Run& back() { return more_.empty() ? first_ : more_.back(); }

private:
    Run first_{0, 0};
    bool has_first_ = false;
    std::vector<Run> more_;  // all the runs once there are two or more
};

// Counts the steps of one loop and adds them to ReadOptions::stats when the loop's scope ends,
// by a throw too.
class StepCounter {
public:
    explicit StepCounter(Stats* stats) : stats_(stats) {}

    StepCounter(const StepCounter&) = delete;
    StepCounter& operator=(const StepCounter&) = delete;

    ~StepCounter() {
        if (stats_ != nullptr) {
            stats_->steps.fetch_add(steps_, std::memory_order_relaxed);
        }
    }

    void step() { ++steps_; }

private:
    Stats* stats_;
    uint64_t steps_ = 0;
};

}  // namespace

std::string Warning::to_string() const {
    std::string s = structure;
    if (offset) {
        s += " at " + hex(*offset);
    }
    if (!s.empty()) {
        s += ": ";
    }
    return s + message;
}

struct Reader::Impl {
    std::shared_ptr<const void> owner;
    std::span<const uint8_t> file;
    std::string name;
    ReadOptions options;

    Version version = Version::V3;
    uint32_t sector_shift = 9;
    uint32_t sector_size = 512;
    uint32_t sector_count = 0;  // sectors wholly or partly present in the file
    uint32_t mini_cutoff = MINI_STREAM_CUTOFF;

    std::vector<uint32_t> fat;
    bool fat_shared = false;  // some sector is the successor of two others
    std::vector<uint32_t> mini_fat;
    bool mini_fat_shared = false;
    Runs mini_fat_runs;  // the sectors holding the mini FAT
    Blob mini_stream;
    Runs mini_stream_runs;  // the root entry's chain

    std::vector<Entry> entries;
    std::vector<uint64_t> entry_offsets;
    // The entries' names, 31 UTF-16 units and 93 UTF-8 bytes per entry at most.
    std::unique_ptr<char16_t[]> name_units;
    std::unique_ptr<char[]> name_bytes;
    size_t name_bytes_used = 0;
    std::vector<std::vector<EntryId>> children;

    // Working lists of the tree walks, kept between storages to save allocations.
    struct {
        std::vector<EntryId> stack;
        std::vector<EntryId> order;
        std::vector<uint32_t> heights;
    } scratch;

    std::vector<bool> children_sorted;
    std::vector<Warning> warnings;

    // ---- errors and warnings ----

    [[noreturn]] void fail(std::string structure, std::optional<uint64_t> offset,
                           std::string detail) const {
        throw FormatError(Location{name, std::move(structure), offset}, std::move(detail));
    }

    void warn(std::string structure, std::optional<uint64_t> offset, std::string message) {
        if (options.strict) {
            fail(std::move(structure), offset, message + " (strict reading)");
        }
        warnings.push_back(Warning{std::move(structure), offset, std::move(message)});
    }

    // ---- sectors ----

    uint64_t sector_offset(uint32_t sector) const {
        return (static_cast<uint64_t>(sector) + 1) << sector_shift;
    }

    // The bytes of one sector present in the file (shorter than a sector at the end of a
    // truncated file). The caller has checked sector < sector_count.
    std::span<const uint8_t> sector_bytes(uint32_t sector) const {
        const uint64_t off = sector_offset(sector);
        const uint64_t n = std::min<uint64_t>(sector_size, file.size() - off);
        return file.subspan(static_cast<size_t>(off), static_cast<size_t>(n));
    }

    // What a chain is called in errors: a fixed name, or a prefix and a stream whose path is
    // added only when an error needs it (building it for every read cost a tenth of the time).
    struct ChainName {
        ChainName(const char* fixed, uint64_t start_field) : text(fixed), start(start_field) {}

        ChainName(const char* prefix, EntryId id) : text(prefix), stream(id) {}

        const char* text;
        EntryId stream = NOSTREAM;
        uint64_t start = 0;  ///< file offset of the field holding the first sector number
    };

    // Where an error about a chain points: the field holding its first sector number while no
    // sector has been taken, else the last sector taken.
    uint64_t chain_offset(const ChainName& chain, uint64_t taken, uint64_t previous_entry) const {
        if (taken > 0) {
            return previous_entry;
        }
        return chain.stream == NOSTREAM ? chain.start : entry_offsets[chain.stream] + DE_START;
    }

    std::string name_of(const ChainName& chain) const {
        return chain.stream == NOSTREAM ? std::string(chain.text)
                                        : chain.text + path_of(chain.stream);
    }

    // Walks a chain in `table` from `start`. With `needed`, stops after that many sectors and
    // fails if the chain ends first; without it, walks to ENDOFCHAIN. `limit` is the number of
    // valid sector numbers. Fails on loops, out-of-range numbers and markers in the chain.
    Runs walk(const std::vector<uint32_t>& table, bool shared, uint32_t limit, uint32_t start,
              std::optional<uint64_t> needed, const ChainName& chain,
              uint64_t (Impl::*offset_of)(uint32_t) const, const char* sector_word) const {
        Runs runs;
        if (needed && *needed == 0) {
            return runs;
        }
        std::vector<bool> visited;
        if (shared) {
            visited.assign(limit, false);
        }
        uint32_t current = start;
        uint32_t previous = start;
        uint64_t count = 0;
        const uint64_t max_steps = needed ? *needed : limit;
        StepCounter steps(options.stats);
        while (true) {
            if (current == ENDOFCHAIN) {
                if (needed) {
                    fail(name_of(chain), chain_offset(chain, count, (this->*offset_of)(previous)),
                         "chain ends after " + std::to_string(count) + " " + sector_word
                             + "s, the size needs " + std::to_string(*needed));
                }
                break;
            }
            steps.step();
            if (current >= limit) {
                fail(name_of(chain), chain_offset(chain, count, (this->*offset_of)(previous)),
                     std::string("chain ") + (count == 0 ? "starts at " : "continues to ")
                         + describe_sector_value(current)
                         + (current > MAXREGSECT ? std::string(", not a sector number")
                                                 : ", beyond the " + std::to_string(limit) + " "
                                                       + sector_word + "s of the file"));
            }
            if (shared) {
                if (visited[current]) {
                    fail(name_of(chain), (this->*offset_of)(current),
                         "loop: " + std::string(sector_word) + " " + std::to_string(current)
                             + " is reached twice");
                }
                visited[current] = true;
            } else if (count > 0 && current == start) {
                fail(name_of(chain), (this->*offset_of)(current),
                     "loop: chain returns to its first " + std::string(sector_word) + " "
                         + std::to_string(current));
            }
            if (!runs.empty() && runs.back().first + runs.back().count == current) {
                ++runs.back().count;
            } else {
                runs.push_back(Run{current, 1});
            }
            ++count;
            if (count == max_steps) {
                if (!needed && current < table.size() && table[current] != ENDOFCHAIN) {
                    fail(name_of(chain), (this->*offset_of)(current),
                         "chain is longer than the " + std::to_string(limit) + " " + sector_word
                             + "s of the file (a loop)");
                }
                break;
            }
            if (current >= table.size()) {
                fail(name_of(chain), (this->*offset_of)(current),
                     std::string(sector_word) + " " + std::to_string(current)
                         + " has no allocation table entry");
            }
            previous = current;
            current = table[current];
        }
        return runs;
    }

    uint64_t mini_sector_offset(uint32_t mini) const {
        return static_cast<uint64_t>(mini) * MINI_SECTOR_SIZE;
    }

    Runs walk_fat(uint32_t start, std::optional<uint64_t> needed, const ChainName& chain) const {
        return walk(fat, fat_shared, sector_count, start, needed, chain, &Impl::sector_offset,
                    "sector");
    }

    // Bytes of a regular-sector chain: a view when the run is contiguous and wholly inside
    // the file, otherwise assembled (zero-filling a truncated last sector).
    Blob gather(const Runs& runs, uint64_t size) const {
        if (size == 0) {
            return Blob::owned({});
        }
        if (runs.size() == 1) {
            const uint64_t off = sector_offset(runs[0].first);
            if (off + size <= file.size()) {
                return make_view(file.subspan(static_cast<size_t>(off), static_cast<size_t>(size)));
            }
        }
        std::vector<uint8_t> out(static_cast<size_t>(size), 0);
        uint64_t pos = 0;
        for (const Run& r : runs) {
            for (uint32_t i = 0; i < r.count && pos < size; ++i) {
                const auto bytes = sector_bytes(r.first + i);
                const auto n = static_cast<size_t>(std::min<uint64_t>(bytes.size(), size - pos));
                std::copy_n(bytes.begin(), n, out.begin() + static_cast<ptrdiff_t>(pos));
                pos += sector_size;
            }
        }
        return Blob::owned(std::move(out));
    }

    Blob make_view(std::span<const uint8_t> bytes) const {
        return owner ? Blob::view(owner, bytes) : Blob::borrowed(bytes);
    }

    // ---- open ----

    // Reads every structure but the stream chains; errors carry the file's name.
    void open() {
        parse_header();
        read_fat();
        read_directory();
        build_tree();
        read_mini();
        check_mini_chains();
    }

    void parse_header() {
        if (file.size() < sizeof SIGNATURE
            || !std::equal(std::begin(SIGNATURE), std::end(SIGNATURE), file.begin())) {
            fail("header", 0, "bad signature: not a compound file");
        }
        if (file.size() < HEADER_SIZE) {
            fail("header", 0,
                 "file is " + std::to_string(file.size())
                     + " bytes, shorter than the 512-byte compound file header");
        }
        const uint16_t major = load_u16(&file[OFF_MAJOR_VERSION]);
        if (major != 3 && major != 4) {
            fail("header", OFF_MAJOR_VERSION,
                 "major version " + std::to_string(major) + " (expected 3 or 4)");
        }
        version = static_cast<Version>(major);
        const uint16_t byte_order = load_u16(&file[OFF_BYTE_ORDER]);
        if (byte_order != 0xFFFE) {
            fail("header", OFF_BYTE_ORDER,
                 "byte order mark " + hex(byte_order) + " (expected 0xFFFE)");
        }
        const uint16_t shift = load_u16(&file[OFF_SECTOR_SHIFT]);
        if (shift != 9 && shift != 12) {
            fail("header", OFF_SECTOR_SHIFT,
                 "sector shift " + std::to_string(shift) + " (expected 9 or 12)");
        }
        if ((major == 3) != (shift == 9)) {
            warn("header", OFF_SECTOR_SHIFT,
                 "major version " + std::to_string(major) + " with " + std::to_string(1u << shift)
                     + "-byte sectors");
        }
        sector_shift = shift;
        sector_size = 1u << shift;
        const uint16_t mini_shift = load_u16(&file[OFF_MINI_SECTOR_SHIFT]);
        if (mini_shift != 6) {
            fail("header", OFF_MINI_SECTOR_SHIFT,
                 "mini sector shift " + std::to_string(mini_shift) + " (expected 6)");
        }
        if (load_u32(&file[OFF_TRANSACTION]) != 0) {
            warn("header", OFF_TRANSACTION, "non-zero transaction signature (ignored)");
        }
        if (major == 3 && load_u32(&file[OFF_DIRECTORY_SECTORS]) != 0) {
            warn("header", OFF_DIRECTORY_SECTORS,
                 "version 3 file with a non-zero number of directory sectors (ignored)");
        }
        mini_cutoff = load_u32(&file[OFF_MINI_CUTOFF]);
        if (mini_cutoff != MINI_STREAM_CUTOFF) {
            warn("header", OFF_MINI_CUTOFF,
                 "mini stream cutoff " + std::to_string(mini_cutoff) + " (expected 4096)");
        }
        if (file.size() < sector_size) {
            fail("header", 0,
                 "file is " + std::to_string(file.size()) + " bytes, shorter than its "
                     + std::to_string(sector_size) + "-byte header sector");
        }
        const uint64_t body = file.size() - sector_size;
        const uint64_t sectors = (body + sector_size - 1) / sector_size;
        if (sectors > MAXREGSECT) {
            fail("header", 0, "file has more sectors than MS-CFB can address");
        }
        sector_count = static_cast<uint32_t>(sectors);
        if (body % sector_size != 0) {
            warn("file", file.size(),
                 "file size " + std::to_string(file.size()) + " is not a whole number of "
                     + std::to_string(sector_size)
                     + "-byte sectors; the last sector is read as zero-filled");
        }
    }

    void read_fat() {
        const uint32_t fat_sectors = load_u32(&file[OFF_FAT_SECTORS]);
        if (fat_sectors > sector_count) {
            fail("header", OFF_FAT_SECTORS,
                 "claims " + std::to_string(fat_sectors) + " FAT sectors, the file has only "
                     + std::to_string(sector_count) + " sectors");
        }
        // Collect the FAT sector numbers from the header's DIFAT array, then the DIFAT chain.
        // fat_list_at: the file offset of each number, for errors.
        std::vector<uint32_t> fat_list;
        std::vector<uint64_t> fat_list_at;
        fat_list.reserve(fat_sectors);
        fat_list_at.reserve(fat_sectors);
        for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES && fat_list.size() < fat_sectors; ++i) {
            fat_list.push_back(load_u32(&file[OFF_HEADER_DIFAT + 4 * i]));
            fat_list_at.push_back(OFF_HEADER_DIFAT + 4 * i);
        }
        const uint32_t per_difat = sector_size / 4 - 1;
        uint32_t difat = load_u32(&file[OFF_FIRST_DIFAT]);
        uint64_t difat_at = OFF_FIRST_DIFAT;  // the field that holds `difat`
        std::vector<bool> seen(sector_count, false);
        uint32_t difat_index = 0;
        StepCounter steps(options.stats);
        while (fat_list.size() < fat_sectors) {
            steps.step();
            if (difat == ENDOFCHAIN || difat == FREESECT) {
                fail("DIFAT", difat_at,
                     "lists " + std::to_string(fat_list.size()) + " FAT sectors, the header "
                         + "claims " + std::to_string(fat_sectors));
            }
            if (difat >= sector_count) {
                fail("DIFAT chain", difat_at,
                     "DIFAT sector #" + std::to_string(difat_index) + " is "
                         + describe_sector_value(difat) + ", beyond the "
                         + std::to_string(sector_count) + " sectors of the file");
            }
            if (seen[difat]) {
                fail("DIFAT chain", sector_offset(difat),
                     "loop: DIFAT sector " + std::to_string(difat) + " is reached twice");
            }
            seen[difat] = true;
            const auto bytes = sector_bytes(difat);
            if (bytes.size() < sector_size) {
                fail("DIFAT chain", sector_offset(difat),
                     "DIFAT sector is cut off by the end of the file");
            }
            for (uint32_t i = 0; i < per_difat && fat_list.size() < fat_sectors; ++i) {
                fat_list.push_back(load_u32(&bytes[4 * i]));
                fat_list_at.push_back(sector_offset(difat) + 4 * i);
            }
            difat_at = sector_offset(difat) + 4 * per_difat;
            difat = load_u32(&bytes[4 * per_difat]);
            ++difat_index;
        }
        const uint32_t difat_claimed = load_u32(&file[OFF_DIFAT_SECTORS]);
        if (difat_claimed != difat_index) {
            warn("header", OFF_DIFAT_SECTORS,
                 "claims " + std::to_string(difat_claimed) + " DIFAT sectors, "
                     + std::to_string(difat_index) + " are needed for the FAT sectors");
        }
        const uint32_t per_fat = sector_size / 4;
        fat.reserve(static_cast<size_t>(fat_sectors) * per_fat);
        std::fill(seen.begin(), seen.end(), false);
        for (uint32_t i = 0; i < fat_list.size(); ++i) {
            steps.step();
            const uint32_t s = fat_list[i];
            if (s >= sector_count) {
                fail("DIFAT", fat_list_at[i],
                     "FAT sector #" + std::to_string(i) + " is " + describe_sector_value(s)
                         + ", beyond the " + std::to_string(sector_count) + " sectors of the file");
            }
            if (seen[s]) {
                fail("DIFAT", sector_offset(s),
                     "sector " + std::to_string(s) + " is listed twice as a FAT sector");
            }
            seen[s] = true;
            const auto bytes = sector_bytes(s);
            for (uint32_t k = 0; k < per_fat; ++k) {
                fat.push_back(4 * k + 4 <= bytes.size() ? load_u32(&bytes[4 * k]) : FREESECT);
            }
        }
        const uint64_t covered = sector_size + static_cast<uint64_t>(fat.size()) * sector_size;
        if (file.size() > covered) {
            warn("file", covered,
                 std::to_string(file.size() - covered)
                     + " trailing bytes after the last sector the FAT covers (ignored)");
        }
        fat_shared = has_shared_successor(fat, sector_count);
    }

    // True when some value below `limit` occurs twice among the first `limit` entries: only
    // then can a chain loop back to a sector other than its first.
    static bool has_shared_successor(const std::vector<uint32_t>& table, uint32_t limit) {
        std::vector<bool> seen(limit, false);
        const size_t n = std::min<size_t>(table.size(), limit);
        for (size_t i = 0; i < n; ++i) {
            const uint32_t v = table[i];
            if (v < limit) {
                if (seen[v]) {
                    return true;
                }
                seen[v] = true;
            }
        }
        return false;
    }

    void read_directory() {
        const uint32_t first = load_u32(&file[OFF_FIRST_DIRECTORY]);
        if (first == ENDOFCHAIN) {
            fail("header", OFF_FIRST_DIRECTORY, "the directory chain is empty");
        }
        const auto runs =
            walk_fat(first, std::nullopt, ChainName("directory chain", OFF_FIRST_DIRECTORY));
        const uint32_t per_sector = sector_size / DIRECTORY_ENTRY_SIZE;
        uint64_t total = 0;
        for (const Run& r : runs) {
            total += static_cast<uint64_t>(r.count) * per_sector;
        }
        if (total > options.limits.max_directory_entries) {
            throw LimitError(Location{name, "directory chain", sector_offset(first)},
                             "has " + std::to_string(total) + " entries, more than the limit of "
                                 + std::to_string(options.limits.max_directory_entries));
        }
        entries.reserve(static_cast<size_t>(total));
        entry_offsets.reserve(static_cast<size_t>(total));
        name_units = std::make_unique_for_overwrite<char16_t[]>(static_cast<size_t>(total) * 31);
        name_bytes = std::make_unique_for_overwrite<char[]>(static_cast<size_t>(total) * 93);
        StepCounter steps(options.stats);
        for (const Run& r : runs) {
            for (uint32_t i = 0; i < r.count; ++i) {
                const uint32_t sector = r.first + i;
                const auto bytes = sector_bytes(sector);
                for (uint32_t k = 0; k < per_sector; ++k) {
                    steps.step();
                    const uint64_t off = sector_offset(sector) + k * DIRECTORY_ENTRY_SIZE;
                    const size_t have =
                        bytes.size() > k * DIRECTORY_ENTRY_SIZE ? std::min<size_t>(
                            DIRECTORY_ENTRY_SIZE, bytes.size() - k * DIRECTORY_ENTRY_SIZE)
                                                                : 0;
                    const auto id = static_cast<EntryId>(entries.size());
                    if (have == DIRECTORY_ENTRY_SIZE) {
                        entries.push_back(parse_entry(
                            bytes.subspan(k * DIRECTORY_ENTRY_SIZE).first<DIRECTORY_ENTRY_SIZE>(),
                            id, off));
                    } else {
                        // Past the end of a truncated file: the missing bytes read as zeros.
                        std::array<uint8_t, DIRECTORY_ENTRY_SIZE> raw{};
                        if (have > 0) {
                            std::copy_n(bytes.begin() + k * DIRECTORY_ENTRY_SIZE, have,
                                        raw.begin());
                        }
                        entries.push_back(parse_entry(raw, id, off));
                    }
                    entry_offsets.push_back(off);
                }
            }
        }
        Entry& root = entries[0];
        if (root.type != EntryType::Root) {
            fail("directory entry 0", entry_offsets[0] + DE_TYPE,
                 "the first entry has type " + std::to_string(static_cast<int>(root.type))
                     + ", not root storage (5)");
        }
    }

    Entry parse_entry(std::span<const uint8_t, DIRECTORY_ENTRY_SIZE> raw, EntryId id,
                      uint64_t off) {
        Entry e;
        const uint8_t type = raw[DE_TYPE];
        if (type == 0 || type == 1 || type == 2 || type == 5) {
            e.type = static_cast<EntryType>(type);
        } else {
            // Keep the links: the entry may sit inside a tree whose other nodes are fine.
            warn("directory entry " + std::to_string(id), off + DE_TYPE,
                 "unknown object type " + std::to_string(type) + "; the entry is ignored");
        }
        const uint16_t name_length = load_u16(&raw[DE_NAME_LENGTH]);
        size_t units = 0;
        while (units < 32 && load_u16(&raw[2 * units]) != 0) {
            ++units;
        }
        const bool used = e.type != EntryType::Unknown;
        if (units == 32) {
            if (used) {
                warn("directory entry " + std::to_string(id), off,
                     "name has no terminator within 64 bytes; 31 characters are kept");
            }
            units = 31;
        } else if (used && units == 0 && id != 0) {
            warn("directory entry " + std::to_string(id), off + DE_NAME_LENGTH,
                 "empty name (name length field " + std::to_string(name_length)
                     + "); the entry cannot be reached by path");
        } else if (used && name_length != 2 * (units + 1)) {
            warn("directory entry " + std::to_string(id), off + DE_NAME_LENGTH,
                 "name length field " + std::to_string(name_length) + " does not match the "
                     + std::to_string(units) + "-character name");
        }
        char16_t* units_at = name_units.get() + static_cast<size_t>(id) * 31;
        bool forbidden = false;  // holds a character MS-CFB forbids
        for (size_t i = 0; i < units; ++i) {
            const auto c = static_cast<char16_t>(load_u16(&raw[2 * i]));
            units_at[i] = c;
            forbidden = forbidden || c == u'/' || c == u'\\' || c == u':' || c == u'!';
        }
        e.raw_name = std::u16string_view(units_at, units);
        char* bytes_at = name_bytes.get() + name_bytes_used;
        const char* bytes_end = write_utf8(e.raw_name, bytes_at);
        e.name = std::string_view(bytes_at, static_cast<size_t>(bytes_end - bytes_at));
        name_bytes_used += e.name.size();
        if (used && forbidden) {
            warn("directory entry " + std::to_string(id), off,
                 "name \"" + std::string(e.name)
                     + "\" holds a character MS-CFB forbids in names (/ \\ : !)");
        }
        e.color = raw[DE_COLOR];
        e.left = load_u32(&raw[DE_LEFT]);
        e.right = load_u32(&raw[DE_RIGHT]);
        e.child = load_u32(&raw[DE_CHILD]);
        e.clsid = Guid::from_bytes(std::span<const uint8_t, 16>(&raw[DE_CLSID], 16));
        e.state_bits = load_u32(&raw[DE_STATE]);
        e.created = FileTime{load_u64(&raw[DE_CREATED])};
        e.modified = FileTime{load_u64(&raw[DE_MODIFIED])};
        e.start_sector = load_u32(&raw[DE_START]);
        uint64_t size = load_u64(&raw[DE_SIZE]);
        if (version == Version::V3 && (size >> 32) != 0) {
            if (e.type == EntryType::Stream || e.type == EntryType::Root) {
                warn("directory entry " + std::to_string(id) + " (" + std::string(e.name) + ")",
                     off + DE_SIZE,
                     "version 3 stream size has garbage in its high 32 bits (ignored)");
            }
            size &= 0xFFFFFFFF;
        }
        e.size = e.type == EntryType::Storage ? 0 : size;
        return e;
    }

    // Builds the children lists by walking every storage's tree from the root, checking
    // index ranges, cycles and depth, and noting order and colour problems as warnings.
    void build_tree() {
        const auto count = static_cast<EntryId>(entries.size());
        children.assign(entries.size(), {});
        children_sorted.assign(entries.size(), true);
        std::vector<bool> placed(entries.size(), false);
        placed[0] = true;

        struct Pending {
            EntryId storage;
            uint32_t depth;
        };

        std::vector<Pending> storages{{0, 0}};
        while (!storages.empty()) {
            const Pending p = storages.back();
            storages.pop_back();
            collect_children(p.storage, count, placed);
            for (EntryId c : children[p.storage]) {
                if (entries[c].is_storage()) {
                    if (p.depth + 1 > options.limits.max_storage_depth) {
                        throw LimitError(Location{name,
                                                  "directory entry " + std::to_string(c) + " ("
                                                      + std::string(entries[c].name) + ")",
                                                  entry_offsets[c]},
                                         "storages nest deeper than the limit of "
                                             + std::to_string(options.limits.max_storage_depth));
                    }
                    storages.push_back({c, p.depth + 1});
                }
            }
        }
    }

    void collect_children(EntryId storage, EntryId count, std::vector<bool>& placed) {
        // Built only for a warning.
        const auto where = [&] {
            return storage == 0 ? std::string("root storage") : "storage " + path_of(storage);
        };
        const EntryId top = entries[storage].child;
        if (top == NOSTREAM) {
            return;
        }
        // In-order walk with an explicit stack; every node is visited once.
        std::vector<EntryId>& stack = scratch.stack;
        std::vector<EntryId>& order = scratch.order;
        stack.clear();
        order.clear();
        StepCounter steps(options.stats);
        // Follows a link; returns the entry to visit or NOSTREAM. A bad link from an entry of
        // unknown type is dropped with a warning (the entry itself is garbage); from any
        // other entry it makes the directory unreadable.
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
                problem =
                    "directory cycle: entry " + std::to_string(id) + " is reached a second time";
            }
            if (!problem.empty()) {
                const std::string at = "directory entry " + std::to_string(from);
                if (from != storage && entries[from].type == EntryType::Unknown) {
                    warn(at, entry_offsets[from] + field,
                         problem + " (link of an ignored entry dropped)");
                    (field == DE_LEFT ? entries[from].left : entries[from].right) = NOSTREAM;
                    return NOSTREAM;
                }
                fail(at, entry_offsets[from] + field, problem);
            }
            placed[id] = true;
            entries[id].parent = storage;
            return id;
        };
        EntryId node = follow(top, storage, DE_CHILD);
        while (true) {
            while (node != NOSTREAM) {
                stack.push_back(node);
                node = follow(entries[node].left, node, DE_LEFT);
            }
            if (stack.empty()) {
                break;
            }
            node = stack.back();
            stack.pop_back();
            order.push_back(node);
            node = follow(entries[node].right, node, DE_RIGHT);
        }
        auto& kids = children[storage];
        kids.reserve(order.size());
        for (EntryId id : order) {
            const Entry& e = entries[id];
            if (e.type == EntryType::Unknown) {
                warn("directory entry " + std::to_string(id), entry_offsets[id] + DE_TYPE,
                     "unused entry inside the tree of the " + where() + " (skipped)");
                continue;
            }
            if (e.type == EntryType::Root) {
                warn("directory entry " + std::to_string(id), entry_offsets[id] + DE_TYPE,
                     "a second root entry inside the " + where() + " (read as a storage)");
                entries[id].type = EntryType::Storage;
            }
            if (e.type == EntryType::Stream && e.size == 0 && e.start_sector != ENDOFCHAIN) {
                warn("directory entry " + std::to_string(id) + " (" + std::string(e.name) + ")",
                     entry_offsets[id] + DE_START,
                     "empty stream with start sector " + describe_sector_value(e.start_sector)
                         + " (ignored)");
            }
            kids.push_back(id);
        }
        for (size_t i = 1; i < kids.size(); ++i) {
            const int c = compare_names(entries[kids[i - 1]].raw_name, entries[kids[i]].raw_name);
            if (c >= 0) {
                children_sorted[storage] = false;
                warn("directory entry " + std::to_string(kids[i]), entry_offsets[kids[i]],
                     c == 0 ? "two entries named \"" + std::string(entries[kids[i]].name)
                                  + "\" in the " + where()
                            : "the tree of the " + where() + " is not in CFB name order");
                break;
            }
        }
        check_colours(top, where);
    }

    // Red-black checks (MS-CFB 2.6.4): no red node with a red child, equal black height.
    // Real writers often break both; the tree is still readable, so these are warnings.
    template <typename Where>
    void check_colours(EntryId top, const Where& where) {
        bool red_red = false;
        bool unbalanced = false;

        // Post-order over the (already validated, acyclic) tree computing black heights.
        struct Item {
            EntryId id;
            bool expanded;
        };

        std::vector<Item> work{{top, false}};
        std::vector<uint32_t>& heights = scratch.heights;
        heights.clear();
        StepCounter steps(options.stats);
        while (!work.empty()) {
            Item it = work.back();
            work.pop_back();
            if (it.id == NOSTREAM) {
                heights.push_back(1);
                continue;
            }
            const Entry& e = entries[it.id];
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
                && ((e.left != NOSTREAM && entries[e.left].color == 0)
                    || (e.right != NOSTREAM && entries[e.right].color == 0))) {
                red_red = true;
            }
            heights.push_back(std::max(left, right) + (red ? 0 : 1));
        }
        if (red_red) {
            warn("directory", std::nullopt,
                 "the tree of the " + where() + " has a red node with a red child");
        }
        if (unbalanced) {
            warn("directory", std::nullopt,
                 "the tree of the " + where() + " is not balanced (unequal black heights)");
        }
    }

    void read_mini() {
        const Entry& root = entries[0];
        if (root.size > 0) {
            const uint64_t needed = ceil_div(root.size, sector_size);
            if (needed > sector_count) {
                fail("directory entry 0 (Root Entry)", entry_offsets[0] + DE_SIZE,
                     "mini stream size " + std::to_string(root.size) + " exceeds the file");
            }
            mini_stream_runs =
                walk_fat(root.start_sector, needed,
                         ChainName("mini stream (root entry chain)", entry_offsets[0] + DE_START));
            mini_stream = gather(mini_stream_runs, root.size);
        }
        const uint32_t first = load_u32(&file[OFF_FIRST_MINI_FAT]);
        const uint32_t claimed = load_u32(&file[OFF_MINI_FAT_SECTORS]);
        if (first == ENDOFCHAIN || first == FREESECT) {
            return;
        }
        mini_fat_runs =
            walk_fat(first, std::nullopt, ChainName("mini FAT chain", OFF_FIRST_MINI_FAT));
        uint64_t length = 0;
        for (const Run& r : mini_fat_runs) {
            length += r.count;
        }
        if (length != claimed) {
            warn("header", OFF_MINI_FAT_SECTORS,
                 "claims " + std::to_string(claimed) + " mini FAT sectors, the chain has "
                     + std::to_string(length));
        }
        const uint32_t per = sector_size / 4;
        mini_fat.reserve(static_cast<size_t>(length) * per);
        for (const Run& r : mini_fat_runs) {
            for (uint32_t i = 0; i < r.count; ++i) {
                const auto bytes = sector_bytes(r.first + i);
                for (uint32_t k = 0; k < per; ++k) {
                    mini_fat.push_back(4 * k + 4 <= bytes.size() ? load_u32(&bytes[4 * k])
                                                                 : FREESECT);
                }
            }
        }
        // While no chain leaves the whole mini sectors (check_mini_chains), loops can only
        // pass through them.
        mini_fat_shared = has_shared_successor(mini_fat, whole_mini_sectors());
    }

    // The mini sectors wholly inside the mini stream.
    uint32_t whole_mini_sectors() const {
        return static_cast<uint32_t>(
            std::min<uint64_t>(mini_stream.size() / MINI_SECTOR_SIZE, MAXREGSECT));
    }

    // The mini sector numbers a chain may hold: those the mini FAT maps. A chain may run past
    // the end of the mini stream (the root entry's stream size) all the same; see mini_extent.
    uint32_t mini_sector_limit() const {
        return static_cast<uint32_t>(std::min<size_t>(mini_fat.size(), MAXREGSECT));
    }

    // File offset of the mini FAT entry of mini sector `mini`. The caller has checked that the
    // mini FAT maps it.
    uint64_t mini_fat_entry_offset(uint32_t mini) const {
        const uint64_t per = sector_size / 4;
        uint64_t sector_index = mini / per;
        for (const Run& r : mini_fat_runs) {
            if (sector_index < r.count) {
                return sector_offset(r.first + static_cast<uint32_t>(sector_index))
                       + 4 * (mini % per);
            }
            sector_index -= r.count;
        }
        return 0;
    }

    // How much of a mini stream's chain lies inside the mini stream.
    struct MiniExtent {
        uint64_t present;  ///< bytes from the stream's start up to the first one missing
        uint64_t taken;    ///< mini sectors of the chain before the one that runs past the end
        uint32_t past;     ///< that mini sector (when present < the stream's size)
        uint32_t before;   ///< the mini sector before it, whose mini FAT entry points to it
    };

    // One step per run: a run wholly inside the mini stream is passed at once.
    MiniExtent mini_extent(const Runs& runs, uint64_t size) const {
        const uint64_t end = mini_stream.size();
        uint64_t pos = 0;
        uint64_t taken = 0;
        uint32_t last = 0;  // the last mini sector taken
        for (const Run& r : runs) {
            const uint64_t start = mini_sector_offset(r.first);
            const uint64_t want =
                std::min<uint64_t>(uint64_t{r.count} * MINI_SECTOR_SIZE, size - pos);
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

    // A mini stream whose chain runs past the end of the mini stream is read as far as it
    // goes, with a warning (olefile reads it so too). Only a chain that reaches a mini sector
    // not wholly inside the mini stream can, by its first sector or from a mini sector that is:
    // a file where no stream starts there and no mini FAT entry of a whole mini sector points
    // there is done after one pass over those entries. (Entries past the whole mini sectors
    // are read only by a chain already there; writers leave them FREESECT or zero.)
    void check_mini_chains() {
        const uint32_t whole = whole_mini_sectors();
        bool reaches = false;
        for (size_t i = 0; i < mini_fat.size() && i < whole && !reaches; ++i) {
            const uint32_t next = mini_fat[i];
            reaches = next <= MAXREGSECT && next >= whole;
        }
        for (EntryId id = 1; id < entries.size() && !reaches; ++id) {
            const Entry& e = entries[id];
            reaches =
                e.start_sector >= whole && e.size > 0 && is_mini(e) && e.is_stream() && in_tree(id);
        }
        if (!reaches) {
            return;
        }
        // Chains may now pass through any mini sector the mini FAT maps.
        mini_fat_shared = has_shared_successor(mini_fat, mini_sector_limit());
        for (EntryId id = 1; id < entries.size(); ++id) {
            const Entry& e = entries[id];
            if (!in_tree(id) || !e.is_stream() || e.size == 0 || !is_mini(e)) {
                continue;
            }
            Runs runs;
            try {
                runs = stream_runs(id);
            } catch (const FormatError&) {
                continue;  // a broken chain is an error when the stream is read
            }
            const MiniExtent x = mini_extent(runs, e.size);
            if (x.present == e.size) {
                continue;
            }
            warn("mini FAT chain of stream " + path_of(id),
                 x.taken == 0 ? entry_offsets[id] + DE_START : mini_fat_entry_offset(x.before),
                 "mini sector " + std::to_string(x.past) + " runs past the end of the mini stream ("
                     + std::to_string(mini_stream.size()) + " bytes, the root entry's size); "
                     + "the first " + std::to_string(x.present) + " of the stream's "
                     + std::to_string(e.size) + " bytes are read");
        }
    }

    std::string path_of(EntryId id) const {
        std::vector<EntryId> chain;
        for (EntryId at = id; at != 0 && at != NOSTREAM && chain.size() <= entries.size();
             at = entries[at].parent) {
            chain.push_back(at);
        }
        std::string out;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            if (!out.empty()) {
                out += '/';
            }
            out += entries[*it].name;
        }
        return out;
    }

    bool in_tree(EntryId id) const {
        return id < entries.size() && (id == 0 || entries[id].parent != NOSTREAM)
               && entries[id].type != EntryType::Unknown;
    }

    const Entry& checked_stream(EntryId id) const {
        if (!in_tree(id)) {
            throw std::out_of_range("msgforge::cfb::Reader: no entry " + std::to_string(id));
        }
        const Entry& e = entries[id];
        if (e.type != EntryType::Stream) {
            throw std::invalid_argument("msgforge::cfb::Reader: entry " + path_of(id)
                                        + " is not a stream");
        }
        return e;
    }

    bool is_mini(const Entry& e) const { return e.size < mini_cutoff; }

    Runs stream_runs(EntryId id) const {
        const Entry& e = checked_stream(id);
        if (e.size == 0) {
            return {};
        }
        if (is_mini(e)) {
            const uint64_t needed = ceil_div(e.size, MINI_SECTOR_SIZE);
            const uint32_t limit = mini_sector_limit();
            if (needed > limit) {
                fail("mini FAT chain of stream " + path_of(id), entry_offsets[id] + DE_SIZE,
                     "stream size " + std::to_string(e.size) + " needs " + std::to_string(needed)
                         + " mini sectors, the mini FAT maps " + std::to_string(limit));
            }
            return walk(mini_fat, mini_fat_shared, limit, e.start_sector, needed,
                        ChainName("mini FAT chain of stream ", id), &Impl::mini_sector_offset,
                        "mini sector");
        }
        const uint64_t needed = ceil_div(e.size, sector_size);
        if (needed > sector_count) {
            fail("FAT chain of stream " + path_of(id), entry_offsets[id] + DE_SIZE,
                 "stream size " + std::to_string(e.size) + " exceeds the file ("
                     + std::to_string(file.size()) + " bytes)");
        }
        return walk_fat(e.start_sector, needed, ChainName("FAT chain of stream ", id));
    }
};

Reader Reader::open(const std::filesystem::path& path, const ReadOptions& options) {
    auto mapping = detail::map_file(path);
    auto impl = std::make_shared<Impl>();
    impl->owner = std::move(mapping.owner);
    impl->file = mapping.bytes;
    impl->name = path.string();
    impl->options = options;
    impl->open();
    return Reader(std::move(impl));
}

Reader Reader::from_blob(Blob bytes, const ReadOptions& options, std::string name) {
    auto impl = std::make_shared<Impl>();
    impl->file = bytes.span();
    // Keep the Blob (and whatever it keeps alive) for as long as the reader and its views live.
    impl->owner = std::make_shared<const Blob>(std::move(bytes));
    impl->name = std::move(name);
    impl->options = options;
    impl->open();
    return Reader(std::move(impl));
}

Reader Reader::from_bytes(std::span<const uint8_t> bytes, const ReadOptions& options,
                          std::string name) {
    auto impl = std::make_shared<Impl>();
    impl->file = bytes;
    impl->name = std::move(name);
    impl->options = options;
    impl->open();
    return Reader(std::move(impl));
}

Version Reader::version() const {
    return impl_->version;
}

uint32_t Reader::sector_size() const {
    return impl_->sector_size;
}

uint64_t Reader::file_size() const {
    return impl_->file.size();
}

const std::string& Reader::file_name() const {
    return impl_->name;
}

size_t Reader::entry_count() const {
    return impl_->entries.size();
}

const Entry& Reader::entry(EntryId id) const {
    if (!impl_->in_tree(id)) {
        throw std::out_of_range("msgforge::cfb::Reader: no entry " + std::to_string(id));
    }
    return impl_->entries[id];
}

std::span<const EntryId> Reader::children(EntryId storage) const {
    if (!impl_->in_tree(storage)) {
        throw std::out_of_range("msgforge::cfb::Reader: no entry " + std::to_string(storage));
    }
    return impl_->children[storage];
}

bool Reader::children_in_name_order(EntryId storage) const {
    if (!impl_->in_tree(storage)) {
        throw std::out_of_range("msgforge::cfb::Reader: no entry " + std::to_string(storage));
    }
    return impl_->children_sorted[storage];
}

std::optional<EntryId> Reader::find_child(EntryId storage, std::string_view name) const {
    const auto kids = children(storage);
    const auto wanted = utf8_to_utf16(name);
    if (!wanted) {
        return std::nullopt;
    }
    const auto& entries = impl_->entries;
    if (impl_->children_sorted[storage]) {
        const auto it = std::lower_bound(kids.begin(), kids.end(), *wanted,
                                         [&](EntryId id, const std::u16string& n) {
                                             return compare_names(entries[id].raw_name, n) < 0;
                                         });
        if (it != kids.end() && compare_names(entries[*it].raw_name, *wanted) == 0) {
            return *it;
        }
        return std::nullopt;
    }
    for (EntryId id : kids) {
        if (compare_names(entries[id].raw_name, *wanted) == 0) {
            return id;
        }
    }
    return std::nullopt;
}

std::optional<EntryId> Reader::find(std::string_view path) const {
    EntryId at = root();
    while (!path.empty()) {
        const size_t slash = path.find('/');
        const std::string_view part = path.substr(0, slash);
        if (!part.empty()) {
            if (!impl_->entries[at].is_storage()) {
                return std::nullopt;
            }
            const auto next = find_child(at, part);
            if (!next) {
                return std::nullopt;
            }
            at = *next;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return at;
}

std::string Reader::path_of(EntryId id) const {
    if (!impl_->in_tree(id)) {
        throw std::out_of_range("msgforge::cfb::Reader: no entry " + std::to_string(id));
    }
    return impl_->path_of(id);
}

Blob Reader::read(EntryId stream) const {
    const Impl& m = *impl_;
    const auto runs = m.stream_runs(stream);
    const Entry& e = m.entries[stream];
    if (e.size == 0) {
        return Blob::owned({});
    }
    if (!m.is_mini(e)) {
        return m.gather(runs, e.size);
    }
    const auto mini = m.mini_stream.span();
    const size_t first = static_cast<size_t>(runs[0].first) * MINI_SECTOR_SIZE;
    if (runs.size() == 1 && first <= mini.size() && e.size <= mini.size() - first) {
        return m.mini_stream.slice(first, static_cast<size_t>(e.size));
    }
    // A chain that runs past the end of the mini stream gives the bytes before that point.
    const auto size = static_cast<size_t>(m.mini_extent(runs, e.size).present);
    if (size == 0) {
        return Blob::owned({});
    }
    if (runs.size() == 1) {
        return m.mini_stream.slice(first, size);
    }
    std::vector<uint8_t> out(size);
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

size_t Reader::read_at(EntryId stream, uint64_t offset, std::span<uint8_t> out) const {
    const Impl& m = *impl_;
    const auto runs = m.stream_runs(stream);
    const Entry& e = m.entries[stream];
    const bool mini = m.is_mini(e);
    const uint64_t size = mini ? m.mini_extent(runs, e.size).present : e.size;
    if (offset >= size || out.empty()) {
        return 0;
    }
    const uint64_t want = std::min<uint64_t>(out.size(), size - offset);
    const uint64_t unit = mini ? MINI_SECTOR_SIZE : m.sector_size;
    uint64_t run_start = 0;  // stream offset of the current run
    uint64_t done = 0;
    for (const Run& r : runs) {
        const uint64_t run_bytes = static_cast<uint64_t>(r.count) * unit;
        const uint64_t pos = offset + done;
        if (pos < run_start + run_bytes) {
            uint64_t in_run = pos - run_start;
            while (done < want && in_run < run_bytes) {
                const auto index = static_cast<uint32_t>(in_run / unit);
                const uint64_t within = in_run % unit;
                std::span<const uint8_t> unit_bytes;
                if (mini) {
                    // The last mini sector read may end inside the mini stream's last bytes.
                    const auto all = m.mini_stream.span();
                    const auto at = static_cast<size_t>(m.mini_sector_offset(r.first + index));
                    unit_bytes =
                        all.subspan(at, std::min<size_t>(MINI_SECTOR_SIZE, all.size() - at));
                } else {
                    unit_bytes = m.sector_bytes(r.first + index);
                }
                const uint64_t n = std::min<uint64_t>(unit - within, want - done);
                for (uint64_t k = 0; k < n; ++k) {
                    const uint64_t at = within + k;
                    out[static_cast<size_t>(done + k)] =
                        at < unit_bytes.size() ? unit_bytes[static_cast<size_t>(at)] : 0;
                }
                done += n;
                in_run += n;
            }
        }
        run_start += run_bytes;
        if (done == want) {
            break;
        }
    }
    return static_cast<size_t>(done);
}

std::optional<uint64_t> Reader::file_offset(EntryId stream, uint64_t offset) const {
    const Impl& m = *impl_;
    Runs runs;
    try {
        runs = m.stream_runs(stream);
    } catch (const FormatError&) {
        return std::nullopt;
    }
    const Entry& e = m.entries[stream];
    if (offset >= e.size) {
        return std::nullopt;
    }
    // Maps position `pos` of a chain of `unit`-byte pieces to the file through `offset_of`.
    auto locate = [](const Runs& chain, uint64_t unit, uint64_t pos,
                     const auto& offset_of) -> std::optional<uint64_t> {
        uint64_t start = 0;
        for (const Run& r : chain) {
            const uint64_t bytes = static_cast<uint64_t>(r.count) * unit;
            if (pos < start + bytes) {
                const uint64_t in_run = pos - start;
                return offset_of(r.first + static_cast<uint32_t>(in_run / unit)) + in_run % unit;
            }
            start += bytes;
        }
        return std::nullopt;
    };
    const auto in_file = [&](uint32_t s) { return m.sector_offset(s); };
    if (!m.is_mini(e)) {
        return locate(runs, m.sector_size, offset, in_file);
    }
    const auto in_mini_stream =
        locate(runs, MINI_SECTOR_SIZE, offset, [&](uint32_t s) { return m.mini_sector_offset(s); });
    if (!in_mini_stream) {
        return std::nullopt;
    }
    return locate(m.mini_stream_runs, m.sector_size, *in_mini_stream, in_file);
}

const std::vector<Warning>& Reader::warnings() const {
    return impl_->warnings;
}

}  // namespace msgforge::cfb
