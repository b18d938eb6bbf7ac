// Checking a message against MS-OXOSMMS: each MUST and SHOULD of section 2 (with the MS-OXCMSG
// rules it includes: the form of the class, the subject properties), the shape of the section
// 4.2 MMS (hidden parts attached by value, a SMIL layout whose sources resolve to parts of their
// kind), and MS-OXCMSG's message flags; the reader's warnings about the file come along as
// MS-OXMSG findings.
#include "detail.hpp"
#include "rules.hpp"
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

#include <cstdio>

namespace msgforge::oms {

namespace {

using msg::PropertyType;
using namespace msg::tags;
namespace flags = msg::flags;
namespace names = msg::names;

class Checker {
public:
    explicit Checker(const msg::Message& m) : m_(m) {
        const int32_t* mask = m.properties.get_as(PidTagStoreSupportMask);
        ansi_ = mask == nullptr || (*mask & flags::STORE_UNICODE_OK) == 0;
    }

    void must(std::string section, std::string message) {
        add(Severity::must, std::move(section), std::move(message));
    }

    void should(std::string section, std::string message) {
        add(Severity::should, std::move(section), std::move(message));
    }

    void add(Severity severity, std::string section, std::string message) {
        findings_.push_back(Finding{severity, "MS-OXOSMMS " + section, std::move(message)});
    }

    std::vector<Finding> take() { return std::move(findings_); }

    const msg::PropertyValue* named(const msg::NamedKey& key) const { return m_.named_value(key); }

