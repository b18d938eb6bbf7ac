// MIME in: `convert IN.eml -o OUT.msg` (dispatched here by convert) and `import eml|mbox`,
// which turn .eml files and mbox archives into .msg files through mime::from_mime().
#include "batch.hpp"
#include "commands.hpp"
#include "reading.hpp"
#include "safe_name.hpp"
#include "text.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/mime/from_mime.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

bool is_mbox(const std::string& file) {
    return has_extension(file, {".mbox", ".mbx"});
}

/// Where the messages go and what happened to them.
class Output {
public:
    Output(const Context& ctx, bool quiet, bool durable)
        : ctx_(ctx), quiet_(quiet), durable_(durable) {}

    /// Writes `result` as `target`, its warnings on the error stream unless quiet.
    void write(const mime::FromMimeResult& result, const fs::path& target,
               const std::string& source) {
        if (!quiet_) {
            for (const msg::Warning& w : result.warnings) {
                ctx_.err << "msgforge: " << source << ": warning: " << w.to_string() << '\n';
            }
        }
        warnings_ += result.warnings.size();
        std::vector<uint8_t> bytes;
        try {
            bytes = result.message.write();
        } catch (const msgforge::UsageError& e) {
            throw FormatError(Location{source, {}, {}},
                              std::string("cannot be written: ") + e.what());
        }
        AtomicFile out(target, durable_);
        out.write(bytes);
        out.commit();
        ++written_;
    }

    /// A name in `dir` for a message: `stem` made safe, numbered when the folder has it.
    fs::path name_in(const fs::path& dir, const std::string& stem) {
        auto& names = allocators_[dir.string()];
        if (!names) {
            names.emplace([dir](const std::string& name) {
                std::error_code ec;
                return fs::exists(dir / name, ec);
            });
        }
        std::string base = stem.substr(0, 120);
        return dir / names->allocate(safe_name(base + ".msg", "message.msg"));
    }

    void failed() { ++failed_; }

    uint64_t written() const { return written_; }

    void summary() const {
        ctx_.out << plural(written_, "message") << " written, " << plural(warnings_, "warning")
                 << ", " << plural(failed_, "file") << " failed\n";
    }

private:
    const Context& ctx_;
    bool quiet_;
    bool durable_;
    uint64_t written_ = 0;
    uint64_t warnings_ = 0;
    uint64_t failed_ = 0;
    std::map<std::string, std::optional<NameAllocator>> allocators_;
};

/// Each message of the mbox `file` into `dir`, named by `name` (its subject, its number).
void mbox_into(const std::string& file, const fs::path& dir, Output& output, const Context& ctx,
               const std::function<std::string(const msg::Message&, uint64_t)>& name) {
    const std::vector<uint8_t> bytes = read_file_bytes(file);
    mime::MboxReader reader(bytes, file);
    uint64_t number = 0;
    uint64_t failed = 0;
    while (auto result = reader.next()) {
        ++number;
        const std::string source =
            file + " message " + std::to_string(number) + " (at " + hex(reader.offset()) + ")";
        try {
            output.write(*result, output.name_in(dir, name(result->message, number)), source);
        } catch (const FormatError& e) {
            ctx.err << "msgforge: " << e.what() << '\n';
            ++failed;
        }
    }
    if (failed > 0) {
        throw FormatError(Location{file, {}, {}}, std::to_string(failed) + " of "
                                                      + std::to_string(number)
                                                      + " messages could not be written");
    }
}

std::string subject_name(const msg::Message& m, uint64_t number) {
    const std::string subject(trim(m.subject().value_or("")));
    return subject.empty() ? "message " + std::to_string(number) : subject;
}

mime::FromMimeResult read_eml(const std::string& file) {
    const std::vector<uint8_t> bytes = read_file_bytes(file);
    return mime::from_mime(bytes, file);
}

fs::path prepared_folder(const std::string& output) {
    std::error_code ec;
    fs::create_directories(output, ec);
    if (!fs::is_directory(output, ec)) {
        throw IoError(output, "cannot create the folder", ec.value());
    }
    return output;
}

