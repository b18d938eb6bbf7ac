// Runs the peer readers (python3-olefile, SheetJS cfb, libgsf's gsf, 7-Zip) on compound files
// and turns what they print into Listings; runs .msg peer scripts that print JSON per file; tells
// why a peer cannot run and what a test executable then returns.
#pragma once

#include "listing.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::test {

struct PeerListing {
    std::string error;  ///< the peer refused the file (its message); empty when it read it
    Listing listing;
};

/// Why `peer` ("olefile", "gsf", "7z", "sheetjs", "msgreader", "msgconvert", "extract_msg")
/// cannot run here, or empty when it can ("msgforge" runs in process: always empty).
std::string peer_missing(const std::string& peer);

/// Why the Java class `main_class` cannot run from `classpath` (java missing, or the class
/// not compiled because javac or Apache POI was missing at configure time), or empty.
std::string java_missing(const std::string& classpath, const std::string& main_class);

/// For a peer test executable's main. When its only argument is a tag expression, the first
/// tag ("[poi]", "[poi][rewrite]" and "[poi]~[rewrite]" give "poi") names the peer and
/// `missing` tells why that peer cannot run. When it cannot, the reason goes to standard error
/// and the result is what main returns: 77 (CTest's skip) when MSGFORGE_INTEROP_SKIP
/// (comma-separated tags) names the tag, else 1. extract_msg is a test peer beside the project
/// (MSGFORGE_EXTRACT_MSG_DIR, ../shared/peers/extract_msg) rather than a package: where that
/// folder is absent, its test reports "SKIPPED" and exits 77. std::nullopt: run the tests.
std::optional<int> missing_peer_exit(
    int argc, char** argv, const std::function<std::string(const std::string& peer)>& missing);

/// The command that runs a .msg peer's runner: `node tests/interop/SCRIPT.js` for
/// "msgreader", `perl tests/interop/SCRIPT.pl` for "msgconvert", `python3
/// tests/interop/SCRIPT.py` (with MSGFORGE_EXTRACT_MSG naming the peer's folder) for
/// "extract_msg", and `java -cp CLASSPATH JAVA_CLASS` for "poi".
std::string runner_command(const std::string& peer, const std::string& script,
                           const std::string& java_class, const std::string& classpath);

/// Runs `command` with `files` as its arguments; it prints {"files":[{"file":…,…}]}. Returns
/// each element of "files" keyed by its "file". Throws std::runtime_error when the command
/// fails.
std::map<std::string, nlohmann::json> json_files(const std::string& command,
                                                 const std::vector<std::filesystem::path>& files);

/// tests/corpus/olefile_listing.py over `files` in one process, keyed by file.
std::map<std::string, PeerListing> olefile_listings(
    const std::vector<std::filesystem::path>& files);

/// tests/interop/sheetjs_listing.js over `files` in one process, keyed by file.
std::map<std::string, PeerListing> sheetjs_listings(
    const std::vector<std::filesystem::path>& files);

/// `gsf list FILE`, then `gsf cat FILE PATH...` over the streams in batches. A stream
/// whose path starts with '-' gets no digest and the issue "gsf cat cannot name it".
PeerListing gsf_listing(const std::filesystem::path& file);

/// `7z l -slt FILE`: paths, types and sizes (no digests).
PeerListing sevenzip_listing(const std::filesystem::path& file);

/// `7z x FILE` into `into` (which must not exist), then every folder and file found there.
PeerListing sevenzip_extracted(const std::filesystem::path& file,
                               const std::filesystem::path& into);

}  // namespace msgforge::test