    /// An ANSI file: PidTagStoreSupportMask without STORE_UNICODE_OK (or none at all), whose
    /// strings may be PtypString8 where a Unicode file has PtypString.
    bool ansi() const { return ansi_; }

private:
    const msg::Message& m_;
    std::vector<Finding> findings_;
    bool ansi_ = false;
};

std::string type_text(PropertyType type) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%04X", static_cast<unsigned>(type));
    return msg::type_name(type) + " (" + hex + ")";
}

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

const char* service_name(int32_t service) {
    return service == 1 ? "1 (SMS)" : "4 (MMS)";
}

// The text of a string property, PtypString or, in an ANSI file, PtypString8 (MS-OXOSMMS gives
// PtypString, which an ANSI file stores as PtypString8); a finding of `severity` when it has
// another type. `value` null means absent.
std::optional<std::string> string_value(Checker& c, const msg::Message& m,
                                        const msg::PropertyValue* value, Severity severity,
                                        std::string_view section, std::string_view name) {
    if (value == nullptr) {
        return std::nullopt;
    }
    const PropertyType type = value->type();
    if (type == PropertyType::PtypString || (c.ansi() && type == PropertyType::PtypString8)) {
        return msg::to_utf8(*value, m.codepage);
    }
    std::string expected =
        std::string(severity == Severity::must ? " must" : " should") + " be PtypString (0x001F)";
    if (c.ansi()) {
        expected += " or, in an ANSI file, PtypString8 (0x001E)";
    } else if (type == PropertyType::PtypString8) {
        expected += " in a Unicode file (PidTagStoreSupportMask has STORE_UNICODE_OK)";
    }
    c.add(severity, std::string(section),
          std::string(name) + expected + ", found " + type_text(type));
    return std::nullopt;
}

void check_class(Checker& c, const msg::Message& m, std::optional<ServiceType>& by_class) {
    const msg::Property* p = m.properties.find_id(PidTagMessageClass);
    const std::string cls = m.message_class().value_or("");
    if (p == nullptr) {
        c.must("2.2.2.2", "PidTagMessageClass is missing");
        return;
    }
    if (starts_with_ci(cls, CLASS_SMS)) {
        by_class = ServiceType::sms;
    } else if (starts_with_ci(cls, CLASS_MMS)) {
        if (cls.size() == CLASS_MMS.size() || cls[CLASS_MMS.size()] == '.') {
            by_class = ServiceType::mms;
        } else {
            c.must("2.2.2.2",
                   "PidTagMessageClass of an MMS object must be IPM.Note.Mobile.MMS or "
                   "begin with IPM.Note.Mobile.MMS., found "
                       + in_quotes(cls));
        }
    } else {
        c.must("2.2.2.2",
               "PidTagMessageClass must be IPM.Note.Mobile.SMS or IPM.Note.Mobile.MMS (or a "
               "subclass), found "
                   + in_quotes(cls));
    }
    for (const auto& [severity, problem] : class_form_problems(cls)) {
        c.add(severity, "2.2.2.2", "PidTagMessageClass " + problem + ": " + in_quotes(cls));
    }
    (void)string_value(c, m, &p->value, Severity::should, "2.2.2.2", "PidTagMessageClass");
}

// A named property of the table's type for it, or a finding when it has another.
template <PropertyType T>
const msg::ValueOf<T>* typed_named(Checker& c, const msg::NamedTag<T>& key,
                                   std::string_view section, std::string_view name) {
    const msg::PropertyValue* v = c.named(key.key());
    if (v == nullptr) {
        return nullptr;
    }
    if (v->type() != T) {
        c.must(std::string(section),
               std::string(name) + " must be " + type_text(T) + ", found " + type_text(v->type()));
        return nullptr;
    }
    return v->as<msg::ValueOf<T>>();
}

std::optional<ServiceType> check_named(Checker& c, const msg::Message& m,
                                       std::optional<ServiceType> by_class) {
    std::optional<ServiceType> service = by_class;
    if (const auto account = string_value(c, m, c.named(names::PidNameOMSAccountGuid.key()),
                                          Severity::must, "2.2.1.1", "PidNameOMSAccountGuid")) {
        if (account->empty()) {
            c.should("2.2.1.1", "PidNameOMSAccountGuid is empty");
        } else if (!is_braced_guid(*account)) {
            c.should("2.2.1.1",
                     "PidNameOMSAccountGuid should be a GUID in braces "
                     "({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}), found "
                         + in_quotes(*account));
        }
    }
    (void)typed_named(c, names::PidNameOMSScheduleTime, "2.2.1.2", "PidNameOMSScheduleTime");
    (void)string_value(c, m, c.named(names::PidNameOMSMobileModel.key()), Severity::must, "2.2.1.6",
                       "PidNameOMSMobileModel");

    if (c.named(names::PidNameOMSServiceType.key()) == nullptr) {
        c.should("2.2.1.3", "PidNameOMSServiceType is missing");
    } else if (const int32_t* s = typed_named(c, names::PidNameOMSServiceType, "2.2.1.3",
                                              "PidNameOMSServiceType")) {
        if (*s != 1 && *s != 4) {
            c.must("2.2.1.3", "PidNameOMSServiceType must be 1 or 4, found " + std::to_string(*s));
        } else if (by_class && static_cast<int32_t>(*by_class) != *s) {
            c.must("2.2.1.3", std::string("PidNameOMSServiceType must be ")
                                  + service_name(static_cast<int32_t>(*by_class)) + " for class "
                                  + in_quotes(m.message_class().value_or("")) + ", found "
                                  + std::to_string(*s));
        } else if (!by_class) {
            service = static_cast<ServiceType>(*s);
        }
    }

    if (c.named(names::PidNameOMSSourceType.key()) == nullptr) {
        c.should("2.2.1.4", "PidNameOMSSourceType is missing");
    } else if (const int32_t* s =
                   typed_named(c, names::PidNameOMSSourceType, "2.2.1.4", "PidNameOMSSourceType")) {
        if (*s < 0 || *s > 4) {
            c.must("2.2.1.4", "PidNameOMSSourceType must be 0 to 4, found " + std::to_string(*s));
        }
    }

    // Either spelling, "Content-Class" or Outlook's "content-class": names in
    // PS_INTERNET_HEADERS match without regard to case.
    if (c.named(names::PidNameContentClass.key()) == nullptr) {
        c.should("2.2.1.5", "PidNameContentClass is missing");
    } else if (const auto content_class =
                   string_value(c, m, c.named(names::PidNameContentClass.key()), Severity::must,
                                "2.2.1.5", "PidNameContentClass")) {
        const std::string& value = *content_class;
        const bool sms = value == CONTENT_CLASS_SMS;
        const bool mms = value == CONTENT_CLASS_MMS;
        if (!sms && !mms) {
            c.must("2.2.1.5", "PidNameContentClass must be MS-OMS-SMS or MS-OMS-MMS, found "
                                  + in_quotes(value));
        } else if (service && (*service == ServiceType::sms) != sms) {
            c.must("2.2.1.5", std::string("PidNameContentClass must be ")
                                  + std::string(*service == ServiceType::sms ? CONTENT_CLASS_SMS
                                                                             : CONTENT_CLASS_MMS)
                                  + " for this " + (*service == ServiceType::sms ? "SMS" : "MMS")
                                  + " object, found " + in_quotes(value));
        }
    }
    return service;
}

// `text` with every run of white space (line breaks included) made one space, trimmed.
std::string collapse_space(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char ch : text) {
        if (std::string_view(" \t\f\v\r\n").find(ch) != std::string_view::npos) {
            space = !out.empty();
        } else {
            if (space) {
                out += ' ';
                space = false;
            }
            out += ch;
        }
    }
    return out;
}

