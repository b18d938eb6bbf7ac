// Reports (multipart/report, RFC 6522) read as MS-OXCMAIL 2.2.3.7 does: a delivery status
// notification (RFC 3464) takes the report class of its most severe Action, a disposition
// notification (RFC 8098) that of its Disposition; Reporting-MTA becomes
// PidTagReportingMessageTransferAgent. The parts stay as the walk mapped them: the
// human-readable one is the body, the machine-readable ones attachments.
#include "from_mime_convert.hpp"
#include "report.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::mime::detail {

namespace {

// The report classes of the DSN actions, the least severe first (MS-OXCMAIL 2.2.3.7.1.1).
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> ACTIONS = {{
    {"delivered", "REPORT.IPM.Note.DR"},
    {"expanded", "REPORT.IPM.Note.Expanded.DR"},
    {"relayed", "REPORT.IPM.Note.Relayed.DR"},
    {"delayed", "REPORT.IPM.Note.Delayed.DR"},
    {"failed", "REPORT.IPM.Note.NDR"},
}};

struct Field {
    std::string name;  // lower case
    std::string value;
};

// The fields of a delivery-status or disposition-notification body: "Name: value" lines,
// continuation lines unfolded, comments in parentheses and white space around the value kept
// out of the name only.
std::vector<Field> fields_of(std::string_view text) {
    std::vector<Field> out;
    while (!text.empty()) {
        const size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !out.empty()) {
            out.back().value += " ";
            out.back().value += trim(line);
            continue;
        }
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        out.push_back(Field{ascii_lower(trim(line.substr(0, colon))),
                            std::string(trim(line.substr(colon + 1)))});
    }
    return out;
}

// The first word of a field value: "failed (bad mailbox)" gives "failed", "manual-action/
// MDN-sent-manually; displayed" after the ';' gives "displayed".
std::string word_of(std::string_view value) {
    value = trim(value);
    const size_t end = std::min(value.find_first_of(" \t(;/"), value.size());
    return ascii_lower(value.substr(0, end));
}

GMimePart* child_of_type(GMimeMultipart* report, const char* type, const char* subtype) {
    const int count = g_mime_multipart_get_count(report);
    for (int i = 0; i < count; ++i) {
        GMimeObject* part = g_mime_multipart_get_part(report, i);
        GMimeContentType* content_type = g_mime_object_get_content_type(part);
        if (GMIME_IS_PART(part) && content_type != nullptr
            && g_mime_content_type_is_type(content_type, type, subtype)) {
            return GMIME_PART(part);
        }
    }
    return nullptr;
}

std::optional<std::string> delivery_status_class(const std::vector<Field>& fields,
                                                 msg::Message& message) {
    int severity = -1;
    for (const Field& f : fields) {
        if (f.name == "reporting-mta" && !message.properties.find_id(REPORTING_MTA.id)) {
            const size_t semicolon = f.value.find(';');
            const std::string_view mta = trim(std::string_view(f.value).substr(
                semicolon == std::string::npos ? 0 : semicolon + 1));
            if (!mta.empty()) {
                msg::set(message, REPORTING_MTA, mta);
            }
        }
        if (f.name != "action") {
            continue;
        }
        const std::string action = word_of(f.value);
        for (size_t i = 0; i < ACTIONS.size(); ++i) {
            if (ACTIONS[i].first == action && static_cast<int>(i) > severity) {
                severity = static_cast<int>(i);
            }
        }
    }
    if (severity < 0) {
        return std::nullopt;
    }
    return std::string(ACTIONS[static_cast<size_t>(severity)].second);
}

std::optional<std::string> disposition_class(const std::vector<Field>& fields) {
    for (const Field& f : fields) {
        if (f.name != "disposition") {
            continue;
        }
        const size_t semicolon = f.value.find(';');
        if (semicolon == std::string::npos) {
            return std::nullopt;
        }
        return word_of(std::string_view(f.value).substr(semicolon + 1)) == "displayed"
                   ? "REPORT.IPM.Note.IPNRN"
                   : "REPORT.IPM.Note.IPNNRN";
    }
    return std::nullopt;
}

}  // namespace

void map_report(GMimeObject* top, msg::Message& message, Conversion& conversion,
                const std::string& where) {
    if (top == nullptr || !GMIME_IS_MULTIPART(top)
        || !g_mime_content_type_is_type(g_mime_object_get_content_type(top), "multipart",
                                        "report")) {
        return;
    }
    GMimeMultipart* report = GMIME_MULTIPART(top);
    const char* report_type = g_mime_object_get_content_type_parameter(top, "report-type");
    const std::string kind = ascii_lower(report_type != nullptr ? report_type : "");
    // The status part's text as UTF-8 (RFC 3464 fields are ASCII, RFC 6533's UTF-8; any other
    // bytes are read as decode_text() reads a body), so that no value taken from it is invalid.
    const auto text_of = [&](GMimePart* part, const char* what) {
        const char* charset =
            g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
        return decode_text(as_chars(part_content(part)), charset != nullptr ? charset : "utf-8",
                           conversion, where + " " + what);
    };
    std::optional<std::string> report_class;
    if (GMimePart* status = child_of_type(report, "message", "delivery-status");
        status != nullptr && kind != "disposition-notification") {
        report_class =
            delivery_status_class(fields_of(text_of(status, "delivery-status")), message);
    } else if (GMimePart* disposition =
                   child_of_type(report, "message", "disposition-notification")) {
        report_class =
            disposition_class(fields_of(text_of(disposition, "disposition-notification")));
    }
    const bool known = kind == "delivery-status" || kind == "disposition-notification";
    if (!report_class && known) {
        conversion.warn(
            where + " multipart/report",
            "report-type '" + kind + "' without a status part this reader knows; read as IPM.Note");
        return;
    }
    if (report_class) {
        msg::set(message, msg::tags::PidTagMessageClass, *report_class);
    }
}

}  // namespace msgforge::mime::detail
