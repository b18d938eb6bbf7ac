#include "cli.hpp"

#include "args.hpp"
#include "commands.hpp"

#include <msgforge/error.hpp>
#include <msgforge/version.hpp>

#include <algorithm>
#include <iomanip>
#include <new>
#include <string_view>
#include <vector>

namespace msgforge::cli {

namespace {

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

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"cfb",
         "ls",
         "list the storages and streams of a compound file",
         "[--json] FILE",
         "Lists every storage and stream below the root, depth-first in tree order: one line\n"
         "per entry with its type, size and path. Names in paths are percent-encoded as\n"
         "`cfb unpack` writes them (%01 for U+0001, %25 for '%', %2F for '/').\n"
         "With --json, prints {\"version\", \"sector_size\", \"entries\": [{\"path\", \"type\",\n"
         "\"size\", \"clsid\", ...}]} with names exactly as stored (UTF-8).\n",
         {{"json", 0, "", "print JSON instead of text"}},
         1,
         cfb_ls},
        {"cfb",
         "cat",
         "write one stream's bytes to standard output",
         "FILE PATH",
         "Writes the bytes of the stream at PATH ('/'-separated, as `cfb ls` shows it, either\n"
         "exact or percent-encoded) to standard output.\n",
         {},
         2,
         cfb_cat},
        {"cfb",
         "check",
         "validate a compound file and read every stream",
         "[--strict] FILE",
         "Opens FILE, walks every entry and reads every stream. Prints each tolerated oddity\n"
         "as a warning and each error, then a summary line. Exit status 0 when the file is\n"
         "valid (warnings allowed), 1 when it is not, 2 when it cannot be read.\n",
         {{"strict", 0, "", "treat every warning as an error"}},
         1,
         cfb_check},
        {"cfb",
         "pack",
         "build a compound file from a folder tree",
         "DIR -o FILE [--v4]",
         "Writes the folder tree DIR as a compound file: folders become storages, files\n"
         "become streams. File names are percent-decoded (%01 -> U+0001, %25 -> '%'); every\n"
         "other character is taken as it is (UTF-8). Names CFB forbids, symbolic links and\n"
         "special files are refused. FILE is replaced atomically.\n",
         {{"output", 'o', "FILE", "the compound file to write (required)"},
          {"v4", 0, "", "write version 4 (4096-byte sectors) instead of version 3"}},
         1,
         cfb_pack},
        {"cfb",
         "unpack",
         "write a compound file out as a folder tree",
         "FILE -o DIR",
         "Writes every storage of FILE as a folder and every stream as a file below DIR,\n"
         "which is created if needed and must be empty. Control characters, '/' and '%' in\n"
         "names are percent-encoded, as are the names \".\" and \"..\" (%2E, %2E%2E), so that\n"
         "`cfb pack` gives the same tree back. Files are written atomically but not synced\n"
         "to disk.\n",
         {{"output", 'o', "DIR", "the folder to write into (required)"}},
         1,
         cfb_unpack},
    };
    return table;
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
    for (const Command& c : commands()) {
        out << "  " << std::left << std::setw(12)
            << (std::string(c.group) + " " + std::string(c.name)) << c.summary << '\n';
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
    out << "Usage: msgforge " << c.group << ' ' << c.name << ' ' << c.usage << "\n\n"
        << c.description << "\nOptions:\n";
    for (const OptionSpec& o : c.options) {
        std::string form = o.alias != 0 ? std::string{'-', o.alias} + ", " : "    ";
        form += "--" + std::string(o.name);
        if (!o.value_name.empty()) {
            form += " " + std::string(o.value_name);
        }
        out << "  " << std::left << std::setw(20) << form << o.help << '\n';
    }
    out << "  " << std::left << std::setw(20) << "-h, --help"
        << "show this help\n";
}

bool is_help(const std::string& word) {
    return word == "-h" || word == "--help";
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
    const Command& command = *it;
    hint = "msgforge " + group + " " + args[1] + " --help";
    const ParsedArgs parsed = parse_args(args.subspan(2), command.options);
    if (parsed.help()) {
        print_command_help(ctx.out, command);
        return ExitOk;
    }
    if (parsed.positionals().size() != command.positionals) {
        throw UsageError("expected " + std::string(command.usage) + ", got "
                         + std::to_string(parsed.positionals().size()) + " argument(s)");
    }
    return command.handler(parsed, ctx);
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
    } catch (const std::invalid_argument& e) {
        err << "msgforge: " << e.what() << '\n';
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
