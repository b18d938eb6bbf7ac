// TNEF streams (MS-OXTNEF 2.1.3): the signature, the legacy key and the attributes, each with
// its level, id, size, data and checksum. The legacy attributes give the message and its
// attachments the properties MS-OXTNEF 2.1.3.3 maps them to; attMsgProps, attRecipTable and
// attAttachment carry MAPI properties, which win over the legacy ones.
#include "tnef_decoder.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::mime {

namespace detail {

TnefContext::TnefContext(std::string source, const TnefOptions& options, uint64_t stream_size)
    : source_(std::move(source)), options_(options) {
    budget_ = options.limits.max_total_bytes;
    if (budget_ == 0) {
        budget_ = msg::DEFAULT_TOTAL_BYTES_RATIO * stream_size + msg::DEFAULT_TOTAL_BYTES_EXTRA;
    }
}

void TnefContext::warn(const std::string& structure, uint64_t offset, const std::string& message) {
    if (options_.strict) {
        throw FormatError(Location{source_, structure, offset}, message);
    }
    warnings_.push_back(msg::Warning{structure, offset, message});
}

void TnefContext::charge(uint64_t n, const ByteReader& at) {
    if (n > budget_) {
        throw LimitError(Location{source_, at.structure(), at.offset()},
                         "decoding " + std::to_string(n)
                             + " more bytes exceeds the limit on bytes decoded from one stream");
    }
    budget_ -= n;
}

}  // namespace detail

namespace {

using detail::TnefContext;
namespace tags = msg::tags;

using namespace att;

/// Level, id and size before the data, checksum after it.
constexpr size_t ATTRIBUTE_OVERHEAD = 1 + 4 + 4 + 2;

struct AttributeName {
    uint32_t id;
    std::string_view name;
};

constexpr std::array<AttributeName, 22> ATTRIBUTE_NAMES = {{
    {attFrom, "attFrom"},
    {attSubject, "attSubject"},
    {attDateSent, "attDateSent"},
    {attDateRecd, "attDateRecd"},
    {attMessageClass, "attMessageClass"},
    {attMessageID, "attMessageID"},
    {attBody, "attBody"},
    {attPriority, "attPriority"},
    {attAttachData, "attAttachData"},
    {attAttachTitle, "attAttachTitle"},
    {attAttachMetaFile, "attAttachMetaFile"},
    {attAttachCreateDate, "attAttachCreateDate"},
    {attAttachModifyDate, "attAttachModifyDate"},
    {attDateModified, "attDateModified"},
    {attAttachTransportFilename, "attAttachTransportFilename"},
    {attAttachRendData, "attAttachRendData"},
    {attMsgProps, "attMsgProps"},
    {attRecipTable, "attRecipTable"},
    {attAttachment, "attAttachment"},
    {attTnefVersion, "attTnefVersion"},
    {attOemCodepage, "attOemCodepage"},
    {attOriginalMessageClass, "attOriginalMessageClass"},
}};

/// "attSubject (0x00018004)", or "attribute 0x12345678" for an id MS-OXTNEF does not name here.
std::string attribute_name(uint32_t id) {
    const std::string digits = hex(id).substr(2);
    const std::string id8 = "0x" + std::string(8 - digits.size(), '0') + digits;
    for (const AttributeName& a : ATTRIBUTE_NAMES) {
        if (a.id == id) {
            return std::string(a.name) + " (" + id8 + ")";
        }
    }
    return "attribute " + id8;
}

/// The message classes of MS Mail that TNEF carries, as MAPI names them (MS-OXTNEF 2.1.3.3.4).
std::string mapi_class(std::string legacy) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> classes = {{
        {"IPM.Microsoft Mail.Note", "IPM.Note"},
        {"IPM.Microsoft Mail.Read Receipt", "Report.IPM.Note.IPNRN"},
        {"IPM.Microsoft Mail.Non-Delivery", "Report.IPM.Note.NDR"},
        {"IPM.Microsoft Schedule.MtgRespP", "IPM.Schedule.Meeting.Resp.Pos"},
        {"IPM.Microsoft Schedule.MtgRespN", "IPM.Schedule.Meeting.Resp.Neg"},
        {"IPM.Microsoft Schedule.MtgRespA", "IPM.Schedule.Meeting.Resp.Tent"},
        {"IPM.Microsoft Schedule.MtgReq", "IPM.Schedule.Meeting.Request"},
        {"IPM.Microsoft Schedule.MtgCncl", "IPM.Schedule.Meeting.Canceled"},
    }};
    for (const auto& [from, to] : classes) {
        if (legacy == from) {
            return std::string(to);
        }
    }
    return legacy;
}