// MS-OXOSMMS 2.2.2.4 (and the MS-OXCMSG 2.2.1.46 rule it keeps for both kinds): the normalized
// subject of an SMS abbreviates its text, that is, begins it once white space is made single
// spaces (oms::abbreviate cuts at 60 characters; other writers may cut elsewhere); the
// subject is the subject prefix followed by the normalized subject.
void check_subject(Checker& c, const msg::Message& m, ServiceType service) {
    const msg::Property* normalized = m.properties.find_id(PidTagNormalizedSubject);
    if (service == ServiceType::sms) {
        if (normalized == nullptr) {
            c.should("2.2.2.4", "PidTagNormalizedSubject (an abbreviation of the text) is missing");
        } else if (const auto value = string_value(c, m, &normalized->value, Severity::should,
                                                   "2.2.2.4", "PidTagNormalizedSubject");
                   value && m.properties.find_id(PidTagBody) != nullptr) {
            const std::string text = collapse_space(m.string(PidTagBody).value_or(""));
            const std::string abbreviation = collapse_space(*value);
            if (!text.starts_with(abbreviation) || (abbreviation.empty() && !text.empty())) {
                c.should("2.2.2.4", "PidTagNormalizedSubject " + in_quotes(*value)
                                        + " should abbreviate the text, which begins "
                                        + in_quotes(abbreviate(text)));
            }
        }
    }
    const auto subject = m.string(PidTagSubject);
    const auto rest = m.string(PidTagNormalizedSubject);
    if (subject && rest) {
        const std::string full = m.string(PidTagSubjectPrefix).value_or("") + *rest;
        if (*subject != full) {
            c.should("2.2.2.4", "PidTagSubject " + in_quotes(*subject)
                                    + " should be PidTagSubjectPrefix followed by "
                                      "PidTagNormalizedSubject, "
                                    + in_quotes(full) + " (MS-OXCMSG 2.2.1.46)");
        }
    }
}

void check_message(Checker& c, const msg::Message& m, ServiceType service,
                   const std::optional<std::string>& html, const std::string& html_error) {
    if (const msg::Property* icon = m.properties.find_id(PidTagIconIndex)) {
        const int32_t* value = icon->value.as<int32_t>();
        if (value == nullptr) {
            c.must("2.2.2.1",
                   "PidTagIconIndex must be PtypInteger32, found " + type_text(icon->value.type()));
        } else if (*value != ICON_INDEX) {
            char hex[16];
            std::snprintf(hex, sizeof hex, "0x%08X", static_cast<uint32_t>(*value));
            c.must("2.2.2.1", std::string("PidTagIconIndex must be 0xFFFFFFFF, found ") + hex);
        }
    } else {
        c.should("2.2.2.1", "PidTagIconIndex should be set (to 0xFFFFFFFF)");
    }

    if (service == ServiceType::sms) {
        if (m.properties.find_id(PidTagBody) == nullptr) {
            c.must("2.2.2.3",
                   "an SMS object stores its text in the plain-text body "
                   "(PidTagBody), which is missing");
        }
    } else if (!html) {
        // MS-OXCMSG's HTML body is PidTagHtml or HTML encapsulated in the RTF body.
        c.must("2.2.2.3",
               "an MMS object stores its content in the HTML body (PidTagHtml, or HTML "
               "encapsulated in PidTagRtfCompressed), which is missing"
                   + (html_error.empty() ? "" : "; the RTF body cannot be read: " + html_error));
    }

    const int32_t* message_flags = m.properties.get_as(PidTagMessageFlags);
    if (message_flags != nullptr) {
        const bool flagged = (*message_flags & flags::MSGFLAG_HASATTACH) != 0;
        if (flagged != !m.attachments.empty()) {
            c.should("4.2", std::string("PidTagMessageFlags ") + (flagged ? "has" : "lacks")
                                + " MSGFLAG_HASATTACH but the message has "
                                + std::to_string(m.attachments.size())
                                + " attachments (MS-OXCMSG 2.2.1.6)");
        }
    }
}

