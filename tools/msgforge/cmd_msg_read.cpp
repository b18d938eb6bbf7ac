// The .msg commands that read a message: show (with the SMS/MMS view of such messages), dump
// and extract.
#include "batch.hpp"
#include "commands.hpp"
#include "item_text.hpp"
#include "reading.hpp"
#include "text.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/html_text.hpp>
#include <msgforge/msg/items.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

namespace flags = msg::flags;
namespace tags = msg::tags;

constexpr size_t PREVIEW_LINES = 5;
constexpr size_t PREVIEW_WIDTH = 160;
constexpr size_t SHOWN_WARNINGS = 5;

/// `s` cut to `width` bytes at a UTF-8 boundary, with "..." when cut.
std::string clip(const std::string& s, size_t width) {
    if (s.size() <= width) {
        return s;
    }
    size_t end = width;
    while (end > 0 && (static_cast<uint8_t>(s[end]) & 0xC0) == 0x80) {
        --end;
    }
    return s.substr(0, end) + "...";
}

std::optional<std::string> time_of(const msg::ObjectBase& o, msg::PropertyTag tag) {
    if (const auto* t = o.properties.get_as<FileTime>(tag)) {
        return t->to_iso();
    }
    return std::nullopt;
}

/// `line` without the spaces and no-break spaces (U+00A0, which HTML bodies use for empty
/// paragraphs) it starts and ends with.
std::string_view trim_blanks(std::string_view line) {
    constexpr std::string_view nbsp = "\xC2\xA0";
    while (line.starts_with(' ') || line.starts_with(nbsp)) {
        line.remove_prefix(line.starts_with(' ') ? 1 : nbsp.size());
    }
    while (line.ends_with(' ') || line.ends_with(nbsp)) {
        line.remove_suffix(line.ends_with(' ') ? 1 : nbsp.size());
    }
    return line;
}

/// The first non-blank lines of a text, each trimmed and clipped.
std::vector<std::string> preview_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (lines.size() < PREVIEW_LINES && std::getline(in, line)) {
        line = one_line(line);
        const std::string_view trimmed = trim_blanks(line);
        if (!trimmed.empty()) {
            lines.push_back(clip(std::string(trimmed), PREVIEW_WIDTH));
        }
    }
    return lines;
}

/// Sender, the one it was sent for, and the recipients by type.
template <typename Field>
void show_people(const msg::Message& m, const Field& field) {
    const auto from = person(m.sender());
    field("from:", from);
    const auto representing = person(m.sent_representing());
    if (representing != from) {
        field(from ? "for:" : "from:", representing);
    }
    std::vector<std::string> by_type[4];
    for (const msg::Recipient& r : m.recipients) {
        const auto* type = r.properties.get_as<int32_t>(tags::PidTagRecipientType);
        const auto kind =
            type == nullptr ? 0u : static_cast<uint32_t>(*type & flags::RECIPIENT_TYPE_MASK);
        by_type[kind <= 3 ? kind : 0].push_back(person(r.address()).value_or("(no name)"));
    }
    const char* labels[4] = {"other:", "to:", "cc:", "bcc:"};
    for (const size_t kind : {size_t{1}, size_t{2}, size_t{3}, size_t{0}}) {
        if (!by_type[kind].empty()) {
            std::string joined;
            for (const std::string& p : by_type[kind]) {
                joined += (joined.empty() ? "" : "; ") + p;
            }
            field(labels[kind], joined);
        }
    }
}

