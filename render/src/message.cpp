// The message page: header, item fields, phone parts, attachments, body and embedded messages.
#include "message_parts.hpp"
#include "page.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms/media.hpp>
#include <msgforge/render/message.hpp>
#include <msgforge/render/sanitize.hpp>

namespace msgforge::render {

namespace {

namespace tags = msg::tags;
namespace flags = msg::flags;

/// The page's own stylesheet: a reading pane.
constexpr const char* CSS =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Arial,sans-serif;margin:0;"
    "background:#f3f4f6;color:#111}"
    ".mf-message{background:#fff;margin:16px;padding:16px 20px;border:1px solid #d1d5db;"
    "border-radius:6px;overflow-wrap:anywhere}"
    ".mf-subject{font-size:22px;margin:0 0 10px}"
    ".mf-fields{border-collapse:collapse;margin-bottom:10px}"
    ".mf-fields th{text-align:left;color:#4b5563;font-weight:600;padding:2px 12px 2px 0;"
    "vertical-align:top;white-space:nowrap}"
    ".mf-fields td{padding:2px 0}"
    ".mf-attachments{border-top:1px solid #e5e7eb;padding:8px 0}"
    ".mf-attachments h2,.mf-phone h2{font-size:14px;margin:0 0 4px;color:#4b5563}"
    ".mf-attachments ul{margin:0;padding-left:20px}"
    ".mf-size,.mf-note{color:#6b7280}"
    ".mf-body{border-top:1px solid #e5e7eb;padding-top:12px;overflow:auto;position:relative}"
    ".mf-text{white-space:pre-wrap;font:inherit;margin:0}"
    ".mf-image{display:inline-block;border:1px dashed #9ca3af;color:#6b7280;padding:2px 6px;"
    "font-size:12px}"
    ".mf-slide{border:1px solid #e5e7eb;border-radius:6px;padding:8px;margin:8px 0}"
    ".mf-slide-image{max-width:100%}"
    "details.mf-embedded{margin-top:12px}"
    "details.mf-embedded>summary{cursor:pointer;font-weight:600}"
    "details.mf-embedded>.mf-message{margin:8px 0 0}";

std::string importance_text(const msg::Message& m) {
    const int32_t* importance = m.properties.get_as(tags::PidTagImportance);
    if (importance == nullptr || *importance == 1) {
        return "";
    }
    return *importance == 0 ? "low" : *importance == 2 ? "high" : std::to_string(*importance);
}

/// The time sent, else received, in UTC and, when the Date header gives one, in its offset.
std::string date_text(const msg::Message& m) {
    const FileTime* t = m.properties.get_as(tags::PidTagClientSubmitTime);
    if (t == nullptr || t->is_zero()) {
        t = m.properties.get_as(tags::PidTagMessageDeliveryTime);
    }
    if (t == nullptr || t->is_zero()) {
        return "";
    }
    std::string text = detail::utc_text(*t);
    if (const auto headers = m.string(tags::PidTagTransportMessageHeaders)) {
        if (const auto offset = detail::date_header_offset(*headers)) {
            text += " (" + detail::local_text(*t, *offset) + ")";
        }
    }
    return text;
}

std::string recipients_text(const msg::Message& m, int32_t kind) {
    std::string out;
    for (const msg::Recipient& r : m.recipients) {
        const int32_t* type = r.properties.get_as(tags::PidTagRecipientType);
        if ((type == nullptr ? flags::MAPI_TO : (*type & flags::RECIPIENT_TYPE_MASK)) == kind) {
            out +=
                (out.empty() ? "" : "; ") + detail::person_text(r.address()).value_or("(no name)");
        }
    }
    return out;
}

std::string from_text(const msg::Message& m) {
    const auto from = m.sent_representing() ? m.sent_representing() : m.sender();
    return from ? detail::person_text(*from).value_or("") : "";
}

/// The Content-ID of an attachment without its angle brackets.
std::string content_id(const msg::Attachment& a) {
    std::string cid = a.string(tags::PidTagAttachContentId).value_or("");
    if (cid.size() >= 2 && cid.front() == '<' && cid.back() == '>') {
        cid = cid.substr(1, cid.size() - 2);
    }
    return cid;
}

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_digit_value(s[i + 1]) >= 0
            && hex_digit_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// The image an HTML body's cid: URL or relative name refers to, as a data: URI: the attachment
/// with that Content-ID, else with that Content-Location or file name.
std::optional<std::string> inline_image(const msg::Message& m, std::string_view url) {
    const bool cid = url.size() > 4 && equal_ci(url.substr(0, 4), "cid:");
    const std::string wanted = percent_decoded(cid ? url.substr(4) : url);
    for (const msg::Attachment& a : m.attachments) {
        const bool match = cid ? equal_ci(content_id(a), wanted)
                               : (a.string(tags::PidTagAttachContentLocation).value_or("") == wanted
                                  || a.file_name().value_or("") == wanted);
        if (!match) {
            continue;
        }
        const auto data = a.data();
        if (!data) {
            return std::nullopt;
        }
        const auto sniffed = oms::sniff(data->span());
        if (!sniffed || sniffed->kind != oms::MediaKind::image) {
            return std::nullopt;
        }
        return detail::data_uri(sniffed->mime, data->span());
    }
    return std::nullopt;
}

class Renderer {
public:
    explicit Renderer(const MessageOptions& options) : options_(options) {}

