// A REPORT.* message as multipart/report (RFC 6522, MS-OXCMAIL 2.1.3.6): its text as the
// human-readable part, the delivery-status (RFC 3464) or disposition-notification (RFC 8098)
// part as stored or else made from the properties, then the reported message and the other
// attachments.
#include "report.hpp"
#include "to_mime_writer.hpp"

#include <msgforge/base/text.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/tags.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::mime::detail {

namespace {

namespace tags = msg::tags;

// The DSN Action and Status of each delivery report class (MS-OXCMAIL 2.1.3.6.1.1), by the
// end of the class.
struct DsnClass {
    std::string_view suffix;
    std::string_view action;
    std::string_view status;
};

constexpr std::array<DsnClass, 5> DSN_CLASSES = {{
    {".ndr", "failed", "5.0.0"},
    {".delayed.dr", "delayed", "4.0.0"},
    {".relayed.dr", "relayed", "2.0.0"},
    {".expanded.dr", "expanded", "2.0.0"},
    {".dr", "delivered", "2.0.0"},
}};

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && equal_ci(s.substr(s.size() - suffix.size()), suffix);
}

bool is_status_type(std::string_view type) {
    return starts_with_ci(type, "message/delivery-status")
           || starts_with_ci(type, "message/disposition-notification");
}

// A delivery-status body from the properties: Reporting-MTA, then per recipient its address,
// the class's Action and Status and the Remote-MTA. Nullopt when the message names no
// Reporting-MTA or no recipient with an address.
std::optional<std::string> delivery_status(const msg::Message& m, const DsnClass& kind) {
    const auto mta = m.string(REPORTING_MTA);
    if (!mta || mta->empty()) {
        return std::nullopt;
    }
    std::string out = "Reporting-MTA: dns; " + *mta + "\r\n";
    bool any = false;
    for (const msg::Recipient& r : m.recipients) {
        const std::string address = mailbox_address(r.address());
        if (address.empty()) {
            continue;
        }
        any = true;
        out += "\r\nFinal-Recipient: rfc822; " + address + "\r\nAction: " + std::string(kind.action)
               + "\r\nStatus: " + std::string(kind.status) + "\r\n";
        if (const auto remote = r.string(tags::PidTagRemoteMessageTransferAgent);
            remote && !remote->empty()) {
            out += "Remote-MTA: dns; " + *remote + "\r\n";
        }
    }
    return any ? std::optional<std::string>(out) : std::nullopt;
}

// A disposition-notification body from the properties: the reader (the report's sender) as
// Final-Recipient, the reported message's id, displayed or deleted as the class says.
std::optional<std::string> disposition(const msg::Message& m, bool read) {
    const auto reader = m.sent_representing() ? m.sent_representing() : m.sender();
    const std::string address = reader ? mailbox_address(*reader) : std::string();
    if (address.empty()) {
        return std::nullopt;
    }
    std::string out = "Final-Recipient: rfc822; " + address + "\r\n";
    if (const auto id = m.string(tags::PidTagOriginalMessageId); id && !id->empty()) {
        out += "Original-Message-ID: " + *id + "\r\n";
    }
    out += std::string("Disposition: manual-action/MDN-sent-manually; ")
           + (read ? "displayed" : "deleted") + "\r\n";
    return out;
}

}  // namespace

GPtr<GMimeObject> Writer::report_content(const msg::Message& m) {
    const std::string cls = m.message_class().value_or("");
    const bool read = ends_with_ci(cls, ".ipnrn");
    const bool mdn = read || ends_with_ci(cls, ".ipnnrn");
    const DsnClass* dsn = nullptr;
    for (const DsnClass& c : DSN_CLASSES) {
        if (dsn == nullptr && ends_with_ci(cls, c.suffix)) {
            dsn = &c;
        }
    }
    if (!mdn && dsn == nullptr) {
        return nullptr;
    }
    const char* report_type = mdn ? "disposition-notification" : "delivery-status";
    GPtr<GMimeObject> status;
    std::vector<GPtr<GMimeObject>> rest;
    for (const msg::Attachment& a : m.attachments) {
        const std::string type = a.mime_type().value_or("");
        const auto data = a.data();
        if (status == nullptr && a.embedded == nullptr && data && is_status_type(type)) {
            GPtr<GMimePart> p = part(type, data->span(), message_encoding(data->span()));
            status.reset(GMIME_OBJECT(p.release()));
            report_type = starts_with_ci(type, "message/delivery-status")
                              ? "delivery-status"
                              : "disposition-notification";
        } else {
            rest.push_back(attachment(a, false));
        }
    }
    if (status == nullptr) {
        const auto made = mdn ? disposition(m, read) : delivery_status(m, *dsn);
        if (!made) {
            return nullptr;
        }
        GPtr<GMimePart> p = part(std::string("message/") + report_type, as_bytes(keep(*made)),
                                 GMIME_CONTENT_ENCODING_7BIT);
        status.reset(GMIME_OBJECT(p.release()));
    }
    // The human-readable part (RFC 6522 3): the text, with the HTML body beside it in
    // multipart/alternative when the message has one.
    std::vector<GPtr<GMimeObject>> readable;
    GPtr<GMimePart> text = part("text/plain; charset=utf-8", crlf(msg::body_text(m).value_or("")));
    readable.emplace_back(GMIME_OBJECT(text.release()));
    if (const auto html = msg::body_html(m)) {
        GPtr<GMimePart> p = part("text/html; charset=utf-8", crlf(*html));
        readable.emplace_back(GMIME_OBJECT(p.release()));
    }
    const GPtr<GMimeObject> first = combine("alternative", std::move(readable));
    GPtr<GMimeMultipart> report = multipart("report");
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(report.get()), "report-type",
                                             report_type);
    hash(report_type);
    g_mime_multipart_add(report.get(), first.get());
    g_mime_multipart_add(report.get(), status.get());
    for (const auto& child : rest) {
        if (child != nullptr) {
            g_mime_multipart_add(report.get(), child.get());
        }
    }
    return GPtr<GMimeObject>(GMIME_OBJECT(report.release()));
}

}  // namespace msgforge::mime::detail
