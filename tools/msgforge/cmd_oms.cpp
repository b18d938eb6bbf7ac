// The SMS and MMS commands (MS-OXOSMMS): sms and mms write an object, validate checks messages.
#include "batch.hpp"
#include "commands.hpp"
#include "reading.hpp"
#include "text.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

/// The text of FILE without its final line break, which editors add and no SMS means.
std::string read_text(const std::string& file) {
    const std::vector<uint8_t> bytes = read_file_bytes(file);
    std::string text(bytes.begin(), bytes.end());
    if (text.ends_with("\r\n")) {
        text.resize(text.size() - 2);
    } else if (text.ends_with('\n')) {
        text.pop_back();
    }
    return text;
}

oms::Media read_media(const std::string& path) {
    oms::Media media;
    media.file_name = fs::path(path).filename().string();
    media.data = read_file_bytes(path);
    return media;
}

FileTime parse_time(std::string_view option, const std::string& text) {
    if (const auto t = FileTime::parse(text)) {
        return *t;
    }
    throw UsageError(std::string(option)
                     + " needs an RFC 3339 time such as 2026-01-02T03:04:05Z or 2026-01-02T05:04:05+02:00 "
                       "(got '" + text
                     + "')");
}

/// "NUMBER", "Name <NUMBER>" or "\"Name\" <NUMBER>".
oms::Party parse_party(std::string_view option, const std::string& text) {
    msg::Address a = msg::parse_address(text, "MOBILE");
    oms::Party party{std::move(a.address), std::move(a.name)};
    if (party.number.empty() || party.number.find_first_of("<>") != std::string::npos
        || party.name.find_first_of("<>") != std::string::npos) {
        throw UsageError(std::string(option)
                         + " needs a phone number, optionally as 'Name <NUMBER>' (got '" + text
                         + "')");
    }
    return party;
}

oms::SourceType parse_source(const std::string& text) {
    static const std::pair<std::string_view, oms::SourceType> names[] = {
        {"xms-inspector", oms::SourceType::xms_inspector},
        {"reminder", oms::SourceType::reminder},
        {"calendar-summary", oms::SourceType::calendar_summary},
        {"rule", oms::SourceType::rule},
        {"unknown", oms::SourceType::unknown},
    };
    for (const auto& [name, type] : names) {
        if (text == name) {
            return type;
        }
    }
    throw UsageError(
        "--source must be xms-inspector, reminder, calendar-summary, rule or unknown (got '" + text
        + "')");
}

oms::Envelope parse_envelope(const ParsedArgs& args) {
    oms::Envelope e;
    for (const std::string& to : args.values("to")) {
        e.to.push_back(parse_party("--to", to));
    }
    if (e.to.empty()) {
        throw UsageError("missing --to NUMBER");
    }
    for (const std::string& cc : args.values("cc")) {
        e.cc.push_back(parse_party("--cc", cc));
    }
    for (const std::string& bcc : args.values("bcc")) {
        e.bcc.push_back(parse_party("--bcc", bcc));
    }
    if (const auto from = args.value("from")) {
        e.from = parse_party("--from", *from);
    }
    const auto sent = args.value("sent");
    const auto received = args.value("received");
    if ((args.has("draft") ? 1 : 0) + (sent ? 1 : 0) + (received ? 1 : 0) > 1) {
        throw UsageError("--draft, --sent and --received exclude each other");
    }
    if (sent) {
        if (!e.from) {
            throw UsageError("--sent needs --from (the phone's own number)");
        }
        e.state = oms::State::sent;
        e.time = parse_time("--sent", *sent);
    }
    if (received) {
        if (!e.from) {
            throw UsageError("--received needs --from (the other party's number)");
        }
        e.state = oms::State::received;
        e.time = parse_time("--received", *received);
        e.read = !args.has("unread");
        if (const auto sent_time = args.value("sent-time")) {
            e.sent_time = parse_time("--sent-time", *sent_time);
        }
    } else if (args.has("unread")) {
        throw UsageError("--unread applies to a --received message only");
    } else if (args.has("sent-time")) {
        throw UsageError("--sent-time applies to a --received message only");
    }
    if (const auto schedule = args.value("schedule")) {
        e.schedule = parse_time("--schedule", *schedule);
    }
    e.account = args.value("account").value_or("");
    e.model = args.value("model").value_or("");
    if (const auto source = args.value("source")) {
        e.source = parse_source(*source);
    }
    e.message_class = args.value("class").value_or("");
    return e;
}