    std::string message(const msg::Message& m, const std::string& id) {
        std::string out = "<article class=\"mf-message\">\n<h1 class=\"mf-subject\">"
                          + detail::escape(m.subject().value_or("(no subject)")) + "</h1>\n";
        out += "<table class=\"mf-fields\">\n";
        out += detail::field_row("From", from_text(m));
        out += detail::field_row("To", recipients_text(m, flags::MAPI_TO));
        out += detail::field_row("Cc", recipients_text(m, flags::MAPI_CC));
        out += detail::field_row("Bcc", recipients_text(m, flags::MAPI_BCC));
        out += detail::field_row("Date", date_text(m));
        out += detail::field_row("Importance", importance_text(m));
        std::vector<std::string> notes;
        out += detail::item_rows(m, notes);
        out += "</table>\n";
        out += detail::phone_section(m, notes);
        out += attachments(m, id);
        out += body(m, notes);
        for (const std::string& note : notes) {
            warn(id, note);
        }
        for (size_t i = 0; i < m.attachments.size(); ++i) {
            const msg::Attachment& a = m.attachments[i];
            if (a.embedded) {
                const std::string child = child_id(id, i);
                out += "<details class=\"mf-embedded\"><summary>Attached message: "
                       + detail::escape(a.embedded->subject().value_or("(no subject)"))
                       + "</summary>\n" + message(*a.embedded, child) + "</details>\n";
            }
        }
        return out + "</article>\n";
    }

    std::vector<std::string> warnings() { return std::move(warnings_); }

private:
    static std::string child_id(const std::string& id, size_t i) {
        return id.empty() ? std::to_string(i) : id + "." + std::to_string(i);
    }

    void warn(const std::string& id, const std::string& note) {
        warnings_.push_back(id.empty() ? note : "embedded message " + id + ": " + note);
    }

    std::string attachments(const msg::Message& m, const std::string& id) {
        if (m.attachments.empty()) {
            return "";
        }
        std::string out = "<section class=\"mf-attachments\"><h2>Attachments ("
                          + std::to_string(m.attachments.size()) + ")</h2><ul>\n";
        for (size_t i = 0; i < m.attachments.size(); ++i) {
            out += "<li>" + attachment(m.attachments[i], child_id(id, i)) + "</li>\n";
        }
        return out + "</ul></section>\n";
    }

