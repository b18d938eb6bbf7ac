// msgforge-bench: timings of the CFB reader and writer and of the .msg reader, one JSON line
// per run.
//   msgforge-bench read [--repeat R] FILE...
//       reads each .msg file in full (every property, every attachment's bytes, embedded
//       messages recursively, the bodies decoded or touched); best of R passes. "bytes" is the
//       sum of the file sizes.
//   msgforge-bench cfb-read [--repeat R] FILE...
//       opens each file, reads every stream and touches every byte; best of R passes.
//   msgforge-bench cfb-write --out FILE [--streams N] [--bytes B] [--v4] [--durable]
//       writes N streams of B bytes in all (sizes spread around B / N), in 100 storages.
//   msgforge-bench write [--repeat R] --n N --out DIR [--atomic|--durable]
//       builds and writes N notes as DIR/note-I.msg (subject, text body, sender, two
//       recipients, a 10 KB attachment, Outlook defaults with a fixed time), all in one
//       process; best of R passes. "bytes" is the sum of the written files' sizes. Each file
//       is Message::write() then fopen/fwrite/fclose, the I/O of node's fs.writeFileSync;
//       --atomic uses Message::write_file instead (temporary file and rename, no fsync);
//       --durable the same with fsync of the file and its folder (what single files get).
//   msgforge-bench rewrite [--repeat R] FILE...
//       reads each .msg file and writes it back unchanged to memory; best of R passes.
//       "bytes" is the sum of the rewritten files' sizes.
//   msgforge-bench records [--repeat R] [--bodies] FILE...
//       the normalised records of each file (json::file_records, what `msgforge records` does
//       per file, without writing them out), one thread; best of R passes. "bytes" is the sum
//       of the file sizes, "records" the records made, "cpu" the CPU seconds of the pass that
//       took the fewest.
//   msgforge-bench eml [--repeat R] FILE...
//       reads each .msg file and converts it to MIME in memory (mime::to_mime, what `msgforge
//       convert --to eml` does per file, without writing the .eml), one thread; best of R
//       passes, the way bench-corpus times msgconvert's conversion (perl-eom-mime: start-up paid
//       once, nothing written). "bytes" is the sum of the file sizes, "eml_bytes" of the MIME
//       made, "cpu" the CPU seconds of the pass that took the fewest.
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/json/records.hpp>
#include <msgforge/mime/to_mime.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The counts of one timed pass and the seconds it took.
template <typename Pass>
struct Timed {
    Pass pass;
    double seconds;
};

/// The fastest of `repeat` passes, each `run(pass)` on a fresh Pass.
template <typename Pass, typename Run>
Timed<Pass> best_of(uint64_t repeat, const Run& run) {
    Timed<Pass> best{{}, std::numeric_limits<double>::infinity()};
    for (uint64_t r = 0; r < repeat; ++r) {
        Pass pass;
        const auto start = Clock::now();
        run(pass);
        const double took = seconds_since(start);
        if (took < best.seconds) {
            best = {pass, took};
        }
    }
    return best;
}

uint64_t number(std::string_view option, const char* value) {
    if (value == nullptr) {
        throw std::invalid_argument(std::string(option) + " needs a value");
    }
    return std::stoull(value);
}

struct ReadPass {
    uint64_t files = 0;
    uint64_t streams = 0;
    uint64_t bytes = 0;
    uint64_t errors = 0;
    uint64_t checksum = 0;
};

/// The sum of the bytes, in blocks small enough for a 32-bit partial sum (255 * 2^24 < 2^32),
/// which the compiler turns into vector code; a 64-bit running sum per byte does not vectorise.
uint64_t byte_sum(std::span<const uint8_t> bytes) {
    constexpr size_t BLOCK = size_t{1} << 24;
    uint64_t sum = 0;
    for (size_t at = 0; at < bytes.size(); at += BLOCK) {
        uint32_t part = 0;
        for (const uint8_t b : bytes.subspan(at, std::min(BLOCK, bytes.size() - at))) {
            part += b;
        }
        sum += part;
    }
    return sum;
}

