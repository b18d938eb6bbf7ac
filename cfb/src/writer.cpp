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
    std::array<uint8_t, HEADER_SIZE> h{};
    std::copy(std::begin(SIGNATURE), std::end(SIGNATURE), h.begin());
    uint8_t* p = h.data();
    const bool v3 = layout.version == Version::V3;
    store_u16(p + 0x18, 0x003E);
    store_u16(p + 0x1A, static_cast<uint16_t>(layout.version));
    store_u16(p + 0x1C, 0xFFFE);
    store_u16(p + 0x1E, v3 ? 9 : 12);
    store_u16(p + 0x20, 6);
    store_u32(p + 0x28, v3 ? 0 : layout.directory_sectors);
    store_u32(p + 0x2C, static_cast<uint32_t>(layout.fat_sectors.size()));
    store_u32(p + 0x30, layout.directory_start);
    store_u32(p + 0x38, MINI_STREAM_CUTOFF);
    store_u32(p + 0x3C, layout.mini_fat_start);
    store_u32(p + 0x40, layout.mini_fat_sectors);
    store_u32(p + 0x44, layout.difat_sectors.empty() ? ENDOFCHAIN : layout.difat_sectors[0]);
    store_u32(p + 0x48, static_cast<uint32_t>(layout.difat_sectors.size()));
    for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES; ++i) {
        store_u32(p + 0x4C + 4 * i,
                  i < layout.fat_sectors.size() ? layout.fat_sectors[i] : FREESECT);
    }
    return h;
}

/// MS-CFB 2.6.1. `e` null gives an unused entry.
std::array<uint8_t, DIRECTORY_ENTRY_SIZE> make_entry(const DirEntry* e) {
    std::array<uint8_t, DIRECTORY_ENTRY_SIZE> b{};
    uint8_t* p = b.data();
    store_u32(p + 0x44, NOSTREAM);
    store_u32(p + 0x48, NOSTREAM);
    store_u32(p + 0x4C, NOSTREAM);
    if (e == nullptr) {
        return b;
    }
    for (size_t i = 0; i < e->name.size(); ++i) {
        store_u16(p + 2 * i, static_cast<uint16_t>(e->name[i]));
    }
    store_u16(p + 0x40, static_cast<uint16_t>((e->name.size() + 1) * 2));
    p[0x42] = static_cast<uint8_t>(e->type);
    p[0x43] = e->color;
    store_u32(p + 0x44, e->left);
    store_u32(p + 0x48, e->right);
    store_u32(p + 0x4C, e->child);
    std::copy(e->clsid.bytes.begin(), e->clsid.bytes.end(), p + 0x50);
    store_u32(p + 0x60, e->state_bits);
    store_u64(p + 0x64, e->created.ticks);
    store_u64(p + 0x6C, e->modified.ticks);
    store_u32(p + 0x74, e->start);
    store_u64(p + 0x78, e->size);
    return b;
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
        out.put(make_entry(&e));
    }
    const size_t per_directory_sector = layout.sector_size / DIRECTORY_ENTRY_SIZE;
    const size_t unused = (per_directory_sector - layout.entries.size() % per_directory_sector)
                          % per_directory_sector;
    for (size_t i = 0; i < unused; ++i) {
        out.put(make_entry(nullptr));
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
