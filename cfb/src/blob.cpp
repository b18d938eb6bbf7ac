#include <msgforge/base/error.hpp>
#include <msgforge/cfb/blob.hpp>

#include <stdexcept>

namespace msgforge::cfb {

Blob Blob::owned(std::vector<uint8_t> bytes) {
    auto storage = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
    Blob b;
    b.bytes_ = std::span<const uint8_t>(storage->data(), storage->size());
    b.owner_ = std::move(storage);
    b.owns_ = true;
    return b;
}

Blob Blob::view(std::shared_ptr<const void> owner, std::span<const uint8_t> bytes) {
    Blob b;
    b.owner_ = std::move(owner);
    b.bytes_ = bytes;
    return b;
}

Blob Blob::borrowed(std::span<const uint8_t> bytes) {
    Blob b;
    b.bytes_ = bytes;
    return b;
}

Blob Blob::slice(size_t offset, size_t length) const {
    if (offset > bytes_.size() || length > bytes_.size() - offset) {
        throw UsageError("Blob::slice out of range");
    }
    Blob b = *this;
    b.bytes_ = bytes_.subspan(offset, length);
    return b;
}

}  // namespace msgforge::cfb
