#include "direntry.hpp"
#include "header.hpp"
#include "writer_layout.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/writer.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace msgforge::cfb {

namespace {

using detail::DirEntry;
using detail::Layout;

[[noreturn]] void internal(const std::string& detail) {
    throw Error(Errc::internal, Location{{}, "CFB writer", {}}, detail);
}

/// Passes the file's bytes to the sink in order: small pieces are gathered in a buffer, large
/// stream contents go to the sink as they are. Writes the (zero) range lock sector when the
/// file reaches it.
class Emitter {
public:
    Emitter(const Sink& sink, const Layout& layout)
        : sink_(sink), sector_size_(layout.sector_size) {
        if (layout.has_range_lock) {
            range_lock_offset_ = (uint64_t{detail::V4_RANGE_LOCK_SECTOR} + 1) * sector_size_;
        }
        buffer_.reserve(BUFFER_SIZE);
    }

    void put(std::span<const uint8_t> bytes) {
        while (!bytes.empty()) {
            const size_t n = before_range_lock(bytes.size());
            raw(bytes.first(n));
            bytes = bytes.subspan(n);
        }
    }

    void zeros(uint64_t count) {
        while (count > 0) {
            const size_t n = before_range_lock(std::min<uint64_t>(count, ZEROS.size()));
            raw(std::span<const uint8_t>(ZEROS).first(n));
            count -= n;
        }
    }

    /// Zero-fills up to the next multiple of `unit` bytes of the file.
    void pad_to(uint64_t unit) { zeros((unit - position_ % unit) % unit); }

    void pad_to_sector() { pad_to(sector_size_); }

    /// Writes `values` as little-endian u32, one sector at a time.
    void put_u32s(std::span<const uint32_t> values) {
        std::vector<uint8_t> sector(sector_size_);
        const size_t per_sector = sector_size_ / 4;
        for (size_t at = 0; at < values.size(); at += per_sector) {
            const size_t n = std::min(per_sector, values.size() - at);
            for (size_t i = 0; i < n; ++i) {
                store_u32(sector.data() + 4 * i, values[at + i]);
            }
            put(std::span<const uint8_t>(sector).first(4 * n));
        }
    }

    void flush() {
        if (!buffer_.empty()) {
            sink_(buffer_);
            buffer_.clear();
        }
    }

    uint64_t position() const { return position_; }

private:
    static constexpr size_t BUFFER_SIZE = 64 * 1024;
    static constexpr std::array<uint8_t, 4096> ZEROS{};

    /// How many of the next `wanted` bytes fit before the range lock sector; writes that
    /// sector first when the file has reached it.
    size_t before_range_lock(uint64_t wanted) {
        if (range_lock_offset_) {
            if (position_ == *range_lock_offset_) {
                range_lock_offset_.reset();
                raw(std::span<const uint8_t>(ZEROS).first(sector_size_));
            } else if (position_ < *range_lock_offset_) {
                wanted = std::min(wanted, *range_lock_offset_ - position_);
            }
        }
        return static_cast<size_t>(wanted);
    }

    void raw(std::span<const uint8_t> bytes) {
        position_ += bytes.size();
        if (bytes.size() >= BUFFER_SIZE) {
            flush();
            sink_(bytes);
            return;
        }
        if (buffer_.size() + bytes.size() > BUFFER_SIZE) {
            flush();
        }
        buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    }

