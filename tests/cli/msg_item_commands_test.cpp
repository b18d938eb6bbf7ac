// show and dump --json on appointments, contacts, tasks and sticky notes (docs/items.md).
#include "msg/recurrence_blob.hpp"
#include "msg_fixtures.hpp"

#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
namespace names = msgforge::msg::names;
using namespace msgforge::test;
using msgforge::FileTime;

namespace {

msg::Message with_class(std::string_view message_class, std::string_view subject) {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, message_class);
    msg::set(m, tags::PidTagSubject, subject);
    return m;
}

/// A weekly meeting request from "Unknown" (as Outlook stores an appointment's sender), with an
/// organizer row, a required and an optional attendee.
msg::Message meeting_request() {
    msg::Message m = with_class("IPM.Schedule.Meeting.Request", "Weekly sync");
    msg::set_sender(m, msg::Address{"Unknown", ""});
    msg::set_named(m, m, names::PidLidAppointmentStartWhole,
                   *FileTime::parse("2023-01-09T07:00:00Z"));
    msg::set_named(m, m, names::PidLidAppointmentEndWhole,
                   *FileTime::parse("2023-01-09T07:30:00Z"));
    msg::set_named(m, m, names::PidLidLocation, "Room 4");
    msg::set_named(m, m, names::PidLidBusyStatus, int32_t{1});
    RecurrenceBlob recur;
    recur.start = minutes_of("2023-01-09");
    recur.end = minutes_of("2023-12-25");
    recur.deleted = {minutes_of("2023-01-16")};
    msg::set_named(m, m, names::PidLidAppointmentRecur, msgforge::cfb::Blob::owned(recur.bytes()));
    msg::Recipient& organizer =
        msg::add_recipient(m, msg::RecipientType::to, msg::Address{"Olga", "olga@example.com"});
    msg::set(organizer, tags::PidTagRecipientFlags, msg::flags::recipOrganizer);
    msg::add_recipient(m, msg::RecipientType::to, msg::Address{"Rita", "rita@example.com"});
    msg::add_recipient(m, msg::RecipientType::cc, msg::Address{"Otto", "otto@example.com"});
    return m;
}

msg::Message contact() {
    msg::Message m = with_class("IPM.Contact", "Bertha A. Buell");
    msg::set(m, tags::PidTagDisplayName, "Bertha A. Buell");
    msg::set(m, tags::PidTagGivenName, "Bertha");
    msg::set(m, tags::PidTagSurname, "Buell");
    msg::set(m, tags::PidTagCompanyName, "Awthentikz");
    msg::set_named(m, m, names::PidLidEmail1AddressType, "SMTP");
    msg::set_named(m, m, names::PidLidEmail1EmailAddress, "bertha@example.com");
    msg::set(m, tags::PidTagMobileTelephoneNumber, "(925)599-3355");
    msg::set_named(m, m, names::PidLidWorkAddress, "Im Astenfeld 59\r\n8580 Edelschrott");
    return m;
}

msg::Message task() {
    msg::Message m = with_class("IPM.Task", "Report");
    msg::set_named(m, m, names::PidLidTaskStatus, int32_t{1});
    msg::set_named(m, m, names::PidLidPercentComplete, 0.25);
    msg::set_named(m, m, names::PidLidTaskDueDate, *FileTime::parse("2016-08-26T00:00:00Z"));
    return m;
}

msg::Message sticky_note() {
    msg::Message m = with_class("IPM.StickyNote", "Milk");
    msg::set_sender(m, msg::Address{"Unknown", ""});
    msg::set_named(m, m, names::PidLidNoteColor, int32_t{3});
    msg::set_named(m, m, names::PidLidNoteWidth, int32_t{200});
    msg::set_named(m, m, names::PidLidNoteHeight, int32_t{166});
    msg::set(m, tags::PidTagBody, "Buy milk");
    return m;
}

}  // namespace

