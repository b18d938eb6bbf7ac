#include <msgforge/base/base64.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/tags.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace msgforge::json {

namespace {

using Json = nlohmann::ordered_json;
using msg::PropertyType;

constexpr uint32_t DEFAULT_FLAGS = msg::PROPATTR_READABLE | msg::PROPATTR_WRITABLE;
constexpr size_t MAX_PATH_DEPTH = 128;

// ---------------------------------------------------------------------------------------------
// Encodings shared by both directions.

std::vector<uint8_t> utf16le_bytes(std::u16string_view s) {
    std::vector<uint8_t> out;
    out.reserve(s.size() * 2);
    for (const char16_t c : s) {
        out.push_back(static_cast<uint8_t>(c & 0xFF));
        out.push_back(static_cast<uint8_t>(c >> 8));
    }
    return out;
}

/// "PtypString", or "Ptyp0x1234" for a code MS-OXCDATA does not define.
std::optional<PropertyType> parse_type(std::string_view name) {
    if (const auto t = msg::type_from_name(name)) {
        return t;
    }
    if (name.size() == 10 && name.starts_with("Ptyp0x")) {
        uint16_t v = 0;
        for (const char c : name.substr(6)) {
            const size_t digit = std::string_view("0123456789ABCDEF").find(c);
            if (digit == std::string_view::npos) {
                return std::nullopt;
            }
            v = static_cast<uint16_t>(v * 16 + digit);
        }
        return static_cast<PropertyType>(v);
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Message -> JSON.

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
            for (const msg::Warning& w : m.warnings) {
                warnings.push_back(w.to_string());
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
        return {utf8, base64_encode(utf16le_bytes(s))};
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

// ---------------------------------------------------------------------------------------------
// JSON -> Message.

std::string index_path(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

std::string member_path(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

/// A property entry whose tag is known and whose value is still to be built.
struct Pending {
    msg::PropertyTag tag;
    uint32_t flags = DEFAULT_FLAGS;
    const Json* entry = nullptr;
    std::string path;
};

class Builder {
public:
    explicit Builder(std::string file) : file_(std::move(file)) {}

    msg::Message top(const Json& j) {
        expect_object(j, "");
        named_ = std::make_shared<msg::NamedPropertyMap>();
        if (const Json* keys = member(j, "named_map")) {
            expect_array(*keys, "named_map");
            for (size_t i = 0; i < keys->size(); ++i) {
                const std::string path = index_path("named_map", i);
                expect_object((*keys)[i], path);
                named_->append(named_key((*keys)[i], path, false));
            }
        }
        return message(j, "", msg::CP_WINDOWS_1252, 0);
    }

private:
    [[noreturn]] void fail(const std::string& path, const std::string& detail) const {
        throw FormatError(Location{file_, path.empty() ? "JSON" : path, {}}, detail);
    }

    static const Json* member(const Json& obj, std::string_view key) {
        const auto it = obj.find(key);
        return it == obj.end() ? nullptr : &*it;
    }

    const Json& required(const Json& obj, std::string_view key, const std::string& path) const {
        const Json* v = member(obj, key);
        if (v == nullptr) {
            fail(path, "missing \"" + std::string(key) + "\"");
        }
        return *v;
    }

    void expect_object(const Json& j, const std::string& path) const {
        if (!j.is_object()) {
            fail(path, "expected an object");
        }
    }

    void expect_array(const Json& j, const std::string& path) const {
        if (!j.is_array()) {
            fail(path, "expected an array");
        }
    }

    const std::string& string(const Json& j, const std::string& path) const {
        if (!j.is_string()) {
            fail(path, "expected a string");
        }
        return j.get_ref<const std::string&>();
    }

    /// An integer (or a "0x…" hex string) as its 64-bit pattern, checked against [min, max]
    /// where max may exceed INT64_MAX (then negative inputs are refused below `min`).
    uint64_t integer(const Json& j, const std::string& path, int64_t min, uint64_t max,
                     const std::string& what) const {
        const std::string expected = "expected an integer for " + what;
        if (j.is_string()) {
            const std::string& s = j.get_ref<const std::string&>();
            if (s.size() < 3 || s.size() > 18 || !(s.starts_with("0x") || s.starts_with("0X"))) {
                fail(path, expected);
            }
            uint64_t v = 0;
            for (const char c : s.substr(2)) {
                const size_t digit = std::string_view("0123456789abcdef0123456789ABCDEF").find(c);
                if (digit == std::string_view::npos) {
                    fail(path, expected);
                }
                v = v * 16 + digit % 16;
            }
            if (v > max) {
                fail(path, s + " is out of range for " + what);
            }
            return v;
        }
        if (j.is_number_unsigned()) {
            const auto v = j.get<uint64_t>();
            if (v > max) {
                fail(path, std::to_string(v) + " is out of range for " + what);
            }
            return v;
        }
        if (j.is_number_integer()) {
            const auto v = j.get<int64_t>();
            if (v < min) {
                fail(path, std::to_string(v) + " is out of range for " + what);
            }
            return static_cast<uint64_t>(v);
        }
        fail(path, expected);
    }

    double real(const Json& j, const std::string& path, const std::string& what,
                bool single) const {
        if (j.is_number()) {
            return j.get<double>();
        }
        if (j.is_object() && j.size() == 1 && j.contains("bits")) {
            const std::string p = member_path(path, "bits");
            if (single) {
                const auto bits = static_cast<uint32_t>(integer(j["bits"], p, 0, UINT32_MAX, what));
                return static_cast<double>(std::bit_cast<float>(bits));
            }
            return std::bit_cast<double>(integer(j["bits"], p, 0, UINT64_MAX, what));
        }
        fail(path, "expected a number (or {\"bits\": \"0x…\"}) for " + what);
    }

    FileTime time(const Json& j, const std::string& path) const {
        if (j.is_string()) {
            if (const auto t = FileTime::parse(j.get_ref<const std::string&>())) {
                return *t;
            }
        } else if (j.is_object() && j.size() == 1 && j.contains("ticks")) {
            return FileTime{
                integer(j["ticks"], member_path(path, "ticks"), 0, UINT64_MAX, "FILETIME ticks")};
        }
        fail(path,
             "expected an ISO 8601 UTC time such as \"2024-05-01T09:30:00.0000000Z\" (or "
             "{\"ticks\": N}) for PtypTime");
    }

    Guid guid(const Json& j, const std::string& path) const {
        if (j.is_string()) {
            if (const auto g = Guid::parse(j.get_ref<const std::string&>())) {
                return *g;
            }
        }
        fail(path, "expected a GUID such as \"{00020329-0000-0000-C000-000000000046}\"");
    }

    std::vector<uint8_t> bytes(const Json& j, const std::string& path) const {
        if (j.is_object() && j.contains("sha256")) {
            fail(path,
                 "holds only the size and SHA-256 of a value larger than 64 KB; dump with "
                 "--full to get its bytes");
        }
        if (j.is_string()) {
            if (auto b = base64_decode(j.get_ref<const std::string&>())) {
                return std::move(*b);
            }
        }
        fail(path, "expected base64 bytes");
    }

    cfb::Blob blob(const Json& j, const std::string& path) const {
        return cfb::Blob::owned(bytes(j, path));
    }

    template <typename T>
    T scalar(const Json& j, const std::string& path, PropertyType type, uint32_t codepage,
             const Json* exact) const {
        const std::string what = msg::type_name(type);
        if constexpr (std::is_same_v<T, int16_t>) {
            return static_cast<int16_t>(integer(j, path, INT16_MIN, UINT16_MAX, what));
        } else if constexpr (std::is_same_v<T, int32_t>) {
            return static_cast<int32_t>(integer(j, path, INT32_MIN, UINT32_MAX, what));
        } else if constexpr (std::is_same_v<T, int64_t>) {
            return static_cast<int64_t>(integer(j, path, INT64_MIN, UINT64_MAX, what));
        } else if constexpr (std::is_same_v<T, msg::Currency>) {
            return msg::Currency{
                static_cast<int64_t>(integer(j, path, INT64_MIN, INT64_MAX, what))};
        } else if constexpr (std::is_same_v<T, msg::ErrorCode>) {
            return msg::ErrorCode{static_cast<uint32_t>(integer(j, path, 0, UINT32_MAX, what))};
        } else if constexpr (std::is_same_v<T, bool>) {
            if (!j.is_boolean()) {
                fail(path, "expected true or false for " + what);
            }
            return j.get<bool>();
        } else if constexpr (std::is_same_v<T, float>) {
            const double d = real(j, path, what, true);
            if (std::isfinite(d) && std::abs(d) > double{std::numeric_limits<float>::max()}) {
                fail(path, "out of range for " + what);
            }
            return static_cast<float>(d);
        } else if constexpr (std::is_same_v<T, double>) {
            return real(j, path, what, false);
        } else if constexpr (std::is_same_v<T, msg::FloatingTime>) {
            return msg::FloatingTime{real(j, path, what, false)};
        } else if constexpr (std::is_same_v<T, FileTime>) {
            return time(j, path);
        } else if constexpr (std::is_same_v<T, Guid>) {
            return guid(j, path);
        } else if constexpr (std::is_same_v<T, cfb::Blob>) {
            return blob(j, path);
        } else if constexpr (std::is_same_v<T, msg::ServerId>) {
            return msg::ServerId{blob(j, path)};
        } else if constexpr (std::is_same_v<T, msg::String8>) {
            if (exact != nullptr && !exact->is_null()) {
                const std::vector<uint8_t> b = bytes(*exact, path + " (bytes_base64)");
                return msg::String8{std::string(b.begin(), b.end())};
            }
            const std::string& s = string(j, path);
            auto encoded = msg::encode_codepage(s, codepage);
            if (!encoded) {
                fail(path, "cannot be encoded in code page " + std::to_string(codepage)
                               + " for PtypString8");
            }
            return msg::String8{std::move(*encoded)};
        } else if constexpr (std::is_same_v<T, std::u16string>) {
            if (exact != nullptr && !exact->is_null()) {
                const std::vector<uint8_t> b = bytes(*exact, path + " (bytes_base64)");
                if (b.size() % 2 != 0) {
                    fail(path, "bytes_base64 of a PtypString must hold an even number of bytes");
                }
                std::u16string out;
                for (size_t i = 0; i < b.size(); i += 2) {
                    out += static_cast<char16_t>(b[i] | (b[i + 1] << 8));
                }
                return out;
            }
            const auto s = utf8_to_utf16(string(j, path));
            if (!s) {
                fail(path, "not valid UTF-8");
            }
            return *s;
        }
    }

    template <typename T>
    std::vector<T> multiple(const Json& j, const std::string& path, PropertyType type,
                            uint32_t codepage, const Json* exact) const {
        if (!j.is_array()) {
            fail(path, "expected an array for " + msg::type_name(type));
        }
        if (exact != nullptr && (!exact->is_array() || exact->size() != j.size())) {
            fail(path, "bytes_base64 must be an array as long as the value");
        }
        std::vector<T> out;
        out.reserve(j.size());
        for (size_t i = 0; i < j.size(); ++i) {
            out.push_back(scalar<T>(j[i], index_path(path, i), msg::element_type(type), codepage,
                                    exact != nullptr ? &(*exact)[i] : nullptr));
        }
        return out;
    }

    msg::PropertyValue value(const Pending& p, uint32_t codepage) const {
        const Json& e = *p.entry;
        const std::string path = member_path(p.path, "value");
        const Json* raw = member(e, "raw");
        const PropertyType type = p.tag.type;
        if (raw != nullptr && !(raw->is_boolean())) {
            fail(member_path(p.path, "raw"), "expected true or false");
        }
        const Json null_value = nullptr;
        const Json* vp = member(e, "value");
        const Json& v = vp != nullptr ? *vp : null_value;
        if (raw != nullptr && raw->get<bool>()) {
            const Json* in = member(e, "inline");
            if (in != nullptr && !in->is_boolean()) {
                fail(member_path(p.path, "inline"), "expected true or false");
            }
            return msg::RawValue{type, blob(v, path), in != nullptr && in->get<bool>()};
        }
        const Json* exact = member(e, "bytes_base64");
        using PT = PropertyType;
        switch (type) {
            case PT::PtypInteger16:
                return scalar<int16_t>(v, path, type, codepage, exact);
            case PT::PtypInteger32:
                return scalar<int32_t>(v, path, type, codepage, exact);
            case PT::PtypFloating32:
                return scalar<float>(v, path, type, codepage, exact);
            case PT::PtypFloating64:
                return scalar<double>(v, path, type, codepage, exact);
            case PT::PtypCurrency:
                return scalar<msg::Currency>(v, path, type, codepage, exact);
            case PT::PtypFloatingTime:
                return scalar<msg::FloatingTime>(v, path, type, codepage, exact);
            case PT::PtypErrorCode:
                return scalar<msg::ErrorCode>(v, path, type, codepage, exact);
            case PT::PtypBoolean:
                return scalar<bool>(v, path, type, codepage, exact);
            case PT::PtypInteger64:
                return scalar<int64_t>(v, path, type, codepage, exact);
            case PT::PtypString8:
                return scalar<msg::String8>(v, path, type, codepage, exact);
            case PT::PtypString:
                return scalar<std::u16string>(v, path, type, codepage, exact);
            case PT::PtypTime:
                return scalar<FileTime>(v, path, type, codepage, exact);
            case PT::PtypGuid:
                return scalar<Guid>(v, path, type, codepage, exact);
            case PT::PtypServerId:
                return scalar<msg::ServerId>(v, path, type, codepage, exact);
            case PT::PtypBinary:
                return scalar<cfb::Blob>(v, path, type, codepage, exact);
            case PT::PtypObject:
                if (!v.is_null()) {
                    fail(path,
                         "expected null for PtypObject (the object is the attachment's "
                         "embedded_message or ole_storage)");
                }
                return msg::ObjectRef{};
            case PT::PtypMultipleInteger16:
                return multiple<int16_t>(v, path, type, codepage, exact);
            case PT::PtypMultipleInteger32:
                return multiple<int32_t>(v, path, type, codepage, exact);
            case PT::PtypMultipleFloating32:
                return multiple<float>(v, path, type, codepage, exact);
            case PT::PtypMultipleFloating64:
                return multiple<double>(v, path, type, codepage, exact);
            case PT::PtypMultipleCurrency:
                return multiple<msg::Currency>(v, path, type, codepage, exact);
            case PT::PtypMultipleFloatingTime:
                return multiple<msg::FloatingTime>(v, path, type, codepage, exact);
            case PT::PtypMultipleInteger64:
                return multiple<int64_t>(v, path, type, codepage, exact);
            case PT::PtypMultipleString8:
                return multiple<msg::String8>(v, path, type, codepage, exact);
            case PT::PtypMultipleString:
                return multiple<std::u16string>(v, path, type, codepage, exact);
            case PT::PtypMultipleTime:
                return multiple<FileTime>(v, path, type, codepage, exact);
            case PT::PtypMultipleGuid:
                return multiple<Guid>(v, path, type, codepage, exact);
            case PT::PtypMultipleBinary:
                return multiple<cfb::Blob>(v, path, type, codepage, exact);
            default:
                fail(path, msg::type_name(type)
                               + " has no JSON form; give its bytes in base64 with \"raw\": true");
        }
    }

    PropertyType entry_type(const Json& e, const std::string& path) const {
        const std::string p = member_path(path, "type");
        const std::string& name = string(required(e, "type", path), p);
        if (const auto t = parse_type(name)) {
            return *t;
        }
        fail(p, "unknown property type '" + name
                    + "' (expected a name such as PtypString, or Ptyp0xXXXX)");
    }

    uint32_t flags(const Json& e, const std::string& path) const {
        const Json* f = member(e, "flags");
        return f == nullptr ? DEFAULT_FLAGS
                            : static_cast<uint32_t>(
                                integer(*f, member_path(path, "flags"), 0, UINT32_MAX, "flags"));
    }

    std::optional<msg::PropertyTag> tag_of(const Json& e, const std::string& path) const {
        const Json* t = member(e, "tag");
        if (t == nullptr) {
            return std::nullopt;
        }
        const std::string p = member_path(path, "tag");
        if (const auto tag = msg::PropertyTag::parse(string(*t, p))) {
            return tag;
        }
        fail(p, "expected a property tag such as \"0x0037001F\"");
    }

    /// A plain property entry: "tag", or "name" (a PidTag name) with an optional "type".
    Pending plain(const Json& e, const std::string& path) const {
        expect_object(e, path);
        std::optional<msg::PropertyTag> tag = tag_of(e, path);
        const bool has_type = e.contains("type");
        if (!tag) {
            const Json* n = member(e, "name");
            if (n == nullptr) {
                fail(path, "a property needs \"tag\" or \"name\"");
            }
            const std::string& name = string(*n, member_path(path, "name"));
            tag = msg::tag_by_name(name);
            if (!tag) {
                fail(member_path(path, "name"),
                     "unknown property name '" + name + "'; give \"tag\" instead");
            }
            if (has_type) {
                tag->type = entry_type(e, path);
            }
        } else if (has_type && entry_type(e, path) != tag->type) {
            fail(member_path(path, "type"), "type " + msg::type_name(entry_type(e, path))
                                                + " disagrees with tag " + tag->to_string());
        }
        return Pending{*tag, flags(e, path), &e, path};
    }

    /// The key of a named-property entry ("set" or "set_name", then "lid" or "name"), or, with
    /// `allow_canonical`, of its "canonical_name" (a PidLid or PidName name). Also gives the
    /// type the canonical table assigns, if any.
    msg::NamedKey named_key(const Json& e, const std::string& path, bool allow_canonical,
                            PropertyType* canonical_type = nullptr) const {
        const Json* set = member(e, "set");
        const Json* set_name = member(e, "set_name");
        const Json* lid = member(e, "lid");
        const Json* name = member(e, "name");
        const Json* canonical = member(e, "canonical_name");
        if ((set != nullptr || set_name != nullptr) && (lid != nullptr || name != nullptr)) {
            if (lid != nullptr && name != nullptr) {
                fail(path, "a named property has \"lid\" or \"name\", not both");
            }
            Guid guid;
            if (set != nullptr) {
                const std::string p = member_path(path, "set");
                const std::string& text = string(*set, p);
                const auto g = Guid::parse(text);
                const auto by_name = msg::property_set_by_name(text);
                if (!g && !by_name) {
                    fail(p, "expected a GUID or a property-set name such as PS_PUBLIC_STRINGS");
                }
                guid = g ? *g : *by_name;
            } else {
                const std::string p = member_path(path, "set_name");
                const auto by_name = msg::property_set_by_name(string(*set_name, p));
                if (!by_name) {
                    fail(p, "unknown property-set name");
                }
                guid = *by_name;
            }
            if (lid != nullptr) {
                return msg::NamedKey::lid(
                    guid, static_cast<uint32_t>(
                              integer(*lid, member_path(path, "lid"), 0, UINT32_MAX, "a LID")));
            }
            const auto n = utf8_to_utf16(string(*name, member_path(path, "name")));
            if (!n) {
                fail(member_path(path, "name"), "not valid UTF-8");
            }
            return msg::NamedKey::string(guid, *n);
        }
        if (allow_canonical && canonical != nullptr) {
            const std::string p = member_path(path, "canonical_name");
            const std::string& text = string(*canonical, p);
            if (const auto info = msg::lid_by_name(text)) {
                *canonical_type = info->type;
                return msg::NamedKey::lid(info->set, info->lid);
            }
            if (const auto info = msg::named_by_name(text)) {
                *canonical_type = info->type;
                return msg::NamedKey::string(info->set,
                                             utf8_to_utf16(info->property_name).value_or(u""));
            }
            fail(p, "unknown PidLid or PidName name '" + text + "'");
        }
        fail(path, "a named property needs \"set\" (or \"set_name\") with \"lid\" or \"name\""
                       + std::string(allow_canonical ? ", or \"canonical_name\"" : ""));
    }

    Pending named(const Json& e, const std::string& path) {
        expect_object(e, path);
        PropertyType canonical_type = PropertyType::PtypUnspecified;
        const msg::NamedKey key = named_key(e, path, true, &canonical_type);
        const std::optional<msg::PropertyTag> tag = tag_of(e, path);
        PropertyType type = canonical_type;
        if (e.contains("type")) {
            type = entry_type(e, path);
            if (tag && tag->type != type) {
                fail(member_path(path, "type"),
                     "type " + msg::type_name(type) + " disagrees with tag " + tag->to_string());
            }
        } else if (tag) {
            type = tag->type;
        } else if (type == PropertyType::PtypUnspecified) {
            fail(path, "a named property needs \"type\" (or \"tag\")");
        }
        uint16_t id = 0;
        const msg::NamedKey* mapped = tag && tag->is_named() ? named_->key_for(tag->id) : nullptr;
        if (mapped != nullptr && *mapped == key) {
            id = tag->id;
        } else {
            id = named_->assign(key);
        }
        return Pending{msg::PropertyTag{id, type}, flags(e, path), &e, path};
    }

    /// Reads "properties", "named_properties" and "unknown_children" of `j` into `o`, which
    /// takes its code pages from its properties, else from `inherited`, its message's
    /// (msg::codepages_of, as the reader does).
    void object(const Json& j, const std::string& path, uint32_t inherited, msg::ObjectBase& o) {
        std::vector<Pending> pending;
        if (const Json* props = member(j, "properties")) {
            const std::string p = member_path(path, "properties");
            expect_array(*props, p);
            for (size_t i = 0; i < props->size(); ++i) {
                pending.push_back(plain((*props)[i], index_path(p, i)));
            }
        }
        if (const Json* props = member(j, "named_properties")) {
            const std::string p = member_path(path, "named_properties");
            expect_array(*props, p);
            for (size_t i = 0; i < props->size(); ++i) {
                pending.push_back(named((*props)[i], index_path(p, i)));
            }
        }
        std::set<msg::PropertyTag> seen;
        for (const Pending& p : pending) {
            if (!seen.insert(p.tag).second) {
                fail(p.path, "a second property with tag " + p.tag.to_string());
            }
        }
        for (const Pending& p : pending) {
            if (p.tag == msg::tags::PidTagMessageCodepage
                || p.tag == msg::tags::PidTagMessageLocaleId
                || p.tag == msg::tags::PidTagInternetCodepage) {
                o.properties.set(p.tag, value(p, inherited), p.flags);
            }
        }
        const msg::Codepages pages = msg::codepages_of(o.properties, inherited);
        o.codepage = pages.strings;
        o.body_codepage = pages.bodies;
        for (const Pending& p : pending) {
            o.properties.set(p.tag, value(p, o.string8_codepage(p.tag.id)), p.flags);
        }
        if (const Json* children = member(j, "unknown_children")) {
            o.unknown_children = nodes(*children, member_path(path, "unknown_children"));
        }
    }

    cfb::Node make_node(const Json& e, const std::string& path, std::u16string name) const {
        cfb::Node n;
        n.name = std::move(name);
        const std::string& type = string(required(e, "type", path), member_path(path, "type"));
        if (type == "storage") {
            n.type = cfb::EntryType::Storage;
        } else if (type == "stream") {
            n.type = cfb::EntryType::Stream;
            const Json* data = member(e, "data");
            if (data == nullptr) {
                fail(path, e.contains("sha256")
                               ? "holds only the size and SHA-256 of a stream larger than 64 KB; "
                                 "dump with --full to get its bytes"
                               : "a stream needs \"data\" (base64)");
            }
            n.data = blob(*data, member_path(path, "data"));
        } else {
            fail(member_path(path, "type"), "expected \"storage\" or \"stream\"");
        }
        node_header(e, path, n);
        return n;
    }

    void node_header(const Json& e, const std::string& path, cfb::Node& n) const {
        if (const Json* c = member(e, "clsid")) {
            n.clsid = guid(*c, member_path(path, "clsid"));
        }
        if (const Json* s = member(e, "state_bits")) {
            n.state_bits = static_cast<uint32_t>(
                integer(*s, member_path(path, "state_bits"), 0, UINT32_MAX, "state bits"));
        }
        if (const Json* t = member(e, "created")) {
            n.created = time(*t, member_path(path, "created"));
        }
        if (const Json* t = member(e, "modified")) {
            n.modified = time(*t, member_path(path, "modified"));
        }
    }

    /// Storage entries listed by path, parents before children, as top-level nodes.
    std::vector<cfb::Node> nodes(const Json& list, const std::string& path) const {
        expect_array(list, path);
        cfb::Node holder = cfb::Node::storage("holder");
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string p = index_path(path, i);
            const Json& e = list[i];
            expect_object(e, p);
            const std::string pp = member_path(p, "path");
            const std::string& full = string(required(e, "path", p), pp);
            std::vector<std::u16string> parts;
            for (size_t start = 0;;) {
                const size_t slash = full.find('/', start);
                const auto part = utf8_to_utf16(full.substr(start, slash - start));
                if (!part || !cfb::name_problem(*part).empty() || parts.size() >= MAX_PATH_DEPTH) {
                    fail(pp, "not a valid entry path ('/'-separated CFB names, at most "
                                 + std::to_string(MAX_PATH_DEPTH) + " deep)");
                }
                parts.push_back(*part);
                if (slash == std::string::npos) {
                    break;
                }
                start = slash + 1;
            }
            cfb::Node* parent = &holder;
            for (size_t k = 0; k + 1 < parts.size(); ++k) {
                const auto it = std::find_if(
                    parent->children.begin(), parent->children.end(),
                    [&](const cfb::Node& c) { return c.name == parts[k] && c.is_storage(); });
                if (it == parent->children.end()) {
                    fail(pp, "its parent storage is not listed before it");
                }
                parent = &*it;
            }
            const bool duplicate = std::any_of(
                parent->children.begin(), parent->children.end(),
                [&](const cfb::Node& c) { return cfb::compare_names(c.name, parts.back()) == 0; });
            if (duplicate) {
                fail(pp, "a second entry with this name");
            }
            parent->children.push_back(make_node(e, p, parts.back()));
        }
        return std::move(holder.children);
    }

    cfb::Node ole_storage(const Json& j, const std::string& path) const {
        expect_object(j, path);
        cfb::Node n = cfb::Node::storage("__substg1.0_3701000D");
        node_header(j, path, n);
        if (const Json* entries = member(j, "entries")) {
            n.children = nodes(*entries, member_path(path, "entries"));
        }
        return n;
    }

    uint32_t number(const Json& j, const std::string& path, size_t index) const {
        const Json* n = member(j, "number");
        return n == nullptr ? static_cast<uint32_t>(index)
                            : static_cast<uint32_t>(integer(*n, member_path(path, "number"), 0,
                                                            UINT32_MAX, "a storage number"));
    }

    template <typename T>
    void check_numbers(const std::vector<T>& items, const std::string& path) const {
        std::set<uint32_t> seen;
        for (size_t i = 0; i < items.size(); ++i) {
            if (!seen.insert(items[i].number).second) {
                fail(member_path(index_path(path, i), "number"),
                     "a second storage numbered " + std::to_string(items[i].number));
            }
        }
    }

    template <typename T>
    uint32_t next_id(const Json& j, const std::string& path, std::string_view key,
                     const std::vector<T>& items) const {
        if (const Json* n = member(j, key)) {
            return static_cast<uint32_t>(
                integer(*n, member_path(path, key), 0, UINT32_MAX, "a storage number"));
        }
        uint32_t next = 0;
        for (const T& item : items) {
            next = std::max(next, item.number == UINT32_MAX ? UINT32_MAX : item.number + 1);
        }
        return next;
    }

    msg::Message message(const Json& j, const std::string& path, uint32_t inherited,
                         uint32_t depth) {
        expect_object(j, path);
        if (depth > msg::Limits{}.max_embedding_depth) {
            throw LimitError(Location{file_, path, {}},
                             "embedded messages nest deeper than the limit of "
                                 + std::to_string(msg::Limits{}.max_embedding_depth));
        }
        msg::Message m;
        m.named = named_;
        m.is_embedded = depth > 0;
        if (const Json* c = member(j, "storage_clsid")) {
            m.storage_clsid = guid(*c, member_path(path, "storage_clsid"));
        }
        object(j, path, inherited, m);
        check_codepage(j, path, "codepage", m.codepage,
                       "PidTagMessageCodepage, else the code page of PidTagMessageLocaleId, else "
                       "PidTagInternetCodepage unless it is Unicode, else the enclosing "
                       "message's, else 1252; set PidTagMessageCodepage");
        check_codepage(j, path, "body_codepage", m.body_codepage,
                       "PidTagInternetCodepage, else the code page of the other strings; set "
                       "PidTagInternetCodepage");
        convenience(j, path, "subject", msg::tags::PidTagSubject, m);
        convenience(j, path, "message_class", msg::tags::PidTagMessageClass, m);
        if (const Json* recipients = member(j, "recipients")) {
            const std::string p = member_path(path, "recipients");
            expect_array(*recipients, p);
            for (size_t i = 0; i < recipients->size(); ++i) {
                const std::string rp = index_path(p, i);
                const Json& jr = (*recipients)[i];
                expect_object(jr, rp);
                msg::Recipient& r = m.recipients.emplace_back();
                r.number = number(jr, rp, i);
                object(jr, rp, m.codepage, r);
            }
            check_numbers(m.recipients, p);
        }
        if (const Json* attachments = member(j, "attachments")) {
            const std::string p = member_path(path, "attachments");
            expect_array(*attachments, p);
            for (size_t i = 0; i < attachments->size(); ++i) {
                const std::string ap = index_path(p, i);
                const Json& ja = (*attachments)[i];
                expect_object(ja, ap);
                msg::Attachment& a = m.attachments.emplace_back();
                a.number = number(ja, ap, i);
                object(ja, ap, m.codepage, a);
                const Json* embedded = member(ja, "embedded_message");
                const Json* ole = member(ja, "ole_storage");
                if (embedded != nullptr && ole != nullptr) {
                    fail(ap, "an attachment holds an embedded_message or an ole_storage, not both");
                }
                if (embedded != nullptr) {
                    a.embedded = std::make_unique<msg::Message>(message(
                        *embedded, member_path(ap, "embedded_message"), m.codepage, depth + 1));
                }
                if (ole != nullptr) {
                    a.object_storage = ole_storage(*ole, member_path(ap, "ole_storage"));
                }
            }
            check_numbers(m.attachments, p);
        }
        m.next_recipient_id = next_id(j, path, "next_recipient_id", m.recipients);
        m.next_attachment_id = next_id(j, path, "next_attachment_id", m.attachments);
        return m;
    }

    /// Refuses a `key` ("codepage", "body_codepage") that disagrees with the code page the
    /// properties give, `derived` by the rule `how`.
    void check_codepage(const Json& j, const std::string& path, const char* key, uint32_t derived,
                        const char* how) const {
        const Json* cp = member(j, key);
        if (cp == nullptr) {
            return;
        }
        const auto given = integer(*cp, member_path(path, key), 0, UINT32_MAX, "a code page");
        if (given != derived) {
            fail(member_path(path, key), std::to_string(given)
                                             + ", but the properties give code page "
                                             + std::to_string(derived) + " (" + how + ")");
        }
    }

    /// "subject" and "message_class" become PtypString properties when the message has no
    /// property with that id.
    void convenience(const Json& j, const std::string& path, std::string_view key,
                     msg::PropertyTag tag, msg::Message& m) const {
        const Json* v = member(j, key);
        if (v == nullptr || m.properties.find_id(tag.id) != nullptr) {
            return;
        }
        const auto s = utf8_to_utf16(string(*v, member_path(path, key)));
        m.properties.set(tag, s.value_or(u""));
    }

    std::string file_;
    std::shared_ptr<msg::NamedPropertyMap> named_;
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

msg::Message decode(std::string_view text, const std::string& file) {
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error& e) {
        throw FormatError(Location{file, "JSON", e.byte > 0 ? e.byte - 1 : 0}, e.what());
    } catch (const Json::exception& e) {
        // A number too large for its type (out_of_range 406) and the like.
        throw FormatError(Location{file, "JSON", {}}, e.what());
    }
    try {
        return Builder(file).top(j);
    } catch (const Json::exception& e) {
        throw FormatError(Location{file, "JSON", {}}, e.what());
    }
}

}  // namespace msgforge::json
