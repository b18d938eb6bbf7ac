// A whole message between Unicode and 8-bit strings (docs/codepages.md, "Writing").
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/convert.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace msgforge::msg {

namespace {

using enum PropertyType;

// Every property of `o` holding a `From` (a PtypString8 or PtypString) or a list of them,
// as a property of type `single` or `multiple` with the same id, each string as `convert`
// makes it of (property, string). Where the object holds the new form already, that value
// is kept; the old form goes either way.
template <typename From, typename Convert>
void convert_strings(ObjectBase& o, PropertyType single, PropertyType multiple, Convert convert) {
    using To = std::invoke_result_t<Convert, const Property&, const From&>;
    std::vector<std::pair<PropertyTag, Property>> converted;  // the old tag, the new property
    for (const Property& p : o.properties) {
        Property q = p;
        if (const auto* s = p.value.as<From>()) {
            q.tag.type = single;
            q.value = convert(p, *s);
        } else if (const auto* v = p.value.as<std::vector<From>>()) {
            std::vector<To> out;
            out.reserve(v->size());
            for (const From& item : *v) {
                out.push_back(convert(p, item));
            }
            q.tag.type = multiple;
            q.value = std::move(out);
        } else {
            continue;
        }
        converted.emplace_back(p.tag, std::move(q));
    }
    for (auto& [old, q] : converted) {
        o.properties.erase(old);
        if (o.properties.find(q.tag) == nullptr) {
            o.properties.set(q.tag, std::move(q.value), q.flags);
        }
    }
}

void object_to_unicode(ObjectBase& o) {
    convert_strings<String8>(o, PtypString, PtypMultipleString,
                             [&](const Property& p, const String8& s) {
                                 return utf8_to_utf16(o.decode(p.tag.id, s)).value_or(u"");
                             });
}

// `s` cut to `width` bytes at a UTF-8 boundary, control characters as spaces, for a message.
std::string quoted_excerpt(const std::string& s, size_t width) {
    size_t end = s.size();
    if (end > width) {
        end = width;
        while (end > 0 && (static_cast<uint8_t>(s[end]) & 0xC0) == 0x80) {
            --end;
        }
    }
    std::string out = s.substr(0, end);
    for (char& c : out) {
        if (static_cast<uint8_t>(c) < 0x20 || c == 0x7F) {
            c = ' ';
        }
    }
    return "\"" + out + (end < s.size() ? "...\"" : "\"");
}

void object_to_ansi(ObjectBase& o, const std::string& where) {
    convert_strings<std::u16string>(
        o, PtypString8, PtypMultipleString8, [&](const Property& p, const std::u16string& s) {
            const uint32_t codepage = o.string8_codepage(p.tag.id);
            const std::string utf8 = utf16_to_utf8(s);
            auto bytes = encode_codepage(utf8, codepage);
            if (!bytes) {
                throw FormatError(Location{"",
                                           where + "property " + p.tag.to_string() + " "
                                               + std::string(tag_name(p.tag).value_or("(unknown)")),
                                           {}},
                                  quoted_excerpt(utf8, 60) + " has a character code page "
                                      + std::to_string(codepage) + " cannot encode");
            }
            return String8{std::move(*bytes)};
        });
}

// Sets or clears STORE_UNICODE_OK in PidTagStoreSupportMask; adds the property when `add`.
void set_unicode_bit(Message& m, bool on, bool add) {
    const Property* p = m.properties.find(tags::PidTagStoreSupportMask);
    if (p == nullptr && !add) {
        return;
    }
    const int32_t* old = p != nullptr ? p->value.as<int32_t>() : nullptr;
    const int32_t bits = old != nullptr ? *old : 0;
    const uint32_t attributes = p != nullptr ? p->flags : PROPATTR_READABLE | PROPATTR_WRITABLE;
    m.properties.set(tags::PidTagStoreSupportMask,
                     on ? bits | flags::STORE_UNICODE_OK : bits & ~flags::STORE_UNICODE_OK,
                     attributes);
}

void message_to_unicode(Message& m, bool top) {
    set_unicode_bit(m, true, top);
    object_to_unicode(m);
    for (Recipient& r : m.recipients) {
        object_to_unicode(r);
    }
    for (Attachment& a : m.attachments) {
        object_to_unicode(a);
        if (a.embedded) {
            message_to_unicode(*a.embedded, false);
        }
    }
}

void message_to_ansi(Message& m, uint32_t codepage, const std::string& where) {
    const Property* cp = m.properties.find(tags::PidTagMessageCodepage);
    m.properties.set(tags::PidTagMessageCodepage, static_cast<int32_t>(codepage),
                     cp != nullptr ? cp->flags : PROPATTR_READABLE | PROPATTR_WRITABLE);
    set_unicode_bit(m, false, false);
    const auto convert = [&](ObjectBase& o, const std::string& w, uint32_t inherited) {
        const Codepages pages = codepages_of(o.properties, inherited);
        o.codepage = pages.strings;
        o.body_codepage = pages.bodies;
        object_to_ansi(o, w);
    };
    convert(m, where, m.codepage);
    for (Recipient& r : m.recipients) {
        convert(r, where + "recipient #" + std::to_string(r.number) + " › ", m.codepage);
    }
    for (Attachment& a : m.attachments) {
        const std::string w = where + "attachment #" + std::to_string(a.number) + " › ";
        convert(a, w, m.codepage);
        if (a.embedded) {
            message_to_ansi(*a.embedded, codepage, w + "embedded message › ");
        }
    }
}

}  // namespace

void to_unicode(Message& m) {
    message_to_unicode(m, true);
}

void to_ansi(Message& m, uint32_t codepage) {
    if (!iconv_name(codepage)) {
        throw UsageError("code page " + std::to_string(codepage) + " is not one msgforge knows");
    }
    if (ansi_codepage(codepage) != codepage) {
        throw UsageError("code page " + std::to_string(codepage)
                         + " is not the one readers use for 8-bit strings; use "
                         + std::to_string(ansi_codepage(codepage)));
    }
    message_to_ansi(m, codepage, "");
}

}  // namespace msgforge::msg
