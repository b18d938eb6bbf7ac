// What the tests of malformed files share: a read of every stream that gives the first
// error's text, the reader's step count on the way, and the checks of an error's message and of
// a loop refused within a bound on the steps.
#pragma once

#include "cfb/handmade.hpp"
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace msgforge::test {

// Opens the file and reads every stream; returns the first error's text, or "" if none.
inline std::string open_and_read_all(const std::vector<uint8_t>& file,
                                     const cfb::ReadOptions& options = {}) {
    try {
        const cfb::Reader r = cfb::Reader::from_bytes(file, options, "bad.cfb");
        std::function<void(cfb::EntryId)> walk = [&](cfb::EntryId storage) {
            for (cfb::EntryId id : r.children(storage)) {
                if (r.entry(id).is_storage()) {
                    walk(id);
                } else {
                    // Shorter only for a mini stream running past the mini stream's end.
                    const cfb::Blob b = r.read(id);
                    const std::string cut = "stream " + r.path_of(id) + " at ";
                    const bool warned = std::any_of(
                        r.warnings().begin(), r.warnings().end(), [&](const cfb::Warning& w) {
                            return w.to_string().find(cut) != std::string::npos
                                   && w.message.find("runs past the end of the mini stream")
                                          != std::string::npos;
                        });
                    REQUIRE(
                        (b.size() == r.entry(id).size || (warned && b.size() < r.entry(id).size)));
                }
            }
        };
        walk(r.root());
        return {};
    } catch (const FormatError& e) {
        return e.what();
    }
}

// What open_and_read_all met, and the reader's steps (Stats) on the way.
struct Walk {
    std::string error;
    uint64_t steps = 0;
};

inline Walk walk_counting_steps(const std::vector<uint8_t>& file) {
    cfb::Stats stats;
    cfb::ReadOptions options;
    options.stats = &stats;
    Walk w;
    w.error = open_and_read_all(file, options);
    w.steps = stats.steps.load();
    return w;
}

// The bound on the steps of opening a file and reading every stream, asserted for every file
// of the step tests: 4 steps per sector, per mini sector and per directory entry, plus 16.
inline uint64_t step_bound(uint64_t sectors, uint64_t mini_sectors, uint64_t entries) {
    return 4 * (sectors + mini_sectors + entries) + 16;
}

// Requires that walking `file` fails naming `structure` and the loop (`word`: "loop" for
// chains, "cycle" for trees), within step_bound of the file's sectors, its mini stream's mini
// sectors and `entries` directory entries.
inline void require_bounded_loop_error(const std::vector<uint8_t>& file, const Handmade& h,
                                       uint64_t entries, const std::string& structure,
                                       const std::string& word) {
    const Walk w = walk_counting_steps(file);
    const uint64_t sectors = file.size() / h.sector_size() - 1;
    const uint64_t mini_sectors =
        std::min<uint64_t>(msgforge::load_u64(&file[h.dir_entry(0) + 0x78]), file.size()) / 64;
    INFO(w.error);
    INFO("steps " << w.steps << ", sectors " << sectors << ", mini sectors " << mini_sectors
                  << ", entries " << entries);
    CHECK(w.error.find(structure) != std::string::npos);
    CHECK(w.error.find(word) != std::string::npos);
    CHECK(w.steps > 0);
    CHECK(w.steps <= step_bound(sectors, mini_sectors, entries));
}

// Requires a FormatError whose message holds every one of `parts`.
inline void require_error(const std::vector<uint8_t>& file,
                          std::initializer_list<std::string> parts) {
    const std::string message = open_and_read_all(file);
    INFO(message);
    REQUIRE_FALSE(message.empty());
    CHECK(message.rfind("bad.cfb: ", 0) == 0);
    for (const auto& p : parts) {
        CHECK(message.find(p) != std::string::npos);
    }
}

}  // namespace msgforge::test
