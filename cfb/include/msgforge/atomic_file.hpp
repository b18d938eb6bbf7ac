// Atomic file output: bytes go to a temporary file in the target's folder, which is renamed
// over the target on commit(). Until then the target is untouched; if commit() is never
// reached (an error, an exception) the temporary file is removed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace msgforge {

class AtomicFile {
public:
    /// Creates the temporary file beside `target`. Throws IoError.
    /// With `durable`, commit() flushes the data to disk (fsync) before the rename.
    explicit AtomicFile(std::filesystem::path target, bool durable = true);

    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Removes the temporary file if commit() did not happen. Never throws.
    ~AtomicFile();

    /// Appends bytes. Throws IoError.
    void write(std::span<const uint8_t> bytes);

    /// Flushes, optionally fsyncs, and renames over the target. Throws IoError.
    void commit();

    const std::filesystem::path& target() const { return target_; }

    const std::filesystem::path& temporary() const { return temp_; }

private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    int fd_ = -1;
    bool durable_;
    bool committed_ = false;
};

}  // namespace msgforge