TEST_CASE("show prints an appointment's typed fields instead of its sender", "[cli][msg][show]") {
    TempDir dir;
    const Result r = run({"show", write_message(dir, meeting_request(), "m.msg").string()});
    REQUIRE(r.status == 0);
    CHECK(r.out
          == "class:    IPM.Schedule.Meeting.Request\n"
             "subject:  Weekly sync\n"
             "meeting:  request\n"
             "organizer: Olga <olga@example.com>\n"
             "start:    2023-01-09T07:00:00.0000000Z\n"
             "end:      2023-01-09T07:30:00.0000000Z\n"
             "location: Room 4\n"
             "busy:     tentative\n"
             "recurs:   weekly on Monday, 16:00-16:30, from 2023-01-09 until 2023-12-25\n"
             "deleted:  2023-01-16\n"
             "required: Rita <rita@example.com>\n"
             "optional: Otto <otto@example.com>\n");
    CHECK(r.err.empty());
}

TEST_CASE("show prints a contact, a task and a sticky note without a from line",
          "[cli][msg][show]") {
    TempDir dir;
    const Result c = run({"show", write_message(dir, contact(), "c.msg").string()});
    CHECK(c.out
          == "class:    IPM.Contact\n"
             "subject:  Bertha A. Buell\n"
             "name:     Bertha A. Buell\n"
             "given:    Bertha\n"
             "surname:  Buell\n"
             "company:  Awthentikz\n"
             "email:    bertha@example.com\n"
             "phone:    (925)599-3355 (mobile)\n"
             "address:  Im Astenfeld 59, 8580 Edelschrott (work)\n");
    const Result t = run({"show", write_message(dir, task(), "t.msg").string()});
    CHECK(t.out
          == "class:    IPM.Task\n"
             "subject:  Report\n"
             "status:   in progress\n"
             "percent:  25%\n"
             "complete: no\n"
             "due:      2016-08-26T00:00:00.0000000Z\n");
    const Result n = run({"show", write_message(dir, sticky_note(), "n.msg").string()});
    CHECK(n.out
          == "class:    IPM.StickyNote\n"
             "subject:  Milk\n"
             "color:    yellow\n"
             "size:     200x166\n"
             "body:     text, 8 bytes\n"
             "  | Buy milk\n");
    CHECK(n.out.find("from:") == std::string::npos);
}

TEST_CASE("show warns of a recurrence blob it cannot read and shows the rest", "[cli][msg][show]") {
    msg::Message m = meeting_request();
    msg::set_named(m, m, names::PidLidAppointmentRecur,
                   msgforge::cfb::Blob::owned(std::vector<uint8_t>(6, 0)));
    TempDir dir;
    const Result r = run({"show", write_message(dir, m, "m.msg").string()});
    CHECK(r.status == 0);
    CHECK(r.out.find("location: Room 4\n") != std::string::npos);
    CHECK(r.out.find("recurs:") == std::string::npos);
    CHECK(r.err.find("1 warning") != std::string::npos);
    CHECK(r.err.find("PidLidAppointmentRecur at 0x4: RecurFrequency 0x0000 unknown")
          != std::string::npos);
}

TEST_CASE("dump --json adds the item, and build reads the dump back to the same message",
          "[cli][msg][dump]") {
    TempDir dir;
    const fs::path file = write_message(dir, meeting_request(), "m.msg");
    const Result dump = run({"dump", "--json", "--full", file.string()});
    REQUIRE(dump.status == 0);
    const auto j = nlohmann::ordered_json::parse(dump.out);
    const auto& item = j["item"];
    CHECK(item["kind"] == "appointment");
    CHECK(item["meeting"] == "request");
    CHECK(item["organizer"]["smtp"] == "olga@example.com");
    CHECK(item["recurrence"]["days"] == nlohmann::ordered_json::array({"monday"}));
    CHECK(item["recurrence"]["deleted"] == nlohmann::ordered_json::array({"2023-01-16"}));
    CHECK(item["recurrence"]["end"]["date"] == "2023-12-25");
    const fs::path json_file = write_text(dir, "m.json", dump.out);
    const fs::path built = dir.path() / "built.msg";
    REQUIRE(run({"build", json_file.string(), "-o", built.string(), "--bare"}).status == 0);
    CHECK(run({"dump", "--json", "--full", built.string()}).out == dump.out);
    CHECK(run({"show", built.string()}).out == run({"show", file.string()}).out);
}
