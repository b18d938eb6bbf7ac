// From an SMS or MMS message to an archive element, and the archive writer.
#include "detail.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/base64.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms/media.hpp>
#include <msgforge/oms/text_part.hpp>
#include <msgforge/sbr.hpp>

#include <cerrno>

namespace msgforge::sbr {

using oms::kind_of;
using oms::MediaKind;
using oms::OCTET_STREAM;
using oms::OmsMessage;
using oms::PartView;
using oms::Party;
using oms::read_text_part;
using oms::ServiceType;
using oms::SlideView;
using oms::State;
using oms::TextPart;

namespace {

constexpr int64_t MS_1601_TO_1970 = 11'644'473'600'000;
constexpr std::string_view ADDRESS_TOKEN = "insert-address-token";
constexpr uint32_t MIB_UTF8 = 106;

void set(Record& r, std::string_view name, std::string value) {
    for (auto& [key, v] : r.attributes) {
        if (key == name) {
            v = std::move(value);
            return;
        }
    }
    r.attributes.emplace_back(name, std::move(value));
}

void set_default(Record& r, std::string_view name, std::string value) {
    if (!r.get(name)) {
        r.attributes.emplace_back(name, std::move(value));
    }
}

std::string milliseconds(FileTime t) {
    return std::to_string(static_cast<int64_t>(t.ticks / 10'000) - MS_1601_TO_1970);
}

bool is_owner(const Party& p, const ExportOptions& options) {
    return p.number == OWNER_PLACEHOLDER || (!options.me.empty() && p.number == options.me);
}

/// The attributes import kept in the message, if it has them.
std::optional<Record> kept_attributes(const msg::Message& m, Kind kind) {
    const msg::PropertyValue* value = m.named_value(attributes_key());
    if (value == nullptr) {
        return std::nullopt;
    }
    const auto xml = msg::to_utf8(*value, m.codepage);
    if (!xml) {
        return std::nullopt;
    }
    try {
        return parse_element(*xml, kind, "", 0, 0);
    } catch (const FormatError&) {
        return std::nullopt;
    }
}

void escape(std::string& out, std::string_view value) {
    for (const char c : value) {
        if (append_markup_escape(out, c)) {
            continue;
        }
        if (c == '\t') {
            out += "&#9;";
        } else if (c == '\n') {
            out += "&#10;";
        } else if (c == '\r') {
            out += "&#13;";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            // XML 1.0 has no way to write the other C0 controls.
            out += "&#xFFFD;";
        } else {
            out += c;
        }
    }
}

void write_element(std::string& out, std::string_view name, const Attributes& attributes,
                   bool close) {
    out += '<';
    out += name;
    for (const auto& [key, value] : attributes) {
        out += ' ';
        out += key;
        out += "=\"";
        escape(out, value);
        out += '"';
    }
    out += close ? " />" : ">";
}

// A part: a text part's text is decoded and `chset` is the IANA MIBenum of the charset it
// declares, else 106 (UTF-8, what the text attribute holds); other parts are base64 `data`.
Attributes media_part(const msg::Message& m, const PartView& p, size_t seq) {
    std::optional<TextPart> text;
    if (kind_of(p.mime_type) == MediaKind::text) {
        text = read_text_part(m, p.attachment);
    }
    Attributes a;
    a.emplace_back("seq", std::to_string(seq));
    a.emplace_back("ct", p.mime_type.empty() ? std::string(OCTET_STREAM) : p.mime_type);
    a.emplace_back("name", p.file_name);
    a.emplace_back("chset", !text            ? "null"
                            : text->declared ? std::to_string(text->declared->mibenum)
                                             : std::to_string(MIB_UTF8));
    a.emplace_back("cd", "null");
    a.emplace_back("fn", "null");
    a.emplace_back("cid", p.content_id.empty() ? "null" : "<" + p.content_id + ">");
    a.emplace_back("cl", p.file_name);
    a.emplace_back("ctt_s", "null");
    a.emplace_back("ctt_t", "null");
    if (text) {
        a.emplace_back("text", std::move(text->text));
        a.emplace_back("data", "null");
    } else {
        const auto data = m.attachments[p.attachment].data();
        a.emplace_back("text", "null");
        a.emplace_back("data", base64_encode(data ? data->span() : std::span<const uint8_t>{}));
    }
    return a;
}

// The box, date and read flag, keeping an outbox, failed or queued type that import made a
// draft.
void set_state(Record& r, const msg::Message& m, const OmsMessage& v, Kind kind) {
    const std::string_view box_name = kind == Kind::sms ? "type" : "msg_box";
    const std::string stored_box = r.get(box_name).value_or("");
    int64_t stored = 0;
    if (stored_box.size() == 1 && stored_box[0] >= '1' && stored_box[0] <= '6') {
        stored = stored_box[0] - '0';
    }
    const int64_t box = v.state == State::received ? 1
                        : v.state == State::sent   ? 2
                        : (stored >= 3)            ? stored
                                                   : 3;
    set(r, box_name, std::to_string(box));
    if (v.time) {
        set(r, "date", milliseconds(*v.time));
    } else if (v.state == State::draft) {
        // A draft's date is when it was last saved.
        for (const auto tag :
             {msg::tags::PidTagLastModificationTime, msg::tags::PidTagCreationTime}) {
            if (const FileTime* t = m.properties.get_as(tag); t != nullptr && !t->is_zero()) {
                set(r, "date", milliseconds(*t));
                break;
            }
        }
    }
    set_default(r, "date", "0");
    if (v.state == State::received) {
        set(r, "read", v.read ? "1" : "0");
    }
    set_default(r, "read", "1");
}

// The other parties: the sender and any other group members of a received message, the
// recipients of a sent one or a draft.
void set_parties(Record& r, const OmsMessage& v, const ExportOptions& options) {
    std::vector<Party> others;
    if (v.state == State::received && v.from) {
        others.push_back(*v.from);
    }
    for (const std::vector<Party>* list : {&v.to, &v.cc, &v.bcc}) {
        for (const Party& p : *list) {
            if (!is_owner(p, options)
                && (v.state != State::received || !v.from || p.number != v.from->number)) {
                others.push_back(p);
            }
        }
    }
    std::string address;
    std::string names;
    bool named = false;
    for (const Party& p : others) {
        address += (address.empty() ? "" : "~") + p.number;
        names += (names.empty() ? "" : ", ") + (p.name.empty() ? p.number : p.name);
        named = named || !p.name.empty();
    }
    set(r, "address", address);
    if (named) {
        set(r, "contact_name", names);
    }
    set_default(r, "contact_name", "(Unknown)");
}

// What the app writes as "null" comes last: import leaves it out of the attributes it keeps,
// so export puts it back in the same place and export -> import -> export gives the same
// element. Import does not keep an SMS body either.
void set_sms_tail(Record& r, const OmsMessage& v) {
    set_default(r, "protocol", "0");
    set_default(r, "status", "-1");
    set(r, "body", v.text);
    for (const std::string_view absent : {"subject", "toa", "sc_toa", "service_center"}) {
        set_default(r, absent, "null");
    }
}

void set_mms_header(Record& r, const OmsMessage& v, bool kept) {
    if (!kept && !v.subject.empty()) {
        set(r, "sub", v.subject);
        set(r, "sub_cs", std::to_string(MIB_UTF8));
    }
    set_default(r, "m_type", v.state == State::received ? "132" : "128");
    set_default(r, "ct_t", "application/vnd.wap.multipart.related");
    set_default(r, "m_cls", "personal");
    set_default(r, "text_only", "0");
    // A phone writes "null" for the subject of an MMS without one.
    set_default(r, "sub", "null");
    set_default(r, "sub_cs", "null");
}

// The parts: the SMIL document first (seq -1, its text as stored), then each slide's parts and
// the parts no slide shows.
void set_mms_parts(Record& r, const msg::Message& m, const OmsMessage& v) {
    r.parts.clear();
    if (v.smil) {
        const auto data = m.attachments[v.smil->attachment].data();
        Attributes smil = media_part(m, *v.smil, 0);
        for (auto& [key, value] : smil) {
            if (key == "seq") {
                value = "-1";
            } else if (key == "ct") {
                value = "application/smil";
            } else if (key == "text") {
                value = std::string(as_chars(data ? data->span() : std::span<const uint8_t>{}));
            } else if (key == "data") {
                value = "null";
            }
        }
        r.parts.push_back(std::move(smil));
    }
    size_t seq = 0;
    for (const SlideView& slide : v.slides) {
        for (const std::optional<PartView>* p : {&slide.visual, &slide.text_part, &slide.audio}) {
            if (*p) {
                r.parts.push_back(media_part(m, **p, seq++));
            }
        }
    }
    for (const PartView& p : v.extra) {
        r.parts.push_back(media_part(m, p, seq++));
    }
}

void set_mms_addrs(Record& r, const OmsMessage& v, const ExportOptions& options) {
    r.addrs.clear();
    const auto addr = [&](const std::string& number, int type) {
        r.addrs.push_back(
            Attributes{{"address", number}, {"type", std::to_string(type)}, {"charset", "106"}});
    };
    // The app's sender of what the phone sends is the token, not the owner's number.
    if (v.state == State::received && v.from) {
        addr(v.from->number, 137);
    } else if (!v.from || is_owner(*v.from, options)) {
        addr(std::string(ADDRESS_TOKEN), 137);
    } else {
        addr(v.from->number, 137);
    }
    for (const auto& [list, type] : {std::pair{&v.to, 151}, {&v.cc, 130}, {&v.bcc, 129}}) {
        for (const Party& p : *list) {
            if (p.number != OWNER_PLACEHOLDER) {
                addr(p.number, type);
            }
        }
    }
}

}  // namespace

Record from_message(const msg::Message& m, const ExportOptions& given) {
    ExportOptions options = given;
    if (options.me.empty()) {
        if (const msg::PropertyValue* owner = m.named_value(owner_key())) {
            options.me = msg::to_utf8(*owner, m.codepage).value_or("");
        }
    }
    const auto v = oms::view(m);
    if (!v) {
        throw FormatError(Location{"", "sbr export", std::nullopt},
                          "the message is neither an SMS nor an MMS");
    }
    const Kind kind = v->service == ServiceType::sms ? Kind::sms : Kind::mms;
    const std::optional<Record> kept = kept_attributes(m, kind);
    Record r = kept.value_or(Record{});
    r.kind = kind;
    r.line = 1;
    r.offset = 0;
    set_state(r, m, *v, kind);
    set_parties(r, *v, options);
    set_default(r, "locked", "0");
    set_default(r, "date_sent", "0");
    if (kind == Kind::sms) {
        set_sms_tail(r, *v);
        return r;
    }
    set_mms_header(r, *v, kept.has_value());
    set_mms_parts(r, m, *v);
    set_mms_addrs(r, *v, options);
    return r;
}

std::string to_xml(const Record& record) {
    std::string out;
    const std::string_view name = record.kind == Kind::sms ? "sms" : "mms";
    const bool children = !record.parts.empty() || !record.addrs.empty();
    write_element(out, name, record.attributes, !children);
    if (!children) {
        return out;
    }
    out += "<parts>";
    for (const Attributes& part : record.parts) {
        write_element(out, "part", part, true);
    }
    out += "</parts><addrs>";
    for (const Attributes& addr : record.addrs) {
        write_element(out, "addr", addr, true);
    }
    out += "</addrs></mms>";
    return out;
}

Writer::Writer(std::filesystem::path target) : target_(std::move(target)) {
    spool_ = std::tmpfile();
    if (spool_ == nullptr) {
        throw IoError(target_.string(), "cannot create a temporary file", errno);
    }
}

Writer::~Writer() {
    if (spool_ != nullptr) {
        std::fclose(spool_);
    }
}

void Writer::add(const Record& record) {
    const std::string xml = to_xml(record) + "\n";
    if (std::fwrite(xml.data(), 1, xml.size(), spool_) != xml.size()) {
        throw IoError(target_.string(), "cannot write the temporary file", errno);
    }
    ++count_;
}

void Writer::commit() {
    AtomicFile out(target_);
    const std::string head =
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        "<smses count=\""
        + std::to_string(count_) + "\">\n";
    out.write(as_bytes(head));
    if (std::fflush(spool_) != 0 || std::fseek(spool_, 0, SEEK_SET) != 0) {
        throw IoError(target_.string(), "cannot read the temporary file", errno);
    }
    std::vector<char> block(size_t{1} << 20);
    for (;;) {
        const size_t n = std::fread(block.data(), 1, block.size(), spool_);
        if (n == 0) {
            break;
        }
        out.write(as_bytes(std::string_view(block.data(), n)));
    }
    if (std::ferror(spool_) != 0) {
        throw IoError(target_.string(), "cannot read the temporary file", errno);
    }
    out.write(as_bytes(std::string_view("</smses>\n")));
    out.commit();
}

}  // namespace msgforge::sbr
