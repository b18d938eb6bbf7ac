// What the command families share: the options that limit reading .msg files (and the limits
// the user set with them), the message files of FILE and DIR arguments, errors that name the
// file, and the required -o.
#pragma once

#include "args.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/files.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cli {

/// `own` and then the options that set read limits (--max-depth, --max-entries,
/// --max-properties, --max-recipients, --max-attachments, --max-bytes), for the commands that
/// read messages.
std::vector<OptionSpec> with_limits(std::vector<OptionSpec> own);

/// `own`, the read-limit options and the option that limits decompressed RTF bodies
/// (--max-rtf-size), for the commands that also decode bodies.
std::vector<OptionSpec> with_body_limits(std::vector<OptionSpec> own);

/// ReadOptions with the limits given in `args`; the library's defaults for the others. Throws
/// UsageError for a value that is not a positive whole number below 2^32 (2^64 for the byte
/// counts).
msg::ReadOptions read_options(const ParsedArgs& args);

/// Whether `paths` asks for several messages: more than one path, or a folder.
bool several_inputs(const std::vector<std::string>& paths);

/// The value of --threads: a whole number from 1 to 256, one per core when not given. Throws
/// UsageError for anything else.
unsigned parse_threads(const ParsedArgs& args);

/// Reads `file` with `options`; an error names the file.
msg::Message read_message(const std::string& file, const msg::ReadOptions& options);

/// The value of -o; a UsageError "missing -o `what`" when it is not given.
std::string required_output(const ParsedArgs& args, const char* what);

/// Returns what `work` returns; an Error it throws (reading `file`, or decoding the bodies of
/// the message read from it) names the file.
template <class Work>
auto naming_file(const std::string& file, const Work& work) -> decltype(work()) {
    try {
        return work();
    } catch (Error& e) {
        e.set_file(file);
        throw;
    }
}

}  // namespace msgforge::cli
