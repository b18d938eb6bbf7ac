// The "item" member of the JSON form: the typed view of appointments, contacts, tasks and
// sticky notes, written by encode and ignored by decode (docs/json-format.md, "Items").
#include "json_test.hpp"
#include "msg/recurrence_blob.hpp"

#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace json = msgforge::json;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
namespace names = msgforge::msg::names;
using msgforge::FileTime;
using msgforge::test::encoded;
using msgforge::test::Json;
using msgforge::test::minutes_of;
using msgforge::test::RecurrenceBlob;

namespace {

msg::Message appointment() {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, "IPM.Appointment");
    msg::set_named(m, m, names::PidLidAppointmentStartWhole,
                   *FileTime::parse("2022-11-24T15:00:00Z"));
    msg::set_named(m, m, names::PidLidAppointmentEndWhole,
                   *FileTime::parse("2022-11-25T15:00:00Z"));
    msg::set_named(m, m, names::PidLidAppointmentSubType, true);
    RecurrenceBlob recur;  // yearly on November 24, five times
    recur.frequency = 0x200D;
    recur.type = 0x0002;
    recur.specific = {24};
    recur.period = 12;
    recur.end_type = 0x2022;
    recur.occurrences = 5;
    recur.start = minutes_of("2022-11-24");
    recur.start_minute = 0;
    recur.end_minute = 1440;
    msg::set_named(m, m, names::PidLidAppointmentRecur, msgforge::cfb::Blob::owned(recur.bytes()));
    msg::add_recipient(m, msg::RecipientType::bcc, msg::Address{"Room 4", "room4@example.com"});
    return m;
}

}  // namespace

TEST_CASE("encode adds an appointment's view as the item member", "[json][item]") {
    const Json j = encoded(appointment());
    REQUIRE(j.contains("item"));
    const Json& item = j["item"];
    CHECK(item["kind"] == "appointment");
    CHECK_FALSE(item.contains("meeting"));
    CHECK(item["start"] == "2022-11-24T15:00:00.0000000Z");
    CHECK(item["end"] == "2022-11-25T15:00:00.0000000Z");
    CHECK(item["all_day"] == true);
    CHECK(item["required"].empty());
    REQUIRE(item["resources"].size() == 1);
    CHECK(item["resources"][0]["smtp"] == "room4@example.com");
    CHECK(item["recurring"] == true);
    const Json& r = item["recurrence"];
    CHECK(r["frequency"] == "yearly");
    CHECK(r["pattern"] == "month");
    CHECK(r["calendar"] == "Gregorian");
    CHECK(r["interval"] == 1);
    CHECK(r["day_of_month"] == 24);
    CHECK_FALSE(r.contains("days"));
    CHECK(r["start_date"] == "2022-11-24");
    CHECK(r["end"] == Json{{"type", "count"}, {"occurrences", 5}});
    CHECK(r["start_time"] == "00:00");
    CHECK(r["end_time"] == "00:00");
    CHECK(r["text"] == "yearly on November 24, from 2022-11-24, 5 occurrences");
}

TEST_CASE("encode writes no item for mail, and each kind for the other classes", "[json][item]") {
    msg::Message note;
    msg::set(note, tags::PidTagMessageClass, "IPM.Note");
    CHECK_FALSE(encoded(note).contains("item"));

    msg::Message task;
    msg::set(task, tags::PidTagMessageClass, "IPM.Task");
    msg::set_named(task, task, names::PidLidTaskStatus, int32_t{2});
    msg::set_named(task, task, names::PidLidPercentComplete, 1.0);
    msg::set_named(task, task, names::PidLidTaskComplete, true);
    CHECK(encoded(task)["item"]
          == Json{{"kind", "task"},
                  {"status", "complete"},
                  {"percent_complete", 1.0},
                  {"complete", true},
                  {"recurring", false}});

    msg::Message sticky;
    msg::set(sticky, tags::PidTagMessageClass, "IPM.StickyNote");
    msg::set_named(sticky, sticky, names::PidLidNoteColor, int32_t{0});
    msg::set_named(sticky, sticky, names::PidLidNoteX, int32_t{40});
    CHECK(encoded(sticky)["item"] == Json{{"kind", "sticky_note"}, {"color", "blue"}, {"x", 40}});

    msg::Message list;
    msg::set(list, tags::PidTagMessageClass, "IPM.DistList");
    msg::set(list, tags::PidTagDisplayName, "Team");
    msg::set(list, tags::PidTagHomeTelephoneNumber, "06-0001-0001");
    const Json contact = encoded(list)["item"];
    CHECK(contact["kind"] == "distribution_list");
    CHECK(contact["display_name"] == "Team");
    CHECK(contact["phones"] == Json::array({Json{{"label", "home"}, {"number", "06-0001-0001"}}}));
}

TEST_CASE("An unreadable recurrence is a warning in the item, and the stored text stands in",
          "[json][item]") {
    msg::Message m = appointment();
    msg::set_named(m, m, names::PidLidAppointmentRecur,
                   msgforge::cfb::Blob::owned(std::vector<uint8_t>(3, 0)));
    msg::set_named(m, m, names::PidLidRecurrencePattern, "every year on November 24");
    const Json item = encoded(m)["item"];
    CHECK(item["recurrence"] == Json{{"text", "every year on November 24"}});
    REQUIRE(item["warnings"].size() == 1);
    CHECK(item["warnings"][0].get<std::string>().starts_with("PidLidAppointmentRecur at 0x"));
}

TEST_CASE("decode ignores the item member: the message comes back the same", "[json][item]") {
    const msg::Message m = appointment();
    const std::string text = json::encode(m, json::Options{true});
    REQUIRE(text.find("\"item\"") != std::string::npos);
    const msg::Message back = json::decode(text, "in.json");
    CHECK(msg::compare(m, back).empty());
    const msg::Message odd = json::decode(
        R"({"message_class": "IPM.Task", "item": {"kind": 5, "status": [1, 2]}})", "in.json");
    CHECK(odd.message_class() == "IPM.Task");
}