/// Every stream of one file, every byte summed so that none can be skipped.
void read_all(const std::string& path, ReadPass& pass) {
    const msgforge::cfb::Reader reader = msgforge::cfb::Reader::open(path);
    std::vector<msgforge::cfb::EntryId> pending{reader.root()};
    while (!pending.empty()) {
        const msgforge::cfb::EntryId storage = pending.back();
        pending.pop_back();
        for (const msgforge::cfb::EntryId id : reader.children(storage)) {
            const msgforge::cfb::Entry& e = reader.entry(id);
            if (e.is_storage()) {
                pending.push_back(id);
            } else if (e.is_stream()) {
                const msgforge::cfb::Blob data = reader.read(id);
                pass.checksum += byte_sum(data.span());
                pass.bytes += data.size();
                ++pass.streams;
            }
        }
    }
}

/// --repeat R and the files of a read command.
struct ReadArgs {
    uint64_t repeat = 1;
    std::vector<std::string> files;
};

ReadArgs read_args(const std::string& command, const std::vector<std::string>& args) {
    ReadArgs out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--repeat") {
            out.repeat = std::max<uint64_t>(
                1, number(args[i], i + 1 < args.size() ? args[i + 1].c_str() : nullptr));
            ++i;
        } else {
            out.files.push_back(args[i]);
        }
    }
    if (out.files.empty()) {
        throw std::invalid_argument(command + " needs files");
    }
    return out;
}

/// Touches one property value: every byte of binary values, the length of everything else.
uint64_t touch(const msgforge::msg::PropertyValue& value) {
    return std::visit(
        [](const auto& v) -> uint64_t {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, msgforge::cfb::Blob>) {
                return byte_sum(v.span());
            } else if constexpr (
                std::is_same_v<
                    T, msgforge::msg::RawValue> || std::is_same_v<T, msgforge::msg::ServerId>) {
                return byte_sum(v.bytes.span());
            } else if constexpr (std::is_same_v<
                                     T,
                                     std::u16string> || std::is_same_v<T, msgforge::msg::String8>) {
                return 1;
            } else if constexpr (requires { v.size(); }) {
                return v.size();
            } else {
                return 1;
            }
        },
        value.variant());
}

uint64_t touch(const msgforge::msg::ObjectBase& object) {
    uint64_t sum = 0;
    for (const msgforge::msg::Property& p : object.properties) {
        sum += touch(p.value);
    }
    return sum;
}

/// A whole message: properties, the plain-text body decoded, recipients, attachments (their
/// bytes are already touched with the properties) and embedded messages, recursively.
uint64_t touch(const msgforge::msg::Message& m) {
    namespace tags = msgforge::msg::tags;
    uint64_t sum = touch(static_cast<const msgforge::msg::ObjectBase&>(m));
    if (const auto body = m.string(tags::PidTagBody)) {
        sum += body->size();
    }
    for (const auto& r : m.recipients) {
        sum += touch(r);
    }
    for (const auto& a : m.attachments) {
        sum += touch(a);
        if (a.embedded) {
            sum += touch(*a.embedded);
        }
    }
    return sum;
}

int msg_read(const std::vector<std::string>& args) {
    const ReadArgs read = read_args("read", args);
    uint64_t file_bytes = 0;
    for (const std::string& f : read.files) {
        file_bytes += std::filesystem::file_size(f);
    }
    const auto [result, best] = best_of<ReadPass>(read.repeat, [&](ReadPass& pass) {
        for (const std::string& f : read.files) {
            ++pass.files;
            try {
                pass.checksum += touch(msgforge::msg::Message::read_file(f));
            } catch (const msgforge::Error&) {
                ++pass.errors;
            }
        }
    });
    std::cout << R"({"peer":"msgforge","files":)" << result.files << R"(,"bytes":)" << file_bytes
              << R"(,"seconds":)" << best << R"(,"errors":)" << result.errors << R"(,"checksum":)"
              << result.checksum << "}\n";
    return 0;
}

struct RecordsPass {
    uint64_t files = 0;
    uint64_t errors = 0;
    uint64_t records = 0;
    uint64_t record_bytes = 0;
};

