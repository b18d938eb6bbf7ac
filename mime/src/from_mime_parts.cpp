// The MIME tree of a message mapped as MS-OXCMAIL 2.2.4 and MS-OXOSMIME 2.1.3 do: the message
// class, the text and HTML bodies, attachments (hidden when inline in multipart/related),
// embedded messages for message/rfc822, S/MIME entities kept whole.
#include "encoded_words.hpp"
#include "from_mime_convert.hpp"
#include "gmime.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/mime/tnef.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/html_text.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::mime::detail {

namespace {

// What the walk found for the message's bodies.
struct Bodies {
    std::optional<std::string> text;
    std::optional<std::string> html;
    std::optional<std::vector<uint8_t>> rtf;  // a text/rtf body, as its bytes
};

// Where a part sits: whether it may be a body, whether it is a resource of a
// multipart/related (an inline image of the HTML body, say).
struct Role {
    bool body = true;
    bool related_resource = false;
};

struct Walk {
    msg::Message& message;
    Conversion& conversion;
    uint32_t embedding;
    std::string where;
    Bodies bodies;
    std::vector<msg::Message> tnef;  // the TNEF streams decoded, merged after the bodies
};

std::string mime_type_of(GMimeObject* object) {
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (type == nullptr) {
        return "application/octet-stream";
    }
    char* text = g_mime_content_type_get_mime_type(type);
    std::string out = ascii_lower(text != nullptr ? text : "application/octet-stream");
    g_free(text);
    return out;
}

bool is_type(GMimeObject* object, const char* type, const char* subtype) {
    GMimeContentType* content_type = g_mime_object_get_content_type(object);
    return content_type != nullptr && g_mime_content_type_is_type(content_type, type, subtype);
}

std::optional<std::string> parameter(GMimeObject* object, const char* name) {
    const char* value = g_mime_object_get_content_type_parameter(object, name);
    return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
}

// Whether a text part may be the message's text: any not marked as an attachment by its
// Content-Disposition, named or not, as mail programs show it (MS-OXCMAIL 2.2.3.4.1).
bool shown_inline(GMimePart* part) {
    GMimeContentDisposition* disposition =
        g_mime_object_get_content_disposition(GMIME_OBJECT(part));
    return disposition == nullptr || !g_mime_content_disposition_is_attachment(disposition);
}

// Whether a part's Content-Type says text/plain, or "text" alone (RFC 2045 5.2 leaves the
// subtype no default; GMime reads it as application/octet-stream, mail programs as text).
bool is_plain_text(GMimeObject* object) {
    if (is_type(object, "text", "plain")) {
        return true;
    }
    const char* header = g_mime_object_get_header(object, "Content-Type");
    if (header == nullptr) {
        return false;
    }
    const std::string_view value(header);
    return equal_ci(trim(value.substr(0, value.find(';'))), "text");
}

// The decoded content of a leaf part (Content-Transfer-Encoding undone).
std::vector<uint8_t> content_of(GMimePart* part) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (content == nullptr) {
        return {};
    }
    GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, out.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return std::vector<uint8_t>(bytes->data, bytes->data + bytes->len);
}

// An entity as GMime writes it again: its headers and body as parsed, for what the source's
// own bytes are not at hand.
std::vector<uint8_t> entity_bytes(GMimeObject* object) {
    char* text = g_mime_object_to_string(object, nullptr);
    const std::string_view view = text != nullptr ? text : "";
    std::vector<uint8_t> out(view.begin(), view.end());
    g_free(text);
    return out;
}

std::string part_name(const Walk& walk, const std::string& path, GMimeObject* object) {
    return walk.where + " part " + (path.empty() ? "1" : path) + " (" + mime_type_of(object) + ")";
}

std::string child_path(const std::string& path, int index) {
    return (path.empty() ? "" : path + ".") + std::to_string(index + 1);
}

