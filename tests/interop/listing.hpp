// Listings of a compound file's entries (path, type, size, SHA-256) as each reader sees them,
// their JSON form (shared with the peer scripts), comparison, and running peer programs.
#pragma once

#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace msgforge::test {

/// One storage or stream below the root.
struct Listed {
    std::string path;    ///< UTF-8 names joined with '/'
    std::string type;    ///< "storage", "stream", or "type N" for another object type
    uint64_t size = 0;   ///< stream size; 0 for storages
    std::string sha256;  ///< lower-case hex of the stream's bytes; empty for storages or unread
    std::vector<std::string> issues;  ///< problems the reader reported for this entry
};

/// Entries sorted by path (bytewise UTF-8 order).
using Listing = std::vector<Listed>;

void sort_listing(Listing& listing);

/// Every entry below the root of `reader`, streams read in full. A stream whose read throws a
/// FormatError gets the message in `issues` and no digest.
Listing list_with_reader(const cfb::Reader& reader);

/// Every entry below `root` of a tree about to be written (what a reader of the written file
/// should list), streams with their digests.
Listing list_tree(const cfb::Node& root);

/// Parses a JSON array of {path, type, size, sha256[, issues]} objects.
Listing listing_from_json(const nlohmann::json& entries);

nlohmann::json listing_to_json(const Listing& listing);

/// Human-readable differences between an expected and an actual listing: missing and extra
/// paths, and type, size or digest mismatches (sizes and digests of streams only).
std::vector<std::string> differences(const Listing& expected, const Listing& actual);

/// `text` quoted for /bin/sh.
std::string shell_quote(const std::string& text);

struct CommandResult {
    int status = -1;  ///< exit status, or -1 when the command did not exit normally
    std::string output;
};

/// Runs `command` with /bin/sh and captures its standard output (standard error passes through).
CommandResult run_command(const std::string& command);

/// Lower-case hex SHA-256 of a file's contents.
std::string file_sha256(const std::filesystem::path& path);

}  // namespace msgforge::test
