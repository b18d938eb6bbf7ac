// TNEF input (winmail.dat, MS-OXTNEF): convert FILE.dat -o OUT.msg, and the tnef commands that
// list and extract the attachments of TNEF streams.
#include "batch.hpp"
#include "commands.hpp"
#include "extract.hpp"
#include "reading.hpp"
#include "safe_name.hpp"
#include "text.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/mime/tnef.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

/// The TNEF files of `paths`: a folder is searched recursively for .dat and .tnef files.
std::vector<std::string> tnef_files(const ParsedArgs& args) {
    return files_with_extensions(args.positionals(), {".dat", ".tnef"});
}

/// Decodes the TNEF stream in `file` with the read limits of `args`; each warning goes to
/// `err` as "msgforge: FILE: warning: …".
msg::Message decode_file(const std::string& file, const ParsedArgs& args, std::ostream& err) {
    const msg::ReadOptions read = read_options(args);
    mime::TnefOptions options;
    options.limits = read.limits;
    options.strict = read.strict;
    mime::TnefResult result = mime::from_tnef(read_file_bytes(file), file, options);
    for (const msg::Warning& w : result.warnings) {
        err << "msgforge: " << file << ": warning: " << w.to_string() << '\n';
    }
    return std::move(result.message);
}

int tnef_list(const ParsedArgs& args, const Context& ctx) {
    const std::vector<std::string> files = tnef_files(args);
    const bool several = several_inputs(args.positionals());
    return each_file(files, several, ctx.out, ctx.err, [&](const std::string& file) {
        const msg::Message m = decode_file(file, args, ctx.err);
        if (several) {
            ctx.out << "==> " << file << " <==\n";
        }
        for (const msg::Attachment& a : m.attachments) {
            std::string name = a.file_name().value_or("");
            if (a.embedded) {
                name = name.empty() ? a.embedded->subject().value_or("") : name;
                ctx.out << name << "  embedded message\n";
            } else if (a.object_storage) {
                ctx.out << name << "  OLE object\n";
            } else {
                const auto data = a.data();
                ctx.out << name << "  " << plural(data ? data->size() : 0, "byte") << '\n';
            }
        }
    });
}

int tnef_extract(const ParsedArgs& args, const Context& ctx) {
    return extract_messages(args, ctx, tnef_files(args), [&](const std::string& file) {
        return decode_file(file, args, ctx.err);
    });
}

}  // namespace

bool is_tnef_input(const ParsedArgs& args) {
    if (const auto from = args.value("from")) {
        return *from == "tnef";
    }
    return !args.positionals().empty() && has_extension(args.positionals()[0], {".dat", ".tnef"});
}

int tnef_convert(const ParsedArgs& args, const Context& ctx) {
    if (args.has("unicode") || args.has("ansi")) {
        throw UsageError("--unicode and --ansi rewrite a .msg; they do not apply to TNEF input");
    }
    const std::string output = required_output(args, "OUT.msg or DIR");
    msg::WriteOptions write;
    write.version = args.has("v4") ? cfb::Version::V4 : cfb::Version::V3;
    const std::vector<std::string> files = tnef_files(args);
    const bool several = several_inputs(args.positionals());
    const auto convert = [&](const std::string& file, const std::string& target) {
        msg::Message m = decode_file(file, args, ctx.err);
        msg::apply_outlook_defaults(m);
        write_built(m, target, file, write);
    };
    if (!several) {
        return each_file(files, false, ctx.out, ctx.err,
                         [&](const std::string& file) { convert(file, output); });
    }
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec) {
        throw IoError(output, "cannot create the folder", ec.value());
    }
    NameAllocator names([&](const std::string& name) {
        return fs::symlink_status(fs::path(output) / name, ec).type() != fs::file_type::not_found;
    });
    return each_file(files, true, ctx.out, ctx.err, [&](const std::string& file) {
        const std::string name =
            names.allocate(safe_name(fs::path(file).stem().string() + ".msg", "message.msg"));
        convert(file, (fs::path(output) / name).string());
        ctx.out << file << " -> " << name << '\n';
    });
}

std::vector<Command> tnef_commands() {
    return {
        {"tnef", "list", "list the attachments of TNEF streams (winmail.dat)", "FILE|DIR...",
         "Decodes each TNEF stream (MS-OXTNEF; winmail.dat, application/ms-tnef) and prints\n"
         "one line per attachment: its name (the long file name, else the 8.3 title) and its\n"
         "size, or \"embedded message\". Oddities the decoder tolerates (a wrong checksum,\n"
         "bytes after the last attribute, an attribute cut short) are printed as warnings on\n"
         "standard error; --strict refuses them. A folder is searched for .dat and .tnef\n"
         "files; with several, a '==> FILE <==' line before each. Exit status 1 when a file\n"
         "is invalid, 2 when one could not be read at all.\n",
         with_limits({}), ONE_OR_MORE, tnef_list},
        {"tnef", "extract", "write the attachments of TNEF streams into a folder",
         "FILE|DIR... -o DIR [--bodies] [--overwrite | --skip-existing] [--fsync]",
         "Decodes each TNEF stream and writes its attachments into DIR as `msgforge extract`\n"
         "does for .msg files: names made safe and distinct, nothing written outside DIR,\n"
         "files written atomically, embedded messages as .msg files, one subfolder per\n"
         "stream when there are several. Warnings as for tnef list.\n",
         with_body_limits(extract_options()), ONE_OR_MORE, tnef_extract},
    };
}

}  // namespace msgforge::cli
