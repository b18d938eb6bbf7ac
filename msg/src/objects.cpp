// The accessors of messages, recipients and attachments, and the code pages their 8-bit strings
// are read in (MS-OXCMSG 2.2.1.4, 2.2.1.5).
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>

namespace msgforge::msg {

using enum PropertyType;

std::optional<std::string> to_utf8(const PropertyValue& value, uint32_t codepage) {
    if (const auto* s = value.as<std::u16string>()) {
        return utf16_to_utf8(*s);
    }
    if (const auto* s = value.as<String8>()) {
        if (auto decoded = decode_codepage(s->bytes, codepage)) {
            return decoded;
        }
        return decode_codepage(s->bytes, CP_WINDOWS_1252);
    }
    return std::nullopt;
}

Codepages codepages_of(const PropertyBag& properties, uint32_t inherited) {
    Codepages pages;
    const auto integer = [&](uint16_t id) -> std::optional<uint32_t> {
        const auto* v = properties.get_as<int32_t>(PropertyTag{id, PtypInteger32});
        if (v == nullptr || *v <= 0) {
            return std::nullopt;
        }
        return static_cast<uint32_t>(*v);
    };
    // A candidate msgforge can decode is taken; one it cannot is noted and passed over.
    const auto usable = [&](uint32_t codepage) {
        if (iconv_name(codepage)) {
            return true;
        }
        if (std::find(pages.unknown.begin(), pages.unknown.end(), codepage)
            == pages.unknown.end()) {
            pages.unknown.push_back(codepage);
        }
        return false;
    };
    std::vector<uint32_t> candidates;
    if (const auto cp = integer(tags::PidTagMessageCodepage.id)) {
        candidates.push_back(ansi_codepage(*cp));
    }
    if (const auto lcid = integer(tags::PidTagMessageLocaleId.id)) {
        if (const auto cp = lcid_ansi_codepage(*lcid)) {
            candidates.push_back(*cp);
        }
    }
    const auto internet = integer(tags::PidTagInternetCodepage.id);
    if (internet && !is_unicode_codepage(*internet)) {
        candidates.push_back(ansi_codepage(*internet));
    }
    pages.strings = inherited;
    for (const uint32_t cp : candidates) {
        if (usable(cp)) {
            pages.strings = cp;
            break;
        }
    }
    pages.bodies = internet && usable(*internet) ? *internet : pages.strings;
    return pages;
}

uint32_t ObjectBase::string8_codepage(uint16_t id) const {
    return id == tags::PidTagBody.id || id == tags::PidTagBodyHtml.id ? ansi_codepage(body_codepage)
                                                                      : codepage;
}

std::string ObjectBase::decode(uint16_t id, const String8& value) const {
    if (auto text = decode_codepage(value.bytes, string8_codepage(id))) {
        return std::move(*text);
    }
    if (auto text = decode_codepage(value.bytes, codepage)) {
        return std::move(*text);
    }
    return decode_codepage(value.bytes, CP_WINDOWS_1252).value_or(std::string());
}

std::optional<std::string> ObjectBase::string(uint16_t id) const {
    if (const auto* v = properties.get(PropertyTag{id, PtypString})) {
        return to_utf8(*v, codepage);
    }
    if (const auto* v = properties.get_as<String8>(PropertyTag{id, PtypString8})) {
        return decode(id, *v);
    }
    return std::nullopt;
}

Attachment::Attachment(const Attachment& other)
    : ObjectBase(other),
      number(other.number),
      embedded(other.embedded ? std::make_unique<Message>(*other.embedded) : nullptr),
      object_storage(other.object_storage) {
}

Attachment& Attachment::operator=(const Attachment& other) {
    if (this != &other) {
        Attachment copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Attachment::~Attachment() = default;

uint32_t Attachment::method() const {
    const int32_t* v = properties.get_as(tags::PidTagAttachMethod);
    return v != nullptr ? static_cast<uint32_t>(*v) : 0;
}

std::optional<std::string> Attachment::file_name() const {
    for (const auto tag :
         {tags::PidTagAttachLongFilename, tags::PidTagAttachFilename, tags::PidTagDisplayName}) {
        if (auto s = string(tag); s && !s->empty()) {
            return s;
        }
    }
    return std::nullopt;
}

std::optional<std::string> Attachment::mime_type() const {
    return string(tags::PidTagAttachMimeTag);
}

std::optional<cfb::Blob> Attachment::data() const {
    if (const cfb::Blob* b = properties.get_as(tags::PidTagAttachDataBinary)) {
        return *b;
    }
    return std::nullopt;
}

std::optional<std::string> Message::message_class() const {
    return string(tags::PidTagMessageClass);
}

std::optional<std::string> Message::subject() const {
    return string(tags::PidTagSubject);
}

const NamedKey* Message::named_key(uint16_t id) const {
    return named ? named->key_for(id) : nullptr;
}

const PropertyValue* Message::named_value(const NamedKey& key) const {
    if (!named) {
        return nullptr;
    }
    const auto id = named->id_for(key);
    if (!id) {
        return nullptr;
    }
    const Property* p = properties.find_id(*id);
    return p != nullptr ? &p->value : nullptr;
}

}  // namespace msgforge::msg
