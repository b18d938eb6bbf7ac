// Building SMS and MMS objects (MS-OXOSMMS 2.2 and the samples of section 4).
#include "detail.hpp"
#include "rules.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>
#include <msgforge/oms/smil.hpp>
#include <msgforge/oms/text_part.hpp>

#include <algorithm>
#include <stdexcept>

namespace msgforge::oms {

namespace {

namespace flags = msg::flags;
namespace names = msg::names;
namespace tags = msg::tags;

constexpr size_t ABBREVIATION_LENGTH = 60;

void require_utf8(std::string_view text, std::string_view what) {
    if (!utf8_to_utf16(text)) {
        throw UsageError(std::string(what) + " is not valid UTF-8");
    }
}

// PidTagMessageClass, printable ASCII (MS-OXOSMMS 2.2.2.2). The builders write Unicode files, in
// which every string property is PtypString: the protocol's PtypString8 is the form of an ANSI
// file (`msgforge convert --ansi` gives it), and readers such as extract_msg refuse a Unicode file
// whose class is PtypString8.
void set_class(msg::Message& m, std::string_view cls) {
    for (const char c : cls) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
            throw UsageError("message class must be printable ASCII");
        }
    }
    msg::set(m, tags::PidTagMessageClass, std::string(cls));
}

// The class of the object: the default, or the caller's subclass when the validator would
// find nothing wrong with it (MS-OXOSMMS 2.2.2.2 and MS-OXCMSG 2.2.1.3, SHOULDs included).
std::string message_class(const Envelope& e, ServiceType service) {
    const std::string_view base = service == ServiceType::sms ? CLASS_SMS : CLASS_MMS;
    if (e.message_class.empty()) {
        return std::string(base);
    }
    if (service == ServiceType::sms && !starts_with_ci(e.message_class, CLASS_SMS)) {
        throw UsageError("an SMS message class must start with IPM.Note.Mobile.SMS");
    }
    const bool exact = e.message_class.size() == CLASS_MMS.size();
    if (service == ServiceType::mms
        && (!starts_with_ci(e.message_class, CLASS_MMS)
            || (!exact && e.message_class[CLASS_MMS.size()] != '.'))) {
        throw UsageError(
            "an MMS message class must be IPM.Note.Mobile.MMS or start with IPM.Note.Mobile.MMS.");
    }
    if (const auto problems = class_form_problems(e.message_class); !problems.empty()) {
        throw UsageError("the message class " + problems.front().second + ": \"" + e.message_class
                         + "\"");
    }
    return e.message_class;
}

msg::Address mobile(const Party& p) {
    if (p.number.empty()) {
        throw UsageError("a phone number is empty");
    }
    require_utf8(p.number, "a phone number");
    require_utf8(p.name, "a contact name");
    return msg::Address{p.name, p.number, std::string(ADDRESS_TYPE_MOBILE)};
}

// What SMS and MMS objects share: class, OMS named properties (in the order of the samples'
// name-to-id requests; the model always, as the samples set it even when empty, the account
// when there is one), content class, code page, icon, parties, state and flags.
msg::Message envelope_message(const Envelope& e, ServiceType service, bool has_attachments) {
    msg::Message m;
    set_class(m, message_class(e, service));
    require_utf8(e.model, "the mobile model");
    if (!e.account.empty() && !is_braced_guid(e.account)) {
        throw UsageError(
            "the account GUID must be a GUID in braces, {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} "
            "(MS-OXOSMMS 2.2.1.1): \""
            + e.account + "\"");
    }
    if (e.source < SourceType::xms_inspector || e.source > SourceType::unknown) {
        throw UsageError("the source type must be 0 to 4 (MS-OXOSMMS 2.2.1.4), not "
                         + std::to_string(static_cast<int32_t>(e.source)));
    }
    msg::set_named(m, m, names::PidNameOMSMobileModel, e.model);
    if (!e.account.empty()) {
        msg::set_named(m, m, names::PidNameOMSAccountGuid, e.account);
    }
    msg::set_named(m, m, names::PidNameOMSServiceType, static_cast<int32_t>(service));
    msg::set_named(m, m, names::PidNameOMSSourceType, static_cast<int32_t>(e.source));
    if (e.schedule) {
        msg::set_named(m, m, names::PidNameOMSScheduleTime, *e.schedule);
    }
    // Under the name Outlook stores, "content-class" (MS-OXPROPS spells it "Content-Class").
    msg::set_named(m, m, names::PidNameContentClassOutlook,
                   service == ServiceType::sms ? CONTENT_CLASS_SMS : CONTENT_CLASS_MMS);
    msg::set(m, tags::PidTagInternetCodepage, static_cast<int32_t>(msg::CP_UTF8));
    msg::set(m, tags::PidTagIconIndex, ICON_INDEX);

    for (const Party& p : e.to) {
        msg::add_recipient(m, msg::RecipientType::to, mobile(p));
    }
    for (const Party& p : e.cc) {
        msg::add_recipient(m, msg::RecipientType::cc, mobile(p));
    }
    for (const Party& p : e.bcc) {
        msg::add_recipient(m, msg::RecipientType::bcc, mobile(p));
    }
    if (e.from) {
        msg::set_sender(m, mobile(*e.from));
    }
    int32_t message_flags = 0;
    switch (e.state) {
        case State::draft:
            message_flags = flags::MSGFLAG_UNSENT;
            break;
        case State::sent:
            if (!e.time || !e.from) {
                throw UsageError("a sent message needs its submit time and sender");
            }
            msg::set(m, tags::PidTagClientSubmitTime, *e.time);
            message_flags = flags::MSGFLAG_READ;
            break;
        case State::received:
            if (!e.time || !e.from) {
                throw UsageError("a received message needs its delivery time and sender");
            }
            msg::set(m, tags::PidTagMessageDeliveryTime, *e.time);
            if (e.sent_time) {
                msg::set(m, tags::PidTagClientSubmitTime, *e.sent_time);
            }
            message_flags = e.read ? flags::MSGFLAG_READ : 0;
            break;
    }
    if (has_attachments) {
        message_flags |= flags::MSGFLAG_HASATTACH;
    }
    msg::set(m, tags::PidTagMessageFlags, message_flags);
    return m;
}

