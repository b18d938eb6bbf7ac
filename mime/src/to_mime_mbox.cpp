// mbox entries in the mboxrd form: a "From " line from the message's own headers, LF line
// ends, and every line of the form ^>*From  quoted with one more '>' so that readers take the
// message back exactly.
#include "to_mime_writer.hpp"

#include <msgforge/mime/to_mime.hpp>

#include <memory>
#include <string>

namespace msgforge::mime {

namespace {

using detail::GPtr;

/// The address of the first mailbox of `value` (an address list header), or empty.
std::string first_address(const char* value) {
    if (value == nullptr) {
        return {};
    }
    InternetAddressList* list = internet_address_list_parse(nullptr, value);
    if (list == nullptr) {
        return {};
    }
    std::string out;
    for (int i = 0; i < internet_address_list_length(list) && out.empty(); ++i) {
        InternetAddress* a = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
            const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
            out = addr != nullptr ? addr : "";
        }
    }
    g_object_unref(list);
    for (char& c : out) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            c = '_';
        }
    }
    return out;
}

}  // namespace

std::string mbox_from_line(std::string_view eml) {
    detail::ensure_gmime();
    const GPtr<GMimeStream> stream = detail::memory_stream(eml);
    const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    const GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    std::string sender;
    GDateTime* date = nullptr;
    if (message != nullptr) {
        GMimeObject* object = GMIME_OBJECT(message.get());
        sender = first_address(g_mime_object_get_header(object, "Return-Path"));
        if (sender.empty()) {
            sender = first_address(g_mime_object_get_header(object, "From"));
        }
        date = g_mime_message_get_date(message.get());
    }
    GDateTime* utc = date != nullptr ? g_date_time_to_utc(date) : g_date_time_new_from_unix_utc(0);
    // asctime's form: the day of the month padded with a space (GLib's %e pads with U+2007).
    char* names = g_date_time_format(utc, "%a %b");
    char* time = g_date_time_format(utc, "%H:%M:%S %Y");
    const int day = g_date_time_get_day_of_month(utc);
    std::string line = "From " + (sender.empty() ? std::string("MAILER-DAEMON") : sender) + " "
                       + names + (day < 10 ? "  " : " ") + std::to_string(day) + " " + time;
    g_free(names);
    g_free(time);
    g_date_time_unref(utc);
    return line;
}

std::string mbox_entry(std::string_view eml) {
    std::string out = mbox_from_line(eml) + "\n";
    out.reserve(out.size() + eml.size() + 2);
    size_t start = 0;
    while (start < eml.size()) {
        size_t end = eml.find('\n', start);
        const size_t next = end == std::string_view::npos ? eml.size() : end + 1;
        if (end == std::string_view::npos) {
            end = eml.size();
        }
        std::string_view line = eml.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const size_t quotes = line.find_first_not_of('>');
        if (quotes != std::string_view::npos && line.substr(quotes).starts_with("From ")) {
            out += '>';
        }
        out += line;
        out += '\n';
        start = next;
    }
    out += '\n';
    return out;
}

}  // namespace msgforge::mime
