// Normalised records: one flat JSON object per message and per embedded message, for search
// indexes, e-discovery and migration (docs/records.md gives the schema). Unlike encode(), a
// record keeps what people search by (addresses resolved to SMTP, UTC times, plain body text,
// attachment digests) and drops the storage details.
#pragma once

#include <msgforge/msg/message.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace msgforge::json {

struct RecordOptions {
    /// Add the body as plain text ("body"): the text body, else the HTML body's text, else the
    /// RTF body's text.
    bool bodies = false;
    msg::ReadOptions read;
    /// When set, called with the bytes and SHA-256 (lower-case hex) of every attachment a
    /// record lists with a digest, so that a caller can keep them (the CLI's --attachments-dir).
    /// records() calls it from its worker threads: it must be safe to call concurrently.
    std::function<void(const std::string& sha256, std::span<const uint8_t> bytes)> on_attachment;
};

/// The records of one input, one compact JSON object each (no newline).
struct FileRecords {
    std::vector<std::string> lines;
    /// True when the input could not be read as a message: `lines` then holds one error record.
    bool failed = false;
};

/// The records of the message file at `path`: the message's, then its embedded messages',
/// depth first, each naming its parent. A file that cannot be read gives one error record
/// ({"path", "id", "error"}) instead; this never throws for a bad file.
FileRecords file_records(const std::filesystem::path& path, const RecordOptions& options = {});

/// As file_records(), for a message file's bytes; `path` names it in the records.
FileRecords bytes_records(std::span<const uint8_t> bytes, const std::string& path,
                          const RecordOptions& options = {});

struct RecordsSummary {
    size_t files = 0;
    size_t failed = 0;
    size_t records = 0;
};

/// file_records() of every file in `files` on `threads` threads (0: one per core), handing
/// each record to `sink` on the calling thread in the order of `files`, whatever the thread
/// count. At most a few records per thread are held at once, so memory does not grow with
/// the number of files. `progress`, when set, is called on the calling thread after each file
/// with the count done.
RecordsSummary records(const std::vector<std::filesystem::path>& files,
                       const RecordOptions& options, unsigned threads,
                       const std::function<void(const std::string& line)>& sink,
                       const std::function<void(size_t done)>& progress = {});

/// records() into the file `out`, one record per line (JSON Lines), written atomically in
/// blocks: the file appears whole or not at all. Throws IoError when it cannot be written.
RecordsSummary write_records(const std::vector<std::filesystem::path>& files,
                             const RecordOptions& options, unsigned threads,
                             const std::filesystem::path& out,
                             const std::function<void(size_t done)>& progress = {});

}  // namespace msgforge::json
