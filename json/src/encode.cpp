// Message -> JSON: the Dumper, behind json::encode and json::value_text.
#include "encodings.hpp"

#include <msgforge/base/base64.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/items.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>

namespace msgforge::json {

namespace {

using detail::DEFAULT_FLAGS;
using detail::Json;

/// The code pages of a PtypString8 value as ObjectBase::decode takes them: `first`, then
/// `second` where `first` is UTF-8 and the bytes are not, then Windows-1252. `build` encodes
/// the text in `first`.
struct Pages {
    uint32_t first;
    uint32_t second;

    static Pages of(const msg::ObjectBase& o, uint16_t id) {
        return {o.string8_codepage(id), o.codepage};
    }
};

/// A dumped value and, when its text form does not give back the stored bytes exactly, those
/// bytes (null otherwise).
struct Dumped {
    Json value;
    Json exact = nullptr;
};

class Dumper {
public:
    explicit Dumper(const Options& options, bool hex = false) : options_(options), hex_(hex) {}

    Json value(const msg::PropertyValue& v, Pages pages) const {
        return std::visit([&](const auto& x) { return any(x, pages).value; }, v.variant());
    }

    Json message(const msg::Message& m, bool top) const {
        Json j = Json::object();
        if (const auto c = m.message_class()) {
            j["message_class"] = *c;
        }
        if (const auto s = m.subject()) {
            j["subject"] = *s;
        }
        if (const auto a = m.sender()) {
            j["sender"] = detail::address_json(*a);
        }
        if (const auto a = m.sent_representing()) {
            j["sent_representing"] = detail::address_json(*a);
        }
        if (const auto view = msg::item_view(m)) {
            j["item"] = detail::item(*view);
        }
        j["codepage"] = m.codepage;
        j["body_codepage"] = m.body_codepage;
        j["storage_clsid"] = m.storage_clsid.to_string();
        j["next_recipient_id"] = m.next_recipient_id;
        j["next_attachment_id"] = m.next_attachment_id;
        const msg::NamedPropertyMap* map = m.named.get();
        if (top) {
            Json keys = Json::array();
            if (map != nullptr) {
                for (const msg::NamedKey& key : map->keys()) {
                    Json k = Json::object();
                    named_key(key, k);
                    keys.push_back(std::move(k));
                }
            }
            j["named_map"] = std::move(keys);
        }
        object(m, map, j);
        Json recipients = Json::array();
        for (const msg::Recipient& r : m.recipients) {
            Json jr = Json::object();
            jr["number"] = r.number;
            if (const msg::Address a = r.address(); !a.address.empty() || !a.name.empty()) {
                jr["address"] = detail::address_json(a);
            }
            object(r, map, jr);
            recipients.push_back(std::move(jr));
        }
        j["recipients"] = std::move(recipients);
        Json attachments = Json::array();
        for (const msg::Attachment& a : m.attachments) {
            Json ja = Json::object();
            ja["number"] = a.number;
            object(a, map, ja);
            if (a.embedded) {
                ja["embedded_message"] = message(*a.embedded, false);
            }
            if (a.object_storage) {
                ja["ole_storage"] = ole_storage(*a.object_storage);
            }
            attachments.push_back(std::move(ja));
        }
        j["attachments"] = std::move(attachments);
        if (top) {
            Json warnings = Json::array();
            for (const auto* list : {&m.container_warnings, &m.warnings}) {
                for (const msg::Warning& w : *list) {
                    warnings.push_back(w.to_string());
                }
            }
            j["warnings"] = std::move(warnings);
        }
        return j;
    }

private:
    static void named_key(const msg::NamedKey& key, Json& j) {
        j["set"] = key.set.to_string();
        if (const auto set_name = msg::property_set_name(key.set)) {
            j["set_name"] = std::string(*set_name);
        }
        if (const auto* lid = std::get_if<uint32_t>(&key.name)) {
            j["lid"] = *lid;
        } else {
            j["name"] = utf16_to_utf8(std::get<std::u16string>(key.name));
        }
    }

