// The "SMS Backup & Restore" commands: import sbr turns an archive into SMS and MMS .msg files,
// export sbr turns such files back into an archive.
#include "commands.hpp"
#include "reading.hpp"
#include "sbr_names.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/sbr.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

bool same_bytes(const fs::path& file, const std::vector<uint8_t>& bytes) {
    std::error_code ec;
    if (fs::file_size(file, ec) != bytes.size() || ec) {
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    const std::string have((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return !in.bad() && as_bytes(have).size() == bytes.size()
           && std::equal(bytes.begin(), bytes.end(), as_bytes(have).begin());
}

/// "a.msg", then "a (2).msg", …: the first that holds `bytes` already (nullopt: nothing to
/// write) or, if none does, the first free one. A file of the same name with other content
/// (another archive imported into the same folder) is never replaced.
std::optional<fs::path> target_for(const fs::path& dir, const std::string& name,
                                   const std::vector<uint8_t>& bytes) {
    const std::string stem = name.substr(0, name.size() - 4);
    for (unsigned n = 1;; ++n) {
        const fs::path path = dir / (n == 1 ? name : stem + " (" + std::to_string(n) + ").msg");
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            return path;
        }
        if (same_bytes(path, bytes)) {
            return std::nullopt;
        }
    }
}

struct Job {
    sbr::Record record;
    uint64_t sequence = 0;
};

/// The import's shared state: the bounded queue from the reader to the writers, the counts and
/// the error lines.
class Import {
public:
    Import(const ParsedArgs& args, const Context& ctx, std::string backup, fs::path out)
        : ctx_(ctx), backup_(std::move(backup)), out_(std::move(out)) {
        options_.me = args.value("me").value_or("");
        by_conversation_ = args.has("by-conversation");
        strict_ = args.has("strict");
        threads_ = parse_threads(args);
        progress_ = !args.has("quiet") && isatty(STDERR_FILENO) == 1;
    }

    int run() {
        // Input that cannot be read or is not an archive is refused before anything is created.
        sbr::Reader reader{fs::path(backup_)};
        read_threads();
        fs::create_directories(out_);
        std::error_code ec;
        const uint64_t size = fs::file_size(backup_, ec);
        std::vector<std::thread> workers;
        for (unsigned i = 0; i < threads_; ++i) {
            workers.emplace_back([this] { work(); });
        }
        const auto start = std::chrono::steady_clock::now();
        auto shown = start;
        uint64_t sequence = 0;
        try {
            while (!stop_) {
                std::optional<sbr::Record> record;
                try {
                    record = reader.next();
                } catch (const FormatError& e) {
                    ++sequence;
                    report(e);
                    continue;
                }
                if (!record) {
                    break;
                }
                push(Job{std::move(*record), ++sequence});
                const auto now = std::chrono::steady_clock::now();
                if (progress_ && now - shown > std::chrono::milliseconds(200)) {
                    shown = now;
                    show_progress(now - start, reader.offset(), size);
                }
            }
        } catch (...) {
            finish(workers);
            throw;
        }
        finish(workers);
        if (progress_) {
            ctx_.err << "\r\033[K" << std::flush;
        }
        ctx_.out << sms_ << " SMS, " << mms_ << " MMS, " << skipped_ << " skipped, " << failed_
                 << " failed\n";
        return failed_ > 0 ? ExitInvalid : ExitOk;
    }

private:
    // The first pass: the first date of every conversation, for the thread headers.
    void read_threads() {
        if (progress_) {
            ctx_.err << "reading the conversations..." << std::flush;
        }
        sbr::Reader first{fs::path(backup_)};
        for (;;) {
            try {
                const std::optional<sbr::Record> record = first.next();
                if (!record) {
                    break;
                }
                conversations_.add(*record);
            } catch (const FormatError&) {
                // The second pass reports it.
            }
        }
        options_.threads = &conversations_;
    }

    void push(Job job) {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return queue_.size() < threads_ * 4 || stop_; });
        queue_.push_back(std::move(job));
        ready_.notify_one();
    }

    void finish(std::vector<std::thread>& workers) {
        {
            const std::lock_guard lock(mutex_);
            done_ = true;
        }
        ready_.notify_all();
        room_.notify_all();
        for (std::thread& t : workers) {
            t.join();
        }
    }

    void work() {
        for (;;) {
            Job job;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] { return !queue_.empty() || done_; });
                if (queue_.empty()) {
                    return;
                }
                job = std::move(queue_.front());
                queue_.pop_front();
                room_.notify_one();
            }
            if (stop_) {
                continue;
            }
            try {
                write(job);
            } catch (Error& e) {
                e.set_file(backup_);
                report(e);
            } catch (const std::exception& e) {
                report_line(backup_ + ": " + e.what());
            }
        }
    }

    void write(const Job& job) {
        const msg::Message m = sbr::to_message(job.record, options_);
        msg::WriteOptions write;
        write.durable = false;
        const std::vector<uint8_t> bytes = m.write(write);
        fs::path dir = out_;
        if (by_conversation_) {
            dir /= conversation_name(job.record);
            // Two writers may create the same folder at once: the loser's error is no error.
            std::error_code ec;
            fs::create_directories(dir, ec);
            if (ec && !fs::is_directory(dir)) {
                throw IoError(dir.string(), "cannot create the folder", ec.value());
            }
        }
        const auto target = target_for(dir, archive_file_name(job.record, job.sequence), bytes);
        if (!target) {
            ++skipped_;
            return;
        }
        AtomicFile file(*target, false);
        file.write(bytes);
        file.commit();
        ++(job.record.kind == sbr::Kind::sms ? sms_ : mms_);
    }

    void report(const Error& e) { report_line(e.what()); }

    void report_line(const std::string& line) {
        const std::lock_guard lock(mutex_);
        ++failed_;
        ctx_.err << (progress_ ? "\r\033[K" : "") << line << '\n';
        if (strict_) {
            stop_ = true;
            room_.notify_all();
        }
    }

    void show_progress(std::chrono::steady_clock::duration elapsed, uint64_t offset,
                       uint64_t size) {
        const uint64_t done = sms_ + mms_ + skipped_ + failed_;
        const double seconds = std::chrono::duration<double>(elapsed).count();
        const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
        std::string left = "?";
        if (offset > 0 && size >= offset) {
            const double remaining =
                seconds * static_cast<double>(size - offset) / static_cast<double>(offset);
            left = std::to_string(static_cast<uint64_t>(remaining)) + " s";
        }
        const std::lock_guard lock(mutex_);
        ctx_.err << "\r\033[K" << done << " messages, " << static_cast<uint64_t>(rate) << "/s, "
                 << left << " left" << std::flush;
    }

    const Context& ctx_;
    std::string backup_;
    fs::path out_;
    sbr::Threads conversations_;
    sbr::ImportOptions options_;
    bool by_conversation_ = false;
    bool strict_ = false;
    bool progress_ = false;
    unsigned threads_ = 1;

    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable room_;
    std::deque<Job> queue_;
    bool done_ = false;
    std::atomic<bool> stop_ = false;
    std::atomic<uint64_t> sms_ = 0;
    std::atomic<uint64_t> mms_ = 0;
    std::atomic<uint64_t> skipped_ = 0;
    std::atomic<uint64_t> failed_ = 0;
};

