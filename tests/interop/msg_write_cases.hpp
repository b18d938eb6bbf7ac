// The messages of the writer interop matrix (msg_write_matrix.cpp): each case is a description
// of what is written (Spec), the message msgforge's writer builds from it, and the summary
// every reader should give back (msg_summary's JSON shape, plus the HTML body).
#pragma once

#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::test {

struct Person {
    std::string name;
    std::string email;
    msg::RecipientType type = msg::RecipientType::to;
};

struct AttachedFile {
    std::string name;
    size_t size = 0;
    std::string mime;
};

enum class BodyKind {
    text,           ///< PidTagBody
    text_and_html,  ///< PidTagBody and PidTagHtml
    html_only,      ///< PidTagHtml
    rtf_from_text,  ///< PidTagRtfCompressed only, made from the text
    rtf_from_html,  ///< PidTagRtfCompressed only, made from the HTML
};

struct Spec {
    std::string name;
    std::string subject;
    std::string body;
    std::string html;
    BodyKind body_kind = BodyKind::text;
    /// The ANSI code page of every string written as PtypString8; 0 writes PtypString.
    uint32_t ansi_codepage = 0;
    Person sender;
    std::vector<Person> recipients;
    std::vector<AttachedFile> attachments;
    /// Subjects of a chain of embedded messages: the first is attached to the message, the
    /// second to the first, and so on.
    std::vector<std::string> embedded_chain;
    bool named = false;
    bool multi_valued = false;
    cfb::Version version = cfb::Version::V3;
};

/// Every case of the matrix (issue text: bodies, Unicode, ANSI, recipients, attachments,
/// embedded messages, named and multi-valued properties).
std::vector<Spec> write_matrix_specs();

/// The message msgforge writes for `spec`, Outlook defaults applied.
msg::Message build_message(const Spec& spec);

/// The bytes of the attachment numbered `index` of `size` bytes (a fixed pattern).
std::vector<uint8_t> attachment_bytes(size_t index, size_t size);

/// What a reader should report: {class, subject, sender_name, sender_email,
/// recipients:[{name,email,type}], attachments:[{name,size,mime}], body_text, body_html, rtf}
/// (rtf: the decompressed PidTagRtfCompressed, the RTF apply_outlook_defaults made).
nlohmann::json expected_summary(const Spec& spec);

/// The named and multi-valued properties written for a case, as they read back from the file.
inline constexpr uint16_t MV_INT32_ID = 0x6803;
inline constexpr uint16_t MV_STRING_ID = 0x6804;
const std::vector<int32_t>& multi_int32_values();
const std::vector<std::string>& multi_string_values();
msg::NamedKey named_string_key();
msg::NamedKey named_int_key();
inline constexpr char NAMED_STRING_VALUE[] = "Matrix value \xC3\xA9\xE6\xBC\xA2";
inline constexpr int32_t NAMED_INT_VALUE = -123456;

}  // namespace msgforge::test
