// A typed view of an SMS or MMS message, whoever wrote it.
#include "detail.hpp"
#include "view_parts.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/html_text.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>
#include <msgforge/oms/smil.hpp>
#include <msgforge/oms/text_part.hpp>

namespace msgforge::oms {

namespace {

using msg::PropertyType;
using namespace msg::tags;
namespace flags = msg::flags;
namespace names = msg::names;

using StringTag = msg::TypedTag<PropertyType::PtypString>;

std::string string_or_empty(const msg::ObjectBase& o, StringTag tag) {
    return o.string(tag).value_or(std::string());
}

std::optional<std::string> named_string(const msg::Message& m, const msg::NamedKey& key) {
    if (const msg::PropertyValue* v = m.named_value(key)) {
        return msg::to_utf8(*v, m.codepage);
    }
    return std::nullopt;
}

Party party(std::string number, std::string name) {
    if (name == number) {
        name.clear();
    }
    return Party{std::move(number), std::move(name)};
}

// The text of text part `index` on `slide`, and what reading it had to guess into v.warnings.
void read_text(const msg::Message& m, size_t index, SlideView& slide, OmsMessage& v) {
    TextPart part = read_text_part(m, index);
    slide.text = std::move(part.text);
    slide.text_charset = part.declared ? std::string(part.declared->name) : std::string();
    if (part.warning) {
        v.warnings.push_back(std::move(*part.warning));
    }
}

}  // namespace

PartView part_view(const msg::Message& m, size_t index) {
    const msg::Attachment& a = m.attachments[index];
    PartView p;
    p.attachment = index;
    p.content_id = string_or_empty(a, PidTagAttachContentId);
    p.mime_type = a.mime_type().value_or("");
    p.file_name = a.file_name().value_or("");
    const bool* hidden = a.properties.get_as(PidTagAttachmentHidden);
    p.hidden = hidden != nullptr && *hidden;
    return p;
}

bool is_smil_part(const PartView& p) {
    const std::string_view mime = p.mime_type;
    const std::string_view type = mime.substr(0, mime.find(';'));
    return ends_with_ci(type, "application/smil") || ends_with_ci(type, "application/smil+xml")
           || (type.empty() && ends_with_ci(p.file_name, ".smil"));
}

std::optional<size_t> resolve_src(const msg::Message& m, std::string_view src) {
    const auto strip_brackets = [](std::string_view s) {
        if (s.size() >= 2 && s.front() == '<' && s.back() == '>') {
            s = s.substr(1, s.size() - 2);
        }
        return s;
    };
    const auto by_content_id = [&](std::string_view cid) -> std::optional<size_t> {
        for (size_t i = 0; i < m.attachments.size() && !cid.empty(); ++i) {
            const auto id = m.attachments[i].string(PidTagAttachContentId);
            if (id && equal_ci(strip_brackets(*id), cid)) {
                return i;
            }
        }
        return std::nullopt;
    };
    const auto by_name = [&](StringTag tag) -> std::optional<size_t> {
        for (size_t i = 0; i < m.attachments.size(); ++i) {
            const auto value = m.attachments[i].string(tag);
            if (value && equal_ci(*value, src)) {
                return i;
            }
        }
        return std::nullopt;
    };
    if (src.empty()) {
        return std::nullopt;
    }
    if (src.size() >= 4 && equal_ci(src.substr(0, 4), "cid:")) {
        return by_content_id(strip_brackets(src.substr(4)));
    }
    // A bare src: the Content-Location, else the Content-ID as phones write it there
    // ("image001.jpg@x", "<part1>"), else a file name.
    if (auto i = by_name(PidTagAttachContentLocation)) {
        return i;
    }
    if (auto i = by_content_id(strip_brackets(src))) {
        return i;
    }
    for (const StringTag tag : {PidTagAttachLongFilename, PidTagAttachFilename}) {
        if (auto i = by_name(tag)) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<size_t> find_smil(const msg::Message& m) {
    for (size_t i = 0; i < m.attachments.size(); ++i) {
        if (is_smil_part(part_view(m, i))) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<ServiceType> service_of(const msg::Message& m) {
    const std::string cls = m.message_class().value_or("");
    if (starts_with_ci(cls, CLASS_SMS)) {
        return ServiceType::sms;
    }
    if (starts_with_ci(cls, CLASS_MMS)) {
        return ServiceType::mms;
    }
    if (const int32_t* n = m.named_value(names::PidNameOMSServiceType)) {
        if (*n == static_cast<int32_t>(ServiceType::sms)) {
            return ServiceType::sms;
        }
        if (*n == static_cast<int32_t>(ServiceType::mms)) {
            return ServiceType::mms;
        }
    }
    return std::nullopt;
}

namespace {

// The state (draft, sent, received), its time and the read flag, from the message flags and the
// delivery and submit times.
void read_state(const msg::Message& m, OmsMessage& v) {
    const int32_t* message_flags = m.properties.get_as(PidTagMessageFlags);
    const FileTime* delivered = m.properties.get_as(PidTagMessageDeliveryTime);
    const FileTime* submitted = m.properties.get_as(PidTagClientSubmitTime);
    if (message_flags != nullptr && (*message_flags & flags::MSGFLAG_UNSENT) != 0) {
        v.state = State::draft;
    } else if (message_flags != nullptr && (*message_flags & flags::MSGFLAG_FROMME) != 0) {
        v.state = State::sent;
    } else if (delivered != nullptr) {
        v.state = State::received;
    } else if (submitted != nullptr) {
        v.state = State::sent;
    } else {
        v.state = State::draft;
    }
    if (v.state == State::received && delivered != nullptr) {
        v.time = *delivered;
        if (submitted != nullptr) {
            v.sent_time = *submitted;
        }
    } else if (v.state == State::sent && submitted != nullptr) {
        v.time = *submitted;
    }
    v.read = message_flags != nullptr && (*message_flags & flags::MSGFLAG_READ) != 0;
}

// The recipients by type, and the sender: the represented sender, else the sender.
void read_parties(const msg::Message& m, OmsMessage& v) {
    for (const msg::Recipient& r : m.recipients) {
        const int32_t* type = r.properties.get_as(PidTagRecipientType);
        const int32_t kind =
            type != nullptr ? (*type & flags::RECIPIENT_TYPE_MASK) : flags::MAPI_TO;
        std::vector<Party>* list = kind == flags::MAPI_TO    ? &v.to
                                   : kind == flags::MAPI_CC  ? &v.cc
                                   : kind == flags::MAPI_BCC ? &v.bcc
                                                             : nullptr;
        if (list == nullptr) {
            continue;
        }
        std::string number = string_or_empty(r, PidTagEmailAddress);
        if (number.empty()) {
            number = string_or_empty(r, PidTagSmtpAddress);
        }
        list->push_back(party(std::move(number), string_or_empty(r, PidTagDisplayName)));
    }
    for (const auto& [address, name] :
         {std::pair{PidTagSentRepresentingEmailAddress, PidTagSentRepresentingName},
          std::pair{PidTagSenderEmailAddress, PidTagSenderName}}) {
        if (auto number = m.string(address); number && !number->empty()) {
            v.from = party(std::move(*number), string_or_empty(m, name));
            break;
        }
    }
}

// The OMS named properties and the subject.
void read_oms_properties(const msg::Message& m, OmsMessage& v) {
    if (const FileTime* schedule = m.named_value(names::PidNameOMSScheduleTime)) {
        v.schedule = *schedule;
    }
    v.account = named_string(m, names::PidNameOMSAccountGuid.key()).value_or("");
    v.model = named_string(m, names::PidNameOMSMobileModel.key()).value_or("");
    if (const int32_t* source = m.named_value(names::PidNameOMSSourceType)) {
        v.source = *source;
    }
    v.subject = m.subject().value_or("");
    if (v.subject.empty()) {
        v.subject = string_or_empty(m, PidTagNormalizedSubject);
    }
}

// The HTML and plain-text bodies, as far as a corrupt RTF body lets them be read.
void read_bodies(const msg::Message& m, OmsMessage& v) {
    try {
        msg::BodyReader bodies(m);  // the RTF body decompressed once for both
        v.html = bodies.html();
        if (auto text = bodies.text()) {
            v.text = std::move(*text);
        } else if (v.html) {
            v.text = msg::html_to_text(*v.html);
        }
    } catch (const LimitError&) {
        throw;
    } catch (const FormatError&) {
        // A corrupt RTF body: what the message holds besides it still makes a view.
    }
}

// The slide SMIL element `par` lays out: its first text, visual and audio part. A part `par`
// names that the slide already has a part of its kind for is left unused.
SlideView smil_slide(const msg::Message& m, const SmilPar& par, std::vector<bool>& used,
                     OmsMessage& v) {
    SlideView slide;
    slide.duration_ms = par.duration_ms;
    for (const SmilMedia& media : par.media) {
        const auto index = resolve_src(m, media.src);
        if (!index) {
            continue;
        }
        used[*index] = true;
        PartView p = part_view(m, *index);
        if (media.kind == MediaKind::text && !slide.text_part) {
            read_text(m, *index, slide, v);
            slide.text_part = std::move(p);
        } else if ((media.kind == MediaKind::image || media.kind == MediaKind::video)
                   && !slide.visual) {
            slide.visual = std::move(p);
        } else if (media.kind == MediaKind::audio && !slide.audio) {
            slide.audio = std::move(p);
        } else {
            used[*index] = false;
        }
    }
    return slide;
}

// Fills v.slides from the SMIL layout at attachment `smil_index`; false when it has no data or
// is not a readable layout.
bool slides_from_smil(const msg::Message& m, size_t smil_index, std::vector<bool>& used,
                      OmsMessage& v) {
    const auto data = m.attachments[smil_index].data();
    if (!data) {
        return false;
    }
    bool from_smil = false;
    try {
        const SmilDocument doc = parse_smil(*data);
        from_smil = true;
        for (const SmilPar& par : doc.pars) {
            v.slides.push_back(smil_slide(m, par, used, v));
        }
    } catch (const FormatError&) {
        // Not a readable layout: the slides come from the attachments.
    }
    return from_smil;
}

// Fills v.slides from the attachments not yet used, without a layout.
void slides_from_parts(const msg::Message& m, std::vector<bool>& used, OmsMessage& v) {
    // Attachments in order; a part whose kind the current slide already has starts the
    // next slide.
    SlideView slide;
    bool open = false;
    const auto flush = [&] {
        if (open) {
            v.slides.push_back(std::move(slide));
            slide = SlideView{};
            open = false;
        }
    };
    for (size_t i = 0; i < m.attachments.size(); ++i) {
        if (used[i] || m.attachments[i].method() != static_cast<uint32_t>(flags::afByValue)) {
            continue;
        }
        PartView p = part_view(m, i);
        const MediaKind kind =
            kind_of(p.mime_type.empty() ? from_extension(p.file_name).mime : p.mime_type);
        std::optional<PartView>* slot = nullptr;
        if (kind == MediaKind::text) {
            slot = &slide.text_part;
        } else if (kind == MediaKind::image || kind == MediaKind::video) {
            slot = &slide.visual;
        } else if (kind == MediaKind::audio) {
            slot = &slide.audio;
        } else {
            continue;
        }
        if (slot->has_value()) {
            flush();
        }
        used[i] = true;
        if (kind == MediaKind::text) {
            read_text(m, i, slide, v);
        }
        *slot = std::move(p);
        open = true;
    }
    flush();
}

}  // namespace

std::string_view to_string(State state) {
    switch (state) {
        case State::sent:
            return "sent";
        case State::received:
            return "received";
        case State::draft:
            break;
    }
    return "draft";
}

std::optional<OmsMessage> view(const msg::Message& m) {
    const auto service = service_of(m);
    if (!service) {
        return std::nullopt;
    }
    OmsMessage v;
    v.service = *service;
    v.message_class = m.message_class().value_or("");
    read_state(m, v);
    read_parties(m, v);
    read_oms_properties(m, v);
    read_bodies(m, v);
    if (v.service == ServiceType::mms) {
        read_slides(m, v);
    }
    return v;
}

void read_slides(const msg::Message& m, OmsMessage& v) {
    std::vector<bool> used(m.attachments.size(), false);
    const auto smil_index = find_smil(m);
    bool from_smil = false;
    if (smil_index) {
        used[*smil_index] = true;
        v.smil = part_view(m, *smil_index);
        from_smil = slides_from_smil(m, *smil_index, used, v);
    }
    if (!from_smil) {
        slides_from_parts(m, used, v);
    }
    for (size_t i = 0; i < m.attachments.size(); ++i) {
        if (!used[i]) {
            v.extra.push_back(part_view(m, i));
        }
    }
}

}  // namespace msgforge::oms