void set_subject(msg::Message& m, std::string_view subject) {
    msg::set(m, tags::PidTagSubject, subject);
    msg::set(m, tags::PidTagSubjectPrefix, "");
    msg::set(m, tags::PidTagNormalizedSubject, subject);
}

void set_html(msg::Message& m, const std::string& html) {
    msg::set(m, tags::PidTagHtml, as_bytes(html));
}

void finish(msg::Message& m, const BuildOptions& options) {
    if (options.outlook_defaults) {
        msg::DefaultsOptions defaults;
        defaults.now = options.now;
        msg::apply_outlook_defaults(m, defaults);
    }
}

// The media type of a part: the caller's, else sniffed from the bytes, else from the name.
MediaType media_type(const Media& media) {
    if (!media.mime_type.empty()) {
        MediaType t = from_extension(media.file_name);
        t.kind = kind_of(media.mime_type);
        t.mime = media.mime_type;
        return t;
    }
    if (auto sniffed = sniff(media.data)) {
        return *sniffed;
    }
    return from_extension(media.file_name);
}

// The extension of a part's Content-ID ("Att1.jpg"): the file name's, else the media type's,
// when it is a dot and letters and digits, which need no escaping in a cid: URL, SMIL or HTML;
// none otherwise.
std::string extension_of(const std::string& file_name, const MediaType& type) {
    const auto plain = [](std::string_view ext) {
        return ext.size() > 1 && ext.front() == '.'
               && std::all_of(ext.begin() + 1, ext.end(), [](char c) {
                      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                             || (c >= 'A' && c <= 'Z');
                  });
    };
    const size_t dot = file_name.rfind('.');
    if (dot != std::string::npos && plain(std::string_view(file_name).substr(dot))) {
        return file_name.substr(dot);
    }
    return plain(type.extension) ? type.extension : std::string();
}

// The charset a slide's text part is to be written in, as the caller names it.
std::string_view charset_label(const Slide& slide) {
    return slide.text_charset.empty() ? DEFAULT_TEXT_CHARSET : std::string_view(slide.text_charset);
}

// The Content-ID suffix from a digest of everything the MMS carries, so the same MMS always
// gives the same ids and different ones are told apart.
std::string content_id_suffix(const Mms& mms) {
    Sha256 h;
    const auto add = [&](std::string_view s) {
        const std::string framed = std::to_string(s.size()) + ":";
        h.update(as_bytes(framed));
        h.update(as_bytes(s));
    };
    // The media type as written, so that the MMS read back from an archive gets the same ids.
    const auto add_media = [&](const Media& media) {
        add(media.file_name);
        add(media_type(media).mime);
        add(as_chars(media.data));
    };
    add(mms.subject);
    for (const Slide& s : mms.slides) {
        add(s.text);
        const auto charset = msg::charset_by_name(charset_label(s));
        add(charset ? charset->name : charset_label(s));
        add(std::to_string(s.duration_ms));
        add(s.visual ? "v" : "");
        if (s.visual) {
            add_media(*s.visual);
        }
        add(s.audio ? "a" : "");
        if (s.audio) {
            add_media(*s.audio);
        }
    }
    for (const Media& e : mms.extra) {
        add_media(e);
    }
    const auto digest = h.finish();
    static constexpr char HEX[] = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < 16; ++i) {
        if (i == 8) {
            out += '.';
        }
        out += HEX[digest[i] >> 4];
        out += HEX[digest[i] & 0xF];
    }
    return out;
}