// The file name Outlook gives an unnamed part: ATT00001 and an extension for its type.
std::string unnamed(const Walk& walk, const std::string& mime_type) {
    const std::pair<std::string_view, std::string_view> extensions[] = {
        {"text/plain", ".txt"},          {"text/html", ".htm"},
        {"text/calendar", ".ics"},       {"image/png", ".png"},
        {"image/jpeg", ".jpg"},          {"image/gif", ".gif"},
        {"application/pdf", ".pdf"},     {"message/rfc822", ".eml"},
        {"text/rfc822-headers", ".txt"}, {"message/delivery-status", ".txt"},
        {"application/ms-tnef", ".dat"}, {"application/vnd.ms-tnef", ".dat"}};
    std::string extension = ".dat";
    for (const auto& [type, ext] : extensions) {
        if (mime_type == type) {
            extension = ext;
        }
    }
    char number[16];
    std::snprintf(number, sizeof number, "ATT%05zu", walk.message.attachments.size() + 1);
    return number + extension;
}

bool room_for_attachment(Walk& walk, const std::string& name) {
    if (walk.message.attachments.size() < walk.conversion.limits.max_attachments) {
        return true;
    }
    walk.conversion.warn(name, "left out: more than "
                                   + std::to_string(walk.conversion.limits.max_attachments)
                                   + " attachments");
    return false;
}

msg::Attachment* add_part_attachment(Walk& walk, GMimeObject* object, const std::string& name,
                                     std::vector<uint8_t> data, const std::string& mime_type,
                                     const std::string& fallback_file_name) {
    if (!room_for_attachment(walk, name)) {
        return nullptr;
    }
    std::string file_name = fallback_file_name;
    if (GMIME_IS_PART(object)) {
        if (const auto given = part_file_name(object); given && !given->empty()) {
            file_name = decode_text(*given, "utf-8", walk.conversion, name + " file name");
        }
    }
    // A line break or tab decoded from an encoded word is no part of a file name.
    std::replace_if(
        file_name.begin(), file_name.end(), [](char c) { return c >= 0 && c < 0x20; }, ' ');
    if (file_name.empty()) {
        file_name = unnamed(walk, mime_type);
    }
    msg::Attachment& attachment =
        msg::add_attachment(walk.message, file_name, cfb::Blob::owned(std::move(data)), mime_type);
    if (const char* id = g_mime_object_get_content_id(object); id != nullptr && *id != 0) {
        msg::set(attachment, msg::tags::PidTagAttachContentId,
                 decode_text(id, "utf-8", walk.conversion, name + " Content-ID"));
    }
    if (const auto location = header_text(object, "Content-Location");
        location && !location->empty()) {
        msg::set(attachment, msg::tags::PidTagAttachContentLocation,
                 decode_text(*location, "utf-8", walk.conversion, name + " Content-Location"));
    }
    return &attachment;
}

bool is_tnef_type(GMimeObject* object) {
    return is_type(object, "application", "ms-tnef")
           || is_type(object, "application", "vnd.ms-tnef");
}

// The one place a TNEF part (winmail.dat, MS-OXTNEF) is handled: decoded into the message
// (merged once the bodies are known); one that does not decode stays an attachment, typed
// application/octet-stream as MS-OXCMAIL 2.2.3.4.1.2 asks.
void add_tnef_part(Walk& walk, GMimePart* part, const std::string& name) {
    std::vector<uint8_t> data = content_of(part);
    if (auto tnef = decode_tnef_part(data, walk.conversion, name)) {
        walk.tnef.push_back(std::move(*tnef));
        return;
    }
    add_part_attachment(walk, GMIME_OBJECT(part), name, std::move(data), "application/octet-stream",
                        "winmail.dat");
}

// A part of a TNEF type, or named winmail.dat and holding a TNEF stream.
bool holds_tnef(GMimePart* part) {
    if (is_tnef_type(GMIME_OBJECT(part))) {
        return true;
    }
    const auto given = part_file_name(GMIME_OBJECT(part));
    return given && equal_ci(*given, "winmail.dat") && is_tnef(content_of(part));
}

void walk_object(Walk& walk, GMimeObject* object, const std::string& path, uint32_t depth,
                 Role role);

