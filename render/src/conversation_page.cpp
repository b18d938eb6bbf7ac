// The pages of conversations: bubbles of SMS and MMS messages, and the index of conversations.
#include "page.hpp"

#include <msgforge/base/text.hpp>
#include <msgforge/oms/media.hpp>
#include <msgforge/render/conversation.hpp>
#include <msgforge/render/message.hpp>

#include <algorithm>
#include <span>
#include <string>

namespace msgforge::render {

namespace {

using detail::escape;

constexpr std::string_view CSS =
    "body{font-family:sans-serif;background:#f2f2f5;color:#111;margin:0;padding:16px}"
    "main{max-width:760px;margin:0 auto}"
    "h1{font-size:20px;margin:0 0 4px}"
    ".numbers,.note{color:#555;font-size:13px;margin:0 0 4px}"
    ".thread{display:flex;flex-direction:column;gap:6px;margin-top:12px}"
    ".bubble{max-width:75%;padding:8px 12px;border-radius:16px;overflow-wrap:anywhere}"
    ".received{align-self:flex-start;background:#e2e2e8;border-bottom-left-radius:4px}"
    ".sent,.draft{align-self:flex-end;background:#1d6fe0;color:#fff;"
    "border-bottom-right-radius:4px}"
    ".draft{background:#7c8fa8;font-style:italic}"
    ".sent a,.draft a{color:#fff}"
    ".who{font-size:12px;font-weight:bold;color:#444;margin-bottom:2px}"
    ".subject{font-weight:bold}"
    ".text{white-space:pre-wrap}"
    ".slide{margin:4px 0}"
    ".slide img,.slide video{display:block;max-width:100%;max-height:320px;border-radius:8px}"
    ".slide audio{max-width:100%}"
    ".meta{font-size:11px;opacity:.75;margin-top:4px;text-align:right}"
    "table{border-collapse:collapse;width:100%;background:#fff}"
    "td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #ddd;vertical-align:top}"
    ".count{text-align:right}";

/// "2026-01-02 03:04" and the ISO 8601 form for the datetime attribute.
std::string time_element(const FileTime& time) {
    const std::string iso = time.to_iso();
    return "<time datetime=\"" + escape(iso.substr(0, 19) + "Z") + "\">" + escape(iso.substr(0, 10))
           + " " + escape(iso.substr(11, 5)) + "</time>";
}

/// A MIME type kept for a media element: type/subtype in lower case of letters, digits and
/// ".+-" only, parameters dropped; empty when it is none.
std::string clean_mime(std::string_view mime) {
    std::string out;
    for (const char c : mime.substr(0, mime.find(';'))) {
        const char l = ascii_lower(c);
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '/' || l == '.' || l == '+'
            || l == '-') {
            out += l;
        } else if (l != ' ') {
            return {};
        }
    }
    return std::count(out.begin(), out.end(), '/') == 1 ? out : std::string();
}

std::string size_text(size_t bytes) {
    if (bytes < 1024) {
        return std::to_string(bytes) + " bytes";
    }
    if (bytes < size_t{1} << 20) {
        return std::to_string((bytes + 512) / 1024) + " KB";
    }
    const size_t tenths = (bytes * 10 + (size_t{1} << 19)) >> 20;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

/// Builds the bubbles of one page, collecting the files written beside it.
class PageBuilder {
public:
    PageBuilder(const ConversationPageOptions& options, ConversationPage& page)
        : options_(options), page_(page) {}

    /// Part `p` of `m`, message `n` of the page: an image, audio or video element, or a link.
    void part(const msg::Message& m, const oms::PartView& p, size_t n) {
        ++parts_;
        const std::optional<cfb::Blob> blob =
            p.attachment < m.attachments.size() ? m.attachments[p.attachment].data() : std::nullopt;
        const std::string label = p.file_name.empty() ? "attachment" : p.file_name;
        if (!blob) {
            html_ += "<div class=\"file\">" + escape(label) + " (no data)</div>";
            return;
        }
        const std::span<const uint8_t> bytes = blob->span();
        const std::optional<oms::MediaType> sniffed = oms::sniff(bytes);
        oms::MediaKind kind = oms::MediaKind::other;
        std::string mime;
        if (sniffed && sniffed->kind != oms::MediaKind::text
            && sniffed->kind != oms::MediaKind::other) {
            kind = sniffed->kind;
            mime = sniffed->mime;
        } else if (const oms::MediaKind declared = oms::kind_of(p.mime_type);
                   declared == oms::MediaKind::audio || declared == oms::MediaKind::video) {
            mime = clean_mime(p.mime_type);
            kind = mime.empty() ? oms::MediaKind::other : declared;
        }
        if (kind == oms::MediaKind::other || kind == oms::MediaKind::text) {
            mime = "application/octet-stream";
        }
        std::string src;
        if (bytes.size() > options_.max_inline) {
            const std::string path =
                (options_.media_folder.empty() ? "" : options_.media_folder + "/") + "m"
                + std::to_string(n) + "-" + std::to_string(parts_)
                + (sniffed ? sniffed->extension : std::string(".bin"));
            page_.files.push_back({path, {bytes.begin(), bytes.end()}});
            src = relative_url(path);
        } else {
            src = detail::data_uri(mime, bytes);
        }
        const std::string attrs = " src=\"" + escape(src) + "\" title=\"" + escape(label) + "\"";
        switch (kind) {
            case oms::MediaKind::image:
                html_ += "<img" + attrs + " alt=\"" + escape(label) + "\">";
                return;
            case oms::MediaKind::audio:
                html_ += "<audio controls preload=\"metadata\"" + attrs + "></audio>";
                return;
            case oms::MediaKind::video:
                html_ += "<video controls preload=\"metadata\"" + attrs + "></video>";
                return;
            case oms::MediaKind::text:
            case oms::MediaKind::other:
                break;
        }
        html_ += "<div class=\"file\"><a href=\"" + escape(src) + "\" download=\"" + escape(label)
                 + "\">" + escape(label) + "</a> (" + size_text(bytes.size()) + ")</div>";
    }

    void text(std::string_view text) {
        if (!text.empty()) {
            html_ += "<div class=\"text\">" + escape(text) + "</div>";
        }
    }

    void bubble(const Conversation& c, const ConversationMessage& cm, const msg::Message& m,
                size_t n) {
        const std::optional<oms::OmsMessage> view = oms::view(m);
        const std::string side = cm.direction == Direction::received ? "received"
                                 : cm.direction == Direction::sent   ? "sent"
                                                                     : "draft";
        html_ += "<div class=\"bubble " + side + "\" id=\"m" + std::to_string(n) + "\">";
        if (c.group() && cm.direction == Direction::received) {
            const oms::Party& s = cm.sender;
            html_ += "<div class=\"who\">"
                     + escape(s.name.empty() ? s.number : s.name + " (" + s.number + ")")
                     + "</div>";
        }
        if (!view) {
            text(cm.excerpt);
        } else if (view->service == oms::ServiceType::sms) {
            text(view->text);
        } else {
            if (!view->subject.empty()) {
                html_ += "<div class=\"subject\">" + escape(view->subject) + "</div>";
            }
            if (view->slides.empty() && view->extra.empty()) {
                text(view->text);
            }
            for (const oms::SlideView& slide : view->slides) {
                html_ += "<div class=\"slide\">";
                if (slide.visual) {
                    part(m, *slide.visual, n);
                }
                if (slide.audio) {
                    part(m, *slide.audio, n);
                }
                text(slide.text);
                html_ += "</div>";
            }
            for (const oms::PartView& extra : view->extra) {
                part(m, extra, n);
            }
        }
        html_ += "<div class=\"meta\">";
        if (cm.time) {
            html_ += time_element(*cm.time);
        }
        if (cm.direction == Direction::draft) {
            html_ += cm.time ? " · draft" : "draft";
        }
        html_ += "</div></div>\n";
        parts_ = 0;
    }

    std::string& html() { return html_; }

private:
    const ConversationPageOptions& options_;
    ConversationPage& page_;
    std::string html_;
    size_t parts_ = 0;
};

}  // namespace

ConversationPage conversation_page(const Conversation& conversation, const MessageSource& source,
                                   const ConversationPageOptions& options) {
    ConversationPage page;
    PageBuilder builder(options, page);
    std::string& html = builder.html();
    html = detail::page_open(conversation.title(), CSS, {});
    html += "<main>\n";
    if (!options.index_href.empty()) {
        html += "<p class=\"note\"><a href=\"" + escape(relative_url(options.index_href))
                + "\">All conversations</a></p>\n";
    }
    html += "<h1>" + escape(conversation.title()) + "</h1>\n<p class=\"numbers\">";
    for (size_t i = 0; i < conversation.parties.size(); ++i) {
        html += (i == 0 ? "" : ", ") + escape(conversation.parties[i].number);
    }
    html += "</p>\n<p class=\"note\">" + std::to_string(conversation.messages.size())
            + (conversation.messages.size() == 1 ? " message" : " messages")
            + ", times in UTC</p>\n<div class=\"thread\">\n";
    for (size_t n = 0; n < conversation.messages.size(); ++n) {
        const ConversationMessage& cm = conversation.messages[n];
        builder.bubble(conversation, cm, source(cm.index), n + 1);
    }
    html += "</div>\n</main>\n" + detail::page_close();
    page.html = std::move(html);
    return page;
}

std::string conversation_index(const std::vector<ConversationIndexEntry>& entries) {
    std::vector<const ConversationIndexEntry*> sorted;
    for (const ConversationIndexEntry& e : entries) {
        sorted.push_back(&e);
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const ConversationIndexEntry* a, const ConversationIndexEntry* b) {
                         const std::optional<FileTime> ta = a->conversation->last_time();
                         const std::optional<FileTime> tb = b->conversation->last_time();
                         if (ta && tb) {
                             return *ta > *tb;
                         }
                         return ta.has_value() && !tb.has_value();
                     });
    std::string html = detail::page_open("Conversations", CSS, {});
    html += "<main>\n<h1>Conversations</h1>\n<p class=\"note\">" + std::to_string(entries.size())
            + (entries.size() == 1 ? " conversation" : " conversations")
            + ", the latest first; times in UTC</p>\n<table>\n<thead><tr><th>With</th>"
              "<th class=\"count\">Messages</th><th>Last</th><th>Last message</th></tr></thead>\n"
              "<tbody>\n";
    for (const ConversationIndexEntry* e : sorted) {
        const Conversation& c = *e->conversation;
        const std::optional<FileTime> last = c.last_time();
        // The excerpt of the latest message: the last of those with a time, else the last.
        const ConversationMessage* latest = c.messages.empty() ? nullptr : &c.messages.back();
        for (const ConversationMessage& m : c.messages) {
            if (m.time && m.time == last) {
                latest = &m;
            }
        }
        std::string numbers;
        for (const oms::Party& p : c.parties) {
            numbers += (numbers.empty() ? "" : ", ") + p.number;
        }
        std::string excerpt = latest != nullptr ? latest->excerpt : std::string();
        if (excerpt.empty() && latest != nullptr && latest->service == oms::ServiceType::mms) {
            excerpt = "(MMS)";
        }
        html += "<tr class=\"conversation\"><td><a href=\"" + escape(relative_url(e->href)) + "\">"
                + escape(c.title()) + "</a><div class=\"numbers\">" + escape(numbers)
                + "</div></td><td class=\"count\">" + std::to_string(c.messages.size())
                + "</td><td>" + (last ? time_element(*last) : std::string())
                + "</td><td class=\"excerpt\">" + escape(excerpt) + "</td></tr>\n";
    }
    html += "</tbody>\n</table>\n</main>\n" + detail::page_close();
    return html;
}

}  // namespace msgforge::render
