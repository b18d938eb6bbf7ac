// A TNEF part of a MIME message (application/ms-tnef, winmail.dat) decoded into the message
// being built, as MS-OXCMAIL 2.2.3.4.1.2 asks: the properties the MIME headers gave win
// (2.2.3.1.6 and its kin), the TNEF body wins over the plain-text rendition of the MIME part
// (2.1.3.3.2), attachments and embedded messages are added, named properties move into the
// message's own name map.
#include "from_mime_convert.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/mime/tnef.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace msgforge::mime::detail {

namespace {

using msg::PropertyTag;

// The bodies a TNEF stream may carry, and with them the properties that describe them: a
// stream with a body replaces the MIME body's (MS-OXCMAIL 2.1.3.3.2).
constexpr uint16_t BODY_CONTENT_IDS[] = {msg::tags::PidTagBody.id, msg::tags::PidTagHtml.id,
                                         msg::tags::PidTagRtfCompressed.id};
constexpr uint16_t BODY_IDS[] = {
    msg::tags::PidTagBody.id,          msg::tags::PidTagHtml.id,
    msg::tags::PidTagRtfCompressed.id, msg::tags::PidTagRtfInSync.id,
    msg::tags::PidTagNativeBody.id,    msg::tags::PidTagInternetCodepage.id};

// Properties that go as a group: when the MIME headers gave one, the TNEF values of the
// others describe another address and are left out.
constexpr uint16_t SENDER_IDS[] = {
    msg::tags::PidTagSenderName.id,         msg::tags::PidTagSenderEntryId.id,
    msg::tags::PidTagSenderSearchKey.id,    msg::tags::PidTagSenderAddressType.id,
    msg::tags::PidTagSenderEmailAddress.id, msg::tags::PidTagSenderSmtpAddress.id};
constexpr uint16_t REPRESENTING_IDS[] = {msg::tags::PidTagSentRepresentingName.id,
                                         msg::tags::PidTagSentRepresentingEntryId.id,
                                         msg::tags::PidTagSentRepresentingSearchKey.id,
                                         msg::tags::PidTagSentRepresentingAddressType.id,
                                         msg::tags::PidTagSentRepresentingEmailAddress.id,
                                         msg::tags::PidTagSentRepresentingSmtpAddress.id};
constexpr uint16_t REPLY_IDS[] = {msg::tags::PidTagReplyRecipientNames.id,
                                  msg::tags::PidTagReplyRecipientEntries.id};

template <size_t N>
bool in(const uint16_t (&ids)[N], uint16_t id) {
    return std::find(std::begin(ids), std::end(ids), id) != std::end(ids);
}

template <size_t N>
bool any_of(const msg::PropertyBag& bag, const uint16_t (&ids)[N]) {
    return std::any_of(std::begin(ids), std::end(ids),
                       [&](uint16_t id) { return bag.find_id(id) != nullptr; });
}

}  // namespace

void adopt_named(msg::Message& message, const std::shared_ptr<msg::NamedPropertyMap>& target,
                 Conversion& conversion, const std::string& where) {
    msg::adopt_named(message, target, [&](const LimitError& e) {
        conversion.warn(where, std::string("named property left out: ") + e.what());
    });
}

std::optional<msg::Message> decode_tnef_part(std::span<const uint8_t> bytes, Conversion& conversion,
                                             const std::string& name) {
    try {
        // Outlook's bounds, which the message written must keep, as for the MIME parts.
        TnefOptions options;
        options.limits.max_recipients = conversion.limits.max_recipients;
        options.limits.max_attachments = conversion.limits.max_attachments;
        options.limits.max_embedding_depth = conversion.limits.max_embedding_depth;
        TnefResult tnef = from_tnef(bytes, name, options);
        for (msg::Warning& w : tnef.warnings) {
            conversion.warn(name + " › " + w.structure, std::move(w.message), w.offset);
        }
        return std::move(tnef.message);
    } catch (const Error& e) {
        conversion.warn(name + " › " + e.location().structure,
                        "not decoded, kept as an attachment: " + e.detail(), e.location().offset);
        return std::nullopt;
    }
}

