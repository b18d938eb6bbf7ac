// RecurrencePattern and AppointmentRecurrencePattern (MS-OXOCAL 2.2.1.44.1, 2.2.1.44.5) read
// with the bounds-checked ByteReader, and said in English.
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/msg/items.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace msgforge::msg {

namespace {

constexpr uint64_t TICKS_PER_MINUTE = 600'000'000;
constexpr uint32_t MINUTES_PER_DAY = 1440;
constexpr uint32_t MONTHS_PER_YEAR = 12;

constexpr std::array<std::string_view, 7> DAY_NAMES = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> MONTH_NAMES = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 5> ORDINALS = {"first", "second", "third", "fourth", "last"};

/// Minutes since 1601-01-01 as a FileTime.
FileTime from_minutes(uint32_t minutes) {
    return FileTime{minutes * TICKS_PER_MINUTE};
}

std::string hex16(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04X", v);
    return buf;
}

RecurrenceFrequency read_frequency(ByteReader& r) {
    const uint16_t v = r.u16();
    switch (v) {
        case 0x200A:
            return RecurrenceFrequency::daily;
        case 0x200B:
            return RecurrenceFrequency::weekly;
        case 0x200C:
            return RecurrenceFrequency::monthly;
        case 0x200D:
            return RecurrenceFrequency::yearly;
        default:
            r.seek(r.position() - 2);
            r.fail("RecurFrequency " + hex16(v) + " unknown");
    }
}

RecurrencePatternType read_pattern_type(ByteReader& r) {
    const uint16_t v = r.u16();
    switch (v) {
        case 0x0000:
            return RecurrencePatternType::day;
        case 0x0001:
            return RecurrencePatternType::week;
        case 0x0002:
            return RecurrencePatternType::month;
        case 0x0003:
            return RecurrencePatternType::month_nth;
        case 0x0004:
            return RecurrencePatternType::month_end;
        case 0x000A:
            return RecurrencePatternType::hijri_month;
        case 0x000B:
            return RecurrencePatternType::hijri_month_nth;
        case 0x000C:
            return RecurrencePatternType::hijri_month_end;
        default:
            r.seek(r.position() - 2);
            r.fail("PatternType " + hex16(v) + " unknown");
    }
}

RecurrenceEnd read_end_type(ByteReader& r) {
    const uint32_t v = r.u32();
    switch (v) {
        case 0x2021:
            return RecurrenceEnd::by_date;
        case 0x2022:
            return RecurrenceEnd::after_occurrences;
        case 0x2023:
        case 0xFFFFFFFF:
            return RecurrenceEnd::never;
        default:
            r.seek(r.position() - 4);
            r.fail("EndType " + hex16(v) + " unknown");
    }
}

/// PatternTypeSpecific (2.2.1.44.1.2-2.2.1.44.1.6): nothing for day, a day mask for week, a
/// day of the month for month and month_end, a day mask and N for month_nth.
void read_pattern_specific(ByteReader& r, Recurrence& out) {
    switch (out.pattern) {
        case RecurrencePatternType::day:
            return;
        case RecurrencePatternType::week:
            out.days_of_week = static_cast<uint8_t>(r.u32() & ALL_DAYS);
            return;
        case RecurrencePatternType::month:
        case RecurrencePatternType::month_end:
        case RecurrencePatternType::hijri_month:
        case RecurrencePatternType::hijri_month_end:
            out.day_of_month = r.u32();
            return;
        case RecurrencePatternType::month_nth:
        case RecurrencePatternType::hijri_month_nth: {
            out.days_of_week = static_cast<uint8_t>(r.u32() & ALL_DAYS);
            const size_t at = r.position();
            out.nth = r.u32();
            if (out.nth < 1 || out.nth > 5) {
                r.seek(at);
                r.fail("N " + std::to_string(out.nth) + " is not 1-5");
            }
            return;
        }
    }
}

/// A count, then that many dates; the count is checked against the bytes left first.
std::vector<FileTime> read_dates(ByteReader& r, const char* what) {
    const size_t at = r.position();
    const uint32_t count = r.u32();
    if (count > r.remaining() / 4) {
        r.seek(at);
        r.fail(std::string(what) + " " + std::to_string(count) + " needs more bytes than the "
               + std::to_string(r.remaining() - 4) + " left");
    }
    std::vector<FileTime> dates;
    dates.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        dates.push_back(from_minutes(r.u32()));
    }
    return dates;
}

uint32_t interval_of(const Recurrence& out) {
    if (out.frequency == RecurrenceFrequency::daily) {
        return out.pattern == RecurrencePatternType::day ? out.period / MINUTES_PER_DAY : 1;
    }
    if (out.frequency == RecurrenceFrequency::yearly) {
        return out.period / MONTHS_PER_YEAR;
    }
    return out.period;
}

Recurrence read_pattern(ByteReader& r) {
    Recurrence out;
    r.skip(4);  // ReaderVersion, WriterVersion (0x3004)
    out.frequency = read_frequency(r);
    out.pattern = read_pattern_type(r);
    out.calendar_type = r.u16();
    r.skip(4);  // FirstDateTime
    out.period = r.u32();
    r.skip(4);  // SlidingFlag
    read_pattern_specific(r, out);
    out.end = read_end_type(r);
    out.occurrences = r.u32();
    out.first_day_of_week = r.u32();
    out.deleted = read_dates(r, "DeletedInstanceCount");
    out.modified = read_dates(r, "ModifiedInstanceCount");
    out.start_date = from_minutes(r.u32());
    out.end_date = from_minutes(r.u32());
    out.interval = interval_of(out);
    return out;
}

std::string date_text(const FileTime& t) {
    return t.to_iso().substr(0, 10);
}

unsigned month_of(const FileTime& t) {
    return static_cast<unsigned>(std::stoi(t.to_iso().substr(5, 2)));
}

std::string clock_text(uint32_t minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u:%02u", minutes / 60 % 24, minutes % 60);
    return buf;
}

/// "Monday", "Monday and Thursday", "Monday, Tuesday and Friday".
std::string day_list(uint8_t mask) {
    std::vector<std::string_view> days;
    for (size_t i = 0; i < DAY_NAMES.size(); ++i) {
        if ((mask >> i) & 1) {
            days.push_back(DAY_NAMES[i]);
        }
    }
    std::string out;
    for (size_t i = 0; i < days.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == days.size() ? " and " : ", ");
        out += days[i];
    }
    return out.empty() ? "no day" : out;
}

