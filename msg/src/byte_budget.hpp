// Limits::max_total_bytes for one reading of a file: the bytes the reader materialises, counted
// before each stream is read and each value decoded.
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/message.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace msgforge::msg {

class ByteBudget {
public:
    ByteBudget(const cfb::Reader& reader, const Limits& limits)
        : reader_(reader),
          limit_(limits.max_total_bytes != 0 ? limits.max_total_bytes
                                             : default_limit(reader.file_size())) {}

    /// Counts `n` bytes. When they bring the total past the limit, throws LimitError naming
    /// the structure `describe()` returns (called only then).
    template <class Describe>
    void charge(uint64_t n, const Describe& describe) {
        if (n > limit_ - used_) {
            fail(n, describe());
        }
        used_ += n;
    }

    /// Counts the bytes of stream `id` before it is read. A size beyond the file counts as the
    /// file's size: reading such a stream fails, and that error is the one to report.
    void charge_stream(cfb::EntryId id) {
        charge(std::min(reader_.entry(id).size, reader_.file_size()),
               [&] { return reader_.path_of(id); });
    }

private:
    static uint64_t default_limit(uint64_t file_size) {
        const uint64_t scaled = checked_mul<uint64_t>(file_size, DEFAULT_TOTAL_BYTES_RATIO)
                                    .value_or(std::numeric_limits<uint64_t>::max());
        return checked_add<uint64_t>(scaled, DEFAULT_TOTAL_BYTES_EXTRA)
            .value_or(std::numeric_limits<uint64_t>::max());
    }

    [[noreturn]] void fail(uint64_t n, std::string structure) const {
        throw LimitError(Location{reader_.file_name(), std::move(structure), std::nullopt},
                         "materialising " + std::to_string(n)
                             + " more bytes would pass the limit of " + std::to_string(limit_)
                             + " bytes read out of the file (" + std::to_string(used_)
                             + " so far)");
    }

    const cfb::Reader& reader_;
    uint64_t limit_;
    uint64_t used_ = 0;
};

}  // namespace msgforge::msg
