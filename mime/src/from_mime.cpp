// MIME to message: GMime parses (one .eml, or the messages of an mbox), the headers map onto
// the envelope properties of MS-OXCMAIL 2.2.3, from_mime_parts.cpp maps the MIME tree.
#include "encoded_words.hpp"
#include "from_mime_convert.hpp"
#include "gmime.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/mime/entry_list.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::mime {

namespace {

using detail::Conversion;
using detail::GPtr;
using detail::RawMessage;

// Beyond this many warnings for one message only their number is kept: a hostile input can
// make GMime report one per line.
constexpr size_t MAX_WARNINGS = 200;

std::string_view warning_text(GMimeParserWarning code) {
    switch (code) {
        case GMIME_WARN_DUPLICATED_HEADER:
            return "header repeated";
        case GMIME_WARN_DUPLICATED_PARAMETER:
            return "header parameter repeated";
        case GMIME_WARN_UNENCODED_8BIT_HEADER:
            return "header with unencoded 8-bit characters";
        case GMIME_WARN_INVALID_CONTENT_TYPE:
            return "invalid Content-Type, read as application/octet-stream";
        case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
            return "invalid RFC 2047 encoded word";
        case GMIME_WARN_MALFORMED_MULTIPART:
            return "multipart without parts";
        case GMIME_WARN_TRUNCATED_MESSAGE:
            return "message truncated";
        case GMIME_WARN_MALFORMED_MESSAGE:
            return "malformed message";
        case GMIME_CRIT_INVALID_HEADER_NAME:
            return "invalid header name";
        case GMIME_CRIT_CONFLICTING_HEADER:
            return "conflicting header";
        case GMIME_CRIT_CONFLICTING_PARAMETER:
            return "conflicting header parameter";
        case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
            return "multipart without boundary";
        case GMIME_WARN_INVALID_PARAMETER:
            return "invalid header parameter";
        case GMIME_WARN_INVALID_ADDRESS_LIST:
            return "invalid address list";
        case GMIME_CRIT_NESTING_OVERFLOW:
            return "MIME nesting too deep, inner parts read as data";
        case GMIME_WARN_PART_WITHOUT_CONTENT:
            return "part headers ended by a boundary";
        case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
            return "part without headers or content";
    }
    return "malformed MIME";
}

void on_parser_warning(gint64 offset, GMimeParserWarning code, const gchar* item,
                       gpointer user_data) {
    auto* conversion = static_cast<Conversion*>(user_data);
    if (conversion == nullptr) {
        return;
    }
    std::string text(warning_text(code));
    if (item != nullptr && *item != 0) {
        text += ": ";
        text += std::string_view(item).substr(0, 200);
    }
    conversion->warn(
        "MIME structure", text,
        offset >= 0 ? std::optional<uint64_t>(static_cast<uint64_t>(offset)) : std::nullopt);
}

// A stream over a copy of `bytes` (GMime refuses a null buffer: an empty input gets an empty
// stream).
GPtr<GMimeStream> memory_stream(std::span<const uint8_t> bytes) {
    if (bytes.empty()) {
        return GPtr<GMimeStream>(g_mime_stream_mem_new());
    }
    const std::string_view text = as_chars(bytes);
    return GPtr<GMimeStream>(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
}

void check_size(size_t size, std::string_view source_name, const FromMimeLimits& limits) {
    if (size > limits.max_input_bytes) {
        throw LimitError(Location{std::string(source_name), "MIME input", std::nullopt},
                         "input of " + std::to_string(size) + " bytes exceeds the limit of "
                             + std::to_string(limits.max_input_bytes));
    }
}

// A header's value, unfolded and trimmed; nullopt when the header is absent.
std::optional<std::string> header_value(GMimeObject* object, const char* name) {
    const auto value = detail::header_text(object, name);
    if (!value) {
        return std::nullopt;
    }
    std::string out;
    for (const char c : *value) {
        if (c != '\r' && c != '\n') {
            out += c == '\t' ? ' ' : c;
        }
    }
    const size_t first = out.find_first_not_of(' ');
    if (first == std::string::npos) {
        return std::string();
    }
    return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

std::optional<FileTime> to_filetime(GDateTime* date) {
    if (date == nullptr) {
        return std::nullopt;
    }
    return FileTime::from_unix_seconds(g_date_time_to_unix(date));
}

// The time of the newest Received header (RFC 5322 3.6.7: the date after the last ';').
std::optional<FileTime> newest_received(GMimeObject* object) {
    GMimeHeaderList* headers = g_mime_object_get_header_list(object);
    std::optional<FileTime> newest;
    const int count = g_mime_header_list_get_count(headers);
    for (int i = 0; i < count; ++i) {
        GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
        if (g_ascii_strcasecmp(g_mime_header_get_name(header), "Received") != 0) {
            continue;
        }
        const char* value = g_mime_header_get_value(header);
        const char* semicolon = value != nullptr ? std::strrchr(value, ';') : nullptr;
        if (semicolon == nullptr) {
            continue;
        }
        GDateTime* date = g_mime_utils_header_decode_date(semicolon + 1);
        if (const auto time = to_filetime(date); time && (!newest || *newest < *time)) {
            newest = time;
        }
        if (date != nullptr) {
            g_date_time_unref(date);
        }
    }
    return newest;
}

void add_mailboxes(InternetAddressList* list, std::vector<msg::Address>& out, int depth = 0) {
    if (list == nullptr || depth > 1) {
        return;
    }
    const int count = internet_address_list_length(list);
    for (int i = 0; i < count; ++i) {
        InternetAddress* address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(address)) {
            add_mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out,
                          depth + 1);
        } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            const char* name = internet_address_get_name(address);
            if (addr == nullptr || *addr == 0) {
                continue;
            }
            out.push_back(msg::Address{.name = name != nullptr ? name : "",
                                       .address = addr,
                                       .address_type = "SMTP",
                                       .smtp = addr});
        }
    }
}

