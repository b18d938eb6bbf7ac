// What extract and tnef extract share: the messages of FILE arguments written into a folder,
// attachments (and bodies) by name, safely and atomically (cmd_msg_extract.cpp).
#pragma once

#include "args.hpp"
#include "commands.hpp"

#include <msgforge/msg/message.hpp>

#include <functional>
#include <string>
#include <vector>

namespace msgforge::cli {

/// Reads each of `files` with `read` and writes its attachments into -o DIR as extract does
/// (one subfolder per message when the arguments name several), going on past a file that
/// fails. Returns the exit status.
int extract_messages(const ParsedArgs& args, const Context& ctx,
                     const std::vector<std::string>& files,
                     const std::function<msg::Message(const std::string& file)>& read);

/// The options of extract_messages(): -o DIR, --bodies, --overwrite, --skip-existing, --fsync.
std::vector<OptionSpec> extract_options();

}  // namespace msgforge::cli