void show_message(const msg::Message& m, const std::string& indent, std::ostream& out) {
    const auto field = [&](const std::string& label, const std::optional<std::string>& value) {
        if (value) {
            out << indent << label << std::string(10 - label.size(), ' ') << *value << '\n';
        }
    };
    const auto cleaned = [](std::optional<std::string> v) {
        return v ? std::optional<std::string>(one_line(*v)) : std::nullopt;
    };
    field("class:", cleaned(m.message_class()));
    field("subject:", cleaned(m.subject()));
    if (const auto item = msg::item_view(m)) {
        show_item(*item, indent, out);
    } else {
        show_people(m, field);
    }
    field("sent:", time_of(m, tags::PidTagClientSubmitTime));
    field("received:", time_of(m, tags::PidTagMessageDeliveryTime));
    field("created:", time_of(m, tags::PidTagCreationTime));
    field("modified:", time_of(m, tags::PidTagLastModificationTime));
    const msg::Body body = msg::best_body(m);
    if (body.kind != msg::BodyKind::none) {
        out << indent << "body:     " << msg::body_kind_name(body.kind)
            << (body.from_rtf ? " (from RTF)" : "") << ", " << plural(body.content.size(), "byte")
            << '\n';
        std::vector<std::string> lines;
        if (body.kind == msg::BodyKind::text) {
            lines = preview_lines(body.content);
        } else if (body.kind == msg::BodyKind::html) {
            lines = preview_lines(msg::html_to_text(body.content));
        }
        for (const std::string& line : lines) {
            out << indent << "  | " << line << '\n';
        }
    }
    if (!m.attachments.empty()) {
        out << indent << "attachments: " << m.attachments.size() << '\n';
    }
    for (const msg::Attachment& a : m.attachments) {
        const std::string name = one_line(a.file_name().value_or("(unnamed)"));
        out << indent << "  - " << name;
        if (a.embedded) {
            out << "  (embedded message)\n";
            show_message(*a.embedded, indent + "      ", out);
            continue;
        }
        if (a.object_storage) {
            out << "  (OLE storage)\n";
            continue;
        }
        const auto data = a.data();
        out << "  " << plural(data ? data->size() : 0, "byte");
        if (const auto mime = a.mime_type()) {
            out << "  " << one_line(*mime);
        }
        out << '\n';
    }
}

// ---------------------------------------------------------------------------------------------
// show: the SMS/MMS view

std::string party_text(const oms::Party& p) {
    return p.name.empty() ? one_line(p.number) : one_line(p.name) + " <" + one_line(p.number) + ">";
}

/// As `mms --slide` takes it: "5s", else "2500ms".
std::string duration_text(uint32_t ms) {
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

std::string part_text(const oms::PartView& p) {
    std::string text = p.file_name.empty() ? "(unnamed)" : one_line(p.file_name);
    if (!p.mime_type.empty()) {
        text += "  " + one_line(p.mime_type);
    }
    return text;
}

std::string source_text(int32_t source) {
    static constexpr std::string_view names[] = {"xms-inspector", "reminder", "calendar-summary",
                                                 "rule", "unknown"};
    return source >= 0 && source < 5 ? std::string(names[source]) : std::to_string(source);
}

/// `label` and the first preview line of `text`, the other lines below it, aligned.
void text_field(const std::string& indent, std::string_view label, const std::string& text,
                std::ostream& out) {
    const std::vector<std::string> lines = preview_lines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
        out << indent << (i == 0 ? label : "") << std::string(10 - (i == 0 ? label.size() : 0), ' ')
            << lines[i] << '\n';
    }
}

