// Atomic file output: bytes go to a temporary file in the target's folder, which replaces the
// target on commit(). Until then the target is untouched. Where the system allows it (Linux,
// O_TMPFILE) the temporary file has no name until commit(), so a process killed while writing
// leaves nothing behind; it is named ".NAME.tmp" only for the instant between linking it in
// and renaming it over the target, and such a name left by a killed process is removed by the
// next writer of the same target (writers hold a lock on their file until it is renamed).
// Elsewhere it is a named file from the start, removed if commit() is never reached.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace msgforge {

class AtomicFile {
public:
    /// Creates the temporary file beside `target`. Throws IoError.
    /// With `durable`, commit() flushes the data and then the folder to disk (fsync), so the
    /// new file survives a power loss once commit() returns.
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

private:
    std::filesystem::path target_;
    std::filesystem::path dir_;
    /// The temporary file's name; empty while it is an unnamed O_TMPFILE.
    std::filesystem::path temp_;
    int fd_ = -1;
    bool durable_;
    bool committed_ = false;
};

}  // namespace msgforge
