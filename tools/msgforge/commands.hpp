// The command table, one part per command family: each family's file (cmd_*.cpp) owns its
// commands, their help texts and their handlers; cli.cpp assembles the table, prints help and
// dispatches.
#pragma once

#include "args.hpp"
#include "cli.hpp"

#include <msgforge/msg/message.hpp>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cli {

struct Context {
    std::ostream& out;
    std::ostream& err;
};

/// Command::positionals for a command that takes one or more.
constexpr size_t ONE_OR_MORE = SIZE_MAX;

/// A command: `msgforge GROUP NAME …`, or `msgforge NAME …` when the group is empty. The
/// handler returns the exit status and lets exceptions escape to run(), which maps them to exit
/// statuses.
struct Command {
    std::string_view group;
    std::string_view name;
    std::string_view summary;
    std::string_view usage;
    std::string_view description;
    std::vector<OptionSpec> options;
    size_t positionals;
    int (*handler)(const ParsedArgs&, const Context&);
};

/// show and dump (cmd_msg_read.cpp).
std::vector<Command> msg_read_commands();

/// extract (cmd_msg_extract.cpp).
std::vector<Command> msg_extract_commands();

/// build, roundtrip and convert (cmd_msg_write.cpp).
std::vector<Command> msg_write_commands();

/// diff (cmd_msg_diff.cpp).
std::vector<Command> msg_compare_commands();

/// records (cmd_records.cpp).
std::vector<Command> records_commands();

/// render (cmd_render.cpp).
std::vector<Command> render_commands();

/// sms, mms and validate (cmd_oms.cpp).
std::vector<Command> oms_commands();

/// import sbr and export sbr (cmd_sbr.cpp).
std::vector<Command> sbr_commands();

/// export mbox (cmd_mime_out.cpp).
std::vector<Command> mime_out_commands();

/// tnef list and tnef extract (cmd_tnef.cpp).
std::vector<Command> tnef_commands();

/// Whether convert's input is TNEF: --from tnef, or a first FILE ending in .dat or .tnef
/// (cmd_tnef.cpp).
bool is_tnef_input(const ParsedArgs& args);

/// convert for TNEF input: each FILE (winmail.dat) as a .msg (cmd_tnef.cpp).
int tnef_convert(const ParsedArgs& args, const Context& ctx);

/// Writes a message a command built, atomically; what Outlook cannot take (too many
/// recipients, a value too large for its field) is invalid input naming `source`
/// (cmd_msg_write.cpp).
void write_built(const msg::Message& m, const std::string& output, const std::string& source,
                 const msg::WriteOptions& options);

/// render --conversations: SMS and MMS conversations as pages (cmd_render_conv.cpp).
int render_conversations(const ParsedArgs& args, const Context& ctx);

/// The options of render --conversations besides --conversations and -o
/// (cmd_render_conv.cpp).
std::vector<OptionSpec> render_conversation_options();

/// cfb ls, cat, check, pack and unpack (cmd_cfb.cpp).
std::vector<Command> cfb_commands();

/// import eml and import mbox (cmd_mime_in.cpp).
std::vector<Command> mime_in_commands();

/// Whether `convert` reads MIME: an input named .eml, .mbox or .mbx, or --to msg with an input
/// that is not a .msg or .oft file (cmd_mime_in.cpp).
bool converts_from_mime(const ParsedArgs& args);

/// convert from MIME: each input (.eml, or every message of an mbox) to a .msg file.
int convert_from_mime(const ParsedArgs& args, const Context& ctx);

}  // namespace msgforge::cli
