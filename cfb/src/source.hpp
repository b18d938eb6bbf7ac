// Read-only memory mapping of a whole file (the byte source of Reader::open).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace msgforge::cfb::detail {

/// Maps `path` read-only. The returned owner unmaps when the last reference goes. Throws
/// IoError if the file cannot be opened or mapped.
struct Mapping {
    std::shared_ptr<const void> owner;
    std::span<const uint8_t> bytes;
};

Mapping map_file(const std::filesystem::path& path);

}  // namespace msgforge::cfb::detail