oms::BuildOptions parse_build_options(const ParsedArgs& args) {
    oms::BuildOptions options;
    options.strict_body = args.has("strict-body");
    if (const auto now = args.value("now")) {
        options.now = parse_time("--now", *now);
    }
    options.content_id_suffix = args.value("cid-suffix").value_or("");
    return options;
}

std::string required_output(const ParsedArgs& args) {
    const auto output = args.value("output");
    if (!output) {
        throw UsageError("missing -o OUT.msg");
    }
    return *output;
}

// ---------------------------------------------------------------------------------------------
// mms --slide SPEC

/// The KEY=VALUE items of a slide SPEC, split at the commas that are not escaped, with the
/// escapes \, \\ and \n resolved.
std::vector<std::string> split_spec(const std::string& spec) {
    const auto malformed = [&](const std::string& why) {
        return UsageError("--slide '" + spec + "': " + why);
    };
    std::vector<std::string> items;
    std::string item;
    bool escaped = false;
    for (const char c : spec) {
        if (escaped) {
            if (c == ',' || c == '\\') {
                item += c;
            } else if (c == 'n') {
                item += '\n';
            } else {
                throw malformed(std::string("unknown escape \\") + c
                                + " (write \\, for a comma, \\\\ for a backslash, \\n for a line "
                                  "break)");
            }
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == ',') {
            items.push_back(std::move(item));
            item.clear();
        } else {
            item += c;
        }
    }
    if (escaped) {
        throw malformed("ends in a lone backslash");
    }
    items.push_back(std::move(item));
    return items;
}

/// "5s" or "2500ms".
uint32_t parse_duration(const std::string& spec, const std::string& text) {
    const bool ms = text.ends_with("ms");
    const size_t unit = ms ? 2 : text.ends_with('s') ? 1 : 0;
    const uint64_t scale = ms ? 1 : 1000;
    const char* first = text.data();
    const char* last = text.data() + text.size() - unit;
    uint64_t n = 0;
    const auto [end, ec] = std::from_chars(first, last, n);
    if (unit == 0 || ec != std::errc{} || end != last || n == 0 || n > UINT32_MAX / scale) {
        throw UsageError("--slide '" + spec
                         + "': dur must be a positive whole number of seconds or milliseconds, "
                           "such as 5s or 2500ms (got '"
                         + text + "')");
    }
    return static_cast<uint32_t>(n * scale);
}

oms::Slide parse_slide(const std::string& spec) {
    const auto malformed = [&](const std::string& why) {
        return UsageError("--slide '" + spec + "': " + why);
    };
    oms::Slide slide;
    std::vector<std::string> seen;
    for (const std::string& item : split_spec(spec)) {
        const size_t eq = item.find('=');
        if (eq == std::string::npos) {
            throw malformed("'" + item + "' is not KEY=VALUE");
        }
        const std::string key = item.substr(0, eq);
        const std::string value = item.substr(eq + 1);
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
            throw malformed(key + " given twice");
        }
        seen.push_back(key);
        if (key == "text" || key == "text-file") {
            const std::string_view other = key == "text" ? "text-file" : "text";
            if (std::find(seen.begin(), seen.end(), other) != seen.end()) {
                throw malformed("text and text-file exclude each other");
            }
            slide.text = key == "text" ? value : read_text(value);
        } else if (key == "image" || key == "video") {
            if (slide.visual) {
                throw malformed("a slide has one image or video");
            }
            slide.visual = read_media(value);
        } else if (key == "audio") {
            slide.audio = read_media(value);
        } else if (key == "dur") {
            slide.duration_ms = parse_duration(spec, value);
        } else {
            throw malformed("unknown key '" + key
                            + "' (known: text, text-file, image, video, audio, dur)");
        }
    }
    if (slide.text.empty() && !slide.visual && !slide.audio) {
        throw malformed("a slide needs text, text-file, image, video or audio");
    }
    return slide;
}

// ---------------------------------------------------------------------------------------------
// validate

std::string_view kind_of(const msg::Message& m) {
    const auto view = oms::view(m);
    if (!view) {
        return "message (not an SMS or MMS)";
    }
    return view->service == oms::ServiceType::sms ? "SMS" : "MMS";
}

