// JSON -> Message: the shorthand members of a hand-written message ("from", "to", "cc", "bcc",
// "body", "html"), which set what the properties leave out.
#include "builder.hpp"

#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <utility>

namespace msgforge::json::detail {

namespace tags = msg::tags;

/// "Name <address>" or "address" (type SMTP), or {"name", "address", "address_type", "smtp"}.
msg::Address Builder::address(const Json& j, const std::string& path) const {
    msg::Address a;
    if (j.is_string()) {
        a = msg::parse_address(string(j, path));
    } else {
        expect_object(j, path);
        a.address = string(required(j, "address", path), member_path(path, "address"));
        if (const Json* name = member(j, "name")) {
            a.name = string(*name, member_path(path, "name"));
        }
        if (const Json* type = member(j, "address_type")) {
            a.address_type = string(*type, member_path(path, "address_type"));
        }
        if (const Json* smtp = member(j, "smtp")) {
            a.smtp = string(*smtp, member_path(path, "smtp"));
        }
    }
    if (a.address.empty()) {
        fail(path, "an address needs its address");
    }
    return a;
}

void Builder::shorthand(const Json& j, const std::string& path, msg::Message& m) const {
    if (const Json* from = member(j, "from")) {
        const msg::Address a = address(*from, member_path(path, "from"));
        if (m.properties.find_id(tags::PidTagSenderEmailAddress) == nullptr
            && m.properties.find_id(tags::PidTagSentRepresentingEmailAddress) == nullptr) {
            msg::set_sender(m, a);
        }
    }
    const bool listed = member(j, "recipients") != nullptr;
    for (const auto& [key, type] :
         {std::pair{"to", msg::RecipientType::to}, std::pair{"cc", msg::RecipientType::cc},
          std::pair{"bcc", msg::RecipientType::bcc}}) {
        const Json* list = member(j, key);
        if (list == nullptr) {
            continue;
        }
        const std::string p = member_path(path, key);
        expect_array(*list, p);
        if (listed) {
            fail(p,
                 std::string("\"") + key + "\" and \"recipients\" both give recipients: use one");
        }
        for (size_t i = 0; i < list->size(); ++i) {
            msg::add_recipient(m, type, address((*list)[i], index_path(p, i)));
        }
    }
    if (const Json* body = member(j, "body");
        body != nullptr && m.properties.find_id(tags::PidTagBody) == nullptr) {
        msg::set(m, tags::PidTagBody, string(*body, member_path(path, "body")));
    }
    if (const Json* html = member(j, "html");
        html != nullptr && m.properties.find_id(tags::PidTagHtml) == nullptr) {
        const std::string& text = string(*html, member_path(path, "html"));
        msg::set(m, tags::PidTagHtml,
                 cfb::Blob::owned(std::vector<uint8_t>(text.begin(), text.end())));
        if (m.properties.find_id(tags::PidTagInternetCodepage) == nullptr) {
            msg::set(m, tags::PidTagInternetCodepage, int32_t{65001});
            m.body_codepage = 65001;
        }
    }
}

}  // namespace msgforge::json::detail
