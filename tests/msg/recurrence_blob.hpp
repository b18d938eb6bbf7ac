// AppointmentRecurrencePattern blobs (MS-OXOCAL 2.2.1.44.5) written field by field, for the
// recurrence and item view tests.
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/filetime.hpp>

#include <optional>
#include <string>
#include <vector>

namespace msgforge::test {

/// Minutes from 1601-01-01 to midnight of a "YYYY-MM-DD" date.
inline uint32_t minutes_of(const std::string& date) {
    return static_cast<uint32_t>(FileTime::parse(date + "T00:00:00Z")->ticks / 600'000'000);
}

/// Defaults: weekly on Monday, every week, ending by date, 16:00-16:30.
struct RecurrenceBlob {
    uint16_t frequency = 0x200B;
    uint16_t type = 0x0001;
    uint16_t calendar = 0;
    uint32_t period = 1;
    std::vector<uint32_t> specific = {0x02};
    uint32_t end_type = 0x2021;
    uint32_t occurrences = 0;
    std::vector<uint32_t> deleted;
    std::optional<uint32_t> deleted_count;  ///< overrides deleted.size()
    std::vector<uint32_t> modified;
    uint32_t start = 0;
    uint32_t end = 0;
    bool with_times = true;  ///< AppointmentRecurrencePattern, not a bare RecurrencePattern
    uint32_t start_minute = 960;
    uint32_t end_minute = 990;

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out;
        ByteWriter w(out);
        w.u16(0x3004);
        w.u16(0x3004);
        w.u16(frequency);
        w.u16(type);
        w.u16(calendar);
        w.u32(0);  // FirstDateTime
        w.u32(period);
        w.u32(0);  // SlidingFlag
        for (const uint32_t v : specific) {
            w.u32(v);
        }
        w.u32(end_type);
        w.u32(occurrences);
        w.u32(0);  // FirstDOW
        w.u32(deleted_count.value_or(static_cast<uint32_t>(deleted.size())));
        for (const uint32_t d : deleted) {
            w.u32(d);
        }
        w.u32(static_cast<uint32_t>(modified.size()));
        for (const uint32_t d : modified) {
            w.u32(d);
        }
        w.u32(start);
        w.u32(end);
        if (with_times) {
            w.u32(0x3006);
            w.u32(0x3009);
            w.u32(start_minute);
            w.u32(end_minute);
            w.u16(0);  // ExceptionCount
            w.u32(0);  // ReservedBlock1Size
            w.u32(0);  // ReservedBlock2Size
        }
        return out;
    }
};

}  // namespace msgforge::test