    const Sink& sink_;
    uint32_t sector_size_;
    std::optional<uint64_t> range_lock_offset_;
    std::vector<uint8_t> buffer_;
    uint64_t position_ = 0;
};

/// MS-CFB 2.2.
std::array<uint8_t, HEADER_SIZE> make_header(const Layout& layout) {
    const bool v3 = layout.version == Version::V3;
    detail::Header h;
    h.major_version = static_cast<uint16_t>(layout.version);
    h.sector_shift = v3 ? 9 : 12;
    h.directory_sectors = v3 ? 0 : layout.directory_sectors;
    h.fat_sectors = static_cast<uint32_t>(layout.fat_sectors.size());
    h.first_directory_sector = layout.directory_start;
    h.first_mini_fat_sector = layout.mini_fat_start;
    h.mini_fat_sectors = layout.mini_fat_sectors;
    h.first_difat_sector = layout.difat_sectors.empty() ? ENDOFCHAIN : layout.difat_sectors[0];
    h.difat_sectors = static_cast<uint32_t>(layout.difat_sectors.size());
    const size_t in_header = std::min<size_t>(layout.fat_sectors.size(), HEADER_DIFAT_ENTRIES);
    std::copy_n(layout.fat_sectors.begin(), in_header, h.difat.begin());
    return h.serialize();
}

/// MS-CFB 2.6.1.
std::array<uint8_t, DIRECTORY_ENTRY_SIZE> make_entry(const DirEntry& e) {
    detail::EntryRecord r;
    r.name = e.name;
    r.name_length = static_cast<uint16_t>((e.name.size() + 1) * 2);
    r.object_type = static_cast<uint8_t>(e.type);
    r.color = e.color;
    r.left = e.left;
    r.right = e.right;
    r.child = e.child;
    r.clsid = e.clsid;
    r.state_bits = e.state_bits;
    r.created = e.created.ticks;
    r.modified = e.modified.ticks;
    r.start = e.start;
    r.size = e.size;
    return r.serialize();
}

void emit(const Layout& layout, const Sink& sink) {
    Emitter out(sink, layout);
    const uint32_t per_sector = layout.sector_size / 4;

    out.put(make_header(layout));
    out.pad_to_sector();
    out.put_u32s(layout.fat);

    // MS-CFB 2.5: DIFAT sectors carry the FAT sector numbers past the header's 109, each
    // ending with the next DIFAT sector's number.
    std::vector<uint32_t> difat(per_sector);
    for (size_t k = 0; k < layout.difat_sectors.size(); ++k) {
        const size_t first = HEADER_DIFAT_ENTRIES + k * (per_sector - 1);
        for (size_t i = 0; i + 1 < per_sector; ++i) {
            difat[i] =
                first + i < layout.fat_sectors.size() ? layout.fat_sectors[first + i] : FREESECT;
        }
        difat[per_sector - 1] =
            k + 1 < layout.difat_sectors.size() ? layout.difat_sectors[k + 1] : ENDOFCHAIN;
        out.put_u32s(difat);
    }

    for (const DirEntry& e : layout.entries) {
        out.put(make_entry(e));
    }
    const size_t per_directory_sector = layout.sector_size / DIRECTORY_ENTRY_SIZE;
    const size_t unused = (per_directory_sector - layout.entries.size() % per_directory_sector)
                          % per_directory_sector;
    const auto unused_entry = detail::EntryRecord{}.serialize();
    for (size_t i = 0; i < unused; ++i) {
        out.put(unused_entry);
    }

    out.put_u32s(layout.mini_fat);

    for (const uint32_t id : layout.mini_streams) {
        out.put(layout.entries[id].data);
        out.pad_to(MINI_SECTOR_SIZE);
    }
    out.pad_to_sector();

    for (const uint32_t id : layout.regular_streams) {
        out.put(layout.entries[id].data);
        out.pad_to_sector();
    }
    out.flush();
    if (out.position() != layout.file_size()) {
        internal("wrote " + std::to_string(out.position()) + " bytes, planned "
                 + std::to_string(layout.file_size()));
    }
}

Layout plan(const Tree& tree, const WriteOptions& options) {
    return detail::plan_layout(detail::build_directory(tree), options.version);
}

}  // namespace

void write(const Tree& tree, const Sink& sink, const WriteOptions& options) {
    emit(plan(tree, options), sink);
}

std::vector<uint8_t> write(const Tree& tree, const WriteOptions& options) {
    const Layout layout = plan(tree, options);
    std::vector<uint8_t> out;
    out.reserve(static_cast<size_t>(layout.file_size()));
    emit(layout, [&out](std::span<const uint8_t> bytes) {
        out.insert(out.end(), bytes.begin(), bytes.end());
    });
    return out;
}

void write_file(const Tree& tree, const std::filesystem::path& path, const WriteOptions& options) {
    const Layout layout = plan(tree, options);
    AtomicFile file(path, options.durable);
    emit(layout, [&file](std::span<const uint8_t> bytes) { file.write(bytes); });
    file.commit();
}

}  // namespace msgforge::cfb
