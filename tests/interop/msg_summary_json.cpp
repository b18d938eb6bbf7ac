#include "msg_summary_json.hpp"

#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>

#include <cstdint>

namespace msgforge::test {

namespace tags = msg::tags;

using nlohmann::json;

namespace {

/// The plain-text body. PidTagBody only for now; when the body API lands, this is the one
/// place that switches to it.
std::optional<std::string> body_text(const msg::Message& m) {
    return m.string(tags::PidTagBody);
}

json recipient_summary(const msg::Recipient& r) {
    json type = nullptr;
    if (const auto* t = r.properties.get_as<int32_t>(tags::PidTagRecipientType)) {
        // MS-OXOMSG 2.2.3.1: the high bits are resend flags; the kind is the low nibble.
        type = *t & msg::flags::RECIPIENT_TYPE_MASK;
    }
    return {{"name", or_null(r.string(tags::PidTagDisplayName))},
            {"email", or_null(r.string(tags::PidTagEmailAddress))},
            {"type", type}};
}

json attachment_summary(const msg::Attachment& a) {
    const auto data = a.data();
    return {{"name", or_null(a.string(tags::PidTagAttachLongFilename))},
            {"size", data ? json(data->size()) : json(nullptr)},
            {"mime", or_null(a.mime_type())}};
}

}  // namespace

json or_null(const std::optional<std::string>& s) {
    return s ? json(*s) : json(nullptr);
}

json msg_summary(const msg::Message& m) {
    json recipients = json::array();
    for (const msg::Recipient& r : m.recipients) {
        recipients.push_back(recipient_summary(r));
    }
    json attachments = json::array();
    for (const msg::Attachment& a : m.attachments) {
        attachments.push_back(attachment_summary(a));
    }
    return {{"class", or_null(m.message_class())},
            {"subject", or_null(m.subject())},
            {"sender_name", or_null(m.string(tags::PidTagSenderName))},
            {"sender_email", or_null(m.string(tags::PidTagSenderEmailAddress))},
            {"recipients", recipients},
            {"attachments", attachments},
            {"body_text", or_null(body_text(m))}};
}

}  // namespace msgforge::test
