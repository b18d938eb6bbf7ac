// Recurrence blobs (MS-OXOCAL 2.2.1.44.1, 2.2.1.44.5) written field by field here, read by
// parse_appointment_recurrence() / parse_recurrence_pattern() and said by describe().
#include "recurrence_blob.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/msg/items.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace msgforge;
using namespace msgforge::msg;
using test::minutes_of;
using test::RecurrenceBlob;

TEST_CASE("recurrence: weekly with times and an end date") {
    RecurrenceBlob b;  // weekly on Monday, 16:00-16:30
    b.start = minutes_of("2023-01-06");
    b.end = minutes_of("2023-12-29");
    const Recurrence r = parse_appointment_recurrence(b.bytes());
    CHECK(r.frequency == RecurrenceFrequency::weekly);
    CHECK(r.pattern == RecurrencePatternType::week);
    CHECK(r.days_of_week == 0x02);
    CHECK(r.interval == 1);
    CHECK(r.end == RecurrenceEnd::by_date);
    CHECK(r.start_date.to_iso() == "2023-01-06T00:00:00.0000000Z");
    CHECK(r.end_date.to_iso() == "2023-12-29T00:00:00.0000000Z");
    CHECK(r.start_minute == 960u);
    CHECK(r.end_minute == 990u);
    CHECK(describe(r) == "weekly on Monday, 16:00-16:30, from 2023-01-06 until 2023-12-29");
}

TEST_CASE("recurrence: daily, every weekday and every N weeks") {
    RecurrenceBlob b;
    b.frequency = 0x200A;
    b.type = 0x0000;
    b.specific = {};
    b.period = 2 * 1440;
    b.with_times = false;
    Recurrence r = parse_recurrence_pattern(b.bytes());
    CHECK(r.interval == 2);
    CHECK(describe(r) == "every 2 days");
    b.period = 1440;
    CHECK(describe(parse_recurrence_pattern(b.bytes())) == "daily");

    b.type = 0x0001;  // daily frequency, week pattern: Monday to Friday
    b.specific = {0x3E};
    b.period = 1;
    CHECK(describe(parse_recurrence_pattern(b.bytes())) == "every weekday");

    RecurrenceBlob w;
    w.period = 2;
    w.specific = {0x12};  // Monday and Thursday
    w.end_type = 0x2022;
    w.occurrences = 10;
    w.start = minutes_of("2017-01-19");
    w.start_minute = 22 * 60 + 30;
    w.end_minute = 23 * 60;
    r = parse_appointment_recurrence(w.bytes());
    CHECK(r.end == RecurrenceEnd::after_occurrences);
    CHECK(r.occurrences == 10);
    CHECK(describe(r)
          == "every 2 weeks on Monday and Thursday, 22:30-23:00, from 2017-01-19, 10 occurrences");
    w.specific = {0x2A};
    w.end_type = 0x2023;
    CHECK(describe(parse_appointment_recurrence(w.bytes()))
          == "every 2 weeks on Monday, Wednesday and Friday, 22:30-23:00, from 2017-01-19");
    w.end_type = 0xFFFFFFFF;
    CHECK(parse_appointment_recurrence(w.bytes()).end == RecurrenceEnd::never);
}

TEST_CASE("recurrence: monthly on a day, on the nth weekday, on the last day") {
    RecurrenceBlob b;
    b.frequency = 0x200C;
    b.type = 0x0002;
    b.specific = {12};
    b.period = 3;
    b.with_times = false;
    Recurrence r = parse_recurrence_pattern(b.bytes());
    CHECK(r.day_of_month == 12);
    CHECK(describe(r) == "every 3 months on day 12");

    b.type = 0x0003;
    b.specific = {0x20, 5};
    b.period = 1;
    r = parse_recurrence_pattern(b.bytes());
    CHECK(r.pattern == RecurrencePatternType::month_nth);
    CHECK(r.nth == 5);
    CHECK(describe(r) == "monthly on the last Friday");
    b.specific = {0x3E, 2};
    CHECK(describe(parse_recurrence_pattern(b.bytes())) == "monthly on the second weekday");
    b.specific = {0x41, 1};
    CHECK(describe(parse_recurrence_pattern(b.bytes())) == "monthly on the first weekend day");

    b.type = 0x0004;
    b.specific = {31};
    CHECK(describe(parse_recurrence_pattern(b.bytes())) == "monthly on the last day");

    Recurrence made;  // by hand, with an N the reader refuses
    made.frequency = RecurrenceFrequency::monthly;
    made.pattern = RecurrencePatternType::month_nth;
    made.days_of_week = 0x04;
    made.nth = 7;
    CHECK(describe(made) == "monthly on the 7th Tuesday");
}