int msg_records(std::vector<std::string> args) {
    msgforge::json::RecordOptions options;
    const auto bodies = std::find(args.begin(), args.end(), "--bodies");
    if (bodies != args.end()) {
        options.bodies = true;
        args.erase(bodies);
    }
    const ReadArgs read = read_args("records", args);
    uint64_t file_bytes = 0;
    for (const std::string& f : read.files) {
        file_bytes += std::filesystem::file_size(f);
    }
    // CPU time as well as wall time: other processes on the machine move it less.
    double best_cpu = std::numeric_limits<double>::infinity();
    const auto [result, best] = best_of<RecordsPass>(read.repeat, [&](RecordsPass& pass) {
        const std::clock_t cpu_start = std::clock();
        for (const std::string& f : read.files) {
            ++pass.files;
            const msgforge::json::FileRecords r = msgforge::json::file_records(f, options);
            pass.errors += r.failed ? 1 : 0;
            pass.records += r.lines.size();
            for (const std::string& line : r.lines) {
                pass.record_bytes += line.size();
            }
        }
        best_cpu =
            std::min(best_cpu, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    });
    std::cout << R"({"peer":"msgforge records","files":)" << result.files << R"(,"bytes":)"
              << file_bytes << R"(,"seconds":)" << best << R"(,"errors":)" << result.errors
              << R"(,"records":)" << result.records << R"(,"record_bytes":)" << result.record_bytes
              << R"(,"cpu":[)" << best_cpu << "]}\n";
    return 0;
}

struct EmlPass {
    uint64_t files = 0;
    uint64_t errors = 0;
    uint64_t eml_bytes = 0;
};

int msg_eml(const std::vector<std::string>& args) {
    const ReadArgs read = read_args("eml", args);
    uint64_t file_bytes = 0;
    for (const std::string& f : read.files) {
        file_bytes += std::filesystem::file_size(f);
    }
    double best_cpu = std::numeric_limits<double>::infinity();
    const auto [result, best] = best_of<EmlPass>(read.repeat, [&](EmlPass& pass) {
        const std::clock_t cpu_start = std::clock();
        for (const std::string& f : read.files) {
            ++pass.files;
            try {
                pass.eml_bytes +=
                    msgforge::mime::to_mime(msgforge::msg::Message::read_file(f)).size();
            } catch (const msgforge::Error&) {
                ++pass.errors;
            }
        }
        best_cpu =
            std::min(best_cpu, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    });
    std::cout << R"({"peer":"msgforge eml","files":)" << result.files << R"(,"bytes":)"
              << file_bytes << R"(,"seconds":)" << best << R"(,"errors":)" << result.errors
              << R"(,"eml_bytes":)" << result.eml_bytes << R"(,"cpu":[)" << best_cpu << "]}\n";
    return 0;
}

int cfb_read(const std::vector<std::string>& args) {
    const ReadArgs read = read_args("cfb-read", args);
    const auto [result, best] = best_of<ReadPass>(read.repeat, [&](ReadPass& pass) {
        for (const std::string& f : read.files) {
            ++pass.files;
            try {
                read_all(f, pass);
            } catch (const msgforge::FormatError&) {
                ++pass.errors;
            }
        }
    });
    std::cout << R"({"peer":"msgforge","files":)" << result.files << R"(,"streams":)"
              << result.streams << R"(,"bytes":)" << result.bytes << R"(,"seconds":)" << best
              << R"(,"errors":)" << result.errors << R"(,"checksum":)" << result.checksum << "}\n";
    return 0;
}

int cfb_write(const std::vector<std::string>& args) {
    std::string out;
    uint64_t streams = 20000;
    uint64_t bytes = 200'000'000;
    msgforge::cfb::WriteOptions options;
    options.durable = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const char* value = i + 1 < args.size() ? args[i + 1].c_str() : nullptr;
        if (args[i] == "--out" && value != nullptr) {
            out = value;
            ++i;
        } else if (args[i] == "--streams") {
            streams = std::max<uint64_t>(1, number(args[i], value));
            ++i;
        } else if (args[i] == "--bytes") {
            bytes = number(args[i], value);
            ++i;
        } else if (args[i] == "--v4") {
            options.version = msgforge::cfb::Version::V4;
        } else if (args[i] == "--durable") {
            options.durable = true;
        } else {
            throw std::invalid_argument("cfb-write: unexpected " + args[i]);
        }
    }
    if (out.empty()) {
        throw std::invalid_argument("cfb-write needs --out FILE");
    }
    // One buffer holds every stream's bytes; streams borrow slices of it. Sizes alternate
    // between half and one and a half times the mean, so that both mini and regular streams
    // occur when the mean is near the 4096-byte cutoff.
    std::vector<uint8_t> content(bytes);
    for (size_t i = 0; i < content.size(); ++i) {
        content[i] = static_cast<uint8_t>((i * 2654435761U) >> 13);
    }
    const uint64_t mean = bytes / streams;
    msgforge::cfb::Tree tree;
    uint64_t at = 0;
    for (uint64_t s = 0; s < streams; ++s) {
        uint64_t size = s % 2 == 0 ? mean / 2 : mean + mean / 2;
        if (s + 1 == streams) {
            size = bytes - at;
        }
        size = std::min(size, bytes - at);
        const std::string path =
            "storage " + std::to_string(s % 100) + "/stream " + std::to_string(s);
        tree.put_stream(path, msgforge::cfb::Blob::borrowed(
                                  std::span<const uint8_t>(content).subspan(at, size)));
        at += size;
    }
    const auto start = Clock::now();
    msgforge::cfb::write_file(tree, out, options);
    const double took = seconds_since(start);
    std::FILE* f = std::fopen(out.c_str(), "rb");
    long file_size = -1;
    if (f != nullptr && std::fseek(f, 0, SEEK_END) == 0) {
        file_size = std::ftell(f);
    }
    if (f != nullptr) {
        std::fclose(f);
    }
    std::cout << R"({"peer":"msgforge","op":"cfb-write","version":)"
              << (options.version == msgforge::cfb::Version::V4 ? 4 : 3) << R"(,"streams":)"
              << streams << R"(,"bytes":)" << bytes << R"(,"file_bytes":)" << file_size
              << R"(,"seconds":)" << took << R"(,"MB_per_s":)"
              << static_cast<double>(bytes) / 1e6 / took << "}\n";
    return 0;
}

struct WritePass {
    uint64_t messages = 0;
    uint64_t bytes = 0;
    uint64_t errors = 0;
};

void print_write(const WritePass& pass, double seconds) {
    std::cout << R"({"peer":"msgforge","messages":)" << pass.messages << R"(,"bytes":)"
              << pass.bytes << R"(,"seconds":)" << seconds << R"(,"errors":)" << pass.errors
              << "}\n";
}

/// The benchmark note (bench/oxmsg_write.js writes the same one with @tutao/oxmsg).
msgforge::msg::Message bench_note(uint64_t i, std::span<const uint8_t> attachment) {
    namespace msg = msgforge::msg;
    namespace tags = msgforge::msg::tags;
    msg::Message m;
    msg::set(m, tags::PidTagSubject, "Benchmark note " + std::to_string(i));
    msg::set(
        m, tags::PidTagBody,
        "Hello,\r\nthis is benchmark note " + std::to_string(i) + ".\r\n\r\nRegards,\r\nAlice");
    msg::set_sender(m, {"Alice Sender", "alice@example.com"});
    msg::add_recipient(m, msg::RecipientType::to, {"Bob Receiver", "bob@example.org"});
    msg::add_recipient(m, msg::RecipientType::cc, {"Carol Copy", "carol@example.net"});
    msg::add_attachment(m, "data.bin", msgforge::cfb::Blob::borrowed(attachment),
                        "application/octet-stream");
    msg::DefaultsOptions options;
    options.now = msgforge::FileTime::from_unix_seconds(1'700'000'000);
    msg::apply_outlook_defaults(m, options);
    return m;
}

/// Writes `bytes` to `file` (created or truncated); returns their count.
uint64_t save(const std::filesystem::path& file, const std::vector<uint8_t>& bytes) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr) {
        throw std::runtime_error("cannot create " + file.string());
    }
    const size_t written = std::fwrite(bytes.data(), 1, bytes.size(), f);
    if (std::fclose(f) != 0 || written != bytes.size()) {
        throw std::runtime_error("cannot write " + file.string());
    }
    return written;
}

