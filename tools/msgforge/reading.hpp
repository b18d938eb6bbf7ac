// Reading .msg files for the commands: the limits the user set on the command line, and errors
// that name the file.
#pragma once

#include "args.hpp"

#include <msgforge/msg/message.hpp>

#include <string>
#include <vector>

namespace msgforge::cli {

/// The options that set read limits (--max-depth, --max-entries, --max-properties,
/// --max-recipients, --max-attachments), for the commands that read messages.
std::vector<OptionSpec> read_limit_options();

/// ReadOptions with the limits given in `args`; the library's defaults for the others. Throws
/// UsageError for a value that is not a positive whole number below 2^32.
msg::ReadOptions read_options(const ParsedArgs& args);

/// Reads `file` with `options`; an error names the file.
msg::Message read_message(const std::string& file, const msg::ReadOptions& options);

}  // namespace msgforge::cli