/// What one stream decodes into: the message, and the properties the legacy attributes give
/// the message and each attachment, kept apart until the end so that MAPI properties win
/// whatever the order of the attributes.
class StreamReader {
public:
    StreamReader(TnefContext& context, msg::Message& message, uint32_t depth)
        : context_(context), message_(message), depth_(depth) {}

    void read(ByteReader& r);

private:
    void attribute(uint8_t level, uint32_t id, ByteReader& data);
    void message_attribute(uint32_t id, ByteReader& data);
    void attachment_attribute(uint32_t id, ByteReader& data);
    void property_list(ByteReader& data, msg::ObjectBase& object, msg::Attachment* attachment);
    msg::Attachment& start_attachment(const ByteReader& data);
    msg::Attachment& current_attachment(const ByteReader& data);
    std::string text(std::span<const uint8_t> bytes, const ByteReader& data);
    void set_text(msg::PropertyBag& bag, msg::TypedTag<msg::PropertyType::PtypString> tag,
                  const std::string& utf8);
    std::optional<FileTime> date(ByteReader& data);
    void sender(ByteReader& data);
    void finish();

    TnefContext& context_;
    msg::Message& message_;
    uint32_t depth_;
    uint32_t oem_codepage_ = msg::CP_WINDOWS_1252;
    msg::PropertyBag legacy_;
    std::vector<msg::PropertyBag> attachment_legacy_;
};

void StreamReader::read(ByteReader& r) {
    const uint32_t signature = r.u32();
    if (signature != TNEF_SIGNATURE) {
        throw FormatError(
            Location{context_.source(), r.structure(), 0},
            "signature " + hex(signature) + " is not TNEF's (" + hex(TNEF_SIGNATURE) + ")");
    }
    r.u16();  // the legacy key, an attachment reference MS-OXTNEF 2.1.3.1 leaves unused
    uint32_t count = 0;
    while (r.remaining() > 0) {
        const uint64_t at = r.offset();
        if (r.remaining() < ATTRIBUTE_OVERHEAD) {
            context_.warn(
                r.structure(), at,
                std::to_string(r.remaining()) + " bytes after the last attribute are ignored");
            break;
        }
        const uint8_t level = r.u8();
        const uint32_t id = r.u32();
        const uint32_t size = r.u32();
        if (level != LVL_MESSAGE && level != LVL_ATTACHMENT) {
            context_.warn(r.structure(), at,
                          "attribute level " + std::to_string(level)
                              + " is neither message (1) nor attachment (2): the "
                              + std::to_string(r.remaining() + 9) + " bytes left are ignored");
            break;
        }
        if (size > r.remaining() - 2) {
            context_.warn(r.structure(), at,
                          attribute_name(id) + " declares " + std::to_string(size) + " bytes, "
                              + std::to_string(r.remaining() - 2)
                              + " are left: it and the rest of the stream are ignored");
            break;
        }
        if (++count > context_.options().max_attributes) {
            throw LimitError(Location{context_.source(), r.structure(), at},
                             "more attributes than the limit of "
                                 + std::to_string(context_.options().max_attributes));
        }
        ByteReader data = r.sub(size, attribute_name(id));
        uint32_t sum = 0;
        for (const uint8_t b : data.bytes(size)) {
            sum += b;
        }
        data.seek(0);
        const uint16_t checksum = r.u16();
        if (checksum != static_cast<uint16_t>(sum)) {
            context_.warn(data.structure(), at,
                          "checksum " + hex(checksum) + ", the data sums to "
                              + hex(static_cast<uint16_t>(sum)) + "; the attribute is kept");
        }
        attribute(level, id, data);
    }
    finish();
}