int sbr_import(const ParsedArgs& args, const Context& ctx) {
    const auto output = args.value("output");
    if (!output) {
        throw UsageError("missing -o DIR");
    }
    return Import(args, ctx, args.positionals().front(), *output).run();
}

int sbr_export(const ParsedArgs& args, const Context& ctx) {
    const auto output = args.value("output");
    if (!output) {
        throw UsageError("missing -o BACKUP.xml");
    }
    sbr::ExportOptions options;
    options.me = args.value("me").value_or("");
    const msg::ReadOptions read = read_options(args);
    sbr::Writer writer{fs::path(*output)};
    uint64_t sms = 0;
    uint64_t mms = 0;
    uint64_t skipped = 0;
    uint64_t failed = 0;
    for (const std::string& file : message_files(args.positionals())) {
        try {
            const msg::Message m = read_message(file, read);
            if (!oms::view(m)) {
                ctx.err << file << ": skipped: not an SMS or MMS message\n";
                ++skipped;
                continue;
            }
            const sbr::Record record = sbr::from_message(m, options);
            writer.add(record);
            ++(record.kind == sbr::Kind::sms ? sms : mms);
        } catch (Error& e) {
            e.set_file(file);
            ctx.err << e.what() << '\n';
            ++failed;
        }
    }
    writer.commit();
    ctx.out << sms << " SMS, " << mms << " MMS, " << skipped << " skipped, " << failed
            << " failed\n";
    return failed > 0 ? ExitInvalid : ExitOk;
}

}  // namespace

