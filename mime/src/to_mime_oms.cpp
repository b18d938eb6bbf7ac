// .msg to MIME for SMS and MMS objects (MS-OXOSMMS): the phones as mailboxes, an SMS as
// text/plain, an MMS as multipart/related with its SMIL layout as the root part, as the
// MMS encapsulation (OMA-TS-MMS_ENC) and RFC 2557 lay it out.
#include "to_mime_writer.hpp"

#include <array>
#include <cctype>

namespace msgforge::mime::detail {

namespace {

void add_phones(InternetAddressList* list, const std::vector<oms::Party>& parties, Writer& writer) {
    for (const oms::Party& p : parties) {
        const std::string address = phone_mailbox(p.number);
        writer.hash(p.name + address);
        const GPtr<InternetAddress> mailbox(internet_address_mailbox_new(
            p.name.empty() ? nullptr : p.name.c_str(), address.c_str()));
        internet_address_set_charset(mailbox.get(), "utf-8");
        internet_address_list_add(list, mailbox.get());
    }
}

}  // namespace

std::string phone_mailbox(std::string_view number) {
    std::string local;
    for (const char ch : number) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 || c == '+' || c == '#' || c == '*') {
            local += static_cast<char>(c);
        }
    }
    return (local.empty() ? std::string("unknown") : local) + "@mobile.invalid";
}

GPtr<GMimeObject> Writer::oms_content(const msg::Message& m, const oms::OmsMessage& view,
                                      GMimeMessage* out, std::set<std::string>& written) {
    headers(m, out, written);
    const std::array<std::pair<GMimeAddressType, const std::vector<oms::Party>*>, 3> lists{
        {{GMIME_ADDRESS_TYPE_TO, &view.to},
         {GMIME_ADDRESS_TYPE_CC, &view.cc},
         {GMIME_ADDRESS_TYPE_BCC, &view.bcc}}};
    for (const auto& [type, parties] : lists) {
        InternetAddressList* list = g_mime_message_get_addresses(out, type);
        internet_address_list_clear(list);
        add_phones(list, *parties, *this);
    }
    internet_address_list_clear(g_mime_message_get_sender(out));
    written.erase("sender");
    InternetAddressList* from = g_mime_message_get_from(out);
    internet_address_list_clear(from);
    if (view.from) {
        add_phones(from, {*view.from}, *this);
        written.insert("from");
    }
    if (view.service == oms::ServiceType::sms || !view.smil) {
        if (view.service == oms::ServiceType::sms) {
            GPtr<GMimePart> p = part("text/plain; charset=utf-8", crlf(view.text));
            return GPtr<GMimeObject>(GMIME_OBJECT(p.release()));
        }
        return content(m);
    }

    std::vector<size_t> order{view.smil->attachment};
    for (size_t i = 0; i < m.attachments.size(); ++i) {
        if (i != view.smil->attachment) {
            order.push_back(i);
        }
    }
    GPtr<GMimeMultipart> related = multipart("related");
    std::string root_id;
    for (const size_t i : order) {
        const msg::Attachment& a = m.attachments[i];
        std::string type = a.mime_type().value_or("");
        for (const oms::SlideView& slide : view.slides) {
            if (slide.text_part && slide.text_part->attachment == i
                && type.find("charset") == std::string::npos && !slide.text_charset.empty()) {
                type += "; charset=" + slide.text_charset;
            }
        }
        GPtr<GMimeObject> p = attachment(a, true);
        if (p == nullptr) {
            continue;
        }
        if (GMIME_IS_PART(p.get()) && !type.empty()) {
            GMimeContentType* parsed = g_mime_content_type_parse(nullptr, type.c_str());
            if (parsed != nullptr) {
                g_mime_object_set_content_type(p.get(), parsed);
                g_object_unref(parsed);
            }
        }
        const char* location = g_mime_part_get_content_location(GMIME_PART(p.get()));
        const std::string name = a.file_name().value_or("");
        if (GMIME_IS_PART(p.get()) && location == nullptr && !name.empty()) {
            g_mime_part_set_content_location(GMIME_PART(p.get()), name.c_str());
        }
        if (i == view.smil->attachment) {
            const char* id = g_mime_object_get_content_id(p.get());
            root_id = id != nullptr ? id : "";
        }
        g_mime_multipart_add(related.get(), p.get());
    }
    GMimeObject* object = GMIME_OBJECT(related.get());
    g_mime_object_set_content_type_parameter(object, "type", "application/smil");
    if (!root_id.empty()) {
        g_mime_object_set_content_type_parameter(object, "start", ("<" + root_id + ">").c_str());
    }
    return GPtr<GMimeObject>(GMIME_OBJECT(related.release()));
}

}  // namespace msgforge::mime::detail