void StreamReader::attribute(uint8_t level, uint32_t id, ByteReader& data) {
    try {
        if (level == LVL_MESSAGE) {
            message_attribute(id, data);
        } else {
            attachment_attribute(id, data);
        }
    } catch (const LimitError&) {
        throw;
    } catch (const FormatError& e) {
        if (context_.options().strict) {
            throw;
        }
        context_.warn(e.location().structure, e.location().offset.value_or(data.offset()),
                      e.detail() + "; what came before in the attribute is kept");
    }
}

void StreamReader::message_attribute(uint32_t id, ByteReader& data) {
    switch (id) {
        case attFrom:
            sender(data);
            break;
        case attSubject:
            set_text(legacy_, tags::PidTagSubject, text(data.bytes(data.remaining()), data));
            break;
        case attBody:
            set_text(legacy_, tags::PidTagBody, text(data.bytes(data.remaining()), data));
            break;
        case attMessageClass:
            set_text(legacy_, tags::PidTagMessageClass,
                     mapi_class(text(data.bytes(data.remaining()), data)));
            break;
        case attOriginalMessageClass:
            set_text(legacy_, tags::PidTagOriginalMessageClass,
                     mapi_class(text(data.bytes(data.remaining()), data)));
            break;
        case attDateSent:
            if (const auto t = date(data)) {
                legacy_.set(tags::PidTagClientSubmitTime, *t);
            }
            break;
        case attDateRecd:
            if (const auto t = date(data)) {
                legacy_.set(tags::PidTagMessageDeliveryTime, *t);
            }
            break;
        case attDateModified:
            if (const auto t = date(data)) {
                legacy_.set(tags::PidTagLastModificationTime, *t);
            }
            break;
        case attMessageID: {
            // Hexadecimal digits, two per byte of PidTagSearchKey (MS-OXTNEF 2.1.3.3.6).
            const std::string digits = text(data.bytes(data.remaining()), data);
            std::vector<uint8_t> key;
            for (size_t i = 0; i + 1 < digits.size(); i += 2) {
                const int hi = hex_digit_value(digits[i]);
                const int lo = hex_digit_value(digits[i + 1]);
                if (hi < 0 || lo < 0) {
                    data.fail("'" + digits + "' is not hexadecimal");
                }
                key.push_back(static_cast<uint8_t>(hi * 16 + lo));
            }
            legacy_.set(tags::PidTagSearchKey, cfb::Blob::owned(std::move(key)));
            break;
        }
        case attPriority: {
            // prioHigh 1, prioNorm 2, prioLow 3 become PidTagImportance 2, 1, 0.
            const uint16_t priority = data.u16();
            if (priority < 1 || priority > 3) {
                data.fail("priority " + std::to_string(priority) + " (1 to 3 expected)");
            }
            legacy_.set(tags::PidTagImportance, static_cast<int32_t>(3 - priority));
            break;
        }
        case attOemCodepage:
            // The code page of every 8-bit string of the stream, the MAPI ones too.
            oem_codepage_ = data.u32();
            legacy_.set(tags::PidTagMessageCodepage, static_cast<int32_t>(oem_codepage_));
            break;
        case attMsgProps:
            property_list(data, message_, nullptr);
            break;
        case attRecipTable:
            detail::read_recipient_table(context_, data, message_, depth_);
            break;
        default:
            // attTnefVersion, the scheduling and status attributes MAPI properties repeat.
            break;
    }
}

