// From an archive element to an SMS or MMS object: parties, state, times, parts and slides.
#include "detail.hpp"

#include <msgforge/base/base64.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/oms/names.hpp>
#include <msgforge/oms/smil.hpp>
#include <msgforge/oms/text_part.hpp>
#include <msgforge/sbr.hpp>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace msgforge::sbr {

using oms::BuildOptions;
using oms::DEFAULT_TEXT_CHARSET;
using oms::encode_text_part;
using oms::Envelope;
using oms::kind_of;
using oms::Media;
using oms::MediaKind;
using oms::Mms;
using oms::OCTET_STREAM;
using oms::parse_smil;
using oms::Party;
using oms::Slide;
using oms::SMIL_MIME;
using oms::SmilDocument;
using oms::SmilMedia;
using oms::SmilPar;
using oms::Sms;
using oms::sniff;
using oms::State;

namespace {

// X-Mms-Message-Box values and SMS types (the app's field list).
constexpr int64_t BOX_INBOX = 1;
constexpr int64_t BOX_SENT = 2;
// PduHeaders address types of <addr type>.
constexpr int64_t ADDR_FROM = 137;
constexpr int64_t ADDR_TO = 151;
constexpr int64_t ADDR_CC = 130;
constexpr int64_t ADDR_BCC = 129;
// What Android writes as the sender of a message it sends, before the network fills it in.
constexpr std::string_view ADDRESS_TOKEN = "insert-address-token";
constexpr int64_t MS_1601_TO_1970 = 11'644'473'600'000;

[[noreturn]] void fail(const Record& r, const std::string& detail) {
    throw FormatError(Location{"", r.kind == Kind::sms ? "sbr <sms>" : "sbr <mms>", r.offset},
                      "line " + std::to_string(r.line) + ": " + detail);
}

std::optional<int64_t> integer(const Record& r, std::string_view name) {
    const auto text = r.get(name);
    if (!text || text->empty()) {
        return std::nullopt;
    }
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size()) {
        fail(r, std::string(name) + " is not a whole number: '" + *text + "'");
    }
    return value;
}

std::vector<std::string> split(std::string_view s, std::string_view separator) {
    std::vector<std::string> out;
    if (s.empty()) {
        return out;
    }
    for (;;) {
        const size_t at = s.find(separator);
        out.emplace_back(s.substr(0, at));
        if (at == std::string_view::npos) {
            return out;
        }
        s.remove_prefix(at + separator.size());
    }
}

/// The numbers of `address` ("a~b~c"), trimmed, empty ones left out.
}  // namespace

std::optional<FileTime> time_of(const Record& r, std::string_view name) {
    const auto value = integer(r, name);
    if (!value || *value <= 0) {
        return std::nullopt;
    }
    const int64_t ms = to_milliseconds(*value);
    if (ms > (INT64_MAX / 10'000) - MS_1601_TO_1970) {
        fail(r, std::string(name) + " is out of range: " + std::to_string(*value));
    }
    return FileTime{static_cast<uint64_t>(ms + MS_1601_TO_1970) * 10'000};
}

std::vector<std::string> numbers_of(std::string_view address) {
    std::vector<std::string> out;
    for (const std::string& n : split(address, "~")) {
        if (!trim(n).empty()) {
            out.emplace_back(trim(n));
        }
    }
    return out;
}

namespace {

/// Number → contact name: contact_name names the numbers of `address` in order, joined by
/// ", " for a group; "(Unknown)" is the app's "no contact".
std::vector<std::pair<std::string, std::string>> contact_names(const Record& r) {
    const std::vector<std::string> numbers = numbers_of(r.get("address").value_or(""));
    const std::string contact = r.get("contact_name").value_or("");
    std::vector<std::pair<std::string, std::string>> out;
    if (contact.empty() || contact == "(Unknown)" || numbers.empty()) {
        return out;
    }
    const std::vector<std::string> names =
        numbers.size() == 1 ? std::vector<std::string>{contact} : split(contact, ", ");
    if (names.size() != numbers.size()) {
        return out;
    }
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] != "(Unknown)") {
            out.emplace_back(numbers[i], names[i]);
        }
    }
    return out;
}

Party owner(const ImportOptions& options) {
    return Party{options.me.empty() ? std::string(OWNER_PLACEHOLDER) : options.me, ""};
}

Party party(const Record& r, const std::string& number) {
    Party p{number, ""};
    for (const auto& [n, name] : contact_names(r)) {
        if (n == number) {
            p.name = name;
        }
    }
    return p;
}