/// The options of `sms` and `mms`: `own` first, then the envelope and build options they share.
std::vector<OptionSpec> oms_options(std::initializer_list<OptionSpec> own) {
    std::vector<OptionSpec> options = own;
    const std::initializer_list<OptionSpec> shared = {
        {"cc", 0, "NUMBER", "a copy recipient (repeatable)"},
        {"bcc", 0, "NUMBER", "a blind-copy recipient (repeatable)"},
        {"from", 0, "NUMBER", "the sender (needed by --sent and --received)"},
        {"draft", 0, "", "a draft, not yet sent (the default)"},
        {"sent", 0, "TIME", "sent from this phone at TIME"},
        {"received", 0, "TIME", "received on this phone at TIME"},
        {"unread", 0, "", "with --received: not read yet"},
        {"sent-time", 0, "TIME", "with --received: when the other party sent it"},
        {"schedule", 0, "TIME", "PidNameOMSScheduleTime: when the send was requested"},
        {"account", 0, "GUID", "PidNameOMSAccountGuid, {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}"},
        {"model", 0, "MODEL", "PidNameOMSMobileModel"},
        {"source", 0, "SOURCE",
         "xms-inspector (default), reminder, calendar-summary, rule or unknown"},
        {"class", 0, "CLASS", "a subclass of the default message class (printable ASCII)"},
        {"strict-body", 0, "", "write only the body MS-OXOSMMS 2.2.2.3 asks for"},
        {"now", 0, "TIME", "creation and modification time"},
        {"output", 'o', "OUT.msg", "the .msg file to write (required)"},
    };
    options.insert(options.end(), shared);
    return options;
}

int oms_sms(const ParsedArgs& args, const Context&) {
    const std::string output = required_output(args);
    const auto text = args.value("text");
    const auto text_file = args.value("text-file");
    if (text && text_file) {
        throw UsageError("--text and --text-file exclude each other");
    }
    if (!text && !text_file) {
        throw UsageError("missing --text TEXT or --text-file FILE");
    }
    oms::Sms sms;
    sms.envelope = parse_envelope(args);
    sms.text = text ? *text : read_text(*text_file);
    // An empty SMS is a valid object (backups hold them), but typed here it is a mistake.
    if (sms.text.empty()) {
        throw UsageError("an SMS needs text");
    }
    oms::build(sms, parse_build_options(args)).write_file(output);
    return ExitOk;
}

int oms_mms(const ParsedArgs& args, const Context&) {
    const std::string output = required_output(args);
    oms::Mms mms;
    mms.envelope = parse_envelope(args);
    mms.subject = args.value("subject").value_or("");
    const std::vector<std::string> slides = args.values("slide");
    const std::vector<std::string> attached = args.values("attach");
    if (slides.empty() && attached.empty()) {
        throw UsageError("missing --slide SPEC or --attach FILE");
    }
    for (const std::string& spec : slides) {
        mms.slides.push_back(parse_slide(spec));
    }
    for (const std::string& file : attached) {
        mms.extra.push_back(read_media(file));
    }
    oms::build(mms, parse_build_options(args)).write_file(output);
    return ExitOk;
}

int oms_validate(const ParsedArgs& args, const Context& ctx) {
    const msg::ReadOptions options = read_options(args);
    return check_each(args.positionals(), "valid", ctx.out, [&](const std::string& file) {
        const msg::Message m = read_message(file, options);
        const std::vector<oms::Finding> findings = oms::validate(m);
        size_t musts = 0;
        for (const oms::Finding& f : findings) {
            musts += f.severity == oms::Severity::must ? 1 : 0;
            ctx.out << file << ": " << oms::to_string(f.severity) << ' ' << f.section << ": "
                    << one_line(f.message) << '\n';
        }
        ctx.out << file << ": " << (musts == 0 ? "valid " : "invalid ") << kind_of(m) << ", "
                << musts << " MUST, " << (findings.size() - musts) << " SHOULD\n";
        return musts == 0;
    });
}

}  // namespace