void add_embedded_message(Walk& walk, GMimeMessagePart* part, const std::string& name) {
    GMimeMessage* inner = g_mime_message_part_get_message(part);
    if (inner == nullptr) {
        walk.conversion.warn(name, "holds no message; left out");
        return;
    }
    if (walk.embedding + 1 > walk.conversion.limits.max_embedding_depth) {
        walk.conversion.warn(name,
                             "left out: messages nested deeper than "
                                 + std::to_string(walk.conversion.limits.max_embedding_depth));
        return;
    }
    if (!room_for_attachment(walk, name)) {
        return;
    }
    const std::string where =
        walk.where + " › attachment " + std::to_string(walk.message.attachments.size() + 1);
    msg::Message embedded =
        convert_message(inner, walk.conversion, std::nullopt, walk.embedding + 1, where);
    adopt_named(embedded, walk.message.named, walk.conversion, where);
    // Named as a leaf part is: Content-Disposition filename, else Content-Type name, else the
    // embedded subject.
    std::string display = embedded.subject().value_or("");
    auto file = decoded_parameter(GMIME_OBJECT(part), true, "filename");
    if (!file || file->empty()) {
        file = decoded_parameter(GMIME_OBJECT(part), false, "name");
    }
    if (file && !file->empty()) {
        display = decode_text(*file, "utf-8", walk.conversion, name + " file name");
    }
    if (display.empty()) {
        display = "message";
    }
    msg::Attachment& attachment = msg::add_embedded(walk.message, std::move(embedded), display);
    msg::set(attachment, msg::tags::PidTagAttachMimeTag, mime_type_of(GMIME_OBJECT(part)));
    if (const char* id = g_mime_object_get_content_id(GMIME_OBJECT(part));
        id != nullptr && *id != 0) {
        msg::set(attachment, msg::tags::PidTagAttachContentId,
                 decode_text(id, "utf-8", walk.conversion, name + " Content-ID"));
    }
}

void walk_leaf(Walk& walk, GMimePart* part, const std::string& name, Role role) {
    GMimeObject* object = GMIME_OBJECT(part);
    const bool inline_text = role.body && shown_inline(part);
    const bool plain = is_plain_text(object);
    const bool html = is_type(object, "text", "html");
    if (inline_text && plain && !walk.bodies.text) {
        walk.bodies.text = decode_text(as_chars(content_of(part)),
                                       g_mime_object_get_content_type_parameter(object, "charset"),
                                       walk.conversion, name);
        return;
    }
    if (inline_text && html && !walk.bodies.html) {
        walk.bodies.html = decode_text(as_chars(content_of(part)),
                                       g_mime_object_get_content_type_parameter(object, "charset"),
                                       walk.conversion, name);
        return;
    }
    // A native RTF body (msgforge writes one as text/rtf beside the text body), when no HTML
    // body is there to give the RTF body.
    if (inline_text && is_type(object, "text", "rtf") && !walk.bodies.rtf && !walk.bodies.html) {
        walk.bodies.rtf = content_of(part);
        return;
    }
    if (holds_tnef(part)) {
        add_tnef_part(walk, part, name);
        return;
    }
    msg::Attachment* attachment =
        add_part_attachment(walk, object, name, content_of(part), mime_type_of(object), "");
    if (attachment != nullptr && role.related_resource) {
        msg::set(*attachment, msg::tags::PidTagAttachmentHidden, true);
    }
}

// The root of a multipart/related: the part its start parameter names, else the first
// (RFC 2387 3.2).
int related_root(GMimeMultipart* multipart) {
    const char* start = g_mime_object_get_content_type_parameter(GMIME_OBJECT(multipart), "start");
    const int count = g_mime_multipart_get_count(multipart);
    if (start != nullptr) {
        std::string wanted(trim(start));
        if (wanted.size() >= 2 && wanted.front() == '<' && wanted.back() == '>') {
            wanted = wanted.substr(1, wanted.size() - 2);
        }
        for (int i = 0; i < count; ++i) {
            const char* id = g_mime_object_get_content_id(g_mime_multipart_get_part(multipart, i));
            if (id != nullptr && wanted == id) {
                return i;
            }
        }
    }
    return 0;
}