void show_oms(const oms::OmsMessage& v, std::ostream& out) {
    const bool sms = v.service == oms::ServiceType::sms;
    const auto field = [&](std::string_view label, const std::string& value) {
        out << "  " << label << std::string(10 - label.size(), ' ') << value << '\n';
    };
    out << "SMS/MMS view (MS-OXOSMMS):\n";
    field("service:", sms ? "SMS" : "MMS");
    const char* states[] = {"draft", "sent", "received"};
    field("state:", std::string(states[static_cast<size_t>(v.state)])
                        + (v.state == oms::State::received && !v.read ? ", unread" : ""));
    if (v.from) {
        field("from:", party_text(*v.from));
    }
    for (const auto& [label, parties] :
         {std::pair{"to:", &v.to}, std::pair{"cc:", &v.cc}, std::pair{"bcc:", &v.bcc}}) {
        std::string list;
        for (const oms::Party& p : *parties) {
            list += (list.empty() ? "" : "; ") + party_text(p);
        }
        if (!list.empty()) {
            field(label, list);
        }
    }
    if (v.time) {
        field("time:", v.time->to_iso());
    }
    if (v.sent_time) {
        field("sent:", v.sent_time->to_iso());
    }
    if (v.schedule) {
        field("schedule:", v.schedule->to_iso());
    }
    if (!v.account.empty()) {
        field("account:", one_line(v.account));
    }
    if (!v.model.empty()) {
        field("model:", one_line(v.model));
    }
    if (v.source) {
        field("source:", source_text(*v.source));
    }
    if (sms) {
        text_field("  ", "text:", v.text, out);
        return;
    }
    if (!v.subject.empty()) {
        field("subject:", clip(one_line(v.subject), PREVIEW_WIDTH));
    }
    for (size_t i = 0; i < v.slides.size(); ++i) {
        const oms::SlideView& slide = v.slides[i];
        const std::string label = "slide " + std::to_string(i + 1) + ":";
        out << "  " << label;
        if (slide.duration_ms) {
            out << std::string(label.size() < 10 ? 10 - label.size() : 1, ' ')
                << duration_text(*slide.duration_ms);
        }
        out << '\n';
        text_field("    ", "text:", slide.text, out);
        if (slide.visual) {
            const bool video = slide.visual->mime_type.starts_with("video/");
            out << "    " << (video ? "video:" : "image:") << "    " << part_text(*slide.visual)
                << '\n';
        }
        if (slide.audio) {
            out << "    audio:    " << part_text(*slide.audio) << '\n';
        }
    }
    for (const oms::PartView& p : v.extra) {
        field("extra:", part_text(p));
    }
}

// ---------------------------------------------------------------------------------------------
// dump (text)

void dump_object(const msg::ObjectBase& o, const msg::NamedPropertyMap* map,
                 const std::string& indent, bool full, std::ostream& out) {
    for (const msg::Property& p : o.properties) {
        out << indent << p.tag.to_string() << ' ';
        const msg::NamedKey* key =
            p.tag.is_named() && map != nullptr ? map->key_for(p.tag.id) : nullptr;
        if (key != nullptr) {
            out << key->set.to_string();
            if (const auto set = msg::property_set_name(key->set)) {
                out << ' ' << *set;
            }
            if (const auto* lid = std::get_if<uint32_t>(&key->name)) {
                out << " lid " << hex(*lid);
                if (const auto name = msg::lid_name(key->set, *lid)) {
                    out << ' ' << *name;
                }
            } else {
                const auto& name = std::get<std::u16string>(key->name);
                out << " \"" << one_line(utf16_to_utf8(name)) << '"';
                if (const auto canonical = msg::named_name(key->set, name)) {
                    out << ' ' << *canonical;
                }
            }
        } else {
            out << msg::tag_name(p.tag).value_or("(unknown)");
        }
        out << ' ' << msg::type_name(p.tag.type) << ' '
            << json::value_text(p.value, o, p.tag.id, json::Options{full});
        if (p.flags != (msg::PROPATTR_READABLE | msg::PROPATTR_WRITABLE)) {
            out << " flags=" << p.flags;
        }
        out << '\n';
    }
}

void dump_nodes(const std::vector<cfb::Node>& nodes, const std::string& parent,
                const std::string& indent, std::ostream& out) {
    for (const cfb::Node& n : nodes) {
        const std::string path = parent.empty() ? n.utf8_name() : parent + "/" + n.utf8_name();
        out << indent << (n.is_storage() ? "storage " : "stream  ") << one_line(path);
        if (!n.is_storage()) {
            out << ' ' << plural(n.data.size(), "byte");
        }
        out << '\n';
        dump_nodes(n.children, path, indent, out);
    }
}

