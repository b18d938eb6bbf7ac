// Commands that work on each of their FILE arguments in turn: those that check them
// (roundtrip, validate) with a line per file, a closing count and the worst exit status, and
// those that read them (show, dump, extract), going on past a file that fails.
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

/// Runs `work` on each of `files` in order. A msgforge::Error it throws (but an internal
/// one, which escapes) goes to `err` as "msgforge: MESSAGE", the message naming the file, and
/// the run goes on; other exceptions escape. When `several`, "N files, M failed" ends `err`.
/// When `err` is the standard error, a terminal, and there are more than 20 files, a progress
/// line ("msgforge: 12/40 files") stays on it between files, `out` flushed before it. Returns
/// ExitOk, ExitInvalid when a file is invalid (a FormatError), ExitTrouble when one could not
/// be read at all (any other error).
int each_file(const std::vector<std::string>& files, bool several, std::ostream& out,
              std::ostream& err, const std::function<void(const std::string& file)>& work);

}  // namespace msgforge::cli
