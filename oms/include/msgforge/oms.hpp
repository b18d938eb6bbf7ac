// SMS and MMS objects (MS-OXOSMMS): building them as .msg messages, reading any SMS or MMS
// message back into a typed view, and validating a message against MS-OXOSMMS.
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::oms {

/// PidNameOMSServiceType (MS-OXOSMMS 2.2.1.3).
enum class ServiceType : int32_t { sms = 1, mms = 4 };

/// PidNameOMSSourceType (MS-OXOSMMS 2.2.1.4).
enum class SourceType : int32_t {
    xms_inspector = 0,
    reminder = 1,
    calendar_summary = 2,
    rule = 3,
    unknown = 4,
};

/// Where the object lives (MS-OXOSMMS 3.1.1.1): Drafts, Sent Items or Inbox.
enum class State { draft, sent, received };

/// "draft", "sent" or "received", as records and the Python package name the states.
std::string_view to_string(State state);

/// A phone: the number (written as a MOBILE address) and an optional display name.
struct Party {
    std::string number;
    std::string name;
    bool operator==(const Party&) const = default;
};

/// What SMS and MMS objects have in common.
struct Envelope {
    /// The other parties (recipients of a sent or draft message; the phone's owner and any
    /// other group members of a received one).
    std::vector<Party> to;
    /// Copy and blind-copy recipients (MMS groups can have them).
    std::vector<Party> cc;
    std::vector<Party> bcc;
    /// The sender: the phone's owner for a sent message, the other party for a received one.
    std::optional<Party> from;
    State state = State::draft;
    /// Submit time (sent) or delivery time (received); required for those states.
    std::optional<FileTime> time;
    /// Received messages only: when the other party sent it (PidTagClientSubmitTime).
    std::optional<FileTime> sent_time;
    /// Received messages only: has the user read it (MSGFLAG_READ)?
    bool read = true;
    /// PidNameOMSScheduleTime: when the send was requested.
    std::optional<FileTime> schedule;
    /// PidNameOMSAccountGuid, "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" with the braces; empty
    /// means none.
    std::string account;
    /// PidNameOMSMobileModel.
    std::string model;
    SourceType source = SourceType::xms_inspector;
    /// PidTagMessageClass; empty means "IPM.Note.Mobile.SMS" / "IPM.Note.Mobile.MMS". A
    /// subclass must start with that class (and a dot, for MMS) and have the form of MS-OXCMSG
    /// 2.2.1.3: printable ASCII, no trailing period, no two periods in a row, fewer than 128
    /// characters.
    std::string message_class;
};

/// An SMS object (MS-OXOSMMS 4.1).
struct Sms {
    Envelope envelope;
    std::string text;
};

/// A media file of an MMS slide, or an extra file of the message.
struct Media {
    std::string file_name;
    std::vector<uint8_t> data;
    /// MIME type; empty means sniffed from the bytes, then from the file name's extension.
    std::string mime_type;
};

/// The charset of an MMS text part unless the caller names another. MS-OXOSMMS 4.2 writes
/// "Unicode" text; labelled "utf-16" and led by a byte-order mark (RFC 2781), any reader finds
/// its byte order.
inline constexpr std::string_view DEFAULT_TEXT_CHARSET = "utf-16";

/// One slide of an MMS: any of text, an image or a video, and audio, shown for `duration_ms`.
struct Slide {
    std::string text;
    std::optional<Media> visual;
    std::optional<Media> audio;
    uint32_t duration_ms = 5000;
    /// The charset the text part is written in and declared with (PidTagTextAttachmentCharset):
    /// a MIME charset name msg::charset_by_name knows ("utf-8", "windows-1251", "shift_jis").
    /// By default (and when empty) "utf-16": a UTF-16LE byte-order mark and UTF-16LE.
    std::string text_charset = std::string(DEFAULT_TEXT_CHARSET);
};

/// An MMS object (MS-OXOSMMS 4.2).
struct Mms {
    Envelope envelope;
    std::string subject;
    std::vector<Slide> slides;
    /// Files sent along that no slide shows (a vCard, a document…).
    std::vector<Media> extra;
};

struct BuildOptions {
    /// Write only the body MS-OXOSMMS 2.2.2.3 asks for (text for SMS, HTML for MMS). By
    /// default both are written, as Outlook 2007 SP1 does.
    bool strict_body = false;
    /// The part after '@' in every Content-ID of an MMS ("AB1B43B2B0594564.B94EF7ABB12B49BA").
    /// Empty: derived from a SHA-256 of the content, so the same MMS gives the same bytes.
    std::string content_id_suffix;
    /// Fill in what Outlook needs (msg::apply_outlook_defaults) after the MS-OXOSMMS
    /// properties. Off only to see the bare properties of the specification.
    bool outlook_defaults = true;
    /// Creation and modification time passed on to msg::apply_outlook_defaults.
    std::optional<FileTime> now;
};

/// Builds the .msg message of an SMS object (an empty text is allowed: phones send them).
/// Throws UsageError for input that cannot make a valid object, so that validate()
/// finds nothing in what it returns: a class outside IPM.Note.Mobile.SMS or not of the form
/// Envelope::message_class gives, an account that is not a GUID in braces, a source type
/// outside SourceType, a sent or received message without time or sender, an empty phone
/// number, malformed UTF-8.
msg::Message build(const Sms& sms, const BuildOptions& options = {});

/// Builds the .msg message of an MMS object: hidden attachments for the SMIL layout, each
/// slide's text (in its text_charset, declared in PidTagTextAttachmentCharset) and media, and
/// the extra files; the HTML body shows the same. Subject properties only when the MMS has a
/// subject (the abbreviation of MS-OXOSMMS 2.2.2.4 is for SMS objects). An MMS without slides
/// or files is allowed (backups keep some without their parts). Throws UsageError
/// for what build(const Sms&) refuses and for a visual that is not an image or a video, audio
/// that is not audio, a Content-ID suffix that is not printable ASCII without space, <, >, @
/// or ", a text_charset msgforge does not know or that cannot encode its text.
msg::Message build(const Mms& mms, const BuildOptions& options = {});

/// The abbreviated form of an SMS text used as PidTagNormalizedSubject (MS-OXOSMMS 2.2.2.4):
/// the first line that is not blank, runs of white space made one space, cut at the last word
/// boundary within 60 characters (code points), or at 60 when the first word is longer.
std::string abbreviate(std::string_view text);

/// A part of an MMS as read back: its attachment and what the SMIL says of it.
struct PartView {
    size_t attachment = 0;  ///< index into Message::attachments
    std::string content_id;
    std::string mime_type;
    std::string file_name;
    bool hidden = false;
};

struct SlideView {
    /// The text of the text part, decoded as its declared charset says (see view()).
    std::string text;
    /// The charset the text part declares (msg::Charset::name: "utf-16", "windows-1251"),
    /// empty when it declares none.
    std::string text_charset;
    std::optional<PartView> text_part;
    std::optional<PartView> visual;
    std::optional<PartView> audio;
    std::optional<uint32_t> duration_ms;
};

/// A typed view of an SMS or MMS message.
struct OmsMessage {
    ServiceType service = ServiceType::sms;
    State state = State::draft;
    std::string message_class;
    std::vector<Party> to;
    std::vector<Party> cc;
    std::vector<Party> bcc;
    std::optional<Party> from;
    std::optional<FileTime> time;
    /// Received messages only: when the other party sent it (PidTagClientSubmitTime), if known.
    std::optional<FileTime> sent_time;
    bool read = false;
    std::optional<FileTime> schedule;
    std::string account;
    std::string model;
    std::optional<int32_t> source;
    std::string subject;
    /// The text: the plain-text body, else the text of the HTML body.
    std::string text;
    std::optional<std::string> html;
    /// MMS only: the slides (from the SMIL when present, else from the attachments in order)
    /// and the parts no slide refers to.
    std::vector<SlideView> slides;
    std::vector<PartView> extra;
    std::optional<PartView> smil;
    /// What reading the slides had to guess or could not decode, one line each naming the
    /// part ("attachment #1 (1.txt): ..."): a text part that declares no charset and is not
    /// plain ASCII, one whose declared charset msgforge does not know, one whose bytes do not
    /// decode in its declared charset.
    std::vector<std::string> warnings;
};

/// The view of `message` if its class is an SMS or MMS class (or, without a class that says
/// so, its PidNameOMSServiceType is 1 or 4); std::nullopt for any other message. A text part
/// is read in the charset it declares: the charset parameter of PidTagAttachMimeTag, else
/// PidTagTextAttachmentCharset, else a byte-order mark (UTF-8, UTF-16LE, UTF-16BE). One that
/// declares none is UTF-8 when it is valid UTF-8 without NUL bytes, else UTF-16LE (what Outlook
/// writes) when it is valid UTF-16LE with NUL bytes or without units text does not hold
/// (controls, private use, noncharacters), else in the message code page, else Windows-1252
/// (docs/mms-text.md). An RTF body beyond msg::Message::max_rtf_output is a LimitError.
std::optional<OmsMessage> view(const msg::Message& message);

enum class Severity { must, should };

/// One departure from MS-OXOSMMS (or from MS-OXMSG underneath it).
struct Finding {
    Severity severity = Severity::must;
    std::string section;  ///< e.g. "MS-OXOSMMS 2.2.1.3"
    std::string message;  ///< e.g. "PidNameOMSServiceType must be 1 or 4, found 2"
};

/// Checks `message` against every MUST and SHOULD of MS-OXOSMMS: class (with the form MS-OXCMSG
/// 2.2.1.3 gives it), service type, source type, content class, account GUID form, icon index,
/// body kind (an MMS's HTML may be encapsulated in the RTF body), normalized subject (an
/// abbreviation of an SMS's text, the subject being prefix and normalized subject), the parts
/// of an MMS (hidden, attached by value, with Content-ID, MIME type and long file name), text
/// parts (their bytes decode in the charset they declare), the SMIL layout (well-formed, every
/// src resolving to an attachment of the kind its element shows), class and service type
/// agreeing, message flags; plus the reader's warnings about the file. String properties may be
/// PtypString8 in an ANSI file (PidTagStoreSupportMask without STORE_UNICODE_OK). An RTF body
/// beyond msg::Message::max_rtf_output is a LimitError.
std::vector<Finding> validate(const msg::Message& message);

/// "MUST" or "SHOULD".
std::string_view to_string(Severity severity);

}  // namespace msgforge::oms