msg::Attachment& StreamReader::start_attachment(const ByteReader& data) {
    if (message_.attachments.size() >= context_.options().limits.max_attachments) {
        throw LimitError(Location{context_.source(), data.structure(), data.offset()},
                         "more attachments than the limit of "
                             + std::to_string(context_.options().limits.max_attachments));
    }
    msg::Attachment& a = message_.attachments.emplace_back();
    a.number = static_cast<uint32_t>(message_.attachments.size() - 1);
    attachment_legacy_.emplace_back().set(tags::PidTagAttachMethod, msg::flags::afByValue);
    return a;
}

msg::Attachment& StreamReader::current_attachment(const ByteReader& data) {
    if (message_.attachments.empty()) {
        context_.warn(data.structure(), data.offset(),
                      "an attachment attribute before attAttachRendData starts an attachment");
        return start_attachment(data);
    }
    return message_.attachments.back();
}

void StreamReader::attachment_attribute(uint32_t id, ByteReader& data) {
    if (id == attAttachRendData) {
        start_attachment(data);
        if (data.remaining() >= 6) {
            data.u16();  // AttachType: a file or an OLE object; the MAPI method says which
            attachment_legacy_.back().set(tags::PidTagRenderingPosition, data.i32());
        }
        return;
    }
    msg::Attachment& a = current_attachment(data);
    msg::PropertyBag& legacy = attachment_legacy_.back();
    switch (id) {
        case attAttachTitle:
            set_text(legacy, tags::PidTagAttachFilename, text(data.bytes(data.remaining()), data));
            break;
        case attAttachTransportFilename:
            set_text(legacy, tags::PidTagAttachTransportName,
                     text(data.bytes(data.remaining()), data));
            break;
        case attAttachData: {
            const auto bytes = data.bytes(data.remaining());
            context_.charge(bytes.size(), data);
            legacy.set(tags::PidTagAttachDataBinary,
                       cfb::Blob::owned({bytes.begin(), bytes.end()}));
            break;
        }
        case attAttachCreateDate:
            if (const auto t = date(data)) {
                legacy.set(tags::PidTagCreationTime, *t);
            }
            break;
        case attAttachModifyDate:
            if (const auto t = date(data)) {
                legacy.set(tags::PidTagLastModificationTime, *t);
            }
            break;
        case attAttachment:
            property_list(data, a, &a);
            break;
        default:
            // attAttachMetaFile: the icon Outlook draws for the attachment, not kept.
            break;
    }
}

void StreamReader::property_list(ByteReader& data, msg::ObjectBase& object,
                                 msg::Attachment* attachment) {
    detail::read_property_list(context_, data, message_, object, attachment, depth_);
}

/// A legacy string: up to its first NUL, in the stream's OEM code page (attOemCodepage).
std::string StreamReader::text(std::span<const uint8_t> bytes, const ByteReader& data) {
    std::string_view chars = as_chars(bytes);
    chars = chars.substr(0, chars.find('\0'));
    context_.charge(chars.size(), data);
    if (auto utf8 = msg::decode_codepage(chars, oem_codepage_)) {
        return std::move(*utf8);
    }
    context_.warn(data.structure(), data.offset(),
                  "code page " + std::to_string(oem_codepage_)
                      + " cannot be decoded; the text is read as Windows-1252");
    oem_codepage_ = msg::CP_WINDOWS_1252;
    return msg::decode_codepage(chars, msg::CP_WINDOWS_1252).value_or(std::string());
}

void StreamReader::set_text(msg::PropertyBag& bag, msg::TypedTag<msg::PropertyType::PtypString> tag,
                            const std::string& utf8) {
    bag.set(tag, utf8_to_utf16(utf8).value_or(std::u16string()));
}

