// Blob: a read-only run of bytes that either owns its storage or views bytes kept alive by a
// shared owner (a memory-mapped file), or borrows bytes whose lifetime the caller guarantees.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace msgforge::cfb {

class Blob {
public:
    Blob() = default;

    /// Takes ownership of the bytes.
    static Blob owned(std::vector<uint8_t> bytes);

    /// Views `bytes`, keeping `owner` alive as long as any copy of the Blob lives.
    static Blob view(std::shared_ptr<const void> owner, std::span<const uint8_t> bytes);

    /// Borrows `bytes`; the caller keeps them alive as long as the Blob is used.
    static Blob borrowed(std::span<const uint8_t> bytes);

    const uint8_t* data() const { return bytes_.data(); }

    size_t size() const { return bytes_.size(); }

    bool empty() const { return bytes_.empty(); }

    std::span<const uint8_t> span() const { return bytes_; }

    auto begin() const { return bytes_.begin(); }

    auto end() const { return bytes_.end(); }

    /// True when the bytes are a view into another owner's memory (no copy was made).
    bool is_view() const { return owner_ != nullptr && !owns_; }

    /// A Blob over bytes [offset, offset + length) sharing this one's owner.
    Blob slice(size_t offset, size_t length) const;

private:
    std::shared_ptr<const void> owner_;
    std::span<const uint8_t> bytes_;
    bool owns_ = false;
};

}  // namespace msgforge::cfb
