// Typed views of the items that are not mail: appointments and meeting messages (MS-OXOCAL),
// contacts and distribution lists (MS-OXOCNTC), tasks (MS-OXOTASK) and sticky notes
// (MS-OXONOTE), read from their named and tagged properties, and the recurrence of an
// appointment (PidLidAppointmentRecur, MS-OXOCAL 2.2.1.44) in words. docs/library.md.
#pragma once

#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace msgforge::msg {

/// RecurFrequency of a RecurrencePattern (MS-OXOCAL 2.2.1.44.1).
enum class RecurrenceFrequency { daily, weekly, monthly, yearly };

/// PatternType of a RecurrencePattern: what PatternTypeSpecific holds.
enum class RecurrencePatternType {
    day,              ///< every `interval` days (0x0000)
    week,             ///< on `days_of_week` every `interval` weeks (0x0001)
    month,            ///< on `day_of_month` (0x0002)
    month_nth,        ///< on the `nth` of `days_of_week` (0x0003)
    month_end,        ///< on the last day of the month (0x0004)
    hijri_month,      ///< as month, in the Hijri calendar (0x000A)
    hijri_month_nth,  ///< as month_nth, in the Hijri calendar (0x000B)
    hijri_month_end,  ///< as month_end, in the Hijri calendar (0x000C)
};

/// EndType of a RecurrencePattern.
enum class RecurrenceEnd { by_date, after_occurrences, never };

/// Bits of Recurrence::days_of_week: bit 0 is Sunday, bit 6 Saturday (MS-OXOCAL 2.2.1.44.1.2).
inline constexpr uint8_t ALL_DAYS = 0x7F;
inline constexpr uint8_t WEEKDAYS = 0x3E;
inline constexpr uint8_t WEEKEND_DAYS = 0x41;

/// A RecurrencePattern (MS-OXOCAL 2.2.1.44.1) and, from an AppointmentRecurrencePattern
/// (2.2.1.44.5), the times of day of the appointment. Dates and times are the appointment's
/// local ones, as stored: a date is local midnight as a FileTime.
struct Recurrence {
    RecurrenceFrequency frequency = RecurrenceFrequency::daily;
    RecurrencePatternType pattern = RecurrencePatternType::day;
    /// CalendarType: 0 and 1 are Gregorian, 6 Hijri, 8 Hebrew... (calendar_type_name()).
    uint16_t calendar_type = 0;
    /// Period as stored: minutes for a daily pattern of type day, weeks for week, months for the
    /// month patterns (12 for a yearly one).
    uint32_t period = 0;
    /// Days, weeks, months or years between occurrences, from `period` and the frequency.
    uint32_t interval = 0;
    uint8_t days_of_week = 0;   ///< week and month_nth patterns
    uint32_t day_of_month = 0;  ///< month patterns (1-31)
    uint32_t nth = 0;           ///< month_nth patterns: 1-4, 5 for the last
    RecurrenceEnd end = RecurrenceEnd::never;
    uint32_t occurrences = 0;        ///< OccurrenceCount (meant for after_occurrences)
    uint32_t first_day_of_week = 0;  ///< FirstDOW: 0 Sunday ... 6 Saturday
    FileTime start_date;             ///< StartDate: the first occurrence's date
    FileTime end_date;               ///< EndDate: the last occurrence's date
    std::vector<FileTime> deleted;   ///< DeletedInstanceDates (moved instances' too)
    std::vector<FileTime> modified;  ///< ModifiedInstanceDates
    /// StartTimeOffset and EndTimeOffset: minutes after local midnight of the occurrence's
    /// start and end (AppointmentRecurrencePattern only).
    std::optional<uint32_t> start_minute;
    std::optional<uint32_t> end_minute;
    uint16_t exception_count = 0;  ///< ExceptionCount (AppointmentRecurrencePattern only)
};

