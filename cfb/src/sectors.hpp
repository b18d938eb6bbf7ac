// The sectors of a compound file (MS-CFB 2.1): where each lies in the file, the bytes of one
// sector or of a chain of them, and the runs of consecutive sectors a chain is made of.
#pragma once

#include <msgforge/cfb/blob.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace msgforge::cfb::detail {

class ReadContext;
struct Header;

/// Sectors needed for `size` bytes, without the overflow of (size + unit - 1) / unit for sizes
/// near 2^64 (a v4 size field is 64 bits).
constexpr uint64_t ceil_div(uint64_t size, uint64_t unit) {
    return size / unit + (size % unit != 0 ? 1 : 0);
}

/// A sector number in messages: "sector N", or the marker it is (MS-CFB 2.1).
std::string describe_sector_value(uint32_t v);

/// A run of consecutive sectors (or mini sectors) of one chain.
struct Run {
    uint32_t first;
    uint32_t count;
};

/// The runs of one chain. Most streams are one run, held here without an allocation (a vector
/// per read cost a malloc and a free for each of the corpus's 15,548 streams).
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

    /// The number of (mini) sectors in all the runs.
    uint64_t length() const {
        uint64_t n = 0;
        for (const Run& r : *this) {
            n += r.count;
        }
        return n;
    }

private:
    Run first_{0, 0};
    bool has_first_ = false;
    std::vector<Run> more_;  // all the runs once there are two or more
};

/// The file's bytes as sectors: sector N starts at byte (N + 1) × size, after the header's.
struct Sectors {
    std::shared_ptr<const void> owner;  ///< keeps `file` alive, when the reader owns it
    std::span<const uint8_t> file;
    uint32_t shift = 9;
    uint32_t size = 512;
    uint32_t count = 0;  ///< sectors wholly or partly present in the file

    uint64_t offset(uint32_t sector) const { return (static_cast<uint64_t>(sector) + 1) << shift; }

    /// The bytes of one sector present in the file (shorter than a sector at the end of a
    /// truncated file). The caller has checked sector < count.
    std::span<const uint8_t> bytes(uint32_t sector) const {
        const uint64_t off = offset(sector);
        const uint64_t n = std::min<uint64_t>(size, file.size() - off);
        return file.subspan(static_cast<size_t>(off), static_cast<size_t>(n));
    }

    /// A Blob of bytes of the file, keeping the file alive when the reader owns it.
    Blob view(std::span<const uint8_t> part) const {
        return owner ? Blob::view(owner, part) : Blob::borrowed(part);
    }

    /// Bytes of a regular-sector chain: a view when the run is contiguous and wholly inside
    /// the file, otherwise assembled (zero-filling a truncated last sector).
    Blob gather(const Runs& runs, uint64_t length) const;
};

/// The sectors of `file` for `header` (checked by read_header): a FormatError when the file
/// is shorter than its header sector or has more sectors than MS-CFB can address, a warning
/// when it ends inside a sector.
Sectors read_sectors(std::shared_ptr<const void> owner, std::span<const uint8_t> file,
                     const Header& header, ReadContext& context);

}  // namespace msgforge::cfb::detail