void check_suffix(std::string_view suffix) {
    for (const char c : suffix) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F || c == '<' || c == '>' || c == '@' || c == '"') {
            throw UsageError(
                "a Content-ID suffix must be printable ASCII without space, <, >, @ or \"");
        }
    }
}

msg::Attachment& add_part(msg::Message& m, const std::string& file_name, std::vector<uint8_t> data,
                          const std::string& mime, const std::string& content_id) {
    msg::Attachment& a = msg::add_attachment(m, file_name, cfb::Blob::owned(std::move(data)), mime);
    msg::set(a, tags::PidTagAttachmentHidden, true);
    msg::set(a, tags::PidTagAttachContentId, content_id);
    return a;
}

// The charset of a slide's text part and the part's bytes. Throws UsageError when
// the charset is unknown or cannot encode the text.
std::pair<msg::Charset, std::vector<uint8_t>> text_part(const Slide& slide,
                                                        const std::string& where) {
    const auto charset = msg::charset_by_name(charset_label(slide));
    if (!charset) {
        throw UsageError(where + ": unknown charset '" + std::string(charset_label(slide)) + "'");
    }
    auto bytes = encode_text_part(slide.text, *charset);
    if (!bytes) {
        throw UsageError(where + " text cannot be written in " + std::string(charset->name));
    }
    return {*charset, std::move(*bytes)};
}

// The parts of an MMS after the SMIL layout, numbered as in the sample: AttN numbers count the
// parts after the layout, text parts are named 1.txt, 2.txt, ….
class Parts {
public:
    Parts(msg::Message& m, const std::string& suffix) : m_(m), suffix_(suffix) {}

    // Adds a media file as a part; returns its Content-ID.
    std::string media(const Media& media, const MediaType& type) {
        const std::string local =
            "Att" + std::to_string(part_number_++) + extension_of(media.file_name, type);
        const std::string cid = local + "@" + suffix_;
        require_utf8(media.file_name, "a media file name");
        add_part(m_, media.file_name.empty() ? local : media.file_name, media.data, type.mime, cid);
        return cid;
    }

    // Adds the text of `slide` as a part; returns its Content-ID.
    std::string text(const Slide& slide, const std::string& where) {
        auto [charset, bytes] = text_part(slide, where);
        const std::string cid = "Att" + std::to_string(part_number_++) + ".txt@" + suffix_;
        // The MIME type stays the sample's "text/plain"; the charset is declared the way
        // MS-OXCMAIL 2.2.3.4.1.2 stores a text part's charset parameter.
        msg::Attachment& part = add_part(m_, std::to_string(++text_number_) + ".txt",
                                         std::move(bytes), "text/plain", cid);
        msg::set(part, tags::PidTagTextAttachmentCharset, charset.name);
        return cid;
    }

private:
    msg::Message& m_;
    const std::string& suffix_;
    size_t part_number_ = 0;
    size_t text_number_ = 0;
};

// Adds the parts of one slide (`where` names it in errors) and fills its SMIL element, its HTML
// body slide and its share of the plain-text body.
void add_slide(Parts& parts, const Slide& slide, const std::string& where, SmilPar& par,
               detail::HtmlSlide& html, std::string& plain) {
    if (!slide.text.empty()) {
        require_utf8(slide.text, where + " text");
        const std::string cid = parts.text(slide, where);
        par.media.push_back({MediaKind::text, "cid:" + cid, "Text"});
        html.text = slide.text;
        html.text_cid = cid;
        plain += plain.empty() ? "" : "\r\n";
        plain += slide.text;
    }
    if (slide.visual) {
        const MediaType type = media_type(*slide.visual);
        if (type.kind != MediaKind::image && type.kind != MediaKind::video) {
            throw UsageError(where + ": " + slide.visual->file_name + " (" + type.mime
                             + ") is not an image or a video");
        }
        const std::string cid = parts.media(*slide.visual, type);
        par.media.push_back({type.kind, "cid:" + cid, "Image"});
        if (type.kind == MediaKind::image) {
            html.image_cid = cid;
        } else {
            html.links.emplace_back(cid, slide.visual->file_name);
        }
    }
    if (slide.audio) {
        const MediaType type = media_type(*slide.audio);
        if (type.kind != MediaKind::audio) {
            throw UsageError(where + ": " + slide.audio->file_name + " (" + type.mime
                             + ") is not audio");
        }
        const std::string cid = parts.media(*slide.audio, type);
        par.media.push_back({MediaKind::audio, "cid:" + cid, ""});
        html.links.emplace_back(cid, slide.audio->file_name);
    }
    // Media elements in SMIL order: the visual, the text, the audio.
    std::stable_sort(par.media.begin(), par.media.end(), [](const auto& a, const auto& b) {
        const auto rank = [](MediaKind k) {
            return k == MediaKind::text ? 1 : k == MediaKind::audio ? 2 : 0;
        };
        return rank(a.kind) < rank(b.kind);
    });
}

}  // namespace