// The mailboxes GMime read from the headers of `kind`. Where their raw values hold base64
// encoded words, the display names are read again from them with those words rewritten
// (encoded_words.hpp); the addresses stay GMime's.
std::vector<msg::Address> mailboxes(GMimeMessage* source, GMimeAddressType kind) {
    // The header of each GMimeAddressType, in its order.
    static constexpr const char* names[] = {"Sender", "From", "Reply-To", "To", "Cc", "Bcc"};
    std::vector<msg::Address> out;
    add_mailboxes(g_mime_message_get_addresses(source, kind), out);
    std::vector<std::string> raw_values;
    bool rewritten = false;
    for (GMimeHeader* header :
         detail::headers_named(GMIME_OBJECT(source), names[static_cast<size_t>(kind)])) {
        std::string raw = detail::unfolded_raw_value(header);
        if (auto requoted = detail::with_q_words(raw)) {
            raw = std::move(*requoted);
            rewritten = true;
        }
        raw_values.push_back(std::move(raw));
    }
    if (!rewritten) {
        return out;
    }
    std::vector<msg::Address> renamed;
    for (const std::string& raw : raw_values) {
        GPtr<InternetAddressList> list(
            internet_address_list_parse(detail::shared_parser_options(), raw.c_str()));
        add_mailboxes(list.get(), renamed);
    }
    if (renamed.size() == out.size()) {
        for (size_t i = 0; i < out.size(); ++i) {
            out[i].name = std::move(renamed[i].name);
        }
    }
    return out;
}

// From is whom the message is sent for (PidTagSentRepresenting*), Sender who sent it
// (PidTagSender*) when it names someone else (MS-OXCMAIL 2.2.3.2.1, 2.2.3.2.2).
void map_originator(GMimeMessage* source, msg::Message& message) {
    const auto from = mailboxes(source, GMIME_ADDRESS_TYPE_FROM);
    const auto sender = mailboxes(source, GMIME_ADDRESS_TYPE_SENDER);
    if (!from.empty()) {
        msg::set_sender(message, from.front());
    }
    if (!sender.empty()
        && (from.empty() || !equal_ci(sender.front().address, from.front().address))) {
        msg::Message only_sender;
        msg::set_sender(only_sender, sender.front());
        for (const msg::PropertyTag tag : {msg::PropertyTag(msg::tags::PidTagSenderName),
                                           msg::PropertyTag(msg::tags::PidTagSenderEmailAddress),
                                           msg::PropertyTag(msg::tags::PidTagSenderAddressType),
                                           msg::PropertyTag(msg::tags::PidTagSenderSearchKey),
                                           msg::PropertyTag(msg::tags::PidTagSenderSmtpAddress)}) {
            if (const msg::Property* property = only_sender.properties.find(tag)) {
                message.properties.set(tag, property->value);
            }
        }
        if (from.empty()) {
            msg::set_sender(message, sender.front());
        }
    }
}