void check_utf8(const Record& r, const std::string& text, std::string_view what) {
    if (!utf8_to_utf16(text)) {
        fail(r, std::string(what) + " is not valid UTF-8");
    }
}

Sms sms_of(const Record& r, const ImportOptions& options) {
    Sms sms;
    sms.text = r.get("body").value_or("");
    check_utf8(r, sms.text, "the body");
    const std::vector<std::string> numbers = numbers_of(r.get("address").value_or(""));
    if (numbers.empty()) {
        fail(r, "the message has no address");
    }
    const auto type = integer(r, "type");
    if (!type || *type < 1 || *type > 6) {
        fail(r, "type must be 1 to 6");
    }
    Envelope& e = sms.envelope;
    e.state = to_state(*type);
    e.read = integer(r, "read").value_or(1) != 0;
    if (e.state == State::received) {
        e.from = party(r, numbers.front());
        e.to = {owner(options)};
        e.time = time_of(r, "date");
        e.sent_time = time_of(r, "date_sent");
    } else {
        for (const std::string& n : numbers) {
            e.to.push_back(party(r, n));
        }
        if (e.state == State::sent) {
            e.from = owner(options);
            e.time = time_of(r, "date");
        }
    }
    if (e.state != State::draft && !e.time) {
        fail(r, "a sent or received message needs its date");
    }
    return sms;
}

std::string strip_brackets(std::string_view s) {
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') {
        s = s.substr(1, s.size() - 2);
    }
    return std::string(s);
}

struct Part {
    Attributes attributes;
    std::string mime;
    MediaKind kind = MediaKind::other;
    bool used = false;

    std::string get(std::string_view name) const {
        return attribute(attributes, name).value_or("");
    }

    bool answers(std::string_view src) const {
        if (src.size() >= 4 && (src.substr(0, 4) == "cid:" || src.substr(0, 4) == "CID:")) {
            src.remove_prefix(4);
        }
        const std::string want = strip_brackets(src);
        if (want.empty()) {
            return false;
        }
        for (const std::string_view key : {"cl", "name", "cid", "fn"}) {
            if (strip_brackets(get(key)) == want) {
                return true;
            }
        }
        return false;
    }
};

Media media_of(const Record& r, const Part& p) {
    Media m;
    m.file_name = p.get("cl");
    for (const std::string_view key : {"name", "fn"}) {
        if (m.file_name.empty()) {
            m.file_name = p.get(key);
        }
    }
    check_utf8(r, m.file_name, "a part name");
    m.mime_type = p.mime;
    const auto data = base64_decode(p.get("data"), Base64Form::lenient);
    if (!data) {
        fail(r, "the data of part " + p.get("seq") + " is not base64");
    }
    m.data = std::move(*data);
    return m;
}

/// The charset of the part's `chset` (an IANA MIBenum) when it can encode `text`; the
/// builder's default when the archive names none, one msgforge does not know or one the text
/// does not fit.
std::string text_charset(const Part& p, const std::string& text) {
    const std::string chset = p.get("chset");
    uint32_t mibenum = 0;
    const auto [end, ec] = std::from_chars(chset.data(), chset.data() + chset.size(), mibenum);
    const auto charset = ec == std::errc{} && end == chset.data() + chset.size()
                             ? msg::charset_by_mibenum(mibenum)
                             : std::nullopt;
    if (!charset || !encode_text_part(text, *charset)) {
        return std::string(DEFAULT_TEXT_CHARSET);
    }
    return std::string(charset->name);
}

/// Puts part `p` on `slide` if it has room for its kind.
bool place(const Record& r, Slide& slide, Part& p) {
    if (p.kind == MediaKind::text && slide.text.empty()) {
        slide.text = p.get("text");
        check_utf8(r, slide.text, "the text of a part");
        slide.text_charset = text_charset(p, slide.text);
    } else if ((p.kind == MediaKind::image || p.kind == MediaKind::video) && !slide.visual) {
        slide.visual = media_of(r, p);
    } else if (p.kind == MediaKind::audio && !slide.audio) {
        slide.audio = media_of(r, p);
    } else {
        return false;
    }
    p.used = true;
    return true;
}

bool empty(const Slide& s) {
    return s.text.empty() && !s.visual && !s.audio;
}

