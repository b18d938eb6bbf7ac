// Checking a message against MS-OXOSMMS: each MUST and SHOULD of section 2, the shape of the
// section 4.2 MMS (hidden parts, SMIL layout whose sources resolve), and MS-OXCMSG's message
// flags; the reader's warnings about the file come along as MS-OXMSG findings.
#include "detail.hpp"
#include "names.hpp"
#include "text.hpp"
#include "text_part.hpp"
#include "view_parts.hpp"

#include <msgforge/error.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <cctype>
#include <cstdio>

namespace msgforge::oms {

namespace {

using msg::PropertyTag;
using msg::PropertyType;
using namespace msg::tags;

constexpr int32_t MSGFLAG_HASATTACH = 0x10;
constexpr uint32_t ICON_INDEX = 0xFFFFFFFF;

class Checker {
public:
    explicit Checker(const msg::Message& m) : m_(m) {}

    void must(std::string section, std::string message) {
        add(Severity::must, std::move(section), std::move(message));
    }

    void should(std::string section, std::string message) {
        add(Severity::should, std::move(section), std::move(message));
    }

    std::vector<Finding> take() { return std::move(findings_); }

    const msg::PropertyValue* named(const msg::NamedKey& key) const { return m_.named_value(key); }

private:
    void add(Severity severity, std::string section, std::string message) {
        findings_.push_back(Finding{severity, "MS-OXOSMMS " + section, std::move(message)});
    }

