// The "item" member of dump --json: the typed view of an appointment, meeting message,
// contact, task or sticky note (msg::item_view). Derived data: build ignores it.
#include "encodings.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::json::detail {

namespace {

void text(Json& j, const char* key, const std::string& value) {
    if (!value.empty()) {
        j[key] = value;
    }
}

void time(Json& j, const char* key, const std::optional<FileTime>& t) {
    if (t) {
        j[key] = t->to_iso();
    }
}

std::string date(const FileTime& t) {
    return t.to_iso().substr(0, 10);
}

Json dates(const std::vector<FileTime>& list) {
    Json out = Json::array();
    for (const FileTime& t : list) {
        out.push_back(date(t));
    }
    return out;
}

Json people(const std::vector<msg::Address>& list) {
    Json out = Json::array();
    for (const msg::Address& a : list) {
        out.push_back(address_json(a));
    }
    return out;
}

std::string clock(uint32_t minutes) {
    const std::string h = std::to_string(minutes / 60 % 24);
    const std::string m = std::to_string(minutes % 60);
    return (h.size() < 2 ? "0" : "") + h + ":" + (m.size() < 2 ? "0" : "") + m;
}

Json days(uint8_t mask) {
    static constexpr std::array<std::string_view, 7> names = {
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    Json out = Json::array();
    for (size_t i = 0; i < names.size(); ++i) {
        if ((mask >> i) & 1) {
            out.push_back(names[i]);
        }
    }
    return out;
}

Json end_of(const msg::Recurrence& r) {
    switch (r.end) {
        case msg::RecurrenceEnd::by_date:
            return Json{{"type", "date"}, {"date", date(r.end_date)}};
        case msg::RecurrenceEnd::after_occurrences:
            return Json{{"type", "count"}, {"occurrences", r.occurrences}};
        case msg::RecurrenceEnd::never:
            return Json{{"type", "never"}};
    }
    return Json{};
}

Json recurrence(const msg::Recurrence& r) {
    static constexpr std::array<std::string_view, 4> frequencies = {"daily", "weekly", "monthly",
                                                                    "yearly"};
    static constexpr std::array<std::string_view, 8> patterns = {
        "day",       "week",        "month",           "month_nth",
        "month_end", "hijri_month", "hijri_month_nth", "hijri_month_end"};
    Json j = Json::object();
    j["frequency"] = frequencies[static_cast<size_t>(r.frequency)];
    j["pattern"] = patterns[static_cast<size_t>(r.pattern)];
    j["calendar"] = msg::calendar_type_name(r.calendar_type);
    j["interval"] = r.interval;
    if (r.pattern == msg::RecurrencePatternType::week || r.nth != 0) {
        j["days"] = days(r.days_of_week);
    }
    if (r.nth != 0) {
        j["nth"] = r.nth == 5 ? Json("last") : Json(r.nth);
    } else if (r.day_of_month != 0) {
        j["day_of_month"] = r.day_of_month;
    }
    j["start_date"] = date(r.start_date);
    j["end"] = end_of(r);
    if (r.start_minute && r.end_minute) {
        j["start_time"] = clock(*r.start_minute);
        j["end_time"] = clock(*r.end_minute);
    }
    j["deleted"] = dates(r.deleted);
    j["modified"] = dates(r.modified);
    j["text"] = msg::describe(r);
    return j;
}

Json appointment(const msg::Appointment& a) {
    Json j{{"kind", "appointment"}};
    text(j, "meeting", std::string(msg::meeting_kind_name(a.meeting)));
    time(j, "start", a.start);
    time(j, "end", a.end);
    j["all_day"] = a.all_day;
    text(j, "location", a.location);
    if (a.organizer) {
        j["organizer"] = address_json(*a.organizer);
    }
    if (a.busy_status) {
        j["busy_status"] = msg::busy_status_name(*a.busy_status);
    }
    text(j, "time_zone", a.time_zone);
    j["required"] = people(a.required);
    j["optional"] = people(a.optional);
    j["resources"] = people(a.resources);
    j["recurring"] = a.recurring;
    if (a.recurrence) {
        j["recurrence"] = recurrence(*a.recurrence);
    } else if (!a.recurrence_text.empty()) {
        j["recurrence"] = Json{{"text", a.recurrence_text}};
    }
    if (!a.warnings.empty()) {
        j["warnings"] = a.warnings;
    }
    return j;
}

Json labelled(const std::vector<msg::Labelled>& list, const char* value_key) {
    Json out = Json::array();
    for (const msg::Labelled& l : list) {
        out.push_back(Json{{"label", l.label}, {value_key, l.value}});
    }
    return out;
}

Json contact(const msg::Contact& c) {
    Json j{{"kind", c.distribution_list ? "distribution_list" : "contact"}};
    if (c.member_count) {
        j["member_count"] = *c.member_count;
    }
    text(j, "display_name", c.display_name);
    text(j, "given_name", c.given_name);
    text(j, "middle_name", c.middle_name);
    text(j, "surname", c.surname);
    text(j, "nickname", c.nickname);
    text(j, "company", c.company);
    text(j, "job_title", c.job_title);
    text(j, "department", c.department);
    j["emails"] = people(c.emails);
    j["phones"] = labelled(c.phones, "number");
    j["addresses"] = labelled(c.addresses, "text");
    time(j, "birthday", c.birthday);
    text(j, "web_page", c.web_page);
    return j;
}

Json task(const msg::Task& t) {
    Json j{{"kind", "task"}};
    time(j, "start", t.start);
    time(j, "due", t.due);
    time(j, "completed", t.completed);
    if (t.status) {
        j["status"] = msg::task_status_name(*t.status);
    }
    if (t.percent_complete) {
        j["percent_complete"] = *t.percent_complete;
    }
    j["complete"] = t.complete;
    text(j, "owner", t.owner);
    j["recurring"] = t.recurring;
    return j;
}

Json sticky_note(const msg::StickyNote& n) {
    Json j{{"kind", "sticky_note"}};
    if (n.color) {
        j["color"] = msg::note_color_name(*n.color);
    }
    for (const auto& [key, value] : {std::pair{"width", &n.width}, std::pair{"height", &n.height},
                                     std::pair{"x", &n.x}, std::pair{"y", &n.y}}) {
        if (*value) {
            j[key] = **value;
        }
    }
    text(j, "text", n.text);
    return j;
}

}  // namespace

Json item(const msg::ItemView& view) {
    if (const auto* a = std::get_if<msg::Appointment>(&view)) {
        return appointment(*a);
    }
    if (const auto* c = std::get_if<msg::Contact>(&view)) {
        return contact(*c);
    }
    if (const auto* t = std::get_if<msg::Task>(&view)) {
        return task(*t);
    }
    return sticky_note(std::get<msg::StickyNote>(view));
}

}  // namespace msgforge::json::detail
