// Writing compound files (MS-CFB 2): plan the layout of a Tree, then emit it in one pass.
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <vector>

namespace msgforge::cfb {

struct WriteOptions {
    Version version = Version::V3;
    /// fsync the file before it is renamed into place (write_file only).
    bool durable = true;
};

/// Receives the file's bytes in order.
using Sink = std::function<void(std::span<const uint8_t>)>;

/// Emits the file to `sink`. Throws UsageError for a tree that cannot be written
/// (a bad or duplicate name, a stream too large for the version).
void write(const Tree& tree, const Sink& sink, const WriteOptions& options = {});

/// The whole file in memory.
std::vector<uint8_t> write(const Tree& tree, const WriteOptions& options = {});

/// Writes atomically: a temporary file beside `path`, renamed over it when complete. On any
/// error nothing is left behind and an existing file is untouched. Throws IoError as well.
void write_file(const Tree& tree, const std::filesystem::path& path,
                const WriteOptions& options = {});

}  // namespace msgforge::cfb
