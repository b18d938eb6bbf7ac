// Building and editing messages: typed setters, recipients, attachments, embedded messages,
// named properties, and the properties Outlook needs filled in when the caller left them out
// (each default is listed in docs/writing.md, "Outlook defaults").
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace msgforge::msg {

/// The kinds of recipient PidTagRecipientType distinguishes (MS-OXOMSG 2.2.3.1).
enum class RecipientType : int32_t {
    to = flags::MAPI_TO,
    cc = flags::MAPI_CC,
    bcc = flags::MAPI_BCC,
};

/// Sets a PtypString property from UTF-8: set(note, tags::PidTagSubject, "Hello"). Throws
/// UsageError for malformed UTF-8.
void set(ObjectBase& object, TypedTag<PropertyType::PtypString> tag, std::string_view utf8);

/// Sets a PtypBinary property to a copy of `bytes` (a cfb::Blob is kept as it is, below).
void set(ObjectBase& object, TypedTag<PropertyType::PtypBinary> tag,
         std::span<const uint8_t> bytes);

/// Sets a property of the table (tags.hpp) to a value of the C++ type its property type holds
/// (ValueOf): int32_t for PtypInteger32 (flags.hpp: set(m, tags::PidTagMessageFlags,
/// flags::MSGFLAG_READ)), bool for PtypBoolean, FileTime for PtypTime, cfb::Blob for PtypBinary,
/// std::u16string for PtypString, …. A value of another C++ type does not compile. A property
/// whose id is known only when the program runs takes a tag made then:
/// set(o, TypedTag<PropertyType::PtypString>(id), "text").
template <PropertyType T, ValueFor<T> V>
void set(ObjectBase& object, TypedTag<T> tag, V&& value) {
    object.properties.set(tag, PropertyValue(PropertyVariant(std::in_place_type<ValueOf<T>>,
                                                             std::forward<V>(value))));
}

/// Sets a named property on `object` (the message itself, one of its recipients or
/// attachments, or an embedded message): the id comes from `message`'s map, assigned on
/// first use. Returns the tag used.
PropertyTag set_named(Message& message, ObjectBase& object, const NamedKey& key,
                      PropertyValue value);

/// As above for a named property of the table (tags.hpp, names::): a PtypString one from UTF-8
/// (throws UsageError for malformed UTF-8), any other from a value of the C++ type
/// its property type holds; set_named(m, m, names::PidNameOMSServiceType, 1).
PropertyTag set_named(Message& message, ObjectBase& object,
                      const NamedTag<PropertyType::PtypString>& key, std::string_view utf8);

template <PropertyType T, ValueFor<T> V>
PropertyTag set_named(Message& message, ObjectBase& object, const NamedTag<T>& key, V&& value) {
    return set_named(
        message, object, key.key(),
        PropertyValue(PropertyVariant(std::in_place_type<ValueOf<T>>, std::forward<V>(value))));
}

/// Adds a recipient with PidTagRecipientType, PidTagDisplayName, PidTagEmailAddress,
/// PidTagAddressType, PidTagSmtpAddress (`who.smtp`, else the address when its type is SMTP),
/// PidTagSearchKey, PidTagObjectType (MAPI_MAILUSER), PidTagDisplayType (DT_MAILUSER) and
/// PidTagRowid.
Recipient& add_recipient(Message& message, RecipientType type, const Address& who);

/// Sets the sender (PidTagSender*) and, the pair Outlook shows in the From column, the
/// sent-representing properties (PidTagSentRepresenting*) to the same address; their SMTP
/// address properties only when `who.smtp` is given.
void set_sender(Message& message, const Address& who);

/// Adds a by-value attachment (method 1) with its long and short file names, extension,
/// display name, MIME type (when given), data and size; rendering position -1 (not inline).
Attachment& add_attachment(Message& message, std::string_view file_name, cfb::Blob data,
                           std::string_view mime_type = {});

/// Moves the named properties of `message`, its recipients, attachments and embedded messages
/// from the ids of its own name map to those of `target`, which it then shares. A property whose
/// id its map does not name is left out. One that finds no id left in `target` is left out too
/// when `on_full` is given (called with the LimitError of each); without it the LimitError
/// propagates, `message` then partly moved.
void adopt_named(Message& message, const std::shared_ptr<NamedPropertyMap>& target,
                 const std::function<void(const LimitError&)>& on_full = {});

/// Adds an embedded message (method 5) shown as `display_name`; its named properties move to
/// `message`'s name map (adopt_named), which it shares from now on.
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

/// Fills in what Outlook needs and the caller did not set (docs/writing.md, "Outlook defaults"):
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
