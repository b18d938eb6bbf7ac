// Reading compound files: open a file (memory-mapped) or a byte buffer, navigate storages and
// streams, read stream data. MS-CFB 2 (structures) and 2.6.4 (directory tree).
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/blob.hpp>
#include <msgforge/cfb/entry.hpp>
#include <msgforge/cfb/types.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cfb {

/// Bounds the work and memory a reader spends on one file.
struct Limits {
    uint32_t max_directory_entries = 1'000'000;
    uint32_t max_storage_depth = 128;  ///< nesting of storages below the root
};

/// The work a reader does, in steps: one per DIFAT sector and FAT sector it lists, per sector
/// or mini sector it takes from a chain (the failing one included), per directory entry it
/// parses and per entry it reaches in a directory tree or checks for colours. A chain or tree
/// that loops is refused at its first repeat, so opening a file costs at most a few steps per
/// sector and per directory entry, and reading a stream one step per (mini) sector of it.
struct Stats {
    std::atomic<uint64_t> steps{0};
};

struct ReadOptions {
    /// Turn every tolerated oddity (a Warning) into a FormatError.
    bool strict = false;
    Limits limits;
    /// When set, the reader adds its steps here, while opening (also when opening fails) and
    /// for every later read; several threads may add at once. It must outlive the Reader.
    Stats* stats = nullptr;
};

/// Something the file does that MS-CFB forbids but whose meaning is unambiguous.
struct Warning {
    std::string structure;
    std::optional<uint64_t> offset;
    std::string message;

    /// "structure at 0xOFFSET: message".
    std::string to_string() const;
};

/// An open compound file. Immutable once open: const members are safe from several threads.
/// Copies share the same underlying file; Blobs returned by read() keep it alive.
class Reader {
public:
    /// Opens `path` read-only: a file above 8 MiB is memory-mapped, a smaller one read into
    /// memory with one read() (which costs less than the page faults of a mapping); either way
    /// contiguous streams are views of those bytes. Throws IoError if it cannot be opened,
    /// FormatError (with the path as file) if it is not a readable compound file.
    static Reader open(const std::filesystem::path& path, const ReadOptions& options = {});

    /// Reads from bytes the caller keeps alive as long as the Reader and its Blobs are used.
    /// `name` stands for the file in error messages.
    static Reader from_bytes(std::span<const uint8_t> bytes, const ReadOptions& options = {},
                             std::string name = "<memory>");

    /// Reads from a Blob, which the Reader keeps alive.
    static Reader from_blob(Blob bytes, const ReadOptions& options = {},
                            std::string name = "<memory>");

    Version version() const;

    uint32_t sector_size() const;

    /// Size of the file (or of the bytes read from) in bytes.
    uint64_t file_size() const;

    /// Name used for the file in messages (the path, or the name given).
    const std::string& file_name() const;

    /// The root storage's id (always 0).
    EntryId root() const { return 0; }

    /// Number of directory slots, used or not. Valid ids are below this.
    size_t entry_count() const;

    /// Throws UsageError for an id that is not in a storage tree.
    const Entry& entry(EntryId id) const;

    /// Children of a storage in tree order (the in-order walk of its red-black tree).
    std::span<const EntryId> children(EntryId storage) const;

    /// Whether the children of a storage are in strict CFB name order, as MS-CFB requires:
    /// then no two of them have the same name. Real files break it; open() warns.
    bool children_in_name_order(EntryId storage) const;

    /// Child of `storage` named `name` (UTF-8) under the CFB comparison rule.
    std::optional<EntryId> find_child(EntryId storage, std::string_view name) const;

    /// Entry at a '/'-separated path below the root ("" is the root itself).
    std::optional<EntryId> find(std::string_view path) const;

    /// Path of an entry from the root, names joined with '/'.
    std::string path_of(EntryId id) const;

    /// A stream's bytes: a view into the file when its sectors are contiguous, otherwise
    /// assembled once. Throws FormatError for a broken chain, naming the stream. A stream in
    /// the mini stream whose chain runs past the mini stream's end gives the bytes before that
    /// point, fewer than its entry's size (open() warned of it).
    Blob read(EntryId stream) const;

    /// Copies up to out.size() bytes from `offset` of the stream, as far as read() gives them;
    /// returns the count copied.
    size_t read_at(EntryId stream, uint64_t offset, std::span<uint8_t> out) const;

    /// Absolute file offset of byte `offset` of a stream (for error messages), or nullopt when
    /// the offset is past the stream's end or its chain is broken.
    std::optional<uint64_t> file_offset(EntryId stream, uint64_t offset) const;

    /// Tolerated oddities found while opening. Stream chains are checked when read.
    const std::vector<Warning>& warnings() const;

    struct Impl;

private:
    explicit Reader(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

    std::shared_ptr<const Impl> impl_;
};

}  // namespace msgforge::cfb
