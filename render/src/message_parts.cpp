#include "message_parts.hpp"

#include "page.hpp"

#include <msgforge/base/headers.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/items.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/media.hpp>

#include <cstdio>
#include <variant>

namespace msgforge::render::detail {

std::optional<std::string> person_text(const msg::Address& a) {
    const std::string& address = !a.smtp.empty() ? a.smtp : a.address;
    if (a.name.empty() && address.empty()) {
        return std::nullopt;
    }
    if (address.empty() || a.name == address) {
        return a.name.empty() ? address : a.name;
    }
    return a.name.empty() ? address : a.name + " <" + address + ">";
}

std::string utc_text(const FileTime& t) {
    const std::string iso = t.to_iso();
    return iso.substr(0, 10) + " " + iso.substr(11, 8) + " UTC";
}

std::optional<int> date_header_offset(std::string_view headers) {
    const std::optional<std::string> date = header_field(headers, "Date");
    if (!date) {
        return std::nullopt;
    }
    // The zone is the last word: "+HHMM" or "-HHMM".
    const std::string_view value = trim(*date);
    const size_t space = value.find_last_of(" \t");
    const std::string_view zone = space == std::string_view::npos ? value : value.substr(space + 1);
    if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-')) {
        return std::nullopt;
    }
    int digits[4];
    for (size_t i = 0; i < 4; ++i) {
        digits[i] = zone[i + 1] - '0';
        if (digits[i] < 0 || digits[i] > 9) {
            return std::nullopt;
        }
    }
    const int minutes = (digits[0] * 10 + digits[1]) * 60 + digits[2] * 10 + digits[3];
    if (minutes >= 24 * 60) {
        return std::nullopt;
    }
    return zone[0] == '-' ? -minutes : minutes;
}

std::string local_text(const FileTime& t, int offset_minutes) {
    constexpr int64_t TICKS_PER_MINUTE = 600'000'000;
    const int64_t shift = int64_t{offset_minutes} * TICKS_PER_MINUTE;
    if (shift < 0 && t.ticks < static_cast<uint64_t>(-shift)) {
        return utc_text(t);
    }
    const FileTime local{static_cast<uint64_t>(static_cast<int64_t>(t.ticks) + shift)};
    const std::string iso = local.to_iso();
    char zone[16];
    const int abs = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', abs / 60,
                  abs % 60);
    return iso.substr(0, 10) + " " + iso.substr(11, 8) + " " + zone;
}

std::string text_block(std::string_view text) {
    std::string out = "<pre class=\"mf-text\">";
    size_t at = 0;
    while (at < text.size()) {
        size_t best = std::string_view::npos;
        for (const std::string_view scheme : {"https://", "http://", "mailto:"}) {
            const size_t found = text.find(scheme, at);
            best = std::min(best, found);
        }
        if (best == std::string_view::npos) {
            break;
        }
        size_t end = best;
        while (end < text.size() && static_cast<unsigned char>(text[end]) > 0x20 && text[end] != '<'
               && text[end] != '>' && text[end] != '"') {
            ++end;
        }
        while (end > best
               && std::string_view(".,;:!?)]}'").find(text[end - 1]) != std::string_view::npos) {
            --end;
        }
        const std::string_view url = text.substr(best, end - best);
        out += escape(text.substr(at, best - at));
        if (url.find(':') + 1 < url.size() && url.find(':') + 3 != url.size()) {
            out += "<a href=\"" + escape(url) + "\" target=\"_blank\" rel=\"noopener noreferrer\">"
                   + escape(url) + "</a>";
        } else {
            out += escape(url);
        }
        at = end;
    }
    out += escape(text.substr(at));
    return out + "</pre>";
}

std::string size_text(uint64_t bytes) {
    if (bytes < 1024) {
        return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    }
    static constexpr const char* UNITS[] = {"KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes) / 1024;
    size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(UNITS)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, UNITS[unit]);
    return text;
}

std::string field_row(std::string_view label, std::string_view value) {
    if (value.empty()) {
        return "";
    }
    return "<tr><th>" + escape(label) + "</th><td>" + escape(value) + "</td></tr>\n";
}

