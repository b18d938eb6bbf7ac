// Messages, recipients and attachments of a .msg file (MS-OXMSG 2.2), read from a compound
// file. Embedded messages (attach method 5) are read recursively; OLE storages (method 6) are
// kept as CFB subtrees; anything else the file holds is kept for round trips.
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/property_bag.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::msg {

using Warning = cfb::Warning;

/// Bounds on the work done for one file; hitting one throws LimitError.
struct Limits {
    uint32_t max_embedding_depth = 32;       ///< embedded messages inside embedded messages
    uint32_t max_properties = 65'536;        ///< property entries of one object
    uint32_t max_recipients = 65'536;        ///< recipient storages of one message
    uint32_t max_attachments = 65'536;       ///< attachment storages of one message
    uint32_t max_multi_values = 1'000'000;   ///< values of one multi-valued property
    uint32_t max_named_properties = 32'767;  ///< entries of the named-property map
    /// Bytes the reader materialises for one file, in all: every byte of stream data it takes
    /// from the file (a view or a copy) and every byte of the strings, lists of values and
    /// named-property names it decodes from that data. The messages of the test corpus need at
    /// most 1.2 times their file's size; a stream shared by many entries, or names that all
    /// point at one long string, need far more. 0 means DEFAULT_TOTAL_BYTES_RATIO times the
    /// file's size plus DEFAULT_TOTAL_BYTES_EXTRA.
    uint64_t max_total_bytes = 0;
    /// Largest decompressed PidTagRtfCompressed the body functions (body.hpp) accept, in bytes;
    /// 0 means 64 MiB or 256 times the compressed size, whichever is larger. Carried by each
    /// message read (Message::max_rtf_output).
    uint64_t max_rtf_output = 0;
};

/// The default of Limits::max_total_bytes: 16 times the file's size plus 16 MiB.
inline constexpr uint64_t DEFAULT_TOTAL_BYTES_RATIO = 16;
inline constexpr uint64_t DEFAULT_TOTAL_BYTES_EXTRA = uint64_t{16} << 20;

/// How a message is written (MS-OXMSG 2.2, 2.4).
struct WriteOptions {
    cfb::Version version = cfb::Version::V3;
    /// fsync before the file is renamed into place (write_file only).
    bool durable = true;
};

/// The most recipient or attachment storages Outlook accepts in one message (MS-OXMSG 2.2.1).
inline constexpr size_t MAX_RECIPIENTS = 2048;
inline constexpr size_t MAX_ATTACHMENTS = 2048;

struct ReadOptions {
    cfb::ReadOptions cfb;
    Limits limits;
    /// Turn every tolerated oddity into a FormatError.
    bool strict = false;
};

class Message;

/// The code pages of an object's PtypString8 values, as its own properties give them.
struct Codepages {
    /// Every PtypString8 value but the bodies' (MS-OXCMSG 2.2.1.4, 2.2.1.5):
    /// PidTagMessageCodepage; else the ANSI code page of the locale in PidTagMessageLocaleId
    /// (lcid_ansi_codepage()); else PidTagInternetCodepage unless it is a Unicode code page;
    /// else the enclosing object's. A MIME code page counts as its ANSI page (ansi_codepage()).
    uint32_t strings = 1252;
    /// The bodies, PidTagBody and PidTagHtml (MS-OXCMSG 2.2.1.58.6): PidTagInternetCodepage,
    /// else `strings`.
    uint32_t bodies = 1252;
    /// Code pages the properties name that msgforge cannot decode (iconv_name() knows no
    /// name for them): passed over, in the order met.
    std::vector<uint32_t> unknown;
};

/// The code pages of the object with `properties` inside an object whose PtypString8 values
/// are in `inherited` (Windows-1252 for a top-level message). docs/codepages.md.
Codepages codepages_of(const PropertyBag& properties, uint32_t inherited);

/// What the Recipient, Attachment and Message have in common: properties, the storage
/// children msgforge does not interpret (kept verbatim) and the code pages of PtypString8.
struct ObjectBase {
    PropertyBag properties;
    std::vector<cfb::Node> unknown_children;
    /// The code page of this object's PtypString8 values but the bodies'
    /// (Codepages::strings). The reader sets it by codepages_of(), from the object's own
    /// properties, else from its message (recipients and attachments rarely carry their own).
    uint32_t codepage = 1252;
    /// The code page of the object's bodies (Codepages::bodies): a binary PidTagHtml is in
    /// it, a PtypString8 body in its ANSI page (string8_codepage()).
    uint32_t body_codepage = 1252;

    /// The code page of the PtypString8 value of property `id`: ansi_codepage(body_codepage)
    /// for PidTagBody and PidTagBodyHtml, `codepage` for every other property.
    uint32_t string8_codepage(uint16_t id) const;

    /// A PtypString8 value of property `id` as UTF-8: decoded with string8_codepage(id), and
    /// where that is UTF-8 and the bytes are not, with `codepage` (then Windows-1252).
    std::string decode(uint16_t id, const String8& value) const;

    /// A string property as UTF-8: PtypString, else PtypString8 (decode()).
    std::optional<std::string> string(TypedTag<PropertyType::PtypString> tag) const {
        return string(tag.id);
    }

    /// As above for a property id found at run time (a named property's, for one).
    std::optional<std::string> string(uint16_t id) const;
};

/// A person or phone as a message names them (docs/addresses.md).
struct Address {
    std::string name;                   ///< display name
    std::string address;                ///< native address: SMTP, an EX DN, a phone number, …
    std::string address_type = "SMTP";  ///< type of `address`: "SMTP", "EX", "MOBILE", …
    std::string smtp = {};              ///< SMTP address; empty when the message stores none
};

/// "Name <address>", "\"Name\" <address>" or "address", trimmed, as a display name (empty in
/// the last form) and an address of `address_type`. Checks nothing: the address may be empty.
Address parse_address(std::string_view text, std::string address_type = "SMTP");

struct Recipient : ObjectBase {
    uint32_t number = 0;  ///< the #XXXXXXXX of its storage name

    /// PidTagDisplayName (else PidTagRecipientDisplayName), PidTagEmailAddress and
    /// PidTagAddressType; the SMTP address from PidTagSmtpAddress, else the native address
    /// when its type is SMTP, else the SMTP entry of PidTagAddressBookProxyAddresses
    /// ("SMTP:" before "smtp:") that Exchange stores for an EX address.
    Address address() const;
};

struct Attachment : ObjectBase {
    uint32_t number = 0;  ///< the #XXXXXXXX of its storage name
    /// The embedded message (PidTagAttachMethod 5), if any.
    std::unique_ptr<Message> embedded;
    /// The OLE storage (method 6, or any other storage in __substg1.0_3701000D).
    std::optional<cfb::Node> object_storage;

    Attachment() = default;
    Attachment(const Attachment& other);
    Attachment& operator=(const Attachment& other);
    Attachment(Attachment&&) noexcept = default;
    Attachment& operator=(Attachment&&) noexcept = default;
    ~Attachment();

    /// PidTagAttachMethod (0 when absent).
    uint32_t method() const;

    /// PidTagAttachLongFilename, else PidTagAttachFilename, else PidTagDisplayName (UTF-8).
    std::optional<std::string> file_name() const;

    /// PidTagAttachMimeTag (UTF-8).
    std::optional<std::string> mime_type() const;

    /// PidTagAttachDataBinary: a view into the file when its sectors are contiguous.
    std::optional<cfb::Blob> data() const;
};

class Message : public ObjectBase {
public:
    std::vector<Recipient> recipients;
    std::vector<Attachment> attachments;
    /// The named-property map of the file; embedded messages share their top-level one.
    std::shared_ptr<NamedPropertyMap> named = std::make_shared<NamedPropertyMap>();
    /// From the property stream header (MS-OXMSG 2.4.1.1); kept for round trips.
    uint32_t next_recipient_id = 0;
    uint32_t next_attachment_id = 0;
    /// True for a message inside an attachment (24-byte property stream header).
    bool is_embedded = false;
    /// Oddities of the message found while reading: a value cut or left out, a code page
    /// guessed, a named-property map entry that does not resolve (top-level message only;
    /// paths name the object).
    std::vector<Warning> warnings;
    /// Oddities of the compound file under the message that the reader tolerated (an
    /// unbalanced directory tree, unused sectors...), as `cfb check` lists them; they change
    /// nothing the message holds (top-level message only).
    std::vector<Warning> container_warnings;
    /// CLSID of the root storage (or of the embedded message's storage).
    Guid storage_clsid;
    /// Largest decompressed RTF body the body functions (body.hpp) accept for this message, in
    /// bytes; 0 means the default of rtf::DecompressOptions::max_output. The reader sets it from
    /// Limits::max_rtf_output, in embedded messages too.
    uint64_t max_rtf_output = 0;

    /// Reads a .msg file. Throws IoError if it cannot be opened, FormatError if it cannot be
    /// read as a message (the message names the file, the structure and the offset).
    static Message read_file(const std::filesystem::path& path, const ReadOptions& options = {});

    /// Reads the message in an open compound file.
    static Message read(const cfb::Reader& reader, const ReadOptions& options = {});

    /// The compound file tree of this message as MS-OXMSG lays it out: property streams,
    /// value streams, recipient and attachment storages, embedded messages, the named-property
    /// map (top level only) and every unknown child kept from reading. Writes exactly what the
    /// message holds: no defaults are added. Throws UsageError for what Outlook
    /// refuses (more than 2,048 recipients or attachments, a value too large for its field).
    cfb::Tree to_tree() const;

    /// The .msg file's bytes. Same message, same bytes.
    std::vector<uint8_t> write(const WriteOptions& options = {}) const;

    /// Writes the .msg file atomically (temporary file, then rename).
    void write_file(const std::filesystem::path& path, const WriteOptions& options = {}) const;

    std::optional<std::string> message_class() const;

    std::optional<std::string> subject() const;

    /// Who sent the message (PidTagSenderName, PidTagSenderEmailAddress,
    /// PidTagSenderAddressType); the SMTP address from PidTagSenderSmtpAddress, else the
    /// native address when its type is SMTP, else the Sender (or else From) header of
    /// PidTagTransportMessageHeaders. nullopt when the message names no sender.
    std::optional<Address> sender() const;

    /// For whom the message was sent, the From Outlook shows (PidTagSentRepresenting*),
    /// resolved as sender() is, with the From header as the last resort.
    std::optional<Address> sent_representing() const;

    /// The value of a named property, looked up through the named-property map.
    const PropertyValue* named_value(const NamedKey& key) const;

    /// The value of a named property of the table (tags.hpp, names::) as the C++ type its
    /// property type holds: named_value(names::PidNameOMSServiceType) is a const int32_t*;
    /// nullptr when the message lacks it or stores it with another type.
    template <PropertyType T>
    const ValueOf<T>* named_value(const NamedTag<T>& key) const {
        const PropertyValue* v = named_value(key.key());
        return v != nullptr ? v->as<ValueOf<T>>() : nullptr;
    }

    /// The named key of a property id >= 0x8000, or nullptr.
    const NamedKey* named_key(uint16_t id) const;
};

/// Decodes a PtypString or PtypString8 value to UTF-8 (String8 with `codepage`); nullopt for
/// other types.
std::optional<std::string> to_utf8(const PropertyValue& value, uint32_t codepage);

}  // namespace msgforge::msg