/// A legacy date (MS-OXTNEF 2.1.3.3.2: year, month, day, hour, minute, second, day of the
/// week, 16 bits each), taken as UTC. nullopt, with a warning, for one that is no date.
std::optional<FileTime> StreamReader::date(ByteReader& data) {
    const uint64_t at = data.offset();
    std::array<uint16_t, 6> f{};
    for (uint16_t& v : f) {
        v = data.u16();
    }
    using namespace std::chrono;
    // std::chrono::year holds a short: check the range of a FILETIME's years first.
    const bool in_range = f[0] >= 1601 && f[0] <= 30827;
    const year_month_day ymd{year{in_range ? f[0] : 2000}, month{f[1]}, day{f[2]}};
    if (!in_range || !ymd.ok() || f[3] > 23 || f[4] > 59 || f[5] > 60) {
        context_.warn(data.structure(), at,
                      "date " + std::to_string(f[0]) + "-" + std::to_string(f[1]) + "-"
                          + std::to_string(f[2]) + " " + std::to_string(f[3]) + ":"
                          + std::to_string(f[4]) + ":" + std::to_string(f[5])
                          + " is not a date; it is left out");
        return std::nullopt;
    }
    const auto seconds =
        sys_days{ymd}.time_since_epoch() + hours{f[3]} + minutes{f[4]} + std::chrono::seconds{f[5]};
    return FileTime::from_unix_seconds(duration_cast<std::chrono::seconds>(seconds).count());
}

/// attFrom (MS-OXTNEF 2.1.3.3.1): a TRP header (id, size, name size, address size), the
/// NUL-terminated display name, then "TYPE:address".
void StreamReader::sender(ByteReader& data) {
    data.u16();  // trpidOneOff
    data.u16();  // the size of what follows the header
    const uint16_t name_size = data.u16();
    const uint16_t address_size = data.u16();
    const std::string name = text(data.bytes(name_size), data);
    const std::string typed = text(data.bytes(address_size), data);
    const size_t colon = typed.find(':');
    set_text(legacy_, tags::PidTagSenderName, name);
    if (colon == std::string::npos) {
        set_text(legacy_, tags::PidTagSenderEmailAddress, typed);
    } else {
        set_text(legacy_, tags::PidTagSenderAddressType, typed.substr(0, colon));
        set_text(legacy_, tags::PidTagSenderEmailAddress, typed.substr(colon + 1));
    }
}

void merge(msg::ObjectBase& object, const msg::PropertyBag& legacy) {
    for (const msg::Property& p : legacy) {
        if (object.properties.find_id(p.tag) == nullptr) {
            object.properties.set(p.tag, p.value);
        }
    }
}

void StreamReader::finish() {
    merge(message_, legacy_);
    const msg::Codepages pages = msg::codepages_of(message_.properties, msg::CP_WINDOWS_1252);
    message_.codepage = pages.strings;
    message_.body_codepage = pages.bodies;
    for (msg::Recipient& r : message_.recipients) {
        const msg::Codepages own = msg::codepages_of(r.properties, pages.strings);
        r.codepage = own.strings;
        r.body_codepage = own.bodies;
    }
    for (size_t i = 0; i < message_.attachments.size(); ++i) {
        msg::Attachment& a = message_.attachments[i];
        merge(a, attachment_legacy_[i]);
        const msg::Codepages own = msg::codepages_of(a.properties, pages.strings);
        a.codepage = own.strings;
        a.body_codepage = own.bodies;
    }
}

}  // namespace

namespace detail {

void read_tnef_stream(TnefContext& context, ByteReader& r, msg::Message& message, uint32_t depth) {
    StreamReader(context, message, depth).read(r);
}

}  // namespace detail

bool is_tnef(std::span<const uint8_t> bytes) {
    return bytes.size() >= 4 && load_u32(bytes.data()) == TNEF_SIGNATURE;
}

TnefResult from_tnef(std::span<const uint8_t> bytes, std::string_view source_name,
                     const TnefOptions& options) {
    TnefContext context(std::string(source_name), options, bytes.size());
    TnefResult result;
    result.message.max_rtf_output = options.limits.max_rtf_output;
    try {
        ByteReader r(bytes, "TNEF stream");
        detail::read_tnef_stream(context, r, result.message, 0);
    } catch (Error& e) {
        e.set_file(std::string(source_name));
        throw;
    }
    result.warnings = context.take_warnings();
    return result;
}

}  // namespace msgforge::mime
