// The typed views of real appointments, a meeting request, contacts, tasks and sticky notes of
// the corpus (../shared/corpus). The expected values come from outside msgforge: the file names
// and subjects (what the msgreader test suite says each file holds), the recurrence text Outlook
// stored beside the blob (PidLidRecurrencePattern, e.g. "月曜日 ごと、16:00 から 16:30") and
// what extract_msg 0.54.1 reads (../shared/peers/extract_msg). Exits 77 (CTest: skipped) when
// the corpus is absent.
#include "support/support.hpp"

#include <msgforge/msg/items.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>
#include <string>

namespace msgforge::test {
namespace {

template <typename T>
T view_of(const std::string& file) {
    const msg::Message m = msg::Message::read_file(corpus_dir() / file);
    const auto v = msg::item_view(m);
    REQUIRE(v.has_value());
    REQUIRE(std::holds_alternative<T>(*v));
    return std::get<T>(*v);
}

msg::Recurrence recurrence_of(const std::string& file) {
    const auto a = view_of<msg::Appointment>(file);
    INFO(file);
    CHECK(a.warnings.empty());
    REQUIRE(a.recurrence);
    return *a.recurrence;
}

std::string date(const FileTime& t) {
    return t.to_iso().substr(0, 10);
}

const std::string hiraoka = "hiraoka-msgreader/test_";
const std::string aspose = "aspose-email-java/";

TEST_CASE("Corpus appointments: the recurrence patterns of the msgreader test files",
          "[corpus][items]") {
    // "A weekly 1": 月曜日 ごと、16:00 から 16:30 (every Monday, 16:00 to 16:30), one occurrence.
    msg::Recurrence r = recurrence_of(hiraoka + "A_weekly_1.msg");
    CHECK(r.frequency == msg::RecurrenceFrequency::weekly);
    CHECK(r.days_of_week == 0x02);
    CHECK(r.interval == 1);
    CHECK(r.start_minute == 16 * 60u);
    CHECK(r.end_minute == 16 * 60 + 30u);
    CHECK(r.end == msg::RecurrenceEnd::after_occurrences);
    CHECK(r.occurrences == 1);
    CHECK(date(r.start_date) == "2022-12-12");
    CHECK(msg::describe(r).starts_with("weekly on Monday, 16:00-16:30, from 2022-12-12"));

    // "A daily 1": 月曜日から金曜日 (Monday to Friday), all day.
    r = recurrence_of(hiraoka + "A_daily_1.msg");
    CHECK(r.frequency == msg::RecurrenceFrequency::daily);
    CHECK(r.pattern == msg::RecurrencePatternType::week);
    CHECK(r.days_of_week == msg::WEEKDAYS);
    CHECK(msg::describe(r).starts_with("every weekday, from 2022-12-12"));

    // "7 days, everyday": 毎日 (every day), seven occurrences, ending on 2022-12-07 (EndType
    // 0x2021 as extract_msg reads it).
    r = recurrence_of(hiraoka + "7_days_everyday.msg");
    CHECK(r.pattern == msg::RecurrencePatternType::day);
    CHECK(r.interval == 1);
    CHECK(r.end == msg::RecurrenceEnd::by_date);
    CHECK(r.occurrences == 7);
    CHECK(date(r.end_date) == "2022-12-07");
    CHECK(msg::describe(r) == "daily, from 2022-12-01 until 2022-12-07");

    // "A monthly 1": 1 か月ごとの 12 日 (the 12th of every month).
    r = recurrence_of(hiraoka + "A_monthly_1.msg");
    CHECK(r.frequency == msg::RecurrenceFrequency::monthly);
    CHECK(r.day_of_month == 12);
    CHECK(msg::describe(r).starts_with("monthly on day 12"));

    // "A yearly 1": 毎年 12月 12日 (every year on December 12).
    r = recurrence_of(hiraoka + "A_yearly_1.msg");
    CHECK(r.frequency == msg::RecurrenceFrequency::yearly);
    CHECK(r.interval == 1);
    CHECK(msg::describe(r).starts_with("yearly on December 12"));
}

TEST_CASE("Corpus appointments: lunch every Friday in 2023, and its changed occurrences",
          "[corpus][items]") {
    // 金曜日 ごと、12:00 から 13:00 (every Friday, 12:00 to 13:00), 2023-01-06 to 2023-12-31.
    const msg::Recurrence org = recurrence_of(hiraoka + "Lanch_time_every_friday_in_2023_org.msg");
    CHECK(msg::describe(org) == "weekly on Friday, 12:00-13:00, from 2023-01-06 until 2023-12-31");
    CHECK(org.deleted.empty());
    CHECK(org.modified.empty());
    const msg::Recurrence changed =
        recurrence_of(hiraoka + "Lanch_time_every_friday_in_2023_chgs1.msg");
    REQUIRE(changed.deleted.size() == 2);
    CHECK(date(changed.deleted[0]) == "2023-01-06");
    CHECK(date(changed.deleted[1]) == "2023-01-13");
    REQUIRE(changed.modified.size() == 1);
    CHECK(date(changed.modified[0]) == "2023-01-12");
    const auto lunch = view_of<msg::Appointment>(hiraoka + "Friday_Lunch.msg");
    REQUIRE(lunch.recurrence);
    CHECK(lunch.recurrence->deleted.size() == 3);
    CHECK(lunch.recurrence->modified.size() == 2);
    REQUIRE(lunch.start);
    CHECK(lunch.start->to_iso() == "2023-01-06T03:00:00.0000000Z");
    CHECK(lunch.end->to_iso() == "2023-01-06T04:00:00.0000000Z");
    CHECK(lunch.busy_status == 2);
    REQUIRE(lunch.organizer);
    CHECK(lunch.organizer->name == "UnoKenji");
}

TEST_CASE("Corpus appointments: single appointments", "[corpus][items]") {
    const auto schedule = view_of<msg::Appointment>(hiraoka + "A_schedule.msg");
    CHECK(schedule.location == "A place");
    CHECK(schedule.start->to_iso() == "2021-10-13T09:30:00.0000000Z");
    CHECK(schedule.end->to_iso() == "2021-10-13T10:00:00.0000000Z");
    CHECK_FALSE(schedule.all_day);
    CHECK_FALSE(schedule.recurrence);
    CHECK(schedule.time_zone == "(UTC+09:00) 大阪、札幌、東京");
    const auto friday = view_of<msg::Appointment>(hiraoka + "A_black_friday_w_tz_.msg");
    CHECK(friday.all_day);
    CHECK(friday.busy_status == 0);
    CHECK(friday.start->to_iso() == "2022-12-01T15:00:00.0000000Z");
    const auto oft = view_of<msg::Appointment>(aspose + "outlook_sample.oft");
    CHECK(oft.location == "UK");
    CHECK(oft.time_zone == "(GMT+05:00) Islamabad, Karachi");
}

TEST_CASE("Corpus meeting request: a recurring meeting", "[corpus][items]") {
    const auto a =
        view_of<msg::Appointment>(aspose + "email_Meeting_with_Recurring_Occurrences.msg");
    CHECK(a.meeting == msg::MeetingKind::request);
    CHECK(a.location == "10 Down Street, NY, USA");
    CHECK(a.start->to_iso() == "2017-01-19T17:30:00.0000000Z");
    CHECK(a.end->to_iso() == "2017-01-19T18:00:00.0000000Z");
    CHECK(a.busy_status == 1);
    CHECK(a.time_zone == "(UTC+05:00) Islamabad, Karachi");
    REQUIRE(a.organizer);
    CHECK(a.organizer->name == "Kashif Iqbal");
    CHECK(a.recurring);
    REQUIRE(a.recurrence);
    // Outlook's own words: "every Monday and Thursday from 10:30 PM to 11:00 PM".
    CHECK(a.recurrence->days_of_week == 0x12);
    CHECK(a.recurrence->end == msg::RecurrenceEnd::never);
    CHECK(a.recurrence_text == "weekly on Monday and Thursday, 22:30-23:00, from 2017-01-19");
}

TEST_CASE("Corpus contacts: names, e-mail addresses, phones", "[corpus][items]") {
    const auto bertha = view_of<msg::Contact>(aspose + "outlook_Bertha_A._Buell.msg");
    CHECK(bertha.display_name == "Bertha A. Buell");
    CHECK(bertha.given_name == "Bertha");
    CHECK(bertha.middle_name == "A.");
    CHECK(bertha.surname == "Buell");
    CHECK(bertha.company == "Awthentikz");
    CHECK(bertha.job_title == "Social work assistant");
    REQUIRE(bertha.emails.size() == 1);
    CHECK(bertha.emails[0].address == "BerthaABuell@armyspy.com");
    CHECK(bertha.emails[0].smtp == "BerthaABuell@armyspy.com");
    CHECK(bertha.web_page == "B2BTies.com");

    const auto margaret = view_of<msg::Contact>(aspose + "outlook_Margaret_J._Tolle.msg");
    REQUIRE_FALSE(margaret.phones.empty());
    CHECK(margaret.phones[0].label == "business");
    CHECK(margaret.phones[0].value == "(08)9080-1183");

    const auto ansi = view_of<msg::Contact>(hiraoka + "contactAnsi.msg");
    const auto unicode = view_of<msg::Contact>(hiraoka + "contactUnicode.msg");
    for (const msg::Contact* c : {&ansi, &unicode}) {
        CHECK(c->company == "My work company");
        CHECK(c->job_title == "My position");
        CHECK(c->department == "My division");
        REQUIRE(c->emails.size() == 1);
        CHECK(c->emails[0].smtp == "test@example.com");
        std::string phones;
        for (const auto& p : c->phones) {
            phones += p.label + "=" + p.value + ";";
        }
        CHECK(phones
              == "business=06-0001-0002;home=06-0001-0001;mobile=080-0001-0001;"
                 "business fax=06-0001-0003;");
        REQUIRE(c->birthday);
        CHECK(c->birthday->to_iso() == "1999-12-31T15:00:00.0000000Z");
        CHECK(c->web_page == "https://example.com");
    }
    CHECK(unicode.given_name == "コム");
    CHECK(unicode.surname == "イグザンプル");
}

TEST_CASE("Corpus contacts: an ANSI contact", "[corpus][items]") {
    const auto c = view_of<msg::Contact>("hfig-mapi/Swetlana.msg");
    CHECK(c.display_name == "Swetlana Novikova");
    CHECK(c.given_name == "Swetlana");
    CHECK(c.surname == "Novikova");
    CHECK(c.company == "Scalabium Software");
    REQUIRE(c.emails.size() == 1);
    CHECK(c.emails[0].smtp == "support@scalabium.com");
    CHECK(c.web_page == "http://www.scalabium.com");
    const auto plain = view_of<msg::Contact>("ruby-msg/contact-plain.msg");
    CHECK(plain.display_name == "(full name) A completely bogus contact");
    CHECK(plain.job_title == "(job title) Manager, bogus division");
    REQUIRE_FALSE(plain.phones.empty());
    bool mobile = false;
    for (const auto& p : plain.phones) {
        mobile = mobile || (p.label == "mobile" && p.value == "(mobile) 0404 123 456");
    }
    CHECK(mobile);
}

TEST_CASE("Corpus tasks and sticky notes", "[corpus][items]") {
    const auto smtp_task = view_of<msg::Task>(aspose + "SMTP_task.msg");
    CHECK(smtp_task.status == 1);
    CHECK(smtp_task.percent_complete == 0.0);
    CHECK_FALSE(smtp_task.complete);
    const auto todo = view_of<msg::Task>(aspose + "outlook_MapiTask.msg");
    CHECK(todo.status == 0);
    REQUIRE(todo.start);
    CHECK(todo.start->to_iso().starts_with("2016-08-19T05:41:50.05"));
    REQUIRE(todo.due);
    CHECK(todo.due->to_iso().starts_with("2016-08-19T05:41:50.05"));

    const auto pink = view_of<msg::StickyNote>(aspose + "outlook_Note.msg");  // "Pink color note"
    CHECK(pink.color == 2);
    CHECK(msg::note_color_name(*pink.color) == "pink");
    CHECK(pink.width == 500);
    const auto memo = view_of<msg::StickyNote>(hiraoka + "A_memo.msg");
    CHECK(memo.color == 3);
    CHECK(memo.height == 162);
    CHECK(memo.text.starts_with("A memo."));
    const auto note = view_of<msg::StickyNote>("ruby-msg/note.msg");
    CHECK(note.color == 3);
    CHECK(note.width == 200);
    CHECK(note.height == 166);
}

TEST_CASE("Every corpus item of these classes has a view without warnings", "[corpus][items]") {
    int views = 0;
    for (const auto& file : files_below(corpus_dir())) {
        const auto ext = file.extension().string();
        if ((ext != ".msg" && ext != ".oft") || file.filename() == "bad_outlook.msg") {
            continue;
        }
        INFO(file.string());
        const msg::Message m = msg::Message::read_file(file);
        const auto v = msg::item_view(m);
        if (!v) {
            continue;
        }
        ++views;
        if (const auto* a = std::get_if<msg::Appointment>(&*v)) {
            CHECK(a->warnings.empty());
            CHECK((a->start.has_value() || ext == ".oft"));  // a template may have no time yet
        }
    }
    std::cout << "items corpus: " << views << " messages with a typed view\n";
    CHECK(views == 31);
}

}  // namespace
}  // namespace msgforge::test