void walk_multipart(Walk& walk, GMimeMultipart* multipart, const std::string& path, uint32_t depth,
                    Role role) {
    GMimeObject* object = GMIME_OBJECT(multipart);
    const int count = g_mime_multipart_get_count(multipart);
    const bool related = is_type(object, "multipart", "related");
    const int root = related ? related_root(multipart) : -1;
    for (int i = 0; i < count; ++i) {
        Role child = role;
        if (related) {
            child.body = role.body && i == root;
            child.related_resource = i != root;
        } else {
            child.related_resource = false;
        }
        walk_object(walk, g_mime_multipart_get_part(multipart, i), child_path(path, i), depth + 1,
                    child);
    }
}

void walk_object(Walk& walk, GMimeObject* object, const std::string& path, uint32_t depth,
                 Role role) {
    Conversion& conversion = walk.conversion;
    const std::string name = part_name(walk, path, object);
    if (++conversion.parts > conversion.limits.max_parts) {
        if (!conversion.parts_reported) {
            conversion.parts_reported = true;
            conversion.warn(name, "left out with every later part: more than "
                                      + std::to_string(conversion.limits.max_parts) + " parts");
        }
        return;
    }
    if (depth > conversion.limits.max_depth) {
        conversion.warn(name, "left out: MIME parts nested deeper than "
                                  + std::to_string(conversion.limits.max_depth));
        return;
    }
    if (GMIME_IS_MULTIPART(object)) {
        walk_multipart(walk, GMIME_MULTIPART(object), path, depth, role);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
        add_embedded_message(walk, GMIME_MESSAGE_PART(object), name);
    } else if (GMIME_IS_PART(object)) {
        walk_leaf(walk, GMIME_PART(object), name, role);
    }
}

bool is_smime_signature(GMimeObject* object) {
    const auto protocol = parameter(object, "protocol");
    return protocol
           && (equal_ci(*protocol, "application/pkcs7-signature")
               || equal_ci(*protocol, "application/x-pkcs7-signature"));
}

// A clear-signed message as Outlook stores it (MS-OXOSMIME 2.1.3.2.1): the whole
// multipart/signed entity, byte for byte, as the one attachment smime.p7m; the bodies from
// the signed content.
void convert_clear_signed(Walk& walk, GMimeMultipart* signed_part,
                          const std::optional<RawMessage>& raw) {
    GMimeObject* object = GMIME_OBJECT(signed_part);
    std::vector<uint8_t> entity;
    if (raw) {
        GMimeHeader* header =
            g_mime_header_list_get_header(g_mime_object_get_header_list(object), "Content-Type");
        const char* raw_value = header != nullptr ? g_mime_header_get_raw_value(header) : nullptr;
        std::string head = "Content-Type:";
        head += raw_value != nullptr ? raw_value : "";
        while (!head.empty() && (head.back() == '\n' || head.back() == '\r')) {
            head.pop_back();
        }
        head += "\r\n";
        const std::string_view body = as_chars(raw->body);
        if (!body.starts_with("\r\n") && !body.starts_with("\n")) {
            head += "\r\n";
        }
        entity.assign(head.begin(), head.end());
        entity.insert(entity.end(), raw->body.begin(), raw->body.end());
    } else {
        entity = entity_bytes(object);
    }
    msg::set(walk.message, msg::tags::PidTagMessageClass, "IPM.Note.SMIME.MultipartSigned");
    if (g_mime_multipart_get_count(signed_part) > 0) {
        msg::Message scratch;
        Walk content{scratch, walk.conversion, walk.embedding, walk.where, {}, {}};
        walk_object(content, g_mime_multipart_get_part(signed_part, 0), "1", 1, Role{});
        walk.bodies = std::move(content.bodies);
    }
    msg::add_attachment(walk.message, "smime.p7m", cfb::Blob::owned(std::move(entity)),
                        "multipart/signed");
}