void merge_tnef(msg::Message& message, msg::Message tnef, Conversion& conversion,
                const std::string& where) {
    adopt_named(tnef, message.named, conversion, where);
    if (tnef.properties.get_as(msg::tags::PidTagHtml) != nullptr) {
        // In UTF-8, as the MIME bodies are stored and the Outlook defaults read it to
        // encapsulate it in RTF.
        if (const auto html = msg::body_html(tnef)) {
            msg::set(tnef, msg::tags::PidTagHtml, as_bytes(*html));
            msg::set(tnef, msg::tags::PidTagInternetCodepage, static_cast<int32_t>(msg::CP_UTF8));
            tnef.body_codepage = msg::CP_UTF8;
        }
    }
    const msg::PropertyBag& mime = message.properties;
    const bool tnef_body = any_of(tnef.properties, BODY_CONTENT_IDS);
    if (tnef_body && tnef.properties.find_id(msg::tags::PidTagHtml.id) == nullptr
        && mime.find_id(msg::tags::PidTagHtml.id) != nullptr) {
        // The HTML the MIME message carries is a rendition of the TNEF body, which is the one
        // Outlook shows.
        message.properties.erase(msg::tags::PidTagHtml);
        message.properties.erase(msg::tags::PidTagInternetCodepage);
    }
    const bool sender = any_of(mime, SENDER_IDS);
    const bool representing = any_of(mime, REPRESENTING_IDS);
    const bool reply = any_of(mime, REPLY_IDS);
    const bool default_class = message.message_class().value_or("IPM.Note") == "IPM.Note";
    std::vector<std::pair<PropertyTag, msg::PropertyValue>> taken;
    for (const msg::Property& p : tnef.properties) {
        const uint16_t id = p.tag.id;
        bool take = false;
        if (tnef_body && in(BODY_IDS, id)) {
            take = true;
        } else if (id == msg::tags::PidTagMessageClass.id) {
            take = default_class;
        } else if (in(SENDER_IDS, id)) {
            take = !sender;
        } else if (in(REPRESENTING_IDS, id)) {
            take = !representing;
        } else if (in(REPLY_IDS, id)) {
            take = !reply;
        } else {
            take = mime.find_id(id) == nullptr;
        }
        if (take) {
            taken.emplace_back(p.tag, p.value);
        }
    }
    for (auto& [tag, value] : taken) {
        if (const msg::Property* old = message.properties.find_id(tag.id)) {
            message.properties.erase(old->tag);
        }
        if (tag.id == msg::tags::PidTagMessageCodepage.id) {
            message.codepage = tnef.codepage;
        }
        message.properties.set(tag, std::move(value));
    }
    if (tnef_body) {
        message.body_codepage = tnef.body_codepage;
    }
    // A top-level TNEF stream carries no recipient table (MS-OXCMAIL 2.1.3.1.1.1): the MIME
    // headers' recipients stand, the stream's only when the headers name none.
    if (message.recipients.empty()) {
        message.recipients = std::move(tnef.recipients);
    }
    // The stream's attachments take storage numbers after the MIME ones.
    uint32_t next = 0;
    for (const msg::Attachment& a : message.attachments) {
        next = std::max(next, a.number + 1);
    }
    for (msg::Attachment& a : tnef.attachments) {
        a.number = next++;
        if (message.attachments.size() >= conversion.limits.max_attachments) {
            conversion.warn(where, "TNEF attachments past the limit of "
                                       + std::to_string(conversion.limits.max_attachments)
                                       + " left out");
            break;
        }
        message.attachments.push_back(std::move(a));
    }
}

}  // namespace msgforge::mime::detail
