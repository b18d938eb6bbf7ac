#include "chain.hpp"

#include "directory.hpp"
#include "direntry.hpp"
#include "read_context.hpp"

#include <algorithm>

namespace msgforge::cfb::detail {

ChainName::ChainName(const char* prefix, const Directory& dir, EntryId id)
    : text(prefix),
      start(dir.offset(id) + entry_field::STARTING_SECTOR.offset),
      directory(&dir),
      stream(id) {
}

std::string ChainName::str() const {
    return directory == nullptr ? std::string(text) : text + directory->path_of(stream);
}

Runs walk_chain(const AllocationTable& table, const ChainUnits& units, uint32_t start,
                std::optional<uint64_t> needed, const ChainName& name, const ReadContext& context) {
    Runs runs;
    if (needed && *needed == 0) {
        return runs;
    }
    const uint32_t limit = units.limit;
    const char* word = units.word;
    std::vector<bool> visited;
    if (table.shared) {
        visited.assign(limit, false);
    }
    uint32_t current = start;
    uint32_t previous = start;
    uint64_t count = 0;
    const uint64_t max_steps = needed ? *needed : limit;
    // Where an error points: the field holding the first number while no sector has been
    // taken, else the last sector taken.
    const auto at_previous = [&] { return count > 0 ? units.offset(previous) : name.start; };
    StepCounter steps(context);
    while (true) {
        if (current == ENDOFCHAIN) {
            if (needed) {
                context.fail(name.str(), at_previous(),
                             "chain ends after " + std::to_string(count) + " " + word
                                 + "s, the size needs " + std::to_string(*needed));
            }
            break;
        }
        steps.step();
        if (current >= limit) {
            context.fail(name.str(), at_previous(),
                         std::string("chain ") + (count == 0 ? "starts at " : "continues to ")
                             + describe_sector_value(current)
                             + (current > MAXREGSECT ? std::string(", not a sector number")
                                                     : ", beyond the " + std::to_string(limit) + " "
                                                           + word + "s of the file"));
        }
        if (table.shared) {
            if (visited[current]) {
                context.fail(name.str(), units.offset(current),
                             "loop: " + std::string(word) + " " + std::to_string(current)
                                 + " is reached twice");
            }
            visited[current] = true;
        } else if (count > 0 && current == start) {
            context.fail(name.str(), units.offset(current),
                         "loop: chain returns to its first " + std::string(word) + " "
                             + std::to_string(current));
        }
        if (!runs.empty() && runs.back().first + runs.back().count == current) {
            ++runs.back().count;
        } else {
            runs.push_back(Run{current, 1});
        }
        ++count;
        if (count == max_steps) {
            if (!needed && current < table.next.size() && table.next[current] != ENDOFCHAIN) {
                context.fail(name.str(), units.offset(current),
                             "chain is longer than the " + std::to_string(limit) + " " + word
                                 + "s of the file (a loop)");
            }
            break;
        }
        if (current >= table.next.size()) {
            context.fail(name.str(), units.offset(current),
                         std::string(word) + " " + std::to_string(current)
                             + " has no allocation table entry");
        }
        previous = current;
        current = table.next[current];
    }
    return runs;
}

bool has_shared_successor(const std::vector<uint32_t>& table, uint32_t limit) {
    std::vector<bool> seen(limit, false);
    const size_t n = std::min<size_t>(table.size(), limit);
    for (size_t i = 0; i < n; ++i) {
        const uint32_t v = table[i];
        if (v < limit) {
            if (seen[v]) {
                return true;
            }
            seen[v] = true;
        }
    }
    return false;
}

}  // namespace msgforge::cfb::detail
