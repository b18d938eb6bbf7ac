// show's lines for appointments, meeting messages, contacts, tasks and sticky notes.
#include "item_text.hpp"

#include "text.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

/// Prints "label:" padded to 10 columns (at least one space) and the value kept on one line.
class Fields {
public:
    Fields(const std::string& indent, std::ostream& out) : indent_(indent), out_(out) {}

    void operator()(const std::string& label, const std::string& value) const {
        if (!value.empty()) {
            out_ << indent_ << label << std::string(label.size() < 10 ? 10 - label.size() : 1, ' ')
                 << one_line(value) << '\n';
        }
    }

    void time(const std::string& label, const std::optional<FileTime>& t) const {
        if (t) {
            (*this)(label, t->to_iso());
        }
    }

private:
    const std::string& indent_;
    std::ostream& out_;
};

/// People joined with "; ".
std::string people(const std::vector<msg::Address>& list) {
    std::string out;
    for (const msg::Address& a : list) {
        out += (out.empty() ? "" : "; ") + person(a).value_or("(no name)");
    }
    return out;
}

std::string dates(const std::vector<FileTime>& list) {
    std::string out;
    for (const FileTime& t : list) {
        out += (out.empty() ? "" : ", ") + t.to_iso().substr(0, 10);
    }
    return out;
}

/// A multi-line postal address on one line: "Street, City State".
std::string address_line(const std::string& text) {
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find_first_of("\r\n", start);
        const std::string line = text.substr(start, end == std::string::npos ? end : end - start);
        if (!line.empty()) {
            out += (out.empty() ? "" : ", ") + line;
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

void show_appointment(const msg::Appointment& a, const Fields& field) {
    field("meeting:", std::string(msg::meeting_kind_name(a.meeting)));
    field("organizer:", person(a.organizer).value_or(""));
    field.time("start:", a.start);
    field.time("end:", a.end);
    field("all day:", a.all_day ? "yes" : "");
    field("location:", a.location);
    field("busy:", a.busy_status ? msg::busy_status_name(*a.busy_status) : "");
    field("time zone:", a.time_zone);
    field("recurs:", a.recurrence_text.empty() && a.recurring ? "yes" : a.recurrence_text);
    if (a.recurrence) {
        field("deleted:", dates(a.recurrence->deleted));
        field("modified:", dates(a.recurrence->modified));
    }
    field("required:", people(a.required));
    field("optional:", people(a.optional));
    field("resources:", people(a.resources));
}

void show_contact(const msg::Contact& c, const Fields& field) {
    field("name:", c.display_name);
    if (c.distribution_list) {
        field("list:", c.member_count ? plural(*c.member_count, "member") : "distribution list");
    }
    field("given:", c.given_name);
    field("middle:", c.middle_name);
    field("surname:", c.surname);
    field("nickname:", c.nickname);
    field("company:", c.company);
    field("title:", c.job_title);
    field("department:", c.department);
    for (const msg::Address& e : c.emails) {
        field("email:", person(e).value_or(""));
    }
    for (const msg::Labelled& p : c.phones) {
        field("phone:", p.value + " (" + p.label + ")");
    }
    for (const msg::Labelled& a : c.addresses) {
        field("address:", address_line(a.value) + " (" + a.label + ")");
    }
    field.time("birthday:", c.birthday);
    field("web page:", c.web_page);
}

void show_task(const msg::Task& t, const Fields& field) {
    field("status:", t.status ? msg::task_status_name(*t.status) : "");
    if (t.percent_complete) {
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.0f%%", *t.percent_complete * 100);
        field("percent:", percent);
    }
    field("complete:", t.complete ? "yes" : "no");
    field.time("start:", t.start);
    field.time("due:", t.due);
    field.time("completed:", t.completed);
    field("owner:", t.owner);
    field("recurs:", t.recurring ? "yes" : "");
}

void show_note(const msg::StickyNote& n, const Fields& field) {
    field("color:", n.color ? msg::note_color_name(*n.color) : "");
    if (n.width && n.height) {
        field("size:", std::to_string(*n.width) + "x" + std::to_string(*n.height));
    }
    if (n.x && n.y) {
        field("position:", std::to_string(*n.x) + ", " + std::to_string(*n.y));
    }
}

}  // namespace

void show_item(const msg::ItemView& item, const std::string& indent, std::ostream& out) {
    const Fields field(indent, out);
    if (const auto* a = std::get_if<msg::Appointment>(&item)) {
        show_appointment(*a, field);
    } else if (const auto* c = std::get_if<msg::Contact>(&item)) {
        show_contact(*c, field);
    } else if (const auto* t = std::get_if<msg::Task>(&item)) {
        show_task(*t, field);
    } else if (const auto* n = std::get_if<msg::StickyNote>(&item)) {
        show_note(*n, field);
    }
}

}  // namespace msgforge::cli