    const msg::Message& m_;
    std::vector<Finding> findings_;
};

std::string type_text(PropertyType type) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%04X", static_cast<unsigned>(type));
    return msg::type_name(type) + " (" + hex + ")";
}

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" with hex digits (MS-OXOSMMS 2.2.1.1).
bool is_braced_guid(std::string_view s) {
    static constexpr std::string_view SHAPE = "{________-____-____-____-____________}";
    if (s.size() != SHAPE.size()) {
        return false;
    }
    for (size_t i = 0; i < s.size(); ++i) {
        if (SHAPE[i] == '_' ? std::isxdigit(static_cast<unsigned char>(s[i])) == 0
                            : s[i] != SHAPE[i]) {
            return false;
        }
    }
    return true;
}

const char* service_name(int32_t service) {
    return service == 1 ? "1 (SMS)" : "4 (MMS)";
}

void check_class(Checker& c, const msg::Message& m, std::optional<ServiceType>& by_class) {
    const msg::Property* p = m.properties.find_id(PidTagMessageClass.id);
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
    if (p->value.type() != PropertyType::PtypString8) {
        c.should("2.2.2.2", "PidTagMessageClass should be PtypString8 (0x001E), found "
                                + type_text(p->value.type()));
    }
}

// A named property of the expected type, or a finding when it has another.
template <typename T>
const T* typed_named(Checker& c, const msg::NamedKey& key, std::string_view section,
                     std::string_view name, PropertyType expected) {
    const msg::PropertyValue* v = c.named(key);
    if (v == nullptr) {
        return nullptr;
    }
    if (v->type() != expected) {
        c.must(std::string(section), std::string(name) + " must be " + type_text(expected)
                                         + ", found " + type_text(v->type()));
        return nullptr;
    }
    return v->as<T>();
}

std::optional<ServiceType> check_named(Checker& c, const msg::Message& m,
                                       std::optional<ServiceType> by_class) {
    std::optional<ServiceType> service = by_class;
    if (const auto* account = typed_named<std::u16string>(
            c, key_account_guid(), "2.2.1.1", "PidNameOMSAccountGuid", PropertyType::PtypString)) {
        const std::string text = msg::to_utf8(*c.named(key_account_guid()), m.codepage).value();
        if (account->empty()) {
            c.should("2.2.1.1", "PidNameOMSAccountGuid is empty");
        } else if (!is_braced_guid(text)) {
            c.should("2.2.1.1",
                     "PidNameOMSAccountGuid should be a GUID in braces "
                     "({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}), found "
                         + in_quotes(text));
        }
    }
    (void)typed_named<FileTime>(c, key_schedule_time(), "2.2.1.2", "PidNameOMSScheduleTime",
                                PropertyType::PtypTime);
    (void)typed_named<std::u16string>(c, key_mobile_model(), "2.2.1.6", "PidNameOMSMobileModel",
                                      PropertyType::PtypString);

    if (c.named(key_service_type()) == nullptr) {
        c.should("2.2.1.3", "PidNameOMSServiceType is missing");
    } else if (const int32_t* s =
                   typed_named<int32_t>(c, key_service_type(), "2.2.1.3", "PidNameOMSServiceType",
                                        PropertyType::PtypInteger32)) {
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

    if (c.named(key_source_type()) == nullptr) {
        c.should("2.2.1.4", "PidNameOMSSourceType is missing");
    } else if (const int32_t* s =
                   typed_named<int32_t>(c, key_source_type(), "2.2.1.4", "PidNameOMSSourceType",
                                        PropertyType::PtypInteger32)) {
        if (*s < 0 || *s > 4) {
            c.must("2.2.1.4", "PidNameOMSSourceType must be 0 to 4, found " + std::to_string(*s));
        }
    }

    if (c.named(key_content_class()) == nullptr) {
        c.should("2.2.1.5", "PidNameContentClass is missing");
    } else if (typed_named<std::u16string>(c, key_content_class(), "2.2.1.5", "PidNameContentClass",
                                           PropertyType::PtypString)
               != nullptr) {
        const std::string value = msg::to_utf8(*c.named(key_content_class()), m.codepage).value();
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

void check_message(Checker& c, const msg::Message& m, ServiceType service) {
    if (const msg::Property* icon = m.properties.find_id(PidTagIconIndex.id)) {
        const int32_t* value = icon->value.as<int32_t>();
        if (value == nullptr) {
            c.must("2.2.2.1",
                   "PidTagIconIndex must be PtypInteger32, found " + type_text(icon->value.type()));
        } else if (static_cast<uint32_t>(*value) != ICON_INDEX) {
            char hex[16];
            std::snprintf(hex, sizeof hex, "0x%08X", static_cast<uint32_t>(*value));
            c.must("2.2.2.1", std::string("PidTagIconIndex must be 0xFFFFFFFF, found ") + hex);
        }
    } else {
        c.should("2.2.2.1", "PidTagIconIndex should be set (to 0xFFFFFFFF)");
    }

    if (service == ServiceType::sms) {
        if (m.properties.find_id(PidTagBody.id) == nullptr) {
            c.must("2.2.2.3",
                   "an SMS object stores its text in the plain-text body "
                   "(PidTagBody), which is missing");
        }
        const msg::Property* subject = m.properties.find_id(PidTagNormalizedSubject.id);
        if (subject == nullptr) {
            c.should("2.2.2.4", "PidTagNormalizedSubject (an abbreviation of the text) is missing");
        } else if (subject->value.type() != PropertyType::PtypString) {
            c.should("2.2.2.4", "PidTagNormalizedSubject should be PtypString (0x001F), found "
                                    + type_text(subject->value.type()));
        }
    } else if (m.properties.find_id(PidTagHtml.id) == nullptr) {
        c.must("2.2.2.3",
               "an MMS object stores its content in the HTML body (PidTagHtml), which is missing");
    }

    const int32_t* flags = m.properties.get_as<int32_t>(PidTagMessageFlags);
    if (flags != nullptr) {
        const bool flagged = (*flags & MSGFLAG_HASATTACH) != 0;
        if (flagged != !m.attachments.empty()) {
            c.should("4.2", std::string("PidTagMessageFlags ") + (flagged ? "has" : "lacks")
                                + " MSGFLAG_HASATTACH but the message has "
                                + std::to_string(m.attachments.size())
                                + " attachments (MS-OXCMSG 2.2.1.6)");
        }
    }
}

void check_parts(Checker& c, const msg::Message& m, const std::optional<std::string>& html) {
    const auto smil = find_smil(m);
    if (!smil) {
        c.should("4.2",
                 "an MMS object should carry its SMIL layout as an application/smil "
                 "attachment; none found");
    } else if (const auto data = m.attachments[*smil].data(); !data) {
        c.must("4.2", "the SMIL layout (attachment #" + std::to_string(*smil) + ") has no data");
    } else {
        try {
            const detail::SmilDocument doc = detail::parse_smil(*data);
            for (const std::string& problem : doc.problems) {
                c.should("4.2", "SMIL layout: " + problem);
            }
            for (size_t i = 0; i < doc.pars.size(); ++i) {
                for (const detail::SmilMedia& media : doc.pars[i].media) {
                    if (!media.src.empty() && !resolve_src(m, media.src)) {
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
    }

    // Every cid: the HTML body refers to names a part.
    if (html) {
        size_t at = 0;
        // Only in attribute values (SRC="cid:…", HREF=cid:…), not in the text.
        while ((at = html->find("cid:", at)) != std::string::npos) {
            if (at == 0 || std::string_view("\"'=").find((*html)[at - 1]) == std::string::npos) {
                at += 4;
                continue;
            }
            const size_t end = html->find_first_of("\"' >", at);
            const std::string src = html->substr(at, end == std::string::npos ? end : end - at);
            if (!resolve_src(m, src)) {
                c.must("2.2.2.3",
                       "the HTML body refers to " + in_quotes(src) + ", which names no attachment");
            }
            at += 4;
        }
    }
}

// MS-OXOSMMS 4.2: a text part holds text, so its bytes decode in the charset it declares.
void check_text_parts(Checker& c, const msg::Message& m) {
    for (size_t i = 0; i < m.attachments.size(); ++i) {
        if (detail::kind_of(m.attachments[i].mime_type().value_or("")) != detail::MediaKind::text) {
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
        check_message(c, m, *service);
        if (*service == ServiceType::mms) {
            std::optional<std::string> html;
            try {
                html = msg::body_html(m);
            } catch (const LimitError&) {
                throw;
            } catch (const FormatError&) {
                // Only an RTF body could be corrupt here, and MMS bodies are HTML.
            }
            check_parts(c, m, html);
            check_text_parts(c, m);
        }
    }
    std::vector<Finding> findings = c.take();
    for (const msg::Warning& w : m.warnings) {
        findings.push_back(Finding{Severity::should, "MS-OXMSG", w.to_string()});
    }
    return findings;
}

}  // namespace msgforge::oms