std::vector<Command> sbr_commands() {
    return {
        {"import",
         "sbr",
         "turn an SMS Backup & Restore archive into .msg files",
         "BACKUP.xml -o DIR [--me NUMBER] [--by-conversation] [--strict] [--quiet] [--threads N]",
         "Writes one .msg file per message of BACKUP.xml (an \"SMS Backup & Restore\" XML\n"
         "archive) into DIR (created if needed): an SMS object per <sms>, an MMS object per\n"
         "<mms> (MS-OXOSMMS). Received messages are from the other party, sent ones from\n"
         "--me NUMBER, the phone's own number (\"me\" when not given); numbers are MOBILE\n"
         "addresses named by contact_name; group MMS get every recipient. Outbox, failed and\n"
         "queued messages become drafts. The backup's SMIL lays out the slides; the file gets\n"
         "a SMIL generated from them. A text part keeps the backup's charset (chset) where it\n"
         "can encode the text, else it is UTF-16 (docs/mms-text.md). Attributes the object\n"
         "has no place for are kept in the file for `export sbr`. Names are\n"
         "DATE_TIME_NUMBER_in|out|draft_SEQUENCE.msg (UTC, e.g.\n"
         "2026-01-02_030405_+15551230000_in_000001.msg), in one folder per conversation with\n"
         "--by-conversation. A file already there with the same bytes is skipped; one\n"
         "with other bytes is kept and the new one numbered (\"… (2).msg\"). The archive is\n"
         "read one element at a time. An element that cannot be read or converted is reported\n"
         "with its line and byte offset and skipped (--strict: the import stops). Prints a\n"
         "summary line (SMS, MMS, skipped, failed); exit status 1 when something failed. A\n"
         "progress line goes to standard error when it is a terminal, unless --quiet.\n",
         {{"output", 'o', "DIR", "the folder to write into (required)"},
          {"me", 0, "NUMBER", "the phone owner's number"},
          {"by-conversation", 0, "", "one folder per conversation"},
          {"strict", 0, "", "stop at the first element that fails"},
          {"quiet", 0, "", "no progress line"},
          {"threads", 0, "N", "messages written in parallel (default: the cores)"}},
         1,
         sbr_import},
        {"export", "sbr", "turn SMS and MMS .msg files into an SMS Backup & Restore archive",
         "DIR... -o BACKUP.xml [--me NUMBER]",
         "Writes every SMS and MMS .msg file of the DIRs (searched recursively for .msg and\n"
         ".oft files, in any case, in path order; files may be given too) as one <sms> or\n"
         "<mms> element of BACKUP.xml, which the app can restore. Files that `import sbr`\n"
         "wrote give back their element; others (Outlook's) get the app's defaults for what\n"
         "they lack. A text part's text is written decoded, with chset the IANA number of the\n"
         "charset it declares, else 106 (UTF-8); an MMS without subject gets sub=\"null\".\n"
         "--me NUMBER is left out of the address of received messages. Other messages are\n"
         "skipped with a note. Prints a summary line; exit status 1 when a file could not be\n"
         "read. BACKUP.xml is replaced atomically.\n",
         with_body_limits({{"output", 'o', "BACKUP.xml", "the archive to write (required)"},
                           {"me", 0, "NUMBER", "the phone owner's number"}}),
         ONE_OR_MORE, sbr_export},
    };
}

}  // namespace msgforge::cli
