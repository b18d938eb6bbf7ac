// Commands that check each of their FILE arguments in turn (roundtrip, validate): a line per
// file, a closing count and the worst exit status.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cli {

/// Runs `check` on each of `files` in order. `check` writes its own lines for the file and
/// returns true when the file passes, false when it does not (exit status ExitInvalid). A
/// FormatError it throws becomes "FILE: invalid: …" (ExitInvalid), any other msgforge::Error
/// "FILE: unreadable: …" (ExitTrouble); other exceptions escape. Last comes "N files, M
/// `passed`". Returns the worst exit status of the files.
int check_each(const std::vector<std::string>& files, std::string_view passed, std::ostream& out,
               const std::function<bool(const std::string& file)>& check);

}  // namespace msgforge::cli
