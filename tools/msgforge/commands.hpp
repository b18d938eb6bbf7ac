// The command table, one part per command family: each family's file (cmd_*.cpp) owns its
// commands, their help texts and their handlers; cli.cpp assembles the table, prints help and
// dispatches.
#pragma once

#include "args.hpp"
#include "cli.hpp"

#include <cstddef>
#include <cstdint>
#include <ostream>
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

/// `show FILE`.
int msg_show(const ParsedArgs& args, const Context& ctx);

/// `dump [--json] [--full] FILE`.
int msg_dump(const ParsedArgs& args, const Context& ctx);

/// `extract FILE -o DIR [--bodies]`.
int msg_extract(const ParsedArgs& args, const Context& ctx);

/// `build FILE.json -o OUT.msg [--v4]`.
int msg_build(const ParsedArgs& args, const Context& ctx);

/// `roundtrip FILE...`.
int msg_roundtrip(const ParsedArgs& args, const Context& ctx);

/// `convert IN.msg -o OUT.msg [--unicode | --ansi CODEPAGE] [--v4]`.
int msg_convert(const ParsedArgs& args, const Context& ctx);

/// sms, mms and validate (cmd_oms.cpp).
std::vector<Command> oms_commands();

/// import sbr and export sbr (cmd_sbr.cpp).
std::vector<Command> sbr_commands();

/// cfb ls, cat, check, pack and unpack (cmd_cfb.cpp).
std::vector<Command> cfb_commands();

}  // namespace msgforge::cli