// Reply-To as PidTagReplyRecipientNames (the display names, "; " between them) and
// PidTagReplyRecipientEntries (a One-Off EntryID each), MS-OXCMAIL 2.2.3.1.6.
void map_reply_to(GMimeMessage* source, msg::Message& message) {
    const auto reply_to = mailboxes(source, GMIME_ADDRESS_TYPE_REPLY_TO);
    if (reply_to.empty()) {
        return;
    }
    std::string names;
    std::vector<std::vector<uint8_t>> entries;
    for (const msg::Address& a : reply_to) {
        names += (names.empty() ? "" : "; ") + (a.name.empty() ? a.address : a.name);
        entries.push_back(one_off_entry_id(a));
    }
    msg::set(message, msg::tags::PidTagReplyRecipientNames, names);
    msg::set(message, msg::tags::PidTagReplyRecipientEntries, flat_entry_list(entries));
}

void map_recipients(GMimeMessage* source, msg::Message& message, Conversion& conversion,
                    const std::string& where) {
    const std::pair<GMimeAddressType, msg::RecipientType> kinds[] = {
        {GMIME_ADDRESS_TYPE_TO, msg::RecipientType::to},
        {GMIME_ADDRESS_TYPE_CC, msg::RecipientType::cc},
        {GMIME_ADDRESS_TYPE_BCC, msg::RecipientType::bcc},
    };
    for (const auto& [kind, type] : kinds) {
        for (const msg::Address& who : mailboxes(source, kind)) {
            if (message.recipients.size() >= conversion.limits.max_recipients) {
                conversion.warn(where, "recipients past the limit of "
                                           + std::to_string(conversion.limits.max_recipients)
                                           + " left out");
                return;
            }
            msg::add_recipient(message, type, who);
        }
    }
}

// Importance, Priority and X-Priority (MS-OXCMAIL 2.2.3.2.5, 2.2.3.2.6), Sensitivity
// (2.2.3.2.7).
void map_flags(GMimeObject* object, msg::Message& message) {
    std::optional<int32_t> importance;
    if (const auto value = header_value(object, "Importance")) {
        if (equal_ci(*value, "high")) {
            importance = 2;
        } else if (equal_ci(*value, "low")) {
            importance = 0;
        } else if (equal_ci(*value, "normal")) {
            importance = 1;
        }
    }
    if (!importance) {
        if (const auto value = header_value(object, "X-Priority"); value && !value->empty()) {
            const char digit = value->front();
            if (digit == '1' || digit == '2') {
                importance = 2;
            } else if (digit == '4' || digit == '5') {
                importance = 0;
            } else if (digit == '3') {
                importance = 1;
            }
        }
    }
    if (importance) {
        msg::set(message, msg::tags::PidTagImportance, *importance);
    }
    if (const auto value = header_value(object, "Priority")) {
        if (equal_ci(*value, "urgent")) {
            msg::set(message, msg::tags::PidTagPriority, int32_t{1});
        } else if (equal_ci(*value, "non-urgent")) {
            msg::set(message, msg::tags::PidTagPriority, int32_t{-1});
        } else if (equal_ci(*value, "normal")) {
            msg::set(message, msg::tags::PidTagPriority, int32_t{0});
        }
    }
    if (const auto value = header_value(object, "Sensitivity")) {
        const std::pair<std::string_view, int32_t> levels[] = {
            {"personal", 1}, {"private", 2}, {"company-confidential", 3}};
        for (const auto& [name, level] : levels) {
            if (equal_ci(*value, name)) {
                msg::set(message, msg::tags::PidTagSensitivity, level);
            }
        }
    }
}

std::string header_block(GMimeMessage* source, const std::optional<RawMessage>& raw,
                         Conversion& conversion, const std::string& where) {
    if (raw) {
        return detail::decode_text(raw->headers, "utf-8", conversion, where + " headers");
    }
    char* text = g_mime_object_get_headers(GMIME_OBJECT(source), nullptr);
    const std::string headers = text != nullptr ? text : "";
    g_free(text);
    return detail::decode_text(headers, "utf-8", conversion, where + " headers");
}

void set_text(msg::Message& message, msg::TypedTag<msg::PropertyType::PtypString> tag,
              const std::optional<std::string>& value) {
    if (value && !value->empty()) {
        msg::set(message, tag, *value);
    }
}

struct ParsedMessage {
    GPtr<GMimeMessage> message;
    RawMessage raw;
};

