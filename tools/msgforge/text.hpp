// Pieces of the commands' output lines: counted nouns, error messages for lines that already
// name the file, fields kept on one line, and people.
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/msg/message.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace msgforge::cli {

/// "1 file", "2 files": `n` and `word`, with an "s" unless `n` is 1.
std::string plural(size_t n, const std::string& word);

/// e.what() without a leading "`file`: ", for lines that already name the file.
std::string without_file(const Error& e, const std::string& file);

/// `s` with control characters (a newline in a subject, say) as spaces, so one field stays one
/// line.
std::string one_line(std::string s);

/// "Name <address>", "Name", "address" or nullopt; the address is the SMTP one when known,
/// with the native address beside it when that differs: "Name <a@x> (EX: /O=...)".
std::optional<std::string> person(const std::optional<msg::Address>& who);

}  // namespace msgforge::cli
