// Which view a message gets (item_view), and the task and sticky note views (MS-OXOTASK,
// MS-OXONOTE).
#include "item_fields.hpp"

#include <msgforge/base/text.hpp>
#include <msgforge/msg/items.hpp>
#include <msgforge/msg/tags.hpp>

#include <array>

namespace msgforge::msg {

namespace {

/// The class of exception items of a recurring series (MS-OXOCAL 2.2.10.1.3).
constexpr std::string_view EXCEPTION_CLASS = "IPM.OLE.CLASS.{00061055-0000-0000-C000-000000000046}";

}  // namespace

bool class_is(std::string_view message_class, std::string_view prefix) {
    return starts_with_ci(message_class, prefix)
           && (message_class.size() == prefix.size() || message_class[prefix.size()] == '.');
}

std::string task_status_name(int32_t status) {
    static constexpr std::array<std::string_view, 5> names = {"not started", "in progress",
                                                              "complete", "waiting", "deferred"};
    if (status >= 0 && static_cast<size_t>(status) < names.size()) {
        return std::string(names[static_cast<size_t>(status)]);
    }
    return "status " + std::to_string(status);
}

std::string note_color_name(int32_t color) {
    static constexpr std::array<std::string_view, 5> names = {"blue", "green", "pink", "yellow",
                                                              "white"};
    if (color >= 0 && static_cast<size_t>(color) < names.size()) {
        return std::string(names[static_cast<size_t>(color)]);
    }
    return "color " + std::to_string(color);
}

Task task_view(const Message& m) {
    using items::named;
    Task t;
    t.start = items::time_of(named(m, names::PidLidTaskStartDate));
    t.due = items::time_of(named(m, names::PidLidTaskDueDate));
    t.completed = items::time_of(named(m, names::PidLidTaskDateCompleted));
    t.status = named(m, names::PidLidTaskStatus);
    t.percent_complete = named(m, names::PidLidPercentComplete);
    t.complete = named(m, names::PidLidTaskComplete).value_or(false);
    t.owner = items::named_string(m, names::PidLidTaskOwner);
    t.recurring = named(m, names::PidLidTaskFRecurring).value_or(false);
    return t;
}

StickyNote sticky_note_view(const Message& m) {
    using items::named;
    StickyNote n;
    n.color = named(m, names::PidLidNoteColor);
    n.width = named(m, names::PidLidNoteWidth);
    n.height = named(m, names::PidLidNoteHeight);
    n.x = named(m, names::PidLidNoteX);
    n.y = named(m, names::PidLidNoteY);
    n.text = items::text(m, tags::PidTagBody);
    return n;
}

std::optional<ItemView> item_view(const Message& m) {
    const std::string cls = m.message_class().value_or("");
    if (class_is(cls, "IPM.Appointment") || class_is(cls, "IPM.Schedule.Meeting")
        || class_is(cls, EXCEPTION_CLASS)) {
        return appointment_view(m);
    }
    if (class_is(cls, "IPM.Contact") || class_is(cls, "IPM.DistList")) {
        return contact_view(m);
    }
    if (class_is(cls, "IPM.Task")) {
        return task_view(m);
    }
    if (class_is(cls, "IPM.StickyNote")) {
        return sticky_note_view(m);
    }
    return std::nullopt;
}

}  // namespace msgforge::msg