void set_bodies(msg::Message& message, const Bodies& bodies) {
    if (bodies.html) {
        const std::string& html = *bodies.html;
        msg::set(message, msg::tags::PidTagHtml,
                 cfb::Blob::owned(std::vector<uint8_t>(html.begin(), html.end())));
        msg::set(message, msg::tags::PidTagInternetCodepage, static_cast<int32_t>(msg::CP_UTF8));
        message.body_codepage = msg::CP_UTF8;
    }
    if (bodies.text) {
        msg::set(message, msg::tags::PidTagBody, *bodies.text);
    } else if (bodies.html) {
        msg::set(message, msg::tags::PidTagBody, msg::html_to_text(*bodies.html));
    }
    if (bodies.rtf) {
        msg::set(message, msg::tags::PidTagRtfCompressed,
                 cfb::Blob::owned(msg::rtf::compress(*bodies.rtf)));
        msg::set(message, msg::tags::PidTagRtfInSync, true);
    }
}

}  // namespace

void convert_body(GMimeMessage* source, msg::Message& message, Conversion& conversion,
                  const std::optional<RawMessage>& raw, uint32_t embedding,
                  const std::string& where) {
    msg::set(message, msg::tags::PidTagMessageClass, "IPM.Note");
    GMimeObject* top = g_mime_message_get_mime_part(source);
    if (top == nullptr) {
        return;
    }
    Walk walk{message, conversion, embedding, where, {}, {}};
    if (GMIME_IS_MULTIPART_SIGNED(top) && is_smime_signature(top)) {
        ++conversion.parts;
        convert_clear_signed(walk, GMIME_MULTIPART(top), raw);
    } else if (GMIME_IS_APPLICATION_PKCS7_MIME(top)) {
        // Signed or encrypted data (MS-OXOSMIME 2.1.3.2.2), kept as it is stored.
        ++conversion.parts;
        msg::set(message, msg::tags::PidTagMessageClass, "IPM.Note.SMIME");
        msg::add_attachment(message, "smime.p7m", cfb::Blob::owned(content_of(GMIME_PART(top))),
                            "application/pkcs7-mime");
    } else {
        walk_object(walk, top, "", 0, Role{});
        map_report(top, message, conversion, where);
    }
    set_bodies(message, walk.bodies);
    for (msg::Message& tnef : walk.tnef) {
        merge_tnef(message, std::move(tnef), conversion, where);
    }
}

std::vector<uint8_t> part_content(GMimePart* part) {
    return content_of(part);
}

std::string decode_text(std::string_view bytes, const char* declared, Conversion& conversion,
                        const std::string& where) {
    if (bytes.empty()) {
        return {};
    }
    const bool ascii =
        std::all_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) == 0; });
    std::string reason;
    if (declared != nullptr && *declared != 0) {
        if (const auto charset = msg::charset_by_name(declared)) {
            if (const auto decoded = msg::decode_codepage_checked(bytes, charset->codepage)) {
                if (!decoded->error_offset) {
                    return decoded->text;
                }
                reason = "is not " + std::string(declared) + " at byte "
                         + std::to_string(*decoded->error_offset);
            }
        }
        if (reason.empty()) {
            gsize read = 0;
            gsize written = 0;
            GError* error = nullptr;
            const char* iconv = g_mime_charset_iconv_name(declared);
            char* converted = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8",
                                        iconv, &read, &written, &error);
            if (converted != nullptr && error == nullptr) {
                std::string out(converted, written);
                g_free(converted);
                return out;
            }
            g_free(converted);
            reason = error != nullptr && error->code == G_CONVERT_ERROR_NO_CONVERSION
                         ? "has the unknown charset " + std::string(declared)
                         : "is not " + std::string(declared) + " at byte " + std::to_string(read);
            if (error != nullptr) {
                g_error_free(error);
            }
        }
    } else if (ascii) {
        return std::string(bytes);
    } else {
        reason = "has 8-bit text and no charset";
    }
    if (auto utf8 = msg::decode_codepage(bytes, msg::CP_UTF8)) {
        conversion.warn(where, reason + "; read as UTF-8");
        return std::move(*utf8);
    }
    conversion.warn(where, reason + "; read as windows-1252");
    if (auto latin = msg::decode_codepage_checked(bytes, msg::CP_WINDOWS_1252)) {
        return std::move(latin->text);
    }
    std::string out;
    for (const char c : bytes) {
        out += (c & 0x80) == 0 ? std::string(1, c) : std::string("\xEF\xBF\xBD");
    }
    return out;
}

}  // namespace msgforge::mime::detail
