#include "cli.hpp"

#include "args.hpp"
#include "commands.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/version.hpp>

#include <algorithm>
#include <initializer_list>
#include <iomanip>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::cli {

namespace {

/// Every command, in the order the main help lists them.
const std::vector<Command>& commands() {
    static const std::vector<Command> table = [] {
        std::vector<Command> all;
        for (const auto family :
             {msg_read_commands, msg_extract_commands, msg_write_commands, msg_compare_commands,
              records_commands, render_commands, oms_commands, sbr_commands, mime_in_commands,
              mime_out_commands, tnef_commands, cfb_commands}) {
            const std::vector<Command> part = family();
            all.insert(all.end(), part.begin(), part.end());
        }
        return all;
    }();
    return table;
}

/// "cfb ls", or "show" for a command without a group.
std::string full_name(const Command& c) {
    return c.group.empty() ? std::string(c.name) : std::string(c.group) + " " + std::string(c.name);
}

void print_version(std::ostream& out) {
    out << "msgforge " << version() << '\n';
}

void print_main_help(std::ostream& out) {
    out << "msgforge " << version()
        << ": Outlook .msg files and the Compound File Binary container\n\n"
           "Usage: msgforge COMMAND [ARGS...]\n"
           "       msgforge --help | --version\n\n"
           "Commands:\n";
    // The summaries start at column 14, or further right when a name needs it.
    size_t width = 12;
    for (const Command& c : commands()) {
        width = std::max(width, full_name(c).size() + 2);
    }
    for (const Command& c : commands()) {
        out << "  " << std::left << std::setw(static_cast<int>(width)) << full_name(c) << c.summary
            << '\n';
    }
    out << "\nRun 'msgforge COMMAND --help' for a command's options.\n"
           "Exit status: 0 success, 1 invalid input, 2 unreadable input or usage error.\n";
}

void print_group_help(std::ostream& out, std::string_view group) {
    out << "Usage: msgforge " << group << " SUBCOMMAND [ARGS...]\n\nSubcommands:\n";
    for (const Command& c : commands()) {
        if (c.group == group) {
            out << "  " << std::left << std::setw(8) << c.name << c.summary << '\n';
        }
    }
    out << "\nRun 'msgforge " << group << " SUBCOMMAND --help' for a subcommand's options.\n";
}

void print_command_help(std::ostream& out, const Command& c) {
    out << "Usage: msgforge " << full_name(c) << ' ' << c.usage << "\n\n"
        << c.description << "\nOptions:\n";
    std::vector<std::pair<std::string, std::string_view>> rows;
    // The help column starts at 22, or further right when a form needs it.
    size_t width = 20;
    for (const OptionSpec& o : c.options) {
        std::string form = o.alias != 0 ? std::string{'-', o.alias} + ", " : "    ";
        form += "--" + std::string(o.name);
        if (!o.value_name.empty()) {
            form += " " + std::string(o.value_name);
        }
        width = std::max(width, form.size() + 2);
        rows.emplace_back(std::move(form), o.help);
    }
    rows.emplace_back("-h, --help", "show this help");
    for (const auto& [form, help] : rows) {
        out << "  " << std::left << std::setw(static_cast<int>(width)) << form << help << '\n';
    }
}

bool is_help(const std::string& word) {
    return word == "-h" || word == "--help";
}

int run_command(const Command& command, std::span<const std::string> rest, const Context& ctx) {
    const ParsedArgs parsed = parse_args(rest, command.options);
    if (parsed.help()) {
        print_command_help(ctx.out, command);
        return ExitOk;
    }
    const size_t given = parsed.positionals().size();
    if (command.positionals == ONE_OR_MORE ? given == 0 : given != command.positionals) {
        throw UsageError("expected " + std::string(command.usage) + ", got " + std::to_string(given)
                         + " argument(s)");
    }
    return command.handler(parsed, ctx);
}

int dispatch(std::span<const std::string> args, const Context& ctx, std::string& hint) {
    if (args.empty()) {
        print_main_help(ctx.err);
        return ExitTrouble;
    }
    if (is_help(args[0])) {
        print_main_help(ctx.out);
        return ExitOk;
    }
    if (args[0] == "--version") {
        print_version(ctx.out);
        return ExitOk;
    }
    const std::string& group = args[0];
    const auto single = std::find_if(commands().begin(), commands().end(), [&](const Command& c) {
        return c.group.empty() && c.name == group;
    });
    if (single != commands().end()) {
        hint = "msgforge " + group + " --help";
        return run_command(*single, args.subspan(1), ctx);
    }
    const bool known_group = std::any_of(commands().begin(), commands().end(),
                                         [&](const Command& c) { return c.group == group; });
    if (!known_group) {
        throw UsageError("unknown command '" + group + "'");
    }
    hint = "msgforge " + group + " --help";
    if (args.size() == 1) {
        print_group_help(ctx.err, group);
        return ExitTrouble;
    }
    if (is_help(args[1])) {
        print_group_help(ctx.out, group);
        return ExitOk;
    }
    const auto it = std::find_if(commands().begin(), commands().end(), [&](const Command& c) {
        return c.group == group && c.name == args[1];
    });
    if (it == commands().end()) {
        throw UsageError("unknown command '" + group + " " + args[1] + "'");
    }
    hint = "msgforge " + group + " " + args[1] + " --help";
    return run_command(*it, args.subspan(2), ctx);
}

}  // namespace

int run(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    const Context ctx{out, err};
    std::string hint = "msgforge --help";
    try {
        return dispatch(args, ctx, hint);
    } catch (const UsageError& e) {
        err << "msgforge: " << e.what() << "\nTry '" << hint << "'.\n";
        return ExitTrouble;
    } catch (const FormatError& e) {
        err << "msgforge: " << e.what() << '\n';
        return ExitInvalid;
    } catch (const Error& e) {
        if (e.code() == Errc::internal) {
            err << "msgforge: internal error (a bug in msgforge): " << e.what() << '\n';
        } else {
            err << "msgforge: " << e.what() << '\n';
        }
        return ExitTrouble;
    } catch (const std::bad_alloc&) {
        err << "msgforge: out of memory\n";
        return ExitTrouble;
    } catch (const std::exception& e) {
        err << "msgforge: internal error (a bug in msgforge): " << e.what() << '\n';
        return ExitTrouble;
    }
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    std::vector<std::string> args;
    try {
        for (int i = 1; i < argc; ++i) {
            args.emplace_back(argv[i]);
        }
    } catch (const std::bad_alloc&) {
        err << "msgforge: out of memory\n";
        return ExitTrouble;
    }
    return run(args, out, err);
}

}  // namespace msgforge::cli
