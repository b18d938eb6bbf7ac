// records: one normalised JSON record per message (docs/records.md), over many files and
// threads, for search indexes, e-discovery and migration.
#include "commands.hpp"
#include "reading.hpp"
#include "text.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/json/records.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

/// --attachments-dir: each attachment once, as DIR/ab/abcdef... (its SHA-256), written
/// atomically; one that is there already is left alone.
void store_attachment(const fs::path& dir, const std::string& sha256,
                      std::span<const uint8_t> bytes) {
    const fs::path folder = dir / sha256.substr(0, 2);
    const fs::path target = folder / sha256;
    std::error_code ec;
    if (fs::exists(target, ec)) {
        return;
    }
    fs::create_directories(folder, ec);
    if (ec) {
        throw IoError(folder.string(), "cannot create the attachments folder", ec.value());
    }
    AtomicFile f(target, false);
    f.write(bytes);
    f.commit();
}

int records_command(const ParsedArgs& args, const Context& ctx) {
    const std::vector<std::string> files = message_files(args.positionals());
    json::RecordOptions options;
    options.read = read_options(args);
    options.bodies = args.has("bodies");
    if (const auto dir = args.value("attachments-dir")) {
        const fs::path root = *dir;
        options.on_attachment = [root](const std::string& sha256, std::span<const uint8_t> bytes) {
            store_attachment(root, sha256, bytes);
        };
    }
    const unsigned threads = parse_threads(args);
    const auto output = args.value("output");
    const bool progress =
        files.size() > 20 && output && &ctx.err == &std::cerr && isatty(STDERR_FILENO) == 1;
    const auto show = [&](size_t done) {
        if (progress) {
            ctx.err << "\r\033[Kmsgforge: " << done << '/' << files.size() << " files"
                    << std::flush;
        }
    };
    const std::vector<fs::path> paths(files.begin(), files.end());
    const json::RecordsSummary summary =
        output ? json::write_records(paths, options, threads, *output, show)
               : json::records(
                   paths, options, threads,
                   [&](const std::string& line) { ctx.out << line << '\n'; }, show);
    ctx.out.flush();
    if (progress) {
        ctx.err << "\r\033[K";
    }
    ctx.err << plural(summary.files, "file") << ", " << plural(summary.records, "record") << ", "
            << summary.failed << " failed\n";
    return summary.failed == 0 ? ExitOk : ExitInvalid;
}

}  // namespace

std::vector<Command> records_commands() {
    return {
        {"", "records", "one normalised JSON record per message, for indexing and review",
         "FILE|DIR... [-o OUT.jsonl] [--threads N] [--bodies] [--attachments-dir DIR]",
         "Reads every .msg and .oft file given or found under a DIR (recursively, sorted by\n"
         "path) and writes JSON Lines: one object per message and per embedded message\n"
         "(with its parent's id), giving the path, the file's SHA-256, class, Internet\n"
         "message id, conversation, subject, sender and recipients with SMTP addresses,\n"
         "sent and received times in UTC (RFC 3339), the body's kind, the attachments\n"
         "(name, MIME type, size, SHA-256, inline or not), the SMS/MMS fields of phone\n"
         "messages and the reader's warnings (docs/records.md). A file that cannot be read\n"
         "gives an error record and the run goes on. The order of the records is that of\n"
         "the files, whatever the number of threads. A summary line goes to standard error;\n"
         "exit status 1 when a file failed.\n",
         with_body_limits(
             {{"output", 'o', "OUT.jsonl", "write the records here (atomically)"},
              {"threads", 0, "N", "read N files at once (default: one per core)"},
              {"bodies", 0, "", "add each body as plain text"},
              {"attachments-dir", 0, "DIR", "store each attachment once, as DIR/xx/SHA256"}}),
         ONE_OR_MORE, records_command},
    };
}

}  // namespace msgforge::cli