int msg_write(const std::vector<std::string>& args) {
    uint64_t repeat = 1;
    uint64_t n = 0;
    std::filesystem::path out;
    bool atomic = false;
    bool durable = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const char* value = i + 1 < args.size() ? args[i + 1].c_str() : nullptr;
        if (args[i] == "--repeat") {
            repeat = std::max<uint64_t>(1, number(args[i], value));
            ++i;
        } else if (args[i] == "--atomic") {
            atomic = true;
        } else if (args[i] == "--durable") {
            atomic = true;
            durable = true;
        } else if (args[i] == "--n") {
            n = number(args[i], value);
            ++i;
        } else if (args[i] == "--out" && value != nullptr) {
            out = value;
            ++i;
        } else {
            throw std::invalid_argument("write: unexpected " + args[i]);
        }
    }
    if (n == 0 || out.empty()) {
        throw std::invalid_argument("write needs --n N and --out DIR");
    }
    std::filesystem::create_directories(out);
    std::vector<uint8_t> attachment(10 * 1024);
    for (size_t i = 0; i < attachment.size(); ++i) {
        attachment[i] = static_cast<uint8_t>((i * 2654435761U) >> 13);
    }
    msgforge::msg::WriteOptions options;
    options.durable = durable;
    const auto [result, best] = best_of<WritePass>(repeat, [&](WritePass& pass) {
        for (uint64_t i = 0; i < n; ++i) {
            const std::filesystem::path file = out / ("note-" + std::to_string(i) + ".msg");
            ++pass.messages;
            try {
                const msgforge::msg::Message m = bench_note(i, attachment);
                if (atomic) {
                    m.write_file(file, options);
                    pass.bytes += std::filesystem::file_size(file);
                } else {
                    pass.bytes += save(file, m.write(options));
                }
            } catch (const std::exception&) {
                ++pass.errors;
            }
        }
    });
    print_write(result, best);
    return 0;
}