/// The slides the backup's SMIL lays out, or nothing when it has none or it does not parse.
std::vector<Slide> slides_from_smil(const Record& r, std::vector<Part>& parts,
                                    const std::string& smil) {
    std::vector<Slide> slides;
    if (smil.empty()) {
        return slides;
    }
    SmilDocument doc;
    try {
        doc = parse_smil(as_bytes(smil));
    } catch (const FormatError&) {
        return slides;
    }
    for (const SmilPar& par : doc.pars) {
        Slide slide;
        if (par.duration_ms && *par.duration_ms > 0) {
            slide.duration_ms = *par.duration_ms;
        }
        for (const SmilMedia& media : par.media) {
            for (Part& p : parts) {
                if (!p.used && p.answers(media.src)) {
                    place(r, slide, p);
                    break;
                }
            }
        }
        if (!empty(slide)) {
            slides.push_back(std::move(slide));
        }
    }
    return slides;
}

// The numbers of an MMS record's <addrs> by type, each once per list; the owner's token
// replaced by the owner's number.
struct Addressees {
    std::vector<std::string> from;
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::vector<std::string> bcc;
};

Addressees addressees_of(const Record& r, const ImportOptions& options) {
    Addressees out;
    for (const Attributes& a : r.addrs) {
        const std::string number = std::string(trim(attribute(a, "address").value_or("")));
        const std::string type = attribute(a, "type").value_or("");
        if (number.empty()) {
            continue;
        }
        const std::string who = number == ADDRESS_TOKEN ? owner(options).number : number;
        if (type == std::to_string(ADDR_FROM)) {
            out.from.push_back(who);
        } else if (type == std::to_string(ADDR_TO) || type == std::to_string(ADDR_CC)
                   || type == std::to_string(ADDR_BCC)) {
            std::vector<std::string>& list = type == std::to_string(ADDR_TO)   ? out.to
                                             : type == std::to_string(ADDR_CC) ? out.cc
                                                                               : out.bcc;
            if (std::find(list.begin(), list.end(), who) == list.end()) {
                list.push_back(who);
            }
        }
    }
    return out;
}

// State, parties and times of an MMS record. Parties come from <addrs>, else from the address
// attribute (the first number the sender of a received message).
void set_envelope(const Record& r, const ImportOptions& options, Envelope& e) {
    const auto box = integer(r, "msg_box");
    if (!box || *box < 1 || *box > 6) {
        fail(r, "msg_box must be 1 to 6");
    }
    e.state = to_state(*box);
    e.read = integer(r, "read").value_or(1) != 0;
    Addressees a = addressees_of(r, options);
    const std::vector<std::string> numbers = numbers_of(r.get("address").value_or(""));
    const bool received = e.state == State::received;
    if (received) {
        if (a.from.empty() && !numbers.empty()) {
            a.from.push_back(numbers.front());
            a.to.assign(numbers.begin() + 1, numbers.end());
        }
        if (a.from.empty()) {
            fail(r, "a received message needs its sender");
        }
        e.from = party(r, a.from.front());
    } else if (a.to.empty() && a.cc.empty() && a.bcc.empty()) {
        a.to = numbers;
    }
    // In a received message the owner is among the recipients, named as the options say.
    const auto recipient = [&](const std::string& n) {
        return received && n == owner(options).number ? owner(options) : party(r, n);
    };
    for (const auto& [numbers_of_type, list] :
         {std::pair{&a.to, &e.to}, std::pair{&a.cc, &e.cc}, std::pair{&a.bcc, &e.bcc}}) {
        for (const std::string& n : *numbers_of_type) {
            list->push_back(recipient(n));
        }
    }
    if (received) {
        if (e.to.empty() && e.cc.empty() && e.bcc.empty()) {
            e.to.push_back(owner(options));
        }
        e.time = time_of(r, "date");
        e.sent_time = time_of(r, "date_sent");
    } else if (e.state == State::sent) {
        e.from = owner(options);
        e.time = time_of(r, "date");
    }
    if (e.state != State::draft && !e.time) {
        fail(r, "a sent or received message needs its date");
    }
}