    Json blob(std::span<const uint8_t> bytes) const {
        if (hex_) {
            constexpr size_t shown = 64;
            std::string text = "hex:";
            const size_t n = options_.full ? bytes.size() : std::min(bytes.size(), shown);
            for (size_t i = 0; i < n; ++i) {
                text += "0123456789ABCDEF"[bytes[i] >> 4];
                text += "0123456789ABCDEF"[bytes[i] & 0xF];
            }
            if (n < bytes.size()) {
                text += "... (" + std::to_string(bytes.size()) + " bytes)";
            }
            return text;
        }
        if (bytes.size() > INLINE_LIMIT && !options_.full) {
            return Json{{"size", bytes.size()}, {"sha256", Sha256::hex(bytes)}};
        }
        return base64_encode(bytes);
    }

    static Json time(FileTime t) {
        const std::string iso = t.to_iso();
        if (FileTime::parse(iso) == t) {
            return iso;
        }
        return Json{{"ticks", t.ticks}};
    }

    static Json real(double v) {
        if (std::isfinite(v)) {
            return v;
        }
        return Json{{"bits", hex(std::bit_cast<uint64_t>(v))}};
    }

    static Json real(float v) {
        if (std::isfinite(v)) {
            return static_cast<double>(v);
        }
        return Json{{"bits", hex(std::bit_cast<uint32_t>(v))}};
    }

    Json scalar(int16_t v) const { return v; }

    Json scalar(int32_t v) const { return v; }

    Json scalar(int64_t v) const { return v; }

    Json scalar(bool v) const { return v; }

    Json scalar(float v) const { return real(v); }

    Json scalar(double v) const { return real(v); }

    Json scalar(const msg::Currency& v) const { return v.scaled; }

    Json scalar(const msg::FloatingTime& v) const { return real(v.days); }

    Json scalar(const msg::ErrorCode& v) const { return v.code; }

    Json scalar(const FileTime& v) const { return time(v); }

    Json scalar(const Guid& v) const { return v.to_string(); }

    Json scalar(const msg::ServerId& v) const { return blob(v.bytes.span()); }

    Json scalar(const cfb::Blob& v) const { return blob(v.span()); }

    Json scalar(const msg::ObjectRef&) const { return nullptr; }

    Json scalar(const msg::RawValue& v) const { return blob(v.bytes.span()); }

    static Dumped text(const msg::String8& s, Pages pages) {
        std::string utf8;
        for (const uint32_t cp : {pages.first, pages.second, msg::CP_WINDOWS_1252}) {
            if (auto decoded = msg::decode_codepage(s.bytes, cp)) {
                utf8 = std::move(*decoded);
                break;
            }
        }
        if (msg::encode_codepage(utf8, pages.first) == s.bytes) {
            return {utf8};
        }
        return {utf8, base64_encode(as_bytes(s.bytes))};
    }

    static Dumped text(const std::u16string& s, Pages) {
        const std::string utf8 = utf16_to_utf8(s);
        if (utf8_to_utf16(utf8) == s) {
            return {utf8};
        }
        return {utf8, base64_encode(detail::utf16le_bytes(s))};
    }

    template <typename T>
    Dumped any(const T& v, Pages pages) const {
        if constexpr (std::is_same_v<T, msg::String8> || std::is_same_v<T, std::u16string>) {
            return text(v, pages);
        } else if constexpr (requires {
                                 typename T::value_type;
                                 v.begin();
                             }
                             && !std::is_same_v<T, cfb::Blob>) {
            Dumped out{Json::array(), nullptr};
            Json exact = Json::array();
            bool needed = false;
            for (const auto& item : v) {
                Dumped d = any(item, pages);
                needed = needed || !d.exact.is_null();
                out.value.push_back(std::move(d.value));
                exact.push_back(std::move(d.exact));
            }
            if (needed) {
                out.exact = std::move(exact);
            }
            return out;
        } else {
            return {scalar(v)};
        }
    }

