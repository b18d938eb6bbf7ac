// Seeded random compound-file trees for the interop tests: nested storages, Unicode names and
// streams of chosen or random sizes, with the manifest every reader must reproduce.
#pragma once

#include "listing.hpp"

#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace msgforge::test {

struct TreeSpec {
    std::string label;
    uint64_t seed = 0;
    cfb::Version version = cfb::Version::V3;
    /// Storages and streams below the root, the fixed `sizes` and `names` streams included.
    size_t entries = 0;
    /// Deepest storage nesting below the root; a chain this deep is made first when `entries`
    /// allows.
    uint32_t depth = 8;
    /// Upper bound on the total size of the randomly sized streams.
    uint64_t byte_budget = 1 << 20;
    /// Upper bound on one randomly sized stream.
    uint64_t max_stream = 20 << 20;
    /// Streams of exactly these sizes (below the root), placed before the random ones.
    std::vector<uint64_t> sizes;
    /// Streams with exactly these names (below the root, 100 bytes each), placed first.
    std::vector<std::u16string> names;
};

struct GeneratedTree {
    cfb::Tree tree;
    Listing manifest;  ///< every entry below the root, sorted by path
};

/// The same spec always gives the same tree. Random names are 1 to 31 UTF-16 units drawn from
/// ASCII, Latin, Greek, Cyrillic, Arabic, kana, CJK, Hangul and supplementary planes (surrogate
/// pairs), never one of '/', '\\', ':', '!', never a control character, never "." or "..",
/// and never made only of U+3800..U+4840 (7-Zip's MSI name range); unique per storage under
/// the CFB comparison rule.
GeneratedTree generate_tree(const TreeSpec& spec);

}  // namespace msgforge::test
