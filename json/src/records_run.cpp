// records(): file_records() over many files on worker threads, handed on in input order;
// write_records(): the same into a file.
#include "records_read.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/json/records.hpp>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace msgforge::json {

namespace {

/// Files finished by the workers, waiting for their turn; workers run at most `window` files
/// ahead of the one the calling thread hands on next.
class Ordered {
public:
    Ordered(size_t count, size_t window) : count_(count), window_(window) {}

    /// The next file for a worker to do, or nullopt when all are taken. Waits while the worker
    /// would get too far ahead.
    std::optional<size_t> take() {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return next_ >= count_ || next_ < emitted_ + window_; });
        if (next_ >= count_) {
            return std::nullopt;
        }
        return next_++;
    }

    void put(size_t index, FileRecords records) {
        {
            const std::lock_guard lock(mutex_);
            done_.emplace(index, std::move(records));
        }
        ready_.notify_one();
    }

    /// Hands out no more files (the calling thread gave up).
    void stop() {
        {
            const std::lock_guard lock(mutex_);
            next_ = count_;
        }
        room_.notify_all();
    }

    /// The records of file `index`, waiting until a worker has done it.
    FileRecords get(size_t index) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return done_.count(index) != 0; });
        FileRecords r = std::move(done_.at(index));
        done_.erase(index);
        emitted_ = index + 1;
        lock.unlock();
        room_.notify_all();
        return r;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable room_;
    std::map<size_t, FileRecords> done_;
    size_t count_;
    size_t window_;
    size_t next_ = 0;
    size_t emitted_ = 0;
};

}  // namespace

RecordsSummary records(const std::vector<std::filesystem::path>& files,
                       const RecordOptions& options, unsigned threads,
                       const std::function<void(const std::string& line)>& sink,
                       const std::function<void(size_t done)>& progress) {
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(files.size(), 1)));
    RecordsSummary summary;
    const auto hand_on = [&](const FileRecords& r) {
        ++summary.files;
        summary.failed += r.failed ? 1 : 0;
        for (const std::string& line : r.lines) {
            sink(line);
            ++summary.records;
        }
        if (progress) {
            progress(summary.files);
        }
    };
    if (threads <= 1) {
        detail::ReadBuffer buffer;
        for (const auto& file : files) {
            hand_on(detail::file_records(file, options, buffer));
        }
        return summary;
    }
    Ordered queue(files.size(), size_t{4} * threads);
    std::vector<std::jthread> workers;
    for (unsigned i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            detail::ReadBuffer buffer;
            while (const auto index = queue.take()) {
                queue.put(*index, detail::file_records(files[*index], options, buffer));
            }
        });
    }
    try {
        for (size_t i = 0; i < files.size(); ++i) {
            hand_on(queue.get(i));
        }
    } catch (...) {
        queue.stop();
        throw;
    }
    return summary;
}

RecordsSummary write_records(const std::vector<std::filesystem::path>& files,
                             const RecordOptions& options, unsigned threads,
                             const std::filesystem::path& out,
                             const std::function<void(size_t done)>& progress) {
    constexpr size_t BLOCK = 1u << 20;
    AtomicFile file(out, false);
    std::string block;
    const RecordsSummary summary = records(
        files, options, threads,
        [&](const std::string& line) {
            block += line;
            block += '\n';
            if (block.size() >= BLOCK) {
                file.write(as_bytes(block));
                block.clear();
            }
        },
        progress);
    file.write(as_bytes(block));
    file.commit();
    return summary;
}

}  // namespace msgforge::json