void dump_message(const msg::Message& m, const std::string& indent, bool full, std::ostream& out) {
    const msg::NamedPropertyMap* map = m.named.get();
    out << indent << "code page " << m.codepage << ", body code page " << m.body_codepage
        << ", storage CLSID " << m.storage_clsid.to_string() << ", next recipient id "
        << m.next_recipient_id << ", next attachment id " << m.next_attachment_id << '\n';
    dump_object(m, map, indent, full, out);
    dump_nodes(m.unknown_children, "", indent + "(unknown) ", out);
    for (const msg::Recipient& r : m.recipients) {
        out << indent << "recipient #" << r.number << '\n';
        dump_object(r, map, indent + "  ", full, out);
        dump_nodes(r.unknown_children, "", indent + "  (unknown) ", out);
    }
    for (const msg::Attachment& a : m.attachments) {
        out << indent << "attachment #" << a.number << '\n';
        dump_object(a, map, indent + "  ", full, out);
        dump_nodes(a.unknown_children, "", indent + "  (unknown) ", out);
        if (a.embedded) {
            out << indent << "  embedded message\n";
            dump_message(*a.embedded, indent + "    ", full, out);
        }
        if (a.object_storage) {
            out << indent << "  OLE storage " << a.object_storage->clsid.to_string() << '\n';
            dump_nodes(a.object_storage->children, "", indent + "    ", out);
        }
    }
}

/// "N warnings" and the first `shown` of `warnings`.
void print_warnings(const std::vector<std::string>& warnings, size_t shown, std::ostream& out) {
    if (warnings.empty()) {
        return;
    }
    out << plural(warnings.size(), "warning") << '\n';
    for (size_t i = 0; i < warnings.size() && i < shown; ++i) {
        out << "  " << one_line(warnings[i]) << '\n';
    }
    if (warnings.size() > shown) {
        out << "  ... and " << (warnings.size() - shown) << " more\n";
    }
}

/// The text of each warning in `lists`, in order.
std::vector<std::string> warning_texts(
    std::initializer_list<const std::vector<msg::Warning>*> lists) {
    std::vector<std::string> out;
    for (const auto* list : lists) {
        for (const msg::Warning& w : *list) {
            out.push_back(w.to_string());
        }
    }
    return out;
}

void show_file(const std::string& file, const ParsedArgs& args, const Context& ctx) {
    const msg::Message m = read_message(file, read_options(args));
    const bool verbose = args.has("verbose");
    std::vector<std::string> warnings = verbose
                                            ? warning_texts({&m.container_warnings, &m.warnings})
                                            : warning_texts({&m.warnings});
    naming_file(file, [&] {
        show_message(m, "", ctx.out);
        if (const auto item = msg::item_view(m)) {
            if (const auto* a = std::get_if<msg::Appointment>(&*item)) {
                warnings.insert(warnings.end(), a->warnings.begin(), a->warnings.end());
            }
        }
        if (const auto view = oms::view(m)) {
            show_oms(*view, ctx.out);
            warnings.insert(warnings.end(), view->warnings.begin(), view->warnings.end());
        }
    });
    print_warnings(warnings, verbose ? warnings.size() : SHOWN_WARNINGS, ctx.err);
}

void dump_file(const std::string& file, bool lines, const ParsedArgs& args, const Context& ctx) {
    const msg::Message m = read_message(file, read_options(args));
    const bool full = args.has("full");
    if (args.has("json")) {
        const std::string text = json::encode(m, json::Options{full});
        if (lines) {
            nlohmann::ordered_json line;
            line["path"] = file;
            line["message"] = nlohmann::ordered_json::parse(text);
            ctx.out << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                    << '\n';
        } else {
            ctx.out << text;
        }
        return;
    }
    dump_message(m, "", full, ctx.out);
    const std::vector<std::string> warnings = warning_texts({&m.container_warnings, &m.warnings});
    print_warnings(warnings, warnings.size(), ctx.out);
}

