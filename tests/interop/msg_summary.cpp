// msg_summary FILE...: what msgforge reads from each .msg file, as the JSON summary that the
// .msg interop test compares with the peer readers (msg_*_summary.{js,pl,java} print the same
// shape). Output: {"peer":"msgforge","files":[{"file","error","summary"}]}, where summary is
// {class, subject, sender_name, sender_email, recipients:[{name,email,type}],
//  attachments:[{name,size,mime}], body_text}; a property the file lacks is null.
#include <msgforge/error.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

namespace {

namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;

using nlohmann::json;

json or_null(const std::optional<std::string>& s) {
    return s ? json(*s) : json(nullptr);
}

/// The plain-text body. PidTagBody only for now; when the body API lands, this is the one
/// place that switches to it.
std::optional<std::string> body_text(const msg::Message& m) {
    return m.string(tags::PidTagBody.id);
}

json recipient_summary(const msg::Recipient& r) {
    json type = nullptr;
    if (const auto* t = r.properties.get_as<int32_t>(tags::PidTagRecipientType)) {
        // MS-OXOMSG 2.2.3.1: the high bits are resend flags; the kind is the low nibble.
        type = static_cast<uint32_t>(*t) & 0x0FU;
    }
    return {{"name", or_null(r.string(tags::PidTagDisplayName.id))},
            {"email", or_null(r.string(tags::PidTagEmailAddress.id))},
            {"type", type}};
}

json attachment_summary(const msg::Attachment& a) {
    const auto data = a.data();
    return {{"name", or_null(a.string(tags::PidTagAttachLongFilename.id))},
            {"size", data ? json(data->size()) : json(nullptr)},
            {"mime", or_null(a.mime_type())}};
}

json summary(const msg::Message& m) {
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
            {"sender_name", or_null(m.string(tags::PidTagSenderName.id))},
            {"sender_email", or_null(m.string(tags::PidTagSenderEmailAddress.id))},
            {"recipients", recipients},
            {"attachments", attachments},
            {"body_text", or_null(body_text(m))}};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: msg_summary FILE...\n";
        return 2;
    }
    json files = json::array();
    for (int i = 1; i < argc; ++i) {
        json entry = {{"file", argv[i]}, {"error", nullptr}, {"summary", nullptr}};
        try {
            entry["summary"] = summary(msg::Message::read_file(argv[i]));
        } catch (const msgforge::Error& e) {
            entry["error"] = e.what();
        }
        files.push_back(std::move(entry));
    }
    const json out = {{"peer", "msgforge"}, {"files", files}};
    std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return 0;
}
