// Field-by-field comparison of .msg summaries (msg_summary's JSON shape) between msgforge and a
// peer reader, with a table of known differences: shared by msg_interop_test.cpp (the corpus)
// and msg_write_matrix.cpp (what msgforge's writer wrote).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::test {

/// What one reader shows of one file: its refusal, or its summary.
struct Read {
    std::string error;  ///< empty when the reader opened the file
    nlohmann::json summary;
};

/// json_files over a runner that prints {"file","error","summary"} per file.
std::map<std::string, Read> reads(const std::string& command,
                                  const std::vector<std::filesystem::path>& files);

/// null and "" are the same (an .eml or a JS object cannot tell them apart); CRLF becomes LF;
/// surrounding white space goes; numbers become their decimal text.
std::string text(const nlohmann::json& v);

/// ASCII letters in lower case.
std::string lower(std::string s);

/// text() of `key` of every element of `list`.
std::vector<std::string> column(const nlohmann::json& list, const std::string& key);

using Predicate = bool (*)(const std::string& ours, const std::string& theirs);

/// A difference that passes, with who is right.
struct Known {
    std::string_view peer;
    std::string_view field;
    std::string_view where;  ///< the file or case it is known for; empty: anywhere `applies` holds
    Predicate applies;
    std::string_view verdict;
};

struct Tally {
    size_t agree = 0;
    size_t known = 0;
    size_t unexpected = 0;
    size_t not_compared = 0;
};

struct Comparison {
    Comparison(std::string peer_name, std::string label, const std::vector<Known>& table)
        : peer(std::move(peer_name)), ours_label(std::move(label)), known(&table) {}

    std::string peer;
    std::string ours_label;           ///< how the unexpected differences name our side
    const std::vector<Known>* known;  ///< the differences that pass
    std::map<std::string, Tally> by_field;
    std::map<std::string, Tally> by_where;
    std::vector<std::string> unexpected;
    std::map<std::string, size_t> known_used;  ///< verdict -> differences it explained
    std::set<const Known*> matched;
};

/// Compares one field at `where` (a file or case); list fields hold one value per element.
/// Mail addresses compare case-insensitively (RFC 5321 domains; every peer keeps local parts).
void compare_values(Comparison& c, const std::string& where, const std::string& field,
                    const std::vector<std::string>& ours, const std::vector<std::string>& theirs);

/// Compares the `scalars` fields of two summaries, then their recipients (name, email, type) and
/// attachments (name, size, mime): the counts, and element by element when the counts agree.
void compare_summaries(Comparison& c, const std::string& where, const nlohmann::json& ours,
                       const nlohmann::json& theirs, const std::vector<std::string>& scalars);

/// The unexplained differences, then the known differences for a named file or case that did
/// not occur (stale entries), one message each.
std::vector<std::string> failures(const Comparison& c);

}  // namespace msgforge::test