// The MIME type of attachment `index` for telling its kind: PidTagAttachMimeTag, else (none,
// or application/octet-stream) the type of its bytes, else of its file name's extension;
// std::nullopt when none of them says.
std::optional<std::string> part_type(const msg::Message& m, size_t index, const PartView& p) {
    const std::string mime = p.mime_type.substr(0, p.mime_type.find(';'));
    if (!mime.empty() && !equal_ci(mime, OCTET_STREAM)) {
        return mime;
    }
    if (const auto data = m.attachments[index].data()) {
        if (auto sniffed = sniff(*data)) {
            return std::move(sniffed->mime);
        }
    }
    std::string by_name = from_extension(p.file_name).mime;
    if (equal_ci(by_name, OCTET_STREAM)) {
        return std::nullopt;
    }
    return by_name;
}

// The SMIL element that shows a kind of media and how a finding names that kind.
struct KindNames {
    std::string_view element;
    std::string_view kind;
};

KindNames names_of(MediaKind kind) {
    switch (kind) {
        case MediaKind::text:
            return {"<text>", "text"};
        case MediaKind::image:
            return {"<img>", "an image"};
        case MediaKind::video:
            return {"<video>", "a video"};
        case MediaKind::audio:
            return {"<audio>", "audio"};
        case MediaKind::other:
            break;
    }
    return {"<ref>", "another kind of media"};
}

// A SMIL media element names the kind of part it shows (docs/sms-mms.md): <text> a text
// part, <img> an image, <video> a video, <audio> a sound; <ref> any part. A part whose kind
// cannot be told is not judged.
void check_media_kind(Checker& c, const msg::Message& m, size_t slide, const SmilMedia& media,
                      size_t index) {
    if (media.kind == MediaKind::other) {
        return;
    }
    const PartView p = part_view(m, index);
    const auto type = part_type(m, index, p);
    if (!type) {
        return;
    }
    // Any text/ type (text/plain, a vCard…) is text to a <text> element.
    const MediaKind kind = starts_with_ci(*type, "text/") ? MediaKind::text : kind_of(*type);
    if (kind == media.kind) {
        return;
    }
    c.should("4.2", "SMIL layout, slide " + std::to_string(slide) + ": "
                        + std::string(names_of(media.kind).element) + " shows attachment #"
                        + std::to_string(index)
                        + (p.file_name.empty() ? "" : " (" + p.file_name + ")") + ", which is "
                        + std::string(names_of(kind).kind) + " (" + *type + ")");
}

// MS-OXOSMMS 4.2: the SMIL layout is there, is well-formed, and every src names a part of the
// kind its element shows.
void check_smil_layout(Checker& c, const msg::Message& m) {
    const auto smil = find_smil(m);
    if (!smil) {
        c.should("4.2",
                 "an MMS object should carry its SMIL layout as an application/smil "
                 "attachment; none found");
    } else if (const auto data = m.attachments[*smil].data(); !data) {
        c.must("4.2", "the SMIL layout (attachment #" + std::to_string(*smil) + ") has no data");
    } else {
        try {
            const SmilDocument doc = parse_smil(*data);
            for (const std::string& problem : doc.problems) {
                c.should("4.2", "SMIL layout: " + problem);
            }
            for (size_t i = 0; i < doc.pars.size(); ++i) {
                for (const SmilMedia& media : doc.pars[i].media) {
                    if (media.src.empty()) {
                        continue;
                    }
                    if (const auto index = resolve_src(m, media.src)) {
                        check_media_kind(c, m, i + 1, media, *index);
                    } else {
                        c.must("4.2", "SMIL layout, slide " + std::to_string(i + 1) + ": src "
                                          + in_quotes(media.src) + " names no attachment");
                    }
                }
            }
        } catch (const FormatError& e) {
            c.must("4.2",
                   std::string("the SMIL layout is not a well-formed SMIL document: ") + e.what());
        }
    }
}

