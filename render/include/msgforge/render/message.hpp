// A message as a self-contained, safe HTML page: a reading pane with the header fields, the typed
// fields of appointments, contacts and tasks, the text and parts of SMS and MMS, the attachment
// list, the body (sanitized HTML, else the RTF's text, else plain text) and embedded messages
// nested in collapsible sections (docs/render.md).
#pragma once

#include <msgforge/msg/message.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::render {

struct MessageOptions {
    /// Attachments as data: URIs in the page (downloadable links) instead of files beside it.
    bool inline_attachments = false;
    /// Show http: and https: images of HTML bodies; otherwise each is a placeholder.
    bool remote_images = false;
    /// Without inline_attachments: the path, relative to the page and with '/' between folders,
    /// of the file the caller writes attachment `a` to, or nullopt when it writes none (the
    /// attachment is then listed without a link). `id` names the attachment: its index in its
    /// message, after the ids of the embedded messages around it ("2", "3.0"). Not called for
    /// embedded messages, which the page shows nested.
    std::function<std::optional<std::string>(const msg::Attachment& a, const std::string& id)>
        attachment_file;
};

struct RenderedPage {
    std::string html;
    /// What the page leaves out or could not show: the sanitizer's warnings, an RTF body that
    /// could not be decompressed, an MMS part that could not be read, each naming the message
    /// ("embedded message 2: ...") when it is not the top one.
    std::vector<std::string> warnings;
};

/// The page of message `m`. Never throws for what the message holds (a corrupt RTF body falls
/// back to the plain text, with a warning), except a LimitError for an RTF body beyond
/// Message::max_rtf_output.
RenderedPage render_message(const msg::Message& m, const MessageOptions& options = {});

/// What an index lists of a message.
struct Summary {
    std::string subject;  ///< "(no subject)" when it has none
    std::string from;     ///< "Name <smtp>", the name, or the address; "" when none
    std::string date;     ///< "2024-01-31 09:15 UTC" (sent, else received); "" when none
};

Summary summarize(const msg::Message& m);

/// A row of an index page.
struct IndexEntry {
    std::string href;    ///< the page, relative to the index, with '/' between folders
    std::string source;  ///< the input file, as named on the command line
    Summary summary;
    std::string error;  ///< why there is no page; href is then empty
};

/// The page listing `entries` in order: subject (linking the page), from, date, and the error of
/// any input that has no page.
std::string render_index(const std::vector<IndexEntry>& entries);

/// `path` (UTF-8, '/' between folders) as a relative URL: every byte but unreserved ASCII and
/// '/' percent-encoded, so that '#', '?', '%' and ':' in file names stay part of the path.
std::string relative_url(std::string_view path);

}  // namespace msgforge::render