/// Runs `work` on each input as each_file() does, counting the failures in `output`, then
/// prints its summary.
int each_input(const std::vector<std::string>& files, Output& output, const Context& ctx,
               const std::function<void(const std::string& file)>& work) {
    const int status = each_file(files, files.size() > 1, ctx.out, ctx.err, [&](const auto& file) {
        try {
            work(file);
        } catch (const Error&) {
            output.failed();
            throw;
        }
    });
    output.summary();
    return status;
}

int mime_import(const ParsedArgs& args, const Context& ctx, bool mbox) {
    const fs::path dir = prepared_folder(required_output(args, "DIR"));
    Output output(ctx, args.has("quiet"), false);
    return each_input(args.positionals(), output, ctx, [&](const std::string& file) {
        if (mbox) {
            mbox_into(file, dir, output, ctx, subject_name);
            return;
        }
        const mime::FromMimeResult result = read_eml(file);
        output.write(result, output.name_in(dir, subject_name(result.message, 1)), file);
    });
}

int import_eml(const ParsedArgs& args, const Context& ctx) {
    return mime_import(args, ctx, false);
}

int import_mbox(const ParsedArgs& args, const Context& ctx) {
    return mime_import(args, ctx, true);
}

}  // namespace

bool converts_from_mime(const ParsedArgs& args) {
    const auto to = args.value("to");
    for (const std::string& file : args.positionals()) {
        if (has_extension(file, {".eml", ".mbox", ".mbx"})
            || (to && equal_ci(*to, "msg") && !has_extension(file, {".msg", ".oft"}))) {
            return true;
        }
    }
    return false;
}

int convert_from_mime(const ParsedArgs& args, const Context& ctx) {
    const std::string target = required_output(args, "OUT.msg or DIR");
    const std::vector<std::string>& files = args.positionals();
    std::error_code ec;
    const bool into_folder = files.size() > 1 || fs::is_directory(target, ec)
                             || target.ends_with('/') || (files.size() == 1 && is_mbox(files[0]));
    if (!into_folder) {
        const mime::FromMimeResult result = read_eml(files[0]);
        Output(ctx, false, true).write(result, target, files[0]);
        return ExitOk;
    }
    const fs::path dir = prepared_folder(target);
    Output output(ctx, false, false);
    return each_input(files, output, ctx, [&](const std::string& file) {
        const std::string stem = fs::path(file).stem().string();
        if (is_mbox(file)) {
            mbox_into(file, dir, output, ctx, [&](const msg::Message&, uint64_t number) {
                return stem + " " + std::to_string(number);
            });
            return;
        }
        output.write(read_eml(file), output.name_in(dir, stem), file);
    });
}

std::vector<Command> mime_in_commands() {
    const std::vector<OptionSpec> import_options = {
        {"output", 'o', "DIR", "the folder to write the .msg files in (required)"},
        {"quiet", 'q', "", "do not print warnings"}};
    return {
        {"import", "eml", "turn MIME messages (.eml files) into .msg files",
         "IN.eml... -o DIR [--quiet]",
         "Writes each IN.eml (an RFC 5322 message) as a .msg file in DIR (created if\n"
         "needed), named after its subject (\"message 1\" without one), numbered when the\n"
         "name is taken; no file is replaced. The mapping (docs/mime.md, \"Reading MIME\")\n"
         "follows MS-OXCMAIL: addresses, subject, dates, message ids, the header block,\n"
         "text, HTML and RTF bodies, attachments, inline images as hidden attachments,\n"
         "forwarded messages as embedded messages, S/MIME kept verifiable. What was\n"
         "tolerated is printed as a warning (--quiet: not printed). A file that cannot be\n"
         "read is reported and the others go on; last comes \"N messages written, W warnings,\n"
         "F files failed\". Exit status 1 when a file is invalid, 2 when one cannot be read.\n",
         import_options, ONE_OR_MORE, import_eml},
        {"import", "mbox", "turn the messages of mbox files into .msg files",
         "IN.mbox... -o DIR [--quiet]",
         "Writes each message of each IN.mbox (messages after \"From \" lines, RFC 4155) as\n"
         "a .msg file in DIR, read and named as `import eml` does. A message that cannot be\n"
         "written is reported with its number and offset and the next one goes on.\n",
         import_options, ONE_OR_MORE, import_mbox},
    };
}

}  // namespace msgforge::cli