/// Reads a RecurrencePattern (MS-OXOCAL 2.2.1.44.1), as PidLidTaskRecurrence holds it. Throws
/// FormatError naming `property` and the offset in the value when it is cut short or holds a
/// value the structure does not allow. Bytes after the structure are ignored.
Recurrence parse_recurrence_pattern(std::span<const uint8_t> blob,
                                    std::string_view property = "RecurrencePattern");

/// Reads an AppointmentRecurrencePattern (MS-OXOCAL 2.2.1.44.5), as PidLidAppointmentRecur
/// holds it: the RecurrencePattern, then the start and end minutes of the day and the
/// exception count (the exceptions themselves are not read). Throws as above.
Recurrence parse_appointment_recurrence(std::span<const uint8_t> blob,
                                        std::string_view property = "PidLidAppointmentRecur");

/// The recurrence in English: "weekly on Monday, 16:00-16:30, from 2023-01-06 until
/// 2023-12-29", "every 2 days", "monthly on the last Friday", "yearly on November 24",
/// "every weekday", with " (Hijri calendar)" and the like for a calendar that is not
/// Gregorian. Dates are left out when StartDate is 0, times when they are unknown or span
/// whole days.
std::string describe(const Recurrence& r);

/// "Gregorian", "Hijri", "Hebrew", "Japanese Emperor Era"... for a CalendarType, else
/// "calendar type N".
std::string calendar_type_name(uint16_t calendar_type);

/// What kind of meeting message an appointment view came from, by message class.
enum class MeetingKind {
    none,          ///< an appointment (IPM.Appointment, an exception item)
    request,       ///< IPM.Schedule.Meeting.Request
    cancellation,  ///< IPM.Schedule.Meeting.Canceled
    accepted,      ///< IPM.Schedule.Meeting.Resp.Pos
    declined,      ///< IPM.Schedule.Meeting.Resp.Neg
    tentative,     ///< IPM.Schedule.Meeting.Resp.Tent
    other,         ///< any other IPM.Schedule.Meeting class (a forward notification...)
};

/// "request", "cancellation", "accepted", "declined", "tentative", "other"; "" for none.
std::string_view meeting_kind_name(MeetingKind kind);

/// "free", "tentative", "busy", "out of office", "working elsewhere" for PidLidBusyStatus
/// (MS-OXOCAL 2.2.1.2), else "status N".
std::string busy_status_name(int32_t status);

/// IPM.Appointment, IPM.Schedule.Meeting.* and exception items
/// (IPM.OLE.CLASS.{00061055-0000-0000-C000-000000000046}).
struct Appointment {
    /// PidLidAppointmentStartWhole and EndWhole (UTC), else PidTagStartDate and EndDate.
    std::optional<FileTime> start;
    std::optional<FileTime> end;
    std::string location;  ///< PidLidLocation
    bool all_day = false;  ///< PidLidAppointmentSubType
    /// The recipient flagged as organizer (PidTagRecipientFlags recipOrganizer), else the
    /// sent-representing address, else the sender (Message::sent_representing(), sender()).
    std::optional<Address> organizer;
    std::optional<int32_t> busy_status;  ///< PidLidBusyStatus (busy_status_name())
    std::string time_zone;               ///< PidLidTimeZoneDescription
    MeetingKind meeting = MeetingKind::none;
    /// The other recipients by PidTagRecipientType: MAPI_TO required, MAPI_CC optional,
    /// MAPI_BCC resources.
    std::vector<Address> required;
    std::vector<Address> optional;
    std::vector<Address> resources;
    /// PidLidRecurring, PidLidIsRecurring, or a recurrence blob present.
    bool recurring = false;
    /// PidLidAppointmentRecur as read; nullopt when absent or malformed (see `warnings`).
    std::optional<Recurrence> recurrence;
    /// describe(*recurrence), else the PidLidRecurrencePattern Outlook stores when the blob is
    /// absent; empty for neither.
    std::string recurrence_text;
    /// What could not be read: "PidLidAppointmentRecur: ... at offset N".
    std::vector<std::string> warnings;
};

/// A labelled value of a contact: a phone number ("business", "mobile", "business fax"...)
/// or a postal address ("work", "home", "other").
struct Labelled {
    std::string label;
    std::string value;
};