int msg_rewrite(const std::vector<std::string>& args) {
    const ReadArgs read = read_args("rewrite", args);
    const auto [result, best] = best_of<WritePass>(read.repeat, [&](WritePass& pass) {
        for (const std::string& f : read.files) {
            ++pass.messages;
            try {
                pass.bytes += msgforge::msg::Message::read_file(f).write().size();
            } catch (const std::exception&) {
                ++pass.errors;
            }
        }
    });
    print_write(result, best);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
    const std::string command = argc > 1 ? argv[1] : "";
    try {
        if (command == "read") {
            return msg_read(args);
        }
        if (command == "cfb-read") {
            return cfb_read(args);
        }
        if (command == "cfb-write") {
            return cfb_write(args);
        }
        if (command == "write") {
            return msg_write(args);
        }
        if (command == "rewrite") {
            return msg_rewrite(args);
        }
        if (command == "records") {
            return msg_records(args);
        }
        if (command == "eml") {
            return msg_eml(args);
        }
        std::cerr
            << "usage: msgforge-bench read [--repeat R] FILE...\n"
               "       msgforge-bench cfb-read [--repeat R] FILE...\n"
               "       msgforge-bench cfb-write --out FILE [--streams N] [--bytes B] "
               "[--v4] [--durable]\n"
               "       msgforge-bench write [--repeat R] --n N --out DIR [--atomic|--durable]\n"
               "       msgforge-bench rewrite [--repeat R] FILE...\n"
               "       msgforge-bench records [--repeat R] [--bodies] FILE...\n"
               "       msgforge-bench eml [--repeat R] FILE...\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "msgforge-bench: " << e.what() << '\n';
        return 2;
    }
}