// MS-OXOSMMS 4.2: every part is hidden, attached by value, with a Content-ID, a MIME type and a
// long file name.
void check_part_properties(Checker& c, const msg::Message& m) {
    for (size_t i = 0; i < m.attachments.size(); ++i) {
        const PartView p = part_view(m, i);
        const std::string name = "attachment #" + std::to_string(i)
                                 + (p.file_name.empty() ? "" : " (" + p.file_name + ")");
        if (!p.hidden) {
            c.should("4.2", name + " should be hidden (PidTagAttachmentHidden true), as every "
                                   "part of an MMS object is");
        }
        if (p.content_id.empty()) {
            c.should("4.2", name + " has no Content-ID (PidTagAttachContentId)");
        }
        if (p.mime_type.empty()) {
            c.should("4.2", name + " has no MIME type (PidTagAttachMimeTag)");
        }
        if (const uint32_t method = m.attachments[i].method();
            method != static_cast<uint32_t>(flags::afByValue)) {
            c.should("4.2", name + " should be attached by value (PidTagAttachMethod 1), as every "
                                   "part of an MMS object is; found "
                                + (method == 0 ? std::string("no PidTagAttachMethod")
                                               : "method " + std::to_string(method)));
        }
        if (m.attachments[i].string(PidTagAttachLongFilename).value_or("").empty()) {
            c.should("4.2", name + " has no long file name (PidTagAttachLongFilename)");
        }
    }
}

// MS-OXOSMMS 2.2.2.3: every cid: the HTML body refers to names a part.
void check_html_cids(Checker& c, const msg::Message& m, const std::string& html) {
    size_t at = 0;
    // Only in attribute values (SRC="cid:…", HREF=cid:…), not in the text.
    while ((at = html.find("cid:", at)) != std::string::npos) {
        if (at == 0 || std::string_view("\"'=").find(html[at - 1]) == std::string::npos) {
            at += 4;
            continue;
        }
        // The value ends at its closing quote, or unquoted at white space or '>'; character
        // references in it stand for their characters.
        const char open = html[at - 1];
        const size_t end = open == '=' ? html.find_first_of(" \t\r\n\f>", at) : html.find(open, at);
        const std::string raw = html.substr(at, end == std::string::npos ? end : end - at);
        const std::string src = msg::decode_html_attribute(raw);
        if (!resolve_src(m, src)) {
            c.must("2.2.2.3",
                   "the HTML body refers to " + in_quotes(src) + ", which names no attachment");
        }
        at += 4;
    }
}

void check_parts(Checker& c, const msg::Message& m, const std::optional<std::string>& html) {
    check_smil_layout(c, m);
    check_part_properties(c, m);
    if (html) {
        check_html_cids(c, m, *html);
    }
}

// MS-OXOSMMS 4.2: a text part holds text, so its bytes decode in the charset it declares.
void check_text_parts(Checker& c, const msg::Message& m) {
    for (size_t i = 0; i < m.attachments.size(); ++i) {
        if (kind_of(m.attachments[i].mime_type().value_or("")) != MediaKind::text) {
            continue;
        }
        const TextPart part = read_text_part(m, i);
        if (part.undecodable) {
            c.must("4.2", *part.warning);
        }
    }
}

}  // namespace

std::string_view to_string(Severity severity) {
    return severity == Severity::must ? "MUST" : "SHOULD";
}

std::vector<Finding> validate(const msg::Message& m) {
    Checker c(m);
    std::optional<ServiceType> by_class;
    check_class(c, m, by_class);
    const std::optional<ServiceType> service = check_named(c, m, by_class);
    if (service) {
        std::optional<std::string> html;
        std::string html_error;
        if (*service == ServiceType::mms) {
            try {
                html = msg::body_html(m);
            } catch (const LimitError&) {
                throw;
            } catch (const FormatError& e) {
                // A corrupt RTF body, read only when PidTagHtml is absent.
                html_error = e.what();
            }
        }
        check_message(c, m, *service, html, html_error);
        check_subject(c, m, *service);
        if (*service == ServiceType::mms) {
            check_parts(c, m, html);
            check_text_parts(c, m);
        }
    }
    std::vector<Finding> findings = c.take();
    for (const auto* list : {&m.container_warnings, &m.warnings}) {
        for (const msg::Warning& w : *list) {
            findings.push_back(Finding{Severity::should, "MS-OXMSG", w.to_string()});
        }
    }
    return findings;
}

}  // namespace msgforge::oms
