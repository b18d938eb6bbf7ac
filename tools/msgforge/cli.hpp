// The msgforge command line: a command table, --help and --version, and the mapping of
// exceptions to exit statuses (0 success, 1 invalid input, 2 unreadable input or usage).
#pragma once

#include <ostream>
#include <span>
#include <string>

namespace msgforge::cli {

/// Exit statuses of every command.
enum ExitStatus : int { ExitOk = 0, ExitInvalid = 1, ExitTrouble = 2 };

/// Runs the command line `argv` (argv[0] is the program) and returns the exit status.
/// Output goes to `out`, diagnostics to `err`. Never throws.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

/// The same with the words after the program name.
int run(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace msgforge::cli