/// IPM.Contact and IPM.DistList.
struct Contact {
    bool distribution_list = false;  ///< IPM.DistList
    /// Entries of PidLidDistributionListMembers (else OneOffMembers) of a list.
    std::optional<size_t> member_count;
    /// PidTagDisplayName, else PidLidFileUnder, else PidLidDistributionListName, else the subject.
    std::string display_name;
    std::string given_name;   ///< PidTagGivenName
    std::string middle_name;  ///< PidTagMiddleName
    std::string surname;      ///< PidTagSurname
    std::string nickname;     ///< PidTagNickname
    std::string company;      ///< PidTagCompanyName
    std::string job_title;    ///< PidTagTitle
    std::string department;   ///< PidTagDepartmentName, else PidLidDepartment
    /// E-mail 1-3 that are set: PidLidEmailNDisplayName, EmailAddress, AddressType; `smtp` is
    /// the address when its type is SMTP, else PidLidEmailNOriginalDisplayName when that is an
    /// SMTP address (Outlook keeps it there for an EX address).
    std::vector<Address> emails;
    std::vector<Labelled> phones;      ///< in the order of phone_labels()
    std::vector<Labelled> addresses;   ///< work, home, other
    std::optional<FileTime> birthday;  ///< PidTagBirthday
    /// PidTagBusinessHomePage, else PidLidHtml, else PidTagPersonalHomePage.
    std::string web_page;
};

/// The labels of Contact::phones, in order ("business", "business 2", "home", ... ).
std::span<const std::string_view> phone_labels();

/// IPM.Task.
struct Task {
    std::optional<FileTime> start;           ///< PidLidTaskStartDate
    std::optional<FileTime> due;             ///< PidLidTaskDueDate
    std::optional<FileTime> completed;       ///< PidLidTaskDateCompleted
    std::optional<int32_t> status;           ///< PidLidTaskStatus (task_status_name())
    std::optional<double> percent_complete;  ///< PidLidPercentComplete, 0.0-1.0
    bool complete = false;                   ///< PidLidTaskComplete
    std::string owner;                       ///< PidLidTaskOwner
    bool recurring = false;                  ///< PidLidTaskFRecurring
};

/// "not started", "in progress", "complete", "waiting", "deferred" for PidLidTaskStatus
/// (MS-OXOTASK 2.2.2.2.2), else "status N".
std::string task_status_name(int32_t status);

/// IPM.StickyNote.
struct StickyNote {
    std::optional<int32_t> color;   ///< PidLidNoteColor (note_color_name())
    std::optional<int32_t> width;   ///< PidLidNoteWidth, pixels
    std::optional<int32_t> height;  ///< PidLidNoteHeight
    std::optional<int32_t> x;       ///< PidLidNoteX, pixels from the screen's left
    std::optional<int32_t> y;       ///< PidLidNoteY, from its top
    std::string text;               ///< PidTagBody
};

/// "blue", "green", "pink", "yellow", "white" for PidLidNoteColor (MS-OXONOTE 2.2.1.1), else
/// "color N".
std::string note_color_name(int32_t color);

using ItemView = std::variant<Appointment, Contact, Task, StickyNote>;

/// Whether message class `message_class` is `prefix` or a class under it ("IPM.Appointment"
/// matches "ipm.appointment" and "IPM.Appointment.Foo", not "IPM.AppointmentX"), as MS-OXCMSG
/// 2.2.1.3 matches classes: without regard to ASCII case.
bool class_is(std::string_view message_class, std::string_view prefix);

/// The typed view of an appointment, meeting message, contact, distribution list, task or
/// sticky note, chosen by message class; nullopt for any other class.
std::optional<ItemView> item_view(const Message& m);

/// The view of each kind, whatever the message's class.
Appointment appointment_view(const Message& m);
Contact contact_view(const Message& m);
Task task_view(const Message& m);
StickyNote sticky_note_view(const Message& m);

}  // namespace msgforge::msg
