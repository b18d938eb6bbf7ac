// The .msg commands that write a message: build, roundtrip and convert.
#include "batch.hpp"
#include "cmd_mime_out.hpp"
#include "commands.hpp"
#include "reading.hpp"
#include "text.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/convert.hpp>
#include <msgforge/msg/message.hpp>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

msg::WriteOptions write_options(const ParsedArgs& args, bool durable) {
    msg::WriteOptions options;
    options.version = args.has("v4") ? cfb::Version::V4 : cfb::Version::V3;
    options.durable = durable;
    return options;
}

std::string read_text_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw IoError(file, "cannot open", errno);
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw IoError(file, "cannot read", errno);
    }
    return text;
}

int msg_build(const ParsedArgs& args, const Context&) {
    const std::string& file = args.positionals()[0];
    const std::string output = required_output(args, "OUT.msg");
    msg::Message m = json::decode(read_text_file(file), file);
    if (!args.has("bare")) {
        msg::apply_outlook_defaults(m);
    }
    write_built(m, output, file, write_options(args, true));
    return ExitOk;
}

int msg_roundtrip(const ParsedArgs& args, const Context& ctx) {
    const msg::ReadOptions options = read_options(args);
    return check_each(args.positionals(), "identical", ctx.out, [&](const std::string& file) {
        const msg::Message first = read_message(file, options);
        std::vector<uint8_t> bytes;
        try {
            bytes = first.write();
        } catch (const msgforge::UsageError& e) {
            throw FormatError(Location{file, {}, {}},
                              std::string("cannot be written: ") + e.what());
        }
        const cfb::Reader reader = cfb::Reader::from_bytes(bytes, {}, file + " (written again)");
        const msg::Message second = msg::Message::read(reader);
        const std::vector<std::string> differences = msg::compare(first, second);
        if (differences.empty()) {
            ctx.out << file << ": identical\n";
            return true;
        }
        ctx.out << file << ": " << plural(differences.size(), "difference") << '\n';
        for (const std::string& d : differences) {
            ctx.out << "  " << d << '\n';
        }
        return false;
    });
}

int msg_convert(const ParsedArgs& args, const Context& ctx) {
    if (converts_to_eml(args)) {
        return mime_out_convert(args, ctx);
    }
    if (is_tnef_input(args)) {
        return tnef_convert(args, ctx);
    }
    if (converts_from_mime(args)) {
        return convert_from_mime(args, ctx);
    }
    if (args.positionals().size() != 1) {
        throw UsageError("convert takes one IN.msg to rewrite as a .msg");
    }
    const std::string& file = args.positionals()[0];
    const std::string output = required_output(args, "OUT.msg");
    const auto ansi = args.value("ansi");
    if (ansi && args.has("unicode")) {
        throw UsageError("--unicode and --ansi exclude each other");
    }
    uint32_t cp = 0;
    if (ansi) {
        const auto [end, ec] = std::from_chars(ansi->data(), ansi->data() + ansi->size(), cp);
        if (ec != std::errc{} || end != ansi->data() + ansi->size()) {
            throw UsageError("--ansi needs a Windows code page number, such as 1252 (got '" + *ansi
                             + "')");
        }
    }
    msg::Message m = read_message(file, read_options(args));
    try {
        if (ansi) {
            msg::to_ansi(m, cp);
        } else if (args.has("unicode")) {
            msg::to_unicode(m);
        }
    } catch (const msgforge::UsageError& e) {
        throw UsageError(std::string("--ansi: ") + e.what());
    } catch (Error& e) {
        e.set_file(file);
        throw;
    }
    write_built(m, output, file, write_options(args, true));
    return ExitOk;
}
}  // namespace

/// Writes a message the command built; what Outlook cannot take (too many recipients, a value
/// too large for its field) is invalid input.
void write_built(const msg::Message& m, const std::string& output, const std::string& source,
                 const msg::WriteOptions& options) {
    std::vector<uint8_t> bytes;
    try {
        bytes = m.write(options);
    } catch (const msgforge::UsageError& e) {
        throw FormatError(Location{source, {}, {}}, std::string("cannot be written: ") + e.what());
    }
    AtomicFile out(output, options.durable);
    out.write(bytes);
    out.commit();
}