std::string abbreviate(std::string_view text) {
    // The first line that is not blank.
    std::string_view line;
    while (!text.empty()) {
        const size_t end = text.find_first_of("\r\n");
        line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.find_first_not_of(" \t\f\v") != std::string_view::npos) {
            break;
        }
        line = {};
    }
    // White space collapsed, then cut at the last word boundary within the limit.
    std::string collapsed;
    for (const char c : line) {
        const bool space = c == ' ' || c == '\t' || c == '\f' || c == '\v';
        if (space) {
            if (!collapsed.empty() && collapsed.back() != ' ') {
                collapsed += ' ';
            }
        } else {
            collapsed += c;
        }
    }
    while (!collapsed.empty() && collapsed.back() == ' ') {
        collapsed.pop_back();
    }
    size_t points = 0;
    size_t cut = collapsed.size();
    size_t last_space = std::string::npos;
    for (size_t i = 0; i < collapsed.size(); ++i) {
        const auto c = static_cast<unsigned char>(collapsed[i]);
        if ((c & 0xC0) == 0x80) {
            continue;
        }
        if (points == ABBREVIATION_LENGTH) {
            cut = c == ' ' ? i : (last_space != std::string::npos ? last_space : i);
            break;
        }
        if (c == ' ') {
            last_space = i;
        }
        ++points;
    }
    return collapsed.substr(0, cut);
}

msg::Message build(const Sms& sms, const BuildOptions& options) {
    require_utf8(sms.text, "the SMS text");
    msg::Message m = envelope_message(sms.envelope, ServiceType::sms, false);
    msg::set(m, tags::PidTagBody, sms.text);
    if (!options.strict_body) {
        set_html(m, detail::make_sms_html(sms.text));
    }
    set_subject(m, abbreviate(sms.text));
    finish(m, options);
    return m;
}

msg::Message build(const Mms& mms, const BuildOptions& options) {
    require_utf8(mms.subject, "the MMS subject");
    const std::string suffix =
        options.content_id_suffix.empty() ? content_id_suffix(mms) : options.content_id_suffix;
    check_suffix(suffix);

    msg::Message m = envelope_message(mms.envelope, ServiceType::mms, true);
    // Parts in the order of the sample: the SMIL layout first, then per slide its text, its
    // image or video and its audio, then the extra files.
    add_part(m, std::string(SMIL_FILE_NAME), {}, std::string(SMIL_MIME), "MMS.smil@" + suffix);
    Parts parts(m, suffix);

    std::vector<SmilPar> pars;
    std::vector<detail::HtmlSlide> html_slides;
    std::string plain;
    for (size_t i = 0; i < mms.slides.size(); ++i) {
        const Slide& slide = mms.slides[i];
        const std::string where = "slide " + std::to_string(i + 1);
        SmilPar par;
        par.duration_ms = slide.duration_ms;
        detail::HtmlSlide html;
        add_slide(parts, slide, where, par, html, plain);
        pars.push_back(std::move(par));
        html_slides.push_back(std::move(html));
    }
    std::vector<std::pair<std::string, std::string>> extra_links;
    for (const Media& extra : mms.extra) {
        const std::string cid = parts.media(extra, media_type(extra));
        extra_links.emplace_back(cid, extra.file_name);
    }

    const std::string smil = make_smil(pars);
    msg::Attachment& smil_part = m.attachments.front();
    msg::set(smil_part, tags::PidTagAttachDataBinary, as_bytes(smil));
    msg::set(smil_part, tags::PidTagAttachSize, static_cast<int32_t>(smil.size()));

    set_html(m, detail::make_mms_html(html_slides, extra_links));
    if (!options.strict_body) {
        msg::set(m, tags::PidTagBody, plain);
    }
    // MS-OXOSMMS 2.2.2.4 abbreviates the text into a subject for SMS objects only: an MMS
    // without a subject has no subject properties.
    if (!mms.subject.empty()) {
        set_subject(m, mms.subject);
    }
    finish(m, options);
    return m;
}

}  // namespace msgforge::oms
