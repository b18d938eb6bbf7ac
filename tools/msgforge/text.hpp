// Pieces of the commands' output lines: counted nouns, error messages for lines that already
// name the file, and fields kept on one line.
#pragma once

#include <msgforge/base/error.hpp>

#include <cstddef>
#include <string>

namespace msgforge::cli {

/// "1 file", "2 files": `n` and `word`, with an "s" unless `n` is 1.
std::string plural(size_t n, const std::string& word);

/// e.what() without a leading "`file`: ", for lines that already name the file.
std::string without_file(const Error& e, const std::string& file);

/// `s` with control characters (a newline in a subject, say) as spaces, so one field stays one
/// line.
std::string one_line(std::string s);

}  // namespace msgforge::cli
