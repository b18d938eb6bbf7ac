// Runs the peer readers (python3-olefile, SheetJS cfb, libgsf's gsf, 7-Zip) on compound files
// and turns what they print into Listings.
#pragma once

#include "listing.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace msgforge::test {

struct PeerListing {
    std::string error;  ///< the peer refused the file (its message); empty when it read it
    Listing listing;
};

/// Why `peer` ("olefile", "gsf", "7z", "sheetjs") cannot run here, or empty when it can.
std::string peer_missing(const std::string& peer);

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