std::vector<Command> msg_write_commands() {
    return {
        {"",
         "build",
         "write a .msg file from JSON",
         "FILE.json -o OUT.msg [--bare] [--v4]",
         "Writes the message described by FILE.json (the form `msgforge dump --json --full`\n"
         "prints, or a hand-written one: class, subject, from, to and body are enough; see\n"
         "docs/json-format.md) as OUT.msg, with the Outlook defaults for what it leaves out\n"
         "(docs/writing.md): store support mask, flags, display lists, normalized subject,\n"
         "SMTP addresses, recipient rows... --bare writes only what the JSON describes, so\n"
         "that a dump built again gives the same message. Named properties get their ids\n"
         "from the named-property map. A value that does not fit its type is an error naming\n"
         "its JSON path (exit 1). OUT.msg is replaced atomically.\n",
         {{"output", 'o', "OUT.msg", "the .msg file to write (required)"},
          {"bare", 0, "", "add no Outlook defaults: exactly what the JSON describes"},
          {"v4", 0, "", "write version 4 (4096-byte sectors) instead of version 3"}},
         1,
         msg_build},
        {"", "roundtrip", "check that .msg files survive a write and a read unchanged", "FILE...",
         "Reads each FILE, writes it to memory, reads that again and compares the two\n"
         "messages. Prints each difference, then a summary line. Exit status 0 when every\n"
         "file is identical, 1 when one differs or is invalid, 2 when one cannot be read.\n",
         with_limits({}), ONE_OR_MORE, msg_roundtrip},
        {"", "convert",
         "rewrite a .msg file, optionally changing its string encoding; .msg to .eml and back",
         "IN.msg -o OUT.msg [--unicode | --ansi CODEPAGE] [--v4]\n"
         "       IN.msg... -o OUT.eml|DIR [--to eml]\n"
         "       IN.eml... -o OUT.msg|DIR [--to msg]\n"
         "       FILE.dat... -o OUT.msg|DIR [--from tnef]",
         "Rewrites IN.msg as OUT.msg. --unicode turns every PtypString8 value (named\n"
         "properties, recipients, attachments and embedded messages included) into PtypString\n"
         "and sets STORE_UNICODE_OK in PidTagStoreSupportMask (adding it to the top-level\n"
         "message). --ansi CODEPAGE does the reverse, sets PidTagMessageCodepage and clears\n"
         "STORE_UNICODE_OK; a character the code page cannot encode is an error naming the\n"
         "property. Everything else is kept. OUT.msg is replaced atomically.\n"
         "With an OUT ending in .eml, or --to eml, writes the message as Internet mail\n"
         "(RFC 5322 with MIME, CRLF line ends; docs/mime.md, \"Writing MIME\"); several\n"
         "IN.msg (or a folder, with --to eml) go to DIR/<stem>.eml, a failing file is\n"
         "reported and the others go on, 'N files, M failed' ends standard error.\n"
         "Reply-To comes from PidTagReplyRecipientEntries and Names (a list that cannot be\n"
         "read is a warning on standard error); a REPORT.* message is a multipart/report\n"
         "where its properties allow.\n"
         "IN.eml (or --to msg) converts a MIME message to OUT.msg; several inputs, or an\n"
         "mbox (IN.mbox), go into -o DIR, one .msg per message (docs/mime.md): a TNEF\n"
         "(winmail.dat) part is decoded into the message, a multipart/report gets its\n"
         "report class, Reply-To its reply recipients.\n"
         "TNEF input (winmail.dat): see docs/mime.md, \"TNEF\", and `msgforge tnef --help`.\n",
         with_body_limits(
             {{"output", 'o', "OUT.msg", "the .msg file to write (required)"},
              {"unicode", 0, "", "turn 8-bit strings into Unicode"},
              {"ansi", 0, "CODEPAGE", "turn Unicode strings into 8-bit strings in CODEPAGE"},
              {"v4", 0, "", "write version 4 (4096-byte sectors) instead of version 3"},
              {"to", 0, "FORMAT",
               "eml or msg: the output's format, whatever the names; with msg, inputs not named "
               ".msg or .oft are read as MIME"},
              {"from", 0, "FORMAT", "read the input as FORMAT (tnef) whatever its extension"}}),
         ONE_OR_MORE, msg_convert},
    };
}

}  // namespace msgforge::cli
