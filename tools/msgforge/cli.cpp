#include "cli.hpp"

#include "args.hpp"
#include "commands.hpp"
#include "reading.hpp"

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

/// The commands of the families that do not give their own yet.
std::vector<Command> other_commands() {
    return {
        {"", "show", "summarise a .msg file", "FILE",
         "Prints the message class, subject, sender, recipients (to, cc, bcc), each with the\n"
         "SMTP address and the native one beside it when that differs (docs/addresses.md),\n"
         "dates (UTC), the first lines of the body (an HTML body as the text it shows,\n"
         "docs/html-text.md), the attachments (name, size, MIME type) and embedded messages\n"
         "(indented), for an SMS or MMS its view (state, parties, text, slides), then the\n"
         "number of warnings and the first few of them. An MMS text part read without a\n"
         "charset it declares, or whose bytes do not decode in it, adds a warning\n"
         "(docs/mms-text.md).\n",
         with_body_limits({}), 1, msg_show},
        {"", "dump", "print every property of a .msg file", "[--json] [--full] FILE",
         "Prints every property, named property, recipient and attachment, embedded\n"
         "messages recursively: one line per property (tag, name, type, value). With --json,\n"
         "prints the JSON form of docs/json-format.md, which `msgforge build` reads back.\n"
         "Binary values and streams over 64 KB appear as their size and SHA-256 unless --full\n"
         "(in text, binary values are cut after 64 bytes unless --full).\n",
         with_limits({{"json", 0, "", "print JSON instead of text"},
                      {"full", 0, "", "print large binary values in full"}}),
         1, msg_dump},
        {"", "extract", "write the attachments of a .msg file into a folder",
         "FILE -o DIR [--bodies] [--fsync]",
         "Writes each attachment into DIR (created if needed) under its long file name:\n"
         "embedded messages as .msg files, OLE attachments as compound files (.bin when the\n"
         "name has no extension). Names are made safe (no path separators, \"..\", control\n"
         "characters or Windows device names; at most 255 bytes) and numbered when they\n"
         "collide with each other or with files already in DIR (\"a (2).txt\"); nothing is\n"
         "written outside DIR. Files are written atomically; --fsync also flushes each one\n"
         "to disk before it takes its name (about 5 times slower for many small files).\n"
         "Prints each file written with its size.\n",
         with_body_limits(
             {{"output", 'o', "DIR", "the folder to write into (required)"},
              {"bodies", 0, "", "also write body.txt, body.html and body.rtf"},
              {"fsync", 0, "", "flush each file to disk (durable against power loss)"}}),
         1, msg_extract},
        {"",
         "build",
         "write a .msg file from JSON",
         "FILE.json -o OUT.msg [--v4]",
         "Writes the message described by FILE.json (the form `msgforge dump --json --full`\n"
         "prints, or a hand-written part of it; see docs/json-format.md) as OUT.msg, exactly\n"
         "as described: no defaults are added. Named properties get their ids from the\n"
         "named-property map. A value that does not fit its type is an error naming its JSON\n"
         "path (exit 1). OUT.msg is replaced atomically.\n",
         {{"output", 'o', "OUT.msg", "the .msg file to write (required)"},
          {"v4", 0, "", "write version 4 (4096-byte sectors) instead of version 3"}},
         1,
         msg_build},
        {"", "roundtrip", "check that .msg files survive a write and a read unchanged", "FILE...",
         "Reads each FILE, writes it to memory, reads that again and compares the two\n"
         "messages. Prints each difference, then a summary line. Exit status 0 when every\n"
         "file is identical, 1 when one differs or is invalid, 2 when one cannot be read.\n",
         with_limits({}), ONE_OR_MORE, msg_roundtrip},
        {"", "convert", "rewrite a .msg file, optionally changing its string encoding",
         "IN.msg -o OUT.msg [--unicode | --ansi CODEPAGE] [--v4]",
         "Rewrites IN.msg as OUT.msg. --unicode turns every PtypString8 value (named\n"
         "properties, recipients, attachments and embedded messages included) into PtypString\n"
         "and sets STORE_UNICODE_OK in PidTagStoreSupportMask (adding it to the top-level\n"
         "message). --ansi CODEPAGE does the reverse, sets PidTagMessageCodepage and clears\n"
         "STORE_UNICODE_OK; a character the code page cannot encode is an error naming the\n"
         "property. Everything else is kept. OUT.msg is replaced atomically.\n",
         with_limits(
             {{"output", 'o', "OUT.msg", "the .msg file to write (required)"},
              {"unicode", 0, "", "turn 8-bit strings into Unicode"},
              {"ansi", 0, "CODEPAGE", "turn Unicode strings into 8-bit strings in CODEPAGE"},
              {"v4", 0, "", "write version 4 (4096-byte sectors) instead of version 3"}}),
         1, msg_convert},
    };
}

/// Every command, in the order the main help lists them.
const std::vector<Command>& commands() {
    static const std::vector<Command> table = [] {
        std::vector<Command> all;
        for (const auto family : {other_commands, oms_commands, sbr_commands, cfb_commands}) {
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
    for (const Command& c : commands()) {
        out << "  " << std::left << std::setw(12) << full_name(c) << c.summary << '\n';
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
