// The typed views of appointments, meeting messages, contacts, tasks and sticky notes, on
// messages built with the write API, written and read back.
#include "recurrence_blob.hpp"

#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/items.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::msg;

namespace {

Message reread(const Message& m) {
    const std::vector<uint8_t> bytes = m.write();
    return Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

Message with_class(std::string_view message_class) {
    Message m;
    set(m, tags::PidTagMessageClass, message_class);
    return m;
}

FileTime at(const char* iso) {
    return *FileTime::parse(iso);
}

template <typename T>
T view_as(const Message& m) {
    const auto v = item_view(m);
    REQUIRE(v.has_value());
    REQUIRE(std::holds_alternative<T>(*v));
    return std::get<T>(*v);
}

/// A meeting with an organizer row, a required, an optional and a resource attendee, and a
/// weekly recurrence.
Message meeting(std::string_view message_class) {
    Message m = with_class(message_class);
    set_named(m, m, names::PidLidAppointmentStartWhole, at("2023-01-09T07:00:00Z"));
    set_named(m, m, names::PidLidAppointmentEndWhole, at("2023-01-09T07:30:00Z"));
    set_named(m, m, names::PidLidLocation, "Room 4");
    set_named(m, m, names::PidLidBusyStatus, int32_t{2});
    set_named(m, m, names::PidLidTimeZoneDescription, "(UTC+09:00) Osaka, Sapporo, Tokyo");
    test::RecurrenceBlob recur;
    recur.start = test::minutes_of("2023-01-09");
    recur.end = test::minutes_of("2023-12-25");
    set_named(m, m, names::PidLidAppointmentRecur, cfb::Blob::owned(recur.bytes()));
    Recipient& organizer =
        add_recipient(m, RecipientType::to, Address{"Olga Organizer", "olga@example.com"});
    set(organizer, tags::PidTagRecipientFlags, flags::recipSendable | flags::recipOrganizer);
    add_recipient(m, RecipientType::to, Address{"Rita Required", "rita@example.com"});
    add_recipient(m, RecipientType::cc, Address{"Otto Optional", "otto@example.com"});
    add_recipient(m, RecipientType::bcc, Address{"Room 4", "room4@example.com"});
    return m;
}

}  // namespace

TEST_CASE("items: an appointment's times, place, people and recurrence") {
    const Message m = reread(meeting("IPM.Appointment"));
    const auto a = view_as<Appointment>(m);
    REQUIRE(a.start);
    CHECK(a.start->to_iso() == "2023-01-09T07:00:00.0000000Z");
    CHECK(a.end->to_iso() == "2023-01-09T07:30:00.0000000Z");
    CHECK(a.location == "Room 4");
    CHECK_FALSE(a.all_day);
    CHECK(a.busy_status == 2);
    CHECK(busy_status_name(*a.busy_status) == "busy");
    CHECK(a.time_zone == "(UTC+09:00) Osaka, Sapporo, Tokyo");
    CHECK(a.meeting == MeetingKind::none);
    REQUIRE(a.organizer);
    CHECK(a.organizer->smtp == "olga@example.com");
    REQUIRE(a.required.size() == 1);
    CHECK(a.required[0].name == "Rita Required");
    REQUIRE(a.optional.size() == 1);
    CHECK(a.optional[0].smtp == "otto@example.com");
    REQUIRE(a.resources.size() == 1);
    CHECK(a.resources[0].name == "Room 4");
    CHECK(a.recurring);
    REQUIRE(a.recurrence);
    CHECK(a.recurrence->days_of_week == 0x02);
    CHECK(a.recurrence_text == "weekly on Monday, 16:00-16:30, from 2023-01-09 until 2023-12-25");
    CHECK(a.warnings.empty());
}

TEST_CASE("items: meeting messages by class, matched without regard to case") {
    CHECK(view_as<Appointment>(meeting("IPM.Schedule.Meeting.Request")).meeting
          == MeetingKind::request);
    CHECK(view_as<Appointment>(meeting("IPM.Schedule.Meeting.Canceled")).meeting
          == MeetingKind::cancellation);
    CHECK(view_as<Appointment>(meeting("ipm.schedule.meeting.resp.pos")).meeting
          == MeetingKind::accepted);
    CHECK(view_as<Appointment>(meeting("IPM.Schedule.Meeting.Resp.Neg")).meeting
          == MeetingKind::declined);
    CHECK(view_as<Appointment>(meeting("IPM.Schedule.Meeting.Resp.Tent")).meeting
          == MeetingKind::tentative);
    CHECK(view_as<Appointment>(meeting("IPM.Schedule.Meeting.Notification.Forward")).meeting
          == MeetingKind::other);
    CHECK(meeting_kind_name(MeetingKind::cancellation) == "cancellation");
    CHECK(view_as<Appointment>(meeting("IPM.Appointment.Custom")).meeting == MeetingKind::none);
    CHECK(view_as<Appointment>(meeting("IPM.OLE.CLASS.{00061055-0000-0000-C000-000000000046}"))
              .location
          == "Room 4");
    CHECK_FALSE(item_view(meeting("IPM.AppointmentX")));
    CHECK_FALSE(item_view(meeting("IPM.Note")));
    CHECK(class_is("IPM.Contact", "ipm.contact"));
    CHECK_FALSE(class_is("IPM.Contacts", "IPM.Contact"));
}

TEST_CASE("items: an appointment without the whole times or an organizer row") {
    Message m = with_class("IPM.Appointment");
    set(m, tags::PidTagStartDate, at("2022-12-01T15:00:00Z"));
    set(m, tags::PidTagEndDate, at("2022-12-02T15:00:00Z"));
    set_named(m, m, names::PidLidAppointmentSubType, true);
    set_named(m, m, names::PidLidRecurrencePattern, "every day");
    set_sender(m, Address{"Sam Sender", "sam@example.com"});
    add_recipient(m, RecipientType::to, Address{"Rita Required", "rita@example.com"});
    const auto a = view_as<Appointment>(reread(m));
    CHECK(a.start->to_iso() == "2022-12-01T15:00:00.0000000Z");
    CHECK(a.end->to_iso() == "2022-12-02T15:00:00.0000000Z");
    CHECK(a.all_day);
    REQUIRE(a.organizer);
    CHECK(a.organizer->name == "Sam Sender");
    CHECK(a.required.size() == 1);
    CHECK_FALSE(a.recurrence);
    CHECK(a.recurrence_text == "every day");
    CHECK_FALSE(a.recurring);
}

TEST_CASE("items: a malformed recurrence blob is a warning, and the rest of the view stays") {
    Message m = meeting("IPM.Appointment");
    test::RecurrenceBlob recur;
    recur.frequency = 0x2000;
    set_named(m, m, names::PidLidAppointmentRecur, cfb::Blob::owned(recur.bytes()));
    set_named(m, m, names::PidLidRecurrencePattern, "every Monday from 16:00 to 16:30");
    const auto a = view_as<Appointment>(reread(m));
    CHECK_FALSE(a.recurrence);
    REQUIRE(a.warnings.size() == 1);
    CHECK(a.warnings[0].find("PidLidAppointmentRecur at 0x4") != std::string::npos);
    CHECK(a.recurrence_text == "every Monday from 16:00 to 16:30");
    CHECK(a.location == "Room 4");
    CHECK(a.required.size() == 1);

    set_named(m, m, names::PidLidAppointmentRecur,
              cfb::Blob::owned(std::vector<uint8_t>(10, 0xFF)));
    const auto cut = view_as<Appointment>(reread(m));
    REQUIRE(cut.warnings.size() == 1);
    CHECK(cut.warnings[0].find("PidLidAppointmentRecur") != std::string::npos);
}

TEST_CASE("items: a contact's names, e-mail addresses, phones and addresses") {
    Message m = with_class("IPM.Contact");
    set(m, tags::PidTagDisplayName, "Bertha A. Buell");
    set(m, tags::PidTagGivenName, "Bertha");
    set(m, tags::PidTagMiddleName, "A.");
    set(m, tags::PidTagSurname, "Buell");
    set(m, tags::PidTagNickname, "Bee");
    set(m, tags::PidTagCompanyName, "Awthentikz");
    set(m, tags::PidTagTitle, "Social work assistant");
    set_named(m, m, names::PidLidDepartment, "Care");
    set_named(m, m, names::PidLidEmail1DisplayName, "Bertha (bertha@example.com)");
    set_named(m, m, names::PidLidEmail1AddressType, "SMTP");
    set_named(m, m, names::PidLidEmail1EmailAddress, "bertha@example.com");
    set_named(m, m, names::PidLidEmail2AddressType, "EX");
    set_named(m, m, names::PidLidEmail2EmailAddress, "/o=Org/cn=Recipients/cn=bbuell");
    set_named(m, m, names::PidLidEmail2OriginalDisplayName, "b.buell@example.org");
    set(m, tags::PidTagBusinessTelephoneNumber, "(08)9080-1183");
    set(m, tags::PidTagMobileTelephoneNumber, "(925)599-3355");
    set(m, tags::PidTagBusinessFaxNumber, "06-0001-0003");
    set_named(m, m, names::PidLidWorkAddress, "Im Astenfeld 59\r\n8580 Edelschrott");
    set(m, tags::PidTagHomeAddressStreet, "1 Home Road");
    set(m, tags::PidTagHomeAddressCity, "Osaka");
    set(m, tags::PidTagHomeAddressPostalCode, "544-0001");
    set(m, tags::PidTagHomeAddressCountry, "Japan");
    set(m, tags::PidTagBirthday, at("1999-12-31T15:00:00Z"));
    set(m, tags::PidTagPersonalHomePage, "B2BTies.com");
    const auto c = view_as<Contact>(reread(m));
    CHECK_FALSE(c.distribution_list);
    CHECK(c.display_name == "Bertha A. Buell");
    CHECK(c.given_name == "Bertha");
    CHECK(c.middle_name == "A.");
    CHECK(c.surname == "Buell");
    CHECK(c.nickname == "Bee");
    CHECK(c.company == "Awthentikz");
    CHECK(c.job_title == "Social work assistant");
    CHECK(c.department == "Care");
    REQUIRE(c.emails.size() == 2);
    CHECK(c.emails[0].smtp == "bertha@example.com");
    CHECK(c.emails[0].name == "Bertha (bertha@example.com)");
    CHECK(c.emails[1].address_type == "EX");
    CHECK(c.emails[1].smtp == "b.buell@example.org");
    REQUIRE(c.phones.size() == 3);
    CHECK(c.phones[0].label == "business");
    CHECK(c.phones[0].value == "(08)9080-1183");
    CHECK(c.phones[1].label == "mobile");
    CHECK(c.phones[2].label == "business fax");
    CHECK(c.phones[2].value == "06-0001-0003");
    REQUIRE(c.addresses.size() == 2);
    CHECK(c.addresses[0].label == "work");
    CHECK(c.addresses[0].value == "Im Astenfeld 59\r\n8580 Edelschrott");
    CHECK(c.addresses[1].label == "home");
    CHECK(c.addresses[1].value == "1 Home Road\r\nOsaka 544-0001\r\nJapan");
    REQUIRE(c.birthday);
    CHECK(c.birthday->to_iso() == "1999-12-31T15:00:00.0000000Z");
    CHECK(c.web_page == "B2BTies.com");
}

TEST_CASE("items: a distribution list counts its members") {
    Message m = with_class("IPM.DistList");
    set(m, tags::PidTagSubject, "Team");
    set_named(m, m, names::PidLidDistributionListMembers,
              std::vector<cfb::Blob>{cfb::Blob::owned({1}), cfb::Blob::owned({2}),
                                     cfb::Blob::owned({3})});
    const auto c = view_as<Contact>(reread(m));
    CHECK(c.distribution_list);
    CHECK(c.member_count == 3u);
    CHECK(c.display_name == "Team");
}

TEST_CASE("items: a task's dates, status and progress") {
    Message m = with_class("IPM.Task");
    set_named(m, m, names::PidLidTaskStartDate, at("2016-08-19T00:00:00Z"));
    set_named(m, m, names::PidLidTaskDueDate, at("2016-08-26T00:00:00Z"));
    set_named(m, m, names::PidLidTaskDateCompleted, at("2016-08-25T00:00:00Z"));
    set_named(m, m, names::PidLidTaskStatus, int32_t{1});
    set_named(m, m, names::PidLidPercentComplete, 0.75);
    set_named(m, m, names::PidLidTaskOwner, "Tom Owner");
    set_named(m, m, names::PidLidTaskFRecurring, true);
    const auto t = view_as<Task>(reread(m));
    CHECK(t.start->to_iso() == "2016-08-19T00:00:00.0000000Z");
    CHECK(t.due->to_iso() == "2016-08-26T00:00:00.0000000Z");
    CHECK(t.completed->to_iso() == "2016-08-25T00:00:00.0000000Z");
    CHECK(t.status == 1);
    CHECK(task_status_name(*t.status) == "in progress");
    CHECK(task_status_name(4) == "deferred");
    CHECK(task_status_name(9) == "status 9");
    CHECK(t.percent_complete == 0.75);
    CHECK_FALSE(t.complete);
    CHECK(t.owner == "Tom Owner");
    CHECK(t.recurring);
}

TEST_CASE("items: a sticky note's colour, size, place and text") {
    Message m = with_class("IPM.StickyNote");
    set_named(m, m, names::PidLidNoteColor, int32_t{2});
    set_named(m, m, names::PidLidNoteWidth, int32_t{200});
    set_named(m, m, names::PidLidNoteHeight, int32_t{166});
    set_named(m, m, names::PidLidNoteX, int32_t{10});
    set_named(m, m, names::PidLidNoteY, int32_t{20});
    set(m, tags::PidTagBody, "Buy milk");
    const auto n = view_as<StickyNote>(reread(m));
    CHECK(n.color == 2);
    CHECK(note_color_name(*n.color) == "pink");
    CHECK(note_color_name(4) == "white");
    CHECK(n.width == 200);
    CHECK(n.height == 166);
    CHECK(n.x == 10);
    CHECK(n.y == 20);
    CHECK(n.text == "Buy milk");
}