/// Runs `work` on each message file of the arguments, with a "==> FILE <==" line before each
/// when there are several and `headers`.
int each_message(const ParsedArgs& args, const Context& ctx, bool headers,
                 const std::function<void(const std::string& file, bool several)>& work) {
    const std::vector<std::string> files = message_files(args.positionals());
    const bool several = several_inputs(args.positionals());
    bool first = true;
    return each_file(files, several, ctx.out, ctx.err, [&](const std::string& file) {
        if (several && headers) {
            ctx.out << (first ? "" : "\n") << "==> " << one_line(file) << " <==\n";
            first = false;
        }
        work(file, several);
    });
}

int msg_show(const ParsedArgs& args, const Context& ctx) {
    return each_message(args, ctx, true,
                        [&](const std::string& file, bool) { show_file(file, args, ctx); });
}

int msg_dump(const ParsedArgs& args, const Context& ctx) {
    return each_message(args, ctx, !args.has("json"), [&](const std::string& file, bool several) {
        dump_file(file, several, args, ctx);
    });
}

}  // namespace

std::vector<Command> msg_read_commands() {
    return {
        {"", "show", "summarise .msg files", "[--verbose] FILE|DIR...",
         "Prints the message class, subject, sender, recipients (to, cc, bcc), each with the\n"
         "SMTP address and the native one beside it when that differs (docs/addresses.md),\n"
         "dates (UTC), the first lines of the body (an HTML body as the text it shows,\n"
         "docs/html-text.md), the attachments (name, size, MIME type) and embedded messages\n"
         "(indented), for an SMS or MMS its view (state, parties, text, slides). An\n"
         "appointment or meeting message shows its organizer, start, end (UTC), location,\n"
         "all-day flag, busy status, time zone, recurrence in words and attendees; a contact\n"
         "its names, company, e-mail addresses, phones, addresses, birthday, web page; a\n"
         "task its status, percent complete and dates; a sticky note its colour, size and\n"
         "position (docs/items.md), each instead of the sender and recipients. On standard\n"
         "error: the number of warnings about the message (a value cut or left out, a code\n"
         "page guessed...) and the first few of them; with --verbose all of them and the\n"
         "oddities of the compound file the reader tolerated (`cfb check` lists those too).\n"
         "An MMS text part read without a charset it declares, or whose bytes do not decode\n"
         "in it, adds a warning (docs/mms-text.md).\n"
         "A folder argument is searched recursively for .msg and .oft files (in any case),\n"
         "in path order. With more than one FILE or a folder, a line \"==> FILE <==\" comes\n"
         "before each message; a file that fails is reported on standard error and the\n"
         "others go on, then \"N files, M failed\" (standard error). Exit status 1 when a\n"
         "file is invalid, 2 when one could not be read at all.\n",
         with_body_limits({{"verbose", 'v', "", "every warning, the container's too"}}),
         ONE_OR_MORE, msg_show},
        {"", "dump", "print every property of .msg files", "[--json] [--full] FILE|DIR...",
         "Prints every property, named property, recipient and attachment, embedded\n"
         "messages recursively: one line per property (tag, name, type, value). With --json,\n"
         "prints the JSON form of docs/json-format.md, which `msgforge build` reads back;\n"
         "for an appointment, meeting message, contact, task or sticky note it has an \"item\"\n"
         "member with the typed view (docs/items.md), which build ignores.\n"
         "Binary values and streams over 64 KB appear as their size and SHA-256 unless --full\n"
         "(in text, binary values are cut after 64 bytes unless --full).\n"
         "A folder argument is searched recursively for .msg and .oft files (in any case),\n"
         "in path order. With more than one FILE or a folder, a line \"==> FILE <==\" comes\n"
         "before each message; with --json, JSON Lines instead: one line\n"
         "{\"path\": FILE, \"message\": {...}} per message (docs/json-format.md). A file\n"
         "that fails is reported on standard error and the others go on, then \"N files,\n"
         "M failed\" (standard error). Exit status 1 when a file is invalid, 2 when one\n"
         "could not be read at all.\n",
         with_limits({{"json", 0, "", "print JSON instead of text"},
                      {"full", 0, "", "print large binary values in full"}}),
         ONE_OR_MORE, msg_dump},
    };
}

}  // namespace msgforge::cli
