// Fuzz target: read a recurrence blob both ways, as an AppointmentRecurrencePattern and as a
// bare RecurrencePattern (MS-OXOCAL 2.2.1.44), and say it in words. Only FormatError may escape;
// a blob read as an AppointmentRecurrencePattern reads the same as its RecurrencePattern.
#include <msgforge/base/error.hpp>
#include <msgforge/msg/items.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge;
    const std::span<const uint8_t> blob(data, size);
    msg::Recurrence pattern;
    try {
        pattern = msg::parse_recurrence_pattern(blob);
    } catch (const FormatError&) {
        return 0;
    }
    if (msg::describe(pattern).empty()) {
        __builtin_trap();
    }
    try {
        const msg::Recurrence appointment = msg::parse_appointment_recurrence(blob);
        if (appointment.start_date != pattern.start_date || appointment.end != pattern.end
            || appointment.deleted.size() != pattern.deleted.size() || !appointment.start_minute
            || msg::describe(appointment).empty()) {
            __builtin_trap();
        }
    } catch (const FormatError&) {
    }
    return 0;
}
