// What every part of reading one compound file shares: the file's name for errors, the
// options, the warnings found so far, and the counting of steps (ReadOptions::stats).
#pragma once

#include <msgforge/cfb/reader.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::cfb::detail {

class ReadContext {
public:
    ReadContext(std::string name, const ReadOptions& options)
        : name_(std::move(name)), options_(options) {}

    /// The file's name in messages.
    const std::string& name() const { return name_; }

    const ReadOptions& options() const { return options_; }

    const Limits& limits() const { return options_.limits; }

    /// Throws FormatError: `structure` at file offset `offset` (if known), then `detail`.
    [[noreturn]] void fail(std::string structure, std::optional<uint64_t> offset,
                           std::string detail) const;

    /// Throws LimitError, a FormatError for a file beyond ReadOptions::limits.
    [[noreturn]] void fail_limit(std::string structure, uint64_t offset, std::string detail) const;

    /// Notes a tolerated oddity; with ReadOptions::strict, throws it as a FormatError instead.
    void warn(std::string structure, std::optional<uint64_t> offset, std::string message);

    const std::vector<Warning>& warnings() const { return warnings_; }

private:
    std::string name_;
    ReadOptions options_;
    std::vector<Warning> warnings_;
};

/// Counts the steps of one loop and adds them to ReadOptions::stats when the loop's scope ends,
/// by a throw too.
class StepCounter {
public:
    explicit StepCounter(const ReadContext& context) : stats_(context.options().stats) {}

    StepCounter(const StepCounter&) = delete;
    StepCounter& operator=(const StepCounter&) = delete;

    ~StepCounter() {
        if (stats_ != nullptr) {
            stats_->steps.fetch_add(steps_, std::memory_order_relaxed);
        }
    }

    void step() { ++steps_; }

private:
    Stats* stats_;
    uint64_t steps_ = 0;
};

}  // namespace msgforge::cfb::detail