namespace {

std::string people_text(const std::vector<msg::Address>& list) {
    std::string out;
    for (const msg::Address& a : list) {
        out += (out.empty() ? "" : "; ") + person_text(a).value_or("(no name)");
    }
    return out;
}

std::string time_text(const std::optional<FileTime>& t) {
    return t ? utc_text(*t) : "";
}

std::string appointment_rows(const msg::Appointment& a) {
    std::string rows = field_row("Meeting", msg::meeting_kind_name(a.meeting));
    rows += field_row("Organizer", a.organizer ? person_text(*a.organizer).value_or("") : "");
    rows += field_row("Start", time_text(a.start));
    rows += field_row("End", time_text(a.end));
    rows += field_row("All day", a.all_day ? "yes" : "");
    rows += field_row("Location", a.location);
    rows += field_row("Busy", a.busy_status ? msg::busy_status_name(*a.busy_status) : "");
    rows += field_row("Time zone", a.time_zone);
    rows +=
        field_row("Recurs", a.recurrence_text.empty() && a.recurring ? "yes" : a.recurrence_text);
    rows += field_row("Required", people_text(a.required));
    rows += field_row("Optional", people_text(a.optional));
    return rows + field_row("Resources", people_text(a.resources));
}

std::string contact_rows(const msg::Contact& c) {
    std::string rows = field_row("Name", c.display_name);
    if (c.distribution_list) {
        rows += field_row("List", c.member_count ? std::to_string(*c.member_count) + " members"
                                                 : "distribution list");
    }
    rows += field_row("Given name", c.given_name);
    rows += field_row("Middle name", c.middle_name);
    rows += field_row("Surname", c.surname);
    rows += field_row("Nickname", c.nickname);
    rows += field_row("Company", c.company);
    rows += field_row("Job title", c.job_title);
    rows += field_row("Department", c.department);
    for (const msg::Address& e : c.emails) {
        rows += field_row("E-mail", person_text(e).value_or(""));
    }
    for (const msg::Labelled& p : c.phones) {
        rows += field_row("Phone (" + p.label + ")", p.value);
    }
    for (const msg::Labelled& a : c.addresses) {
        rows += field_row("Address (" + a.label + ")", a.value);
    }
    rows += field_row("Birthday", c.birthday ? c.birthday->to_iso().substr(0, 10) : "");
    return rows + field_row("Web page", c.web_page);
}

std::string task_rows(const msg::Task& t) {
    std::string rows = field_row("Status", t.status ? msg::task_status_name(*t.status) : "");
    if (t.percent_complete) {
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.0f%%", *t.percent_complete * 100);
        rows += field_row("Complete", percent);
    }
    rows += field_row("Done", t.complete ? "yes" : "no");
    rows += field_row("Start", time_text(t.start));
    rows += field_row("Due", time_text(t.due));
    rows += field_row("Completed", time_text(t.completed));
    rows += field_row("Owner", t.owner);
    return rows + field_row("Recurs", t.recurring ? "yes" : "");
}

std::string note_rows(const msg::StickyNote& n) {
    return field_row("Colour", n.color ? msg::note_color_name(*n.color) : "");
}

std::string parties_text(const std::vector<oms::Party>& parties) {
    std::string out;
    for (const oms::Party& p : parties) {
        const std::string one =
            p.name.empty() || p.name == p.number ? p.number : p.name + " <" + p.number + ">";
        out += (out.empty() ? "" : "; ") + one;
    }
    return out;
}

/// An MMS part: its image inline when it is one, else its name and type.
std::string part_html(const msg::Message& m, const oms::PartView& part) {
    if (part.attachment >= m.attachments.size()) {
        return "";
    }
    const auto data = m.attachments[part.attachment].data();
    if (data) {
        const auto sniffed = oms::sniff(data->span());
        if (sniffed && sniffed->kind == oms::MediaKind::image) {
            return "<img class=\"mf-slide-image\" src=\""
                   + escape(data_uri(sniffed->mime, data->span())) + "\" alt=\""
                   + escape(part.file_name) + "\">";
        }
    }
    return "<p class=\"mf-part\">[" + escape(part.mime_type.empty() ? "part" : part.mime_type)
           + ": " + escape(part.file_name) + "]</p>";
}

}  // namespace

std::string item_rows(const msg::Message& m, std::vector<std::string>& warnings) {
    const std::optional<msg::ItemView> item = msg::item_view(m);
    if (!item) {
        return "";
    }
    if (const auto* a = std::get_if<msg::Appointment>(&*item)) {
        warnings.insert(warnings.end(), a->warnings.begin(), a->warnings.end());
        return appointment_rows(*a);
    }
    if (const auto* c = std::get_if<msg::Contact>(&*item)) {
        return contact_rows(*c);
    }
    if (const auto* t = std::get_if<msg::Task>(&*item)) {
        return task_rows(*t);
    }
    return note_rows(std::get<msg::StickyNote>(*item));
}

std::string phone_section(const msg::Message& m, std::vector<std::string>& warnings) {
    std::optional<oms::OmsMessage> v;
    try {
        v = oms::view(m);
    } catch (const FormatError& e) {
        warnings.push_back(std::string("phone message: ") + e.what());
    }
    if (!v) {
        return "";
    }
    warnings.insert(warnings.end(), v->warnings.begin(), v->warnings.end());
    std::string out = "<section class=\"mf-phone\"><table class=\"mf-fields\">\n";
    out += field_row("Service", v->service == oms::ServiceType::mms ? "MMS" : "SMS");
    out += field_row("Phone from", v->from ? parties_text({*v->from}) : "");
    out += field_row("Phone to", parties_text(v->to));
    out += "</table>\n";
    if (v->slides.empty()) {
        return out + text_block(v->text) + "</section>\n";
    }
    for (const oms::SlideView& slide : v->slides) {
        out += "<div class=\"mf-slide\">";
        if (slide.visual) {
            out += part_html(m, *slide.visual);
        }
        if (!slide.text.empty()) {
            out += text_block(slide.text);
        }
        if (slide.audio) {
            out += part_html(m, *slide.audio);
        }
        out += "</div>\n";
    }
    for (const oms::PartView& part : v->extra) {
        out += part_html(m, part);
    }
    return out + "</section>\n";
}

}  // namespace msgforge::render::detail