    std::string attachment(const msg::Attachment& a, const std::string& id) {
        if (a.embedded) {
            return "Message: " + detail::escape(a.embedded->subject().value_or("(no subject)"))
                   + " <span class=\"mf-note\">(shown below)</span>";
        }
        const std::string name = a.file_name().value_or("attachment " + id);
        if (a.object_storage) {
            return detail::escape(name) + " <span class=\"mf-note\">(OLE object)</span>";
        }
        const auto data = a.data();
        std::string link = detail::escape(name);
        if (data && options_.inline_attachments) {
            const std::string type = a.mime_type().value_or("");
            link = "<a href=\""
                   + detail::escape(detail::data_uri(
                       type.empty() ? "application/octet-stream" : type, data->span()))
                   + "\" download=\"" + detail::escape(name) + "\">" + link + "</a>";
        } else if (data && options_.attachment_file) {
            if (const auto file = options_.attachment_file(a, id)) {
                link = "<a href=\"" + detail::escape(relative_url(*file)) + "\">" + link + "</a>";
            }
        }
        const bool* hidden = a.properties.get_as(tags::PidTagAttachmentHidden);
        return link + " <span class=\"mf-size\">("
               + (data ? detail::size_text(data->size()) : std::string("no data"))
               + (hidden != nullptr && *hidden ? ", inline" : "") + ")</span>";
    }

    std::string body(const msg::Message& m, std::vector<std::string>& notes) const {
        std::optional<std::string> html;
        std::optional<std::string> text;
        try {
            msg::BodyReader bodies(m);  // the RTF body decompressed once for both
            html = bodies.html();
            if (!html) {
                if (const auto& rtf = bodies.rtf()) {
                    text = msg::rtf::to_text(*rtf);
                }
            }
        } catch (const FormatError& e) {
            notes.push_back(std::string("body: ") + e.what());
        }
        if (!html && !text) {
            text = m.string(tags::PidTagBody);
        }
        std::string out = "<div class=\"mf-body\">";
        if (html) {
            SanitizeOptions sanitize;
            sanitize.remote_images = options_.remote_images;
            sanitize.resolve_image = [&m](std::string_view url) { return inline_image(m, url); };
            Sanitized clean = sanitize_html(*html, sanitize);
            notes.insert(notes.end(), clean.warnings.begin(), clean.warnings.end());
            out += clean.html;
        } else if (text) {
            out += detail::text_block(*text);
        }
        return out + "</div>\n";
    }

    const MessageOptions& options_;
    std::vector<std::string> warnings_;
};

}  // namespace

RenderedPage render_message(const msg::Message& m, const MessageOptions& options) {
    Renderer renderer(options);
    std::string html = detail::page_open(m.subject().value_or("(no subject)"), CSS,
                                         {.remote_images = options.remote_images});
    html += renderer.message(m, "");
    html += detail::page_close();
    return {std::move(html), renderer.warnings()};
}

Summary summarize(const msg::Message& m) {
    Summary s;
    s.subject = m.subject().value_or("(no subject)");
    s.from = from_text(m);
    const std::string date = date_text(m);
    s.date = date.substr(0, std::min(date.size(), size_t{23}));
    return s;
}

std::string render_index(const std::vector<IndexEntry>& entries) {
    std::string html = detail::page_open(
        "Messages", std::string(CSS) + "table.mf-index{border-collapse:collapse;margin:16px}"
                    ".mf-index th,.mf-index td{text-align:left;padding:4px 12px 4px 0;"
                    "border-bottom:1px solid #e5e7eb}.mf-error{color:#b91c1c}",
        {});
    html +=
        "<table class=\"mf-index\"><thead><tr><th>Subject</th><th>From</th><th>Date</th>"
        "<th>File</th></tr></thead><tbody>\n";
    for (const IndexEntry& e : entries) {
        html += "<tr><td>";
        if (e.href.empty()) {
            html += "<span class=\"mf-error\">" + detail::escape(e.error) + "</span>";
        } else {
            html += "<a href=\"" + detail::escape(relative_url(e.href)) + "\">"
                    + detail::escape(e.summary.subject) + "</a>";
        }
        html += "</td><td>" + detail::escape(e.summary.from) + "</td><td>"
                + detail::escape(e.summary.date) + "</td><td>" + detail::escape(e.source)
                + "</td></tr>\n";
    }
    return html + "</tbody></table>\n" + detail::page_close();
}

std::string relative_url(std::string_view path) {
    static constexpr char HEX[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_' || c == '~' || c == '/') {
            out += c;
        } else {
            out += '%';
            out += HEX[u >> 4];
            out += HEX[u & 0xF];
        }
    }
    return out;
}

}  // namespace msgforge::render
