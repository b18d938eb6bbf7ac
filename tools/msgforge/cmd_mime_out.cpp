// .msg to MIME: `convert IN.msg -o OUT.eml`, many files into a folder, and `export mbox`.
#include "cmd_mime_out.hpp"

#include "batch.hpp"
#include "reading.hpp"
#include "safe_name.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/mime/to_mime.hpp>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace fs = std::filesystem;

namespace {

/// The message of `file` as .eml bytes, what was tolerated on `err` as
/// "msgforge: FILE: warning: …"; an error names the file.
std::string eml_of(const std::string& file, const msg::ReadOptions& read, std::ostream& err) {
    std::vector<msg::Warning> warnings;
    mime::ToMimeOptions options;
    options.warnings = &warnings;
    std::string eml = naming_file(
        file, [&] { return mime::to_mime(msg::Message::read_file(file, read), options); });
    for (const msg::Warning& w : warnings) {
        err << "msgforge: " << file << ": warning: " << w.to_string() << '\n';
    }
    return eml;
}

/// Writes `bytes` atomically; `durable` (one output file) flushes them to disk too, which the
/// many files of a folder output leave out, as other commands that write many files do.
void write_file(const fs::path& path, const std::string& bytes, bool durable) {
    AtomicFile out(path, durable);
    out.write(as_bytes(bytes));
    out.commit();
}

int mbox_export(const ParsedArgs& args, const Context& ctx) {
    const std::string output = required_output(args, "OUT.mbox");
    const msg::ReadOptions read = read_options(args);
    const std::vector<std::string> files = message_files(args.positionals());
    AtomicFile out(output);
    size_t written = 0;
    const int status = each_file(files, true, ctx.out, ctx.err, [&](const std::string& file) {
        out.write(as_bytes(mime::mbox_entry(eml_of(file, read, ctx.err))));
        ++written;
    });
    out.commit();
    ctx.out << written << (written == 1 ? " message" : " messages") << " written to " << output
            << '\n';
    return status;
}

}  // namespace

bool converts_to_eml(const ParsedArgs& args) {
    if (const auto to = args.value("to")) {
        if (*to != "eml" && *to != "msg") {
            throw UsageError("--to takes eml or msg (got '" + *to + "')");
        }
        return *to == "eml";
    }
    const auto output = args.value("output");
    if (output && has_extension(*output, {".eml", ".msg"})) {
        return has_extension(*output, {".eml"});
    }
    const auto& inputs = args.positionals();
    return inputs.size() > 1 && std::all_of(inputs.begin(), inputs.end(), [](const auto& in) {
               return has_extension(in, {".msg", ".oft"});
           });
}

int mime_out_convert(const ParsedArgs& args, const Context& ctx) {
    const std::string output = required_output(args, "OUT.eml or DIR");
    const msg::ReadOptions read = read_options(args);
    const bool several = several_inputs(args.positionals());
    std::error_code ec;
    if (!several && !fs::is_directory(output, ec)) {
        const std::string& file = args.positionals()[0];
        write_file(output, eml_of(file, read, ctx.err), true);
        return ExitOk;
    }
    fs::create_directories(output, ec);
    if (ec) {
        throw IoError(output, "cannot create the folder", ec.value());
    }
    NameAllocator names;
    return each_file(
        message_files(args.positionals()), several, ctx.out, ctx.err, [&](const std::string& file) {
            const std::string eml = eml_of(file, read, ctx.err);
            const std::string stem = fs::path(file).stem().string();
            const std::string name = names.allocate(safe_name(stem + ".eml", "message.eml"));
            write_file(fs::path(output) / name, eml, false);
        });
}

std::vector<Command> mime_out_commands() {
    return {
        {"export", "mbox", "write .msg files as one mbox file (mboxrd)", "DIR|FILE... -o OUT.mbox",
         "Writes every .msg file of the DIRs (searched recursively for .msg and .oft files,\n"
         "in any case, in path order; files may be given too) as one message of OUT.mbox,\n"
         "converted as `convert IN.msg -o OUT.eml` does (docs/mime.md). The mbox is mboxrd:\n"
         "each message opens with a 'From ' line (the Return-Path or From address and the\n"
         "Date in UTC), its lines end in LF, a line that starts with 'From ' after any\n"
         "number of '>' gets one more '>', and an empty line follows it. A file that cannot\n"
         "be read is reported and left out; 'N files, M failed' ends standard error and the\n"
         "exit status is 1 when one was invalid, 2 when one could not be read. OUT.mbox is\n"
         "replaced atomically.\n",
         with_body_limits({{"output", 'o', "OUT.mbox", "the mbox file to write (required)"}}),
         ONE_OR_MORE, mbox_export},
    };
}

}  // namespace msgforge::cli
