// The appointment view (MS-OXOCAL): appointments, meeting messages and exception items.
#include "item_fields.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/items.hpp>
#include <msgforge/msg/tags.hpp>

#include <array>
#include <utility>

namespace msgforge::msg {

namespace {

using items::named;
using items::named_string;
using items::time_of;

/// The meeting message classes (MS-OXOCAL 2.2.6.1-2.2.6.3) under IPM.Schedule.Meeting.
MeetingKind meeting_kind(std::string_view message_class) {
    static constexpr std::array<std::pair<std::string_view, MeetingKind>, 5> kinds = {{
        {"IPM.Schedule.Meeting.Request", MeetingKind::request},
        {"IPM.Schedule.Meeting.Canceled", MeetingKind::cancellation},
        {"IPM.Schedule.Meeting.Resp.Pos", MeetingKind::accepted},
        {"IPM.Schedule.Meeting.Resp.Neg", MeetingKind::declined},
        {"IPM.Schedule.Meeting.Resp.Tent", MeetingKind::tentative},
    }};
    for (const auto& [prefix, kind] : kinds) {
        if (class_is(message_class, prefix)) {
            return kind;
        }
    }
    return class_is(message_class, "IPM.Schedule.Meeting") ? MeetingKind::other : MeetingKind::none;
}

bool is_organizer(const Recipient& r) {
    const auto* flags = r.properties.get_as(tags::PidTagRecipientFlags);
    return flags != nullptr && (*flags & flags::recipOrganizer) != 0;
}

/// The organizer and the attendees by recipient type.
void read_people(const Message& m, Appointment& a) {
    for (const Recipient& r : m.recipients) {
        if (is_organizer(r)) {
            if (!a.organizer) {
                a.organizer = r.address();
            }
            continue;
        }
        const auto* type = r.properties.get_as(tags::PidTagRecipientType);
        const int32_t kind = type == nullptr ? flags::MAPI_TO : *type & flags::RECIPIENT_TYPE_MASK;
        if (kind == flags::MAPI_CC) {
            a.optional.push_back(r.address());
        } else if (kind == flags::MAPI_BCC) {
            a.resources.push_back(r.address());
        } else {
            a.required.push_back(r.address());
        }
    }
    if (!a.organizer) {
        a.organizer = m.sent_representing();
    }
    if (!a.organizer) {
        a.organizer = m.sender();
    }
}

/// PidLidAppointmentRecur, else the PidLidRecurrencePattern text; a blob that cannot be read
/// is a warning, and the stored text stands in for it.
void read_recurrence(const Message& m, Appointment& a) {
    const std::string stored = named_string(m, names::PidLidRecurrencePattern);
    if (const cfb::Blob* blob = m.named_value(names::PidLidAppointmentRecur)) {
        try {
            a.recurrence = parse_appointment_recurrence(blob->span());
            a.recurrence_text = describe(*a.recurrence);
        } catch (const FormatError& e) {
            a.warnings.push_back(e.what());
        }
    }
    if (a.recurrence_text.empty()) {
        a.recurrence_text = stored;
    }
    a.recurring = named(m, names::PidLidRecurring).value_or(false)
                  || named(m, names::PidLidIsRecurring).value_or(false) || a.recurrence;
}

}  // namespace

std::string_view meeting_kind_name(MeetingKind kind) {
    switch (kind) {
        case MeetingKind::none:
            return "";
        case MeetingKind::request:
            return "request";
        case MeetingKind::cancellation:
            return "cancellation";
        case MeetingKind::accepted:
            return "accepted";
        case MeetingKind::declined:
            return "declined";
        case MeetingKind::tentative:
            return "tentative";
        case MeetingKind::other:
            return "other";
    }
    return "";
}

std::string busy_status_name(int32_t status) {
    static constexpr std::array<std::string_view, 5> names = {"free", "tentative", "busy",
                                                              "out of office", "working elsewhere"};
    if (status >= 0 && static_cast<size_t>(status) < names.size()) {
        return std::string(names[static_cast<size_t>(status)]);
    }
    return "status " + std::to_string(status);
}

Appointment appointment_view(const Message& m) {
    Appointment a;
    a.start = time_of(named(m, names::PidLidAppointmentStartWhole));
    a.end = time_of(named(m, names::PidLidAppointmentEndWhole));
    if (!a.start) {
        a.start = items::tag_time(m, tags::PidTagStartDate);
    }
    if (!a.end) {
        a.end = items::tag_time(m, tags::PidTagEndDate);
    }
    a.location = named_string(m, names::PidLidLocation);
    a.all_day = named(m, names::PidLidAppointmentSubType).value_or(false);
    a.busy_status = named(m, names::PidLidBusyStatus);
    a.time_zone = named_string(m, names::PidLidTimeZoneDescription);
    a.meeting = meeting_kind(m.message_class().value_or(""));
    read_people(m, a);
    read_recurrence(m, a);
    return a;
}

}  // namespace msgforge::msg