/// What the nth of a day mask falls on: "Friday", "weekday", "weekend day", "day".
std::string nth_day(uint8_t mask) {
    switch (mask) {
        case ALL_DAYS:
            return "day";
        case WEEKDAYS:
            return "weekday";
        case WEEKEND_DAYS:
            return "weekend day";
        default:
            return day_list(mask);
    }
}

/// "first" ... "fourth", "last" for N of a month_nth pattern (a value the reader refuses, in a
/// Recurrence made by hand, as "Nth").
std::string ordinal(uint32_t nth) {
    return nth >= 1 && nth <= ORDINALS.size() ? std::string(ORDINALS[nth - 1])
                                              : std::to_string(nth) + "th";
}

/// "daily", "every 2 days"; `unit` singular.
std::string every(uint32_t interval, std::string_view adverb, std::string_view unit) {
    if (interval <= 1) {
        return std::string(adverb);
    }
    return "every " + std::to_string(interval) + " " + std::string(unit) + "s";
}

bool is_gregorian(uint16_t calendar_type) {
    return calendar_type <= 2 || (calendar_type >= 9 && calendar_type <= 12);
}

/// The day in the month: "on day 12", "on the last day", "on the second Tuesday", with the
/// month for a yearly recurrence in the Gregorian calendar ("on November 24").
std::string month_day_text(const Recurrence& r) {
    const bool yearly = r.frequency == RecurrenceFrequency::yearly;
    const bool named_month = yearly && is_gregorian(r.calendar_type) && r.start_date.ticks != 0;
    const std::string month =
        named_month ? std::string(MONTH_NAMES[month_of(r.start_date) - 1]) : std::string();
    switch (r.pattern) {
        case RecurrencePatternType::month_end:
        case RecurrencePatternType::hijri_month_end:
            return "on the last day" + (named_month ? " of " + month : std::string());
        case RecurrencePatternType::month_nth:
        case RecurrencePatternType::hijri_month_nth:
            return "on the " + ordinal(r.nth) + " " + nth_day(r.days_of_week)
                   + (named_month ? " of " + month : std::string());
        default:
            return named_month ? "on " + month + " " + std::to_string(r.day_of_month)
                               : "on day " + std::to_string(r.day_of_month);
    }
}

