// The parts of a clear-signed message as Outlook stores it: the multipart/signed entity of its
// one attachment read back into bodies, attachments and the signature (MS-OXOSMIME 2.1.3.2.1).
#include "encoded_words.hpp"
#include "from_mime_convert.hpp"
#include "gmime.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/msg/compose.hpp>

#include <string>
#include <utility>

namespace msgforge::mime {

const msg::Attachment* signed_entity_attachment(const msg::Message& message) {
    if (!equal_ci(message.message_class().value_or(""), "IPM.Note.SMIME.MultipartSigned")) {
        return nullptr;
    }
    for (const msg::Attachment& a : message.attachments) {
        if (starts_with_ci(a.mime_type().value_or(""), "multipart/signed") && a.data()) {
            return &a;
        }
    }
    return nullptr;
}

FromMimeResult read_signed_entity(std::span<const uint8_t> entity, std::string_view source_name,
                                  const FromMimeLimits& limits) {
    detail::ensure_gmime();
    const std::string name(source_name);
    if (entity.size() > limits.max_input_bytes) {
        throw LimitError(Location{name, "multipart/signed entity", std::nullopt},
                         "entity of " + std::to_string(entity.size())
                             + " bytes exceeds the limit of "
                             + std::to_string(limits.max_input_bytes));
    }
    const std::string_view text = as_chars(entity);
    detail::GPtr<GMimeStream> stream(
        text.empty() ? g_mime_stream_mem_new()
                     : g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
    detail::GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    detail::GPtr<GMimeObject> top(g_mime_parser_construct_part(parser.get(), nullptr));
    if (top == nullptr || !GMIME_IS_MULTIPART_SIGNED(top.get())
        || g_mime_multipart_get_count(GMIME_MULTIPART(top.get())) < 1) {
        throw FormatError(Location{name, "multipart/signed entity", 0},
                          "is no multipart/signed entity with a signed part");
    }
    GMimeMultipart* multipart = GMIME_MULTIPART(top.get());
    FromMimeResult result;
    detail::Conversion conversion{limits, result.warnings};
    detail::GPtr<GMimeMessage> content(g_mime_message_new(FALSE));
    g_mime_message_set_mime_part(content.get(), g_mime_multipart_get_part(multipart, 0));
    detail::convert_body(content.get(), result.message, conversion, std::nullopt, 0,
                         "signed entity");
    if (g_mime_multipart_get_count(multipart) > 1) {
        GMimeObject* signature = g_mime_multipart_get_part(multipart, 1);
        if (GMIME_IS_PART(signature)) {
            const auto given = detail::part_file_name(signature);
            char* type =
                g_mime_content_type_get_mime_type(g_mime_object_get_content_type(signature));
            const std::string file_name = given && !given->empty() ? detail::decode_text(
                                              *given, "utf-8", conversion, "signature file name")
                                                                   : "smime.p7s";
            msg::add_attachment(result.message, file_name,
                                cfb::Blob::owned(detail::part_content(GMIME_PART(signature))),
                                ascii_lower(type != nullptr ? type : "application/octet-stream"));
            g_free(type);
        }
    }
    return result;
}

}  // namespace msgforge::mime