// The parts of an MMS record but its SMIL document, which goes to `smil`; parts without a
// media type, or an octet stream, take the type their bytes show.
std::vector<Part> parts_of(const Record& r, std::string& smil) {
    std::vector<Part> parts;
    for (const Attributes& a : r.parts) {
        Part p;
        p.attributes = a;
        p.mime = attribute(a, "ct").value_or("");
        const std::string type = ascii_lower(p.mime.substr(0, p.mime.find(';')));
        if (type == SMIL_MIME) {
            smil = attribute(a, "text").value_or("");
            continue;
        }
        p.kind = kind_of(p.mime);
        if (p.kind == MediaKind::other && (type.empty() || type == OCTET_STREAM)) {
            if (const auto data = base64_decode(p.get("data"), Base64Form::lenient)) {
                if (const auto sniffed = sniff(*data)) {
                    p.kind = sniffed->kind;
                    p.mime = sniffed->mime;
                }
            }
        }
        if (p.kind == MediaKind::text && p.get("text").empty()) {
            continue;
        }
        parts.push_back(std::move(p));
    }
    return parts;
}

Mms mms_of(const Record& r, const ImportOptions& options) {
    Mms mms;
    set_envelope(r, options, mms.envelope);
    mms.subject = r.get("sub").value_or("");
    check_utf8(r, mms.subject, "the subject");

    std::string smil;
    std::vector<Part> parts = parts_of(r, smil);
    mms.slides = slides_from_smil(r, parts, smil);
    // Parts the SMIL does not place (or all, without one) in order, a new slide whenever the
    // current one has a part of the same kind.
    Slide slide;
    for (Part& p : parts) {
        if (p.used || p.kind == MediaKind::other) {
            continue;
        }
        if (!place(r, slide, p)) {
            mms.slides.push_back(std::move(slide));
            slide = Slide{};
            place(r, slide, p);
        }
    }
    if (!empty(slide)) {
        mms.slides.push_back(std::move(slide));
    }
    // Every text part has a slide by now: only parts of other kinds are left.
    for (Part& p : parts) {
        if (!p.used) {
            mms.extra.push_back(media_of(r, p));
        }
    }
    return mms;
}

}  // namespace

State to_state(int64_t type) {
    return type == BOX_INBOX ? State::received : type == BOX_SENT ? State::sent : State::draft;
}

int64_t to_milliseconds(int64_t value) {
    constexpr int64_t SECONDS_LIMIT = 100'000'000'000;
    return value < SECONDS_LIMIT && value > -SECONDS_LIMIT ? value * 1000 : value;
}

std::variant<Sms, Mms> to_object(const Record& record, const ImportOptions& options) {
    if (record.kind == Kind::sms) {
        return sms_of(record, options);
    }
    return mms_of(record, options);
}

namespace {

// The thread: the other party's name, else number (a group's joined by ", ") as the topic, and
// the conversation index from the conversation's first message.
void set_thread(msg::Message& m, const Record& r, const ImportOptions& options,
                std::optional<FileTime> time) {
    const std::vector<std::string> conversation = conversation_of(r);
    std::string topic;
    for (const std::string& n : conversation) {
        const Party p = party(r, n);
        topic += (topic.empty() ? "" : ", ") + (p.name.empty() ? p.number : p.name);
    }
    msg::set(m, msg::tags::PidTagConversationTopic, topic);
    if (!time) {
        return;
    }
    const std::optional<FileTime> start =
        options.threads != nullptr ? options.threads->start(conversation) : std::nullopt;
    msg::set(m, msg::tags::PidTagConversationIndex,
             cfb::Blob::owned(conversation_index(conversation, start.value_or(*time), *time)));
}

}  // namespace

msg::Message to_message(const Record& record, const ImportOptions& options) {
    const std::variant<Sms, Mms> object = to_object(record, options);
    BuildOptions build;
    const Envelope& e =
        std::visit([](const auto& o) -> const Envelope& { return o.envelope; }, object);
    build.now = e.time ? e.time : time_of(record, "date");
    msg::Message m;
    try {
        m = std::visit([&](const auto& o) { return oms::build(o, build); }, object);
    } catch (const UsageError& error) {
        fail(record, error.what());
    }
    Record kept;
    kept.kind = record.kind;
    for (const auto& [name, value] : record.attributes) {
        if (name != "body") {
            kept.attributes.emplace_back(name, value);
        }
    }
    msg::set_named(m, m, attributes_key(), utf8_to_utf16(to_xml(kept)).value());
    if (!options.me.empty()) {
        msg::set_named(m, m, owner_key(), utf8_to_utf16(options.me).value_or(u""));
    }
    set_thread(m, record, options, build.now);
    return m;
}

msg::NamedKey attributes_key() {
    return msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"msgforge-sbr-attributes");
}

msg::NamedKey owner_key() {
    return msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"msgforge-sbr-owner");
}

}  // namespace msgforge::sbr