ParsedMessage parse_next(GMimeParser* parser, GMimeParserOptions* options,
                         std::span<const uint8_t> all, const std::string& source_name) {
    const gint64 start = g_mime_parser_tell(parser);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser, options));
    if (!message) {
        throw FormatError(Location{source_name, "MIME message",
                                   start >= 0 ? std::optional<uint64_t>(start) : std::nullopt},
                          "no message could be read here");
    }
    const auto clamp = [&](gint64 offset) {
        return static_cast<size_t>(std::clamp<gint64>(offset, 0, static_cast<gint64>(all.size())));
    };
    const size_t begin = clamp(g_mime_parser_get_headers_begin(parser));
    const size_t end = std::max(begin, clamp(g_mime_parser_get_headers_end(parser)));
    const size_t stop = std::max(end, clamp(g_mime_parser_tell(parser)));
    return {std::move(message),
            RawMessage{as_chars(all.subspan(begin, end - begin)), all.subspan(end, stop - end)}};
}

FromMimeResult finish(msg::Message message, std::vector<msg::Warning> warnings,
                      const FromMimeOptions& options) {
    if (options.outlook_defaults) {
        msg::DefaultsOptions defaults;
        defaults.rtf_body = true;
        msg::apply_outlook_defaults(message, defaults);
    }
    return FromMimeResult{std::move(message), std::move(warnings)};
}

bool starts_with_from_line(std::span<const uint8_t> bytes) {
    static constexpr std::string_view marker = "From ";
    return bytes.size() >= marker.size() && std::equal(marker.begin(), marker.end(), bytes.begin());
}

// The message of an .eml. One saved from an mbox keeps its "From " line: it is read as an mbox
// of one message.
ParsedMessage parse_eml(std::span<const uint8_t> bytes, const std::string& name,
                        GMimeParserOptions* options) {
    GPtr<GMimeStream> stream = memory_stream(bytes);
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(
        parser.get(), starts_with_from_line(bytes) ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
    return parse_next(parser.get(), options, bytes, name);
}

}  // namespace

namespace detail {

void Conversion::warn(std::string structure, std::string message, std::optional<uint64_t> offset) {
    if (warnings.size() < MAX_WARNINGS) {
        warnings.push_back(msg::Warning{std::move(structure), offset, std::move(message)});
    } else if (warnings.size() == MAX_WARNINGS) {
        warnings.push_back(
            msg::Warning{"MIME message", std::nullopt,
                         "more warnings left out past " + std::to_string(MAX_WARNINGS)});
    }
}

msg::Message convert_message(GMimeMessage* source, Conversion& conversion,
                             const std::optional<RawMessage>& raw, uint32_t embedding,
                             const std::string& where) {
    msg::Message message;
    GMimeObject* object = GMIME_OBJECT(source);
    if (const auto subject = header_text(object, "Subject", true)) {
        msg::set(message, msg::tags::PidTagSubject,
                 decode_text(*subject, "utf-8", conversion, where + " subject"));
    }
    map_originator(source, message);
    map_recipients(source, message, conversion, where);
    map_reply_to(source, message);
    set_text(message, msg::tags::PidTagInternetMessageId, header_value(object, "Message-ID"));
    set_text(message, msg::tags::PidTagInReplyToId, header_value(object, "In-Reply-To"));
    set_text(message, msg::tags::PidTagInternetReferences, header_value(object, "References"));
    set_text(message, msg::tags::PidTagTransportMessageHeaders,
             header_block(source, raw, conversion, where));
    const auto date = to_filetime(g_mime_message_get_date(source));
    if (date) {
        msg::set(message, msg::tags::PidTagClientSubmitTime, *date);
    }
    if (const auto delivered = newest_received(object).value_or(date.value_or(FileTime{}));
        delivered != FileTime{}) {
        msg::set(message, msg::tags::PidTagMessageDeliveryTime, delivered);
    }
    map_flags(object, message);
    convert_body(source, message, conversion, raw, embedding, where);
    return message;
}

}  // namespace detail

