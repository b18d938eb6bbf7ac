// Building and editing messages: typed setters, recipients, attachments, embedded messages,
// named properties, and the properties Outlook needs filled in when the caller left them out
// (each default is listed in README.md, "Outlook defaults").
#pragma once

#include <msgforge/filetime.hpp>
#include <msgforge/msg/message.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace msgforge::msg {

/// A person or phone: display name, address and address type ("SMTP", "EX", "MOBILE", …).
struct Address {
    std::string name;
    std::string address;
    std::string address_type = "SMTP";
};

enum class RecipientType : int32_t { to = 1, cc = 2, bcc = 3 };

/// Sets a PtypString property from UTF-8 (throws std::invalid_argument for malformed UTF-8).
void set_string(ObjectBase& object, uint16_t id, std::string_view utf8);

/// Sets a PtypInteger32, PtypBoolean, PtypTime or PtypBinary property.
void set_int32(ObjectBase& object, uint16_t id, int32_t value);
void set_bool(ObjectBase& object, uint16_t id, bool value);
void set_time(ObjectBase& object, uint16_t id, FileTime value);
void set_binary(ObjectBase& object, uint16_t id, cfb::Blob value);

/// Sets a named property on `object` (the message itself, one of its recipients or
/// attachments, or an embedded message): the id comes from `message`'s map, assigned on
/// first use. Returns the tag used.
PropertyTag set_named(Message& message, ObjectBase& object, const NamedKey& key,
                      PropertyValue value);

/// Adds a recipient with PidTagRecipientType, PidTagDisplayName, PidTagEmailAddress,
/// PidTagAddressType, PidTagSmtpAddress (for SMTP), PidTagSearchKey, PidTagObjectType
/// (MAPI_MAILUSER), PidTagDisplayType (DT_MAILUSER) and PidTagRowid.
Recipient& add_recipient(Message& message, RecipientType type, const Address& who);

/// Sets the sender (PidTagSender*) and, the pair Outlook shows in the From column, the
/// sent-representing properties (PidTagSentRepresenting*) to the same address.
void set_sender(Message& message, const Address& who);

/// Adds a by-value attachment (method 1) with its long and short file names, extension,
/// display name, MIME type (when given), data and size; rendering position -1 (not inline).
Attachment& add_attachment(Message& message, std::string_view file_name, cfb::Blob data,
                           std::string_view mime_type = {});

/// Adds an embedded message (method 5) shown as `display_name`; the embedded message shares
/// `message`'s named-property map from now on.
Attachment& add_embedded(Message& message, Message embedded, std::string_view display_name);

/// Options for apply_outlook_defaults().
struct DefaultsOptions {
    /// The time written as creation and modification time when the message has none. When
    /// unset, SOURCE_DATE_EPOCH (seconds) is used if the environment has it; otherwise the
    /// message's submit or delivery time; otherwise the times are left out, so that the same
    /// message always gives the same bytes.
    std::optional<FileTime> now;
    /// Also write PidTagRtfCompressed from the HTML or text body (MS-OXRTFEX encapsulation,
    /// MS-OXRTFCP compression) when the message has none.
    bool rtf_body = false;
};

/// Fills in what Outlook needs and the caller did not set (README.md, "Outlook defaults"):
/// class, store support mask, times, message flags matching the state and the attachments,
/// display lists from the recipients, subject prefix and normalized subject, sender and
/// sent-representing pairs, recipient rows and types, attachment methods, sizes and rendering
/// positions, and optionally the RTF body. Embedded messages are filled in recursively.
void apply_outlook_defaults(Message& message, const DefaultsOptions& options = {});

/// The RTF that carries `html` for MS-OXRTFEX de-encapsulation (\fromhtml1).
std::string rtf_from_html(std::string_view html_utf8);

/// The RTF that carries `text` for MS-OXRTFEX de-encapsulation (\fromtext).
std::string rtf_from_text(std::string_view text_utf8);

}  // namespace msgforge::msg