    Json property(const msg::Property& p, Pages pages, const msg::NamedKey* key) const {
        Json j = Json::object();
        j["tag"] = p.tag.to_string();
        if (key != nullptr) {
            named_key(*key, j);
            const std::optional<std::string_view> canonical =
                key->is_lid() ? msg::lid_name(key->set, std::get<uint32_t>(key->name))
                              : msg::named_name(key->set, std::get<std::u16string>(key->name));
            if (canonical) {
                j["canonical_name"] = std::string(*canonical);
            }
        } else if (const auto name = msg::tag_name(p.tag)) {
            j["name"] = std::string(*name);
        }
        j["type"] = msg::type_name(p.tag.type);
        if (p.flags != DEFAULT_FLAGS) {
            j["flags"] = p.flags;
        }
        if (const auto* raw = p.value.as<msg::RawValue>()) {
            j["raw"] = true;
            j["inline"] = raw->inline_slot;
        }
        Dumped d = std::visit([&](const auto& v) { return any(v, pages); }, p.value.variant());
        j["value"] = std::move(d.value);
        if (!d.exact.is_null()) {
            j["bytes_base64"] = std::move(d.exact);
        }
        return j;
    }

    void object(const msg::ObjectBase& o, const msg::NamedPropertyMap* map, Json& j) const {
        Json props = Json::array();
        Json named = Json::array();
        for (const msg::Property& p : o.properties) {
            const msg::NamedKey* key =
                p.tag.is_named() && map != nullptr ? map->key_for(p.tag.id) : nullptr;
            (key != nullptr ? named : props).push_back(property(p, Pages::of(o, p.tag.id), key));
        }
        j["properties"] = std::move(props);
        if (!named.empty()) {
            j["named_properties"] = std::move(named);
        }
        if (!o.unknown_children.empty()) {
            Json entries = Json::array();
            for (const cfb::Node& child : o.unknown_children) {
                node(child, "", entries);
            }
            j["unknown_children"] = std::move(entries);
        }
    }

    static void node_header(const cfb::Node& n, Json& j) {
        if (!n.clsid.is_null()) {
            j["clsid"] = n.clsid.to_string();
        }
        if (n.state_bits != 0) {
            j["state_bits"] = n.state_bits;
        }
        if (!n.created.is_zero()) {
            j["created"] = time(n.created);
        }
        if (!n.modified.is_zero()) {
            j["modified"] = time(n.modified);
        }
    }

    void node(const cfb::Node& n, const std::string& parent, Json& out) const {
        const std::string path = parent.empty() ? n.utf8_name() : parent + "/" + n.utf8_name();
        Json j = Json::object();
        j["path"] = path;
        j["type"] = n.is_storage() ? "storage" : "stream";
        node_header(n, j);
        if (!n.is_storage()) {
            j["size"] = n.data.size();
            if (n.data.size() > INLINE_LIMIT && !options_.full) {
                j["sha256"] = Sha256::hex(n.data.span());
            } else {
                j["data"] = base64_encode(n.data.span());
            }
        }
        out.push_back(std::move(j));
        for (const cfb::Node& child : n.children) {
            node(child, path, out);
        }
    }

    Json ole_storage(const cfb::Node& n) const {
        Json j = Json::object();
        node_header(n, j);
        Json entries = Json::array();
        for (const cfb::Node& child : n.children) {
            node(child, "", entries);
        }
        j["entries"] = std::move(entries);
        return j;
    }

    Options options_;
    bool hex_;
};

}  // namespace

std::string encode(const msg::Message& message, const Options& options) {
    const Json j = Dumper(options).message(message, !message.is_embedded);
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
}

std::string value_text(const msg::PropertyValue& value, const msg::ObjectBase& object, uint16_t id,
                       const Options& options) {
    return Dumper(options, true)
        .value(value, Pages::of(object, id))
        .dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace msgforge::json