FromMimeResult from_mime(std::span<const uint8_t> bytes, std::string_view source_name,
                         const FromMimeOptions& options) {
    detail::ensure_gmime();
    check_size(bytes.size(), source_name, options.limits);
    const std::string name(source_name);
    std::vector<msg::Warning> warnings;
    Conversion conversion{options.limits, warnings};
    const auto parser_opts = detail::parser_options();
    g_mime_parser_options_set_warning_callback(parser_opts.get(), on_parser_warning, &conversion);
    std::vector<uint8_t> headless;
    try {
        std::optional<ParsedMessage> parsed;
        try {
            parsed.emplace(parse_eml(bytes, name, parser_opts.get()));
        } catch (const FormatError&) {
            // No header at all, only text: read it as the body under an empty header block,
            // as mail programs show such a file.
            headless.reserve(bytes.size() + 1);
            headless.push_back('\n');
            headless.insert(headless.end(), bytes.begin(), bytes.end());
            parsed.emplace(parse_eml(headless, name, parser_opts.get()));
            conversion.warn("MIME message", "no header block: the whole input read as the body", 0);
        }
        msg::Message message =
            detail::convert_message(parsed->message.get(), conversion, parsed->raw, 0, "message");
        return finish(std::move(message), std::move(warnings), options);
    } catch (Error& e) {
        e.set_file(name);
        throw;
    }
}

struct MboxReader::State {
    std::string source_name;
    FromMimeOptions options;
    detail::ParserOptions parser_options;
    GPtr<GMimeStream> stream;
    GPtr<GMimeParser> parser;
    std::span<const uint8_t> bytes;
    uint64_t offset = 0;
    std::vector<msg::Warning> warnings;
    std::optional<Conversion> conversion;
    bool failed = false;  // no "From " line follows input that could not be read
};

MboxReader::MboxReader(std::span<const uint8_t> bytes, std::string source_name,
                       FromMimeOptions options)
    : state_(std::make_unique<State>()) {
    detail::ensure_gmime();
    check_size(bytes.size(), source_name, options.limits);
    state_->source_name = std::move(source_name);
    state_->options = std::move(options);
    state_->parser_options = detail::parser_options();
    state_->stream = memory_stream(bytes);
    GByteArray* copy = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(state_->stream.get()));
    state_->bytes = std::span<const uint8_t>(copy->data, copy->len);
    state_->parser.reset(g_mime_parser_new_with_stream(state_->stream.get()));
    g_mime_parser_set_format(state_->parser.get(), GMIME_FORMAT_MBOX);
}

MboxReader::MboxReader(MboxReader&&) noexcept = default;
MboxReader& MboxReader::operator=(MboxReader&&) noexcept = default;
MboxReader::~MboxReader() = default;

std::optional<FromMimeResult> MboxReader::next() {
    State& s = *state_;
    if (s.failed || g_mime_parser_eos(s.parser.get())) {
        return std::nullopt;
    }
    s.warnings.clear();
    s.conversion.emplace(Conversion{s.options.limits, s.warnings});
    g_mime_parser_options_set_warning_callback(s.parser_options.get(), on_parser_warning,
                                               &*s.conversion);
    std::optional<ParsedMessage> parsed;
    while (!parsed) {
        const gint64 start = g_mime_parser_tell(s.parser.get());
        try {
            parsed.emplace(
                parse_next(s.parser.get(), s.parser_options.get(), s.bytes, s.source_name));
        } catch (Error& e) {
            // GMime cannot go on past what it could not read: the next message starts at the
            // next "From " line, and what comes before it is left out.
            const size_t at = static_cast<size_t>(std::max<gint64>(start, 0));
            const size_t resume = as_chars(s.bytes).find("\nFrom ", at);
            if (resume == std::string_view::npos) {
                s.failed = true;
                e.set_file(s.source_name);
                throw;
            }
            s.conversion->warn(
                "mbox",
                "no message could be read here; left out up to the From line at " + hex(resume + 1),
                at);
            g_mime_stream_seek(s.stream.get(), static_cast<gint64>(resume + 1),
                               GMIME_STREAM_SEEK_SET);
            g_mime_parser_init_with_stream(s.parser.get(), s.stream.get());
        }
    }
    const gint64 marker = g_mime_parser_get_mbox_marker_offset(s.parser.get());
    s.offset = marker >= 0 ? static_cast<uint64_t>(marker) : 0;
    try {
        msg::Message message = detail::convert_message(parsed->message.get(), *s.conversion,
                                                       parsed->raw, 0, "message");
        return finish(std::move(message), std::move(s.warnings), s.options);
    } catch (Error& e) {
        e.set_file(s.source_name);
        throw;
    }
}

uint64_t MboxReader::offset() const {
    return state_->offset;
}

}  // namespace msgforge::mime
