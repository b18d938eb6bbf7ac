// .msg to MIME on the command line: `convert IN.msg -o OUT.eml` (the `convert` handler of
// cmd_msg_write.cpp hands over when converts_to_eml() says so) and `export mbox`.
#pragma once

#include "args.hpp"
#include "commands.hpp"

namespace msgforge::cli {

/// Whether `convert` is asked for .eml: --to eml, or an OUT ending in .eml, or several .msg
/// files with an OUT not ending in .msg (a folder). Throws UsageError for another --to.
bool converts_to_eml(const ParsedArgs& args);

/// `convert IN.msg... -o OUT.eml|DIR`.
int mime_out_convert(const ParsedArgs& args, const Context& ctx);

}  // namespace msgforge::cli