std::string pattern_text(const Recurrence& r) {
    switch (r.frequency) {
        case RecurrenceFrequency::daily:
            return r.pattern == RecurrencePatternType::week ? "every weekday"
                                                            : every(r.interval, "daily", "day");
        case RecurrenceFrequency::weekly:
            return every(r.interval, "weekly", "week") + " on " + day_list(r.days_of_week);
        case RecurrenceFrequency::monthly:
            return every(r.interval, "monthly", "month") + " " + month_day_text(r);
        case RecurrenceFrequency::yearly:
            return every(r.interval, "yearly", "year") + " " + month_day_text(r);
    }
    return {};
}

std::string range_text(const Recurrence& r) {
    if (r.start_date.ticks == 0) {
        return {};
    }
    std::string out = ", from " + date_text(r.start_date);
    if (r.end == RecurrenceEnd::by_date) {
        out += " until " + date_text(r.end_date);
    } else if (r.end == RecurrenceEnd::after_occurrences) {
        out += ", " + std::to_string(r.occurrences)
               + (r.occurrences == 1 ? " occurrence" : " occurrences");
    }
    return out;
}

}  // namespace

Recurrence parse_recurrence_pattern(std::span<const uint8_t> blob, std::string_view property) {
    ByteReader r(blob, std::string(property));
    return read_pattern(r);
}

Recurrence parse_appointment_recurrence(std::span<const uint8_t> blob, std::string_view property) {
    ByteReader r(blob, std::string(property));
    Recurrence out = read_pattern(r);
    r.skip(8);  // ReaderVersion2 (0x3006), WriterVersion2
    out.start_minute = r.u32();
    out.end_minute = r.u32();
    out.exception_count = r.u16();
    return out;
}

std::string calendar_type_name(uint16_t calendar_type) {
    static constexpr std::array<std::string_view, 24> names = {"Gregorian",
                                                               "Gregorian",
                                                               "Gregorian (US English)",
                                                               "Japanese Emperor Era",
                                                               "Taiwan",
                                                               "Korean Tangun Era",
                                                               "Hijri",
                                                               "Thai",
                                                               "Hebrew",
                                                               "Gregorian (Middle East French)",
                                                               "Gregorian (Arabic)",
                                                               "Gregorian (transliterated English)",
                                                               "Gregorian (transliterated French)",
                                                               "",
                                                               "Japanese lunar",
                                                               "Chinese lunar",
                                                               "Saka Era",
                                                               "Chinese lunar (Eto)",
                                                               "Korean lunar (Eto)",
                                                               "Japanese lunar (Rokuyou)",
                                                               "Korean lunar",
                                                               "",
                                                               "",
                                                               "Umm al-Qura"};
    if (calendar_type < names.size() && !names[calendar_type].empty()) {
        return std::string(names[calendar_type]);
    }
    return "calendar type " + std::to_string(calendar_type);
}

std::string describe(const Recurrence& r) {
    std::string out = pattern_text(r);
    const bool hijri_pattern = r.pattern >= RecurrencePatternType::hijri_month;
    if (!is_gregorian(r.calendar_type)) {
        out += " (" + calendar_type_name(r.calendar_type) + " calendar)";
    } else if (hijri_pattern) {
        out += " (Hijri calendar)";
    }
    if (r.start_minute && r.end_minute
        && !(*r.start_minute == 0 && *r.end_minute % MINUTES_PER_DAY == 0)) {
        out += ", " + clock_text(*r.start_minute) + "-" + clock_text(*r.end_minute);
    }
    return out + range_text(r);
}

}  // namespace msgforge::msg
