// Reading files for records(): one buffer reused from file to file.
#pragma once

#include <msgforge/json/records.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace msgforge::json::detail {

/// Files up to this size are read into memory and hashed on the way; larger ones are hashed in
/// chunks and then read through the compound file reader's memory mapping.
constexpr uint64_t READ_WHOLE_LIMIT = 8u << 20;

/// The memory the files read whole go into, one after another. It is taken at its largest size
/// at once (address space, not memory: a page costs only when a file first reaches it), so
/// each page is faulted in once for all the files, where a buffer per file (or one that grows)
/// faults in its pages afresh.
class ReadBuffer {
public:
    /// `size` (at most READ_WHOLE_LIMIT) bytes, uninitialised, valid until the next call.
    std::span<uint8_t> get(size_t size);

private:
    std::unique_ptr<uint8_t[]> data_;
};

/// As file_records(), reading the file into `buffer`.
FileRecords file_records(const std::filesystem::path& path, const RecordOptions& options,
                         ReadBuffer& buffer);

}  // namespace msgforge::json::detail