std::vector<Command> oms_commands() {
    return {
        {"", "sms", "write an SMS object (MS-OXOSMMS) as a .msg file",
         "--to NUMBER... (--text TEXT | --text-file FILE) [OPTIONS] -o OUT.msg",
         "Writes an SMS as OUT.msg: the MS-OXOSMMS properties, the text as plain-text body\n"
         "(and as HTML, as Outlook does, unless --strict-body), the abbreviated text as\n"
         "subject. Repeat --to for each recipient (--cc and --bcc for copies). NUMBER is a\n"
         "phone number, optionally with a display name: 'Ann Example <+15551230000>'. The\n"
         "message is a draft unless --sent (--from is then the phone's own number) or\n"
         "--received (--from is the other party; --sent-time is when they sent it) gives its\n"
         "time. TIME is ISO 8601 UTC, e.g. 2026-01-02T03:04:05Z (up to seven fractional\n"
         "digits). --text-file reads UTF-8 text and drops one final line break. What would\n"
         "not validate is refused: an --account that is not a GUID in braces, a --class that\n"
         "is not a subclass or not of the form MS-OXCMSG gives (printable ASCII, no trailing\n"
         "or doubled period, fewer than 128 characters).\n"
         "Creation and modification times come from --now, else from SOURCE_DATE_EPOCH, else\n"
         "from the --sent or --received time, else are left out: the same command writes the\n"
         "same bytes. OUT.msg is replaced atomically.\n",
         oms_options({{"to", 0, "NUMBER", "a recipient (repeatable, at least one)"},
                      {"text", 0, "TEXT", "the text of the message"},
                      {"text-file", 0, "FILE", "the text of the message, from a file"}}),
         0, oms_sms},
        {"", "mms", "write an MMS object (MS-OXOSMMS) as a .msg file",
         "--to NUMBER... --slide SPEC... [--attach FILE...] [OPTIONS] -o OUT.msg",
         "Writes an MMS as OUT.msg: the MS-OXOSMMS properties, one hidden attachment per part\n"
         "(the SMIL layout, each slide's text as UTF-16 with a byte-order mark, declared\n"
         "\"utf-16\", its media, the --attach files), an HTML body showing the slides and\n"
         "(unless --strict-body) a plain-text body. No --subject, no subject. Each\n"
         "--slide adds a slide, in order. SPEC is a comma-separated list of KEY=VALUE:\n"
         "  text=TEXT         the slide's text\n"
         "  text-file=FILE    the slide's text, from a UTF-8 file (one final line break dropped)\n"
         "  image=FILE        a picture, or\n"
         "  video=FILE        a video (the type comes from the bytes, else the extension)\n"
         "  audio=FILE        a sound\n"
         "  dur=5s|2500ms     how long the slide shows (default 5s)\n"
         "In a VALUE, write \\, for a comma, \\\\ for a backslash and \\n for a line break:\n"
         "--slide 'text=Hi\\, Ann,image=beach.jpg,dur=3s'. Media files keep their file names.\n"
         "NUMBER, TIME, the states, the times and what is refused are as in `msgforge sms\n"
         "--help`; --cc and --bcc add the other members of a group MMS. Content-IDs end in\n"
         "--cid-suffix, else in one derived from a SHA-256 of the content, so the same\n"
         "command writes the same bytes. OUT.msg is replaced atomically.\n",
         oms_options({{"to", 0, "NUMBER", "a recipient (repeatable, at least one)"},
                      {"subject", 0, "TEXT", "the subject (default: none)"},
                      {"slide", 0, "SPEC", "a slide (repeatable)"},
                      {"attach", 0, "FILE", "a file no slide shows (repeatable)"},
                      {"cid-suffix", 0, "TEXT", "the part of each Content-ID after '@'"}}),
         0, oms_mms},
        {"", "validate", "check SMS and MMS messages against MS-OXOSMMS", "FILE...",
         "Reads each FILE and checks it against every MUST and SHOULD of MS-OXOSMMS (and the\n"
         "reader's warnings about the file). Prints each finding as\n"
         "`FILE: MUST|SHOULD SECTION: MESSAGE`, then a summary line per file and one for\n"
         "all. A message that is not an SMS or MMS gets the MUST finding of section 2.2.2.2.\n"
         "Exit status 0 when no file has a MUST finding, 1 when one has or is not a .msg\n"
         "file, 2 when one cannot be read.\n",
         with_body_limits({}), ONE_OR_MORE, oms_validate},
    };
}

}  // namespace msgforge::cli