TEST_CASE("recurrence: yearly, named by the month of the first occurrence") {
    RecurrenceBlob b;
    b.frequency = 0x200D;
    b.type = 0x0002;
    b.specific = {24};
    b.period = 12;
    b.start = minutes_of("2022-11-24");
    b.end_type = 0x2023;
    b.start_minute = 0;
    b.end_minute = 1440;  // all day: no times said
    Recurrence r = parse_appointment_recurrence(b.bytes());
    CHECK(r.interval == 1);
    CHECK(describe(r) == "yearly on November 24, from 2022-11-24");

    b.type = 0x0003;
    b.specific = {0x10, 4};
    b.period = 24;
    CHECK(describe(parse_appointment_recurrence(b.bytes()))
          == "every 2 years on the fourth Thursday of November, from 2022-11-24");
}

TEST_CASE("recurrence: Hijri patterns and other calendars are said as such") {
    RecurrenceBlob b;
    b.frequency = 0x200C;
    b.type = 0x000A;
    b.specific = {5};
    b.period = 1;
    b.with_times = false;
    Recurrence r = parse_recurrence_pattern(b.bytes());
    CHECK(r.pattern == RecurrencePatternType::hijri_month);
    CHECK(describe(r) == "monthly on day 5 (Hijri calendar)");

    b.frequency = 0x200D;
    b.type = 0x0002;
    b.calendar = 8;
    b.period = 12;
    b.end_type = 0x2023;
    b.start = minutes_of("2023-09-16");
    r = parse_recurrence_pattern(b.bytes());
    CHECK(r.calendar_type == 8);
    CHECK(describe(r) == "yearly on day 5 (Hebrew calendar), from 2023-09-16");
    CHECK(calendar_type_name(6) == "Hijri");
    CHECK(calendar_type_name(13) == "calendar type 13");
}

TEST_CASE("recurrence: deleted and modified instances") {
    RecurrenceBlob b;
    b.deleted = {minutes_of("2023-01-09"), minutes_of("2023-01-16")};
    b.modified = {minutes_of("2023-01-17")};
    const Recurrence r = parse_appointment_recurrence(b.bytes());
    REQUIRE(r.deleted.size() == 2);
    CHECK(r.deleted[1].to_iso() == "2023-01-16T00:00:00.0000000Z");
    REQUIRE(r.modified.size() == 1);
    CHECK(r.modified[0].to_iso() == "2023-01-17T00:00:00.0000000Z");
    CHECK(r.start_minute == 960u);
}

TEST_CASE("recurrence: every cut of a blob is a FormatError naming the property") {
    RecurrenceBlob b;
    b.deleted = {minutes_of("2023-01-09")};
    const std::vector<uint8_t> whole = b.bytes();
    REQUIRE_NOTHROW(parse_appointment_recurrence(whole));
    // The reader stops after ExceptionCount: the two reserved block sizes after it are not read.
    const size_t read_part = whole.size() - 8;
    REQUIRE_NOTHROW(parse_appointment_recurrence(std::span(whole.data(), read_part)));
    for (size_t n = 0; n < read_part; ++n) {
        const std::span<const uint8_t> cut(whole.data(), n);
        try {
            parse_appointment_recurrence(cut);
            FAIL("a blob of " << n << " bytes was read");
        } catch (const FormatError& e) {
            CHECK(e.location().structure == "PidLidAppointmentRecur");
            REQUIRE(e.location().offset.has_value());
            CHECK(*e.location().offset <= n);
        }
    }
}

TEST_CASE("recurrence: values the structure does not allow are refused where they are") {
    const auto offset_of = [](const RecurrenceBlob& b) -> uint64_t {
        try {
            parse_appointment_recurrence(b.bytes());
        } catch (const FormatError& e) {
            return e.location().offset.value_or(999);
        }
        return 0;
    };
    RecurrenceBlob b;
    b.frequency = 0x1234;
    CHECK(offset_of(b) == 4);
    b = RecurrenceBlob{};
    b.type = 0x0007;
    CHECK(offset_of(b) == 6);
    b = RecurrenceBlob{};
    b.end_type = 0x2024;
    CHECK(offset_of(b) == 26);  // after the 4-byte day mask of a week pattern
    b = RecurrenceBlob{};
    b.type = 0x0003;
    b.frequency = 0x200C;
    b.specific = {0x20, 6};
    CHECK(offset_of(b) == 26);
    b = RecurrenceBlob{};
    b.deleted_count = 0xFFFFFFFF;  // far more dates than bytes: refused before any allocation
    CHECK(offset_of(b) == 38);
}
