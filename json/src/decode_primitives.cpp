// The Builder's readers of JSON primitives: members, strings, integers, reals, times, GUIDs
// and base64 bytes, each failing with the JSON path of the value.
#include "builder.hpp"

#include <msgforge/base/base64.hpp>

#include <bit>
#include <string>

namespace msgforge::json::detail {

std::string index_path(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

std::string member_path(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

void Builder::fail(const std::string& path, const std::string& detail) const {
    throw FormatError(Location{file_, path.empty() ? "JSON" : path, {}}, detail);
}

const Json* Builder::member(const Json& obj, std::string_view key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

const Json& Builder::required(const Json& obj, std::string_view key,
                              const std::string& path) const {
    const Json* v = member(obj, key);
    if (v == nullptr) {
        fail(path, "missing \"" + std::string(key) + "\"");
    }
    return *v;
}

void Builder::expect_object(const Json& j, const std::string& path) const {
    if (!j.is_object()) {
        fail(path, "expected an object");
    }
}

void Builder::expect_array(const Json& j, const std::string& path) const {
    if (!j.is_array()) {
        fail(path, "expected an array");
    }
}

const std::string& Builder::string(const Json& j, const std::string& path) const {
    if (!j.is_string()) {
        fail(path, "expected a string");
    }
    return j.get_ref<const std::string&>();
}

/// An integer (or a "0x…" hex string) as its 64-bit pattern, checked against [min, max]
/// where max may exceed INT64_MAX (then negative inputs are refused below `min`).
uint64_t Builder::integer(const Json& j, const std::string& path, int64_t min, uint64_t max,
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

double Builder::real(const Json& j, const std::string& path, const std::string& what,
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

FileTime Builder::time(const Json& j, const std::string& path) const {
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

Guid Builder::guid(const Json& j, const std::string& path) const {
    if (j.is_string()) {
        if (const auto g = Guid::parse(j.get_ref<const std::string&>())) {
            return *g;
        }
    }
    fail(path, "expected a GUID such as \"{00020329-0000-0000-C000-000000000046}\"");
}

std::vector<uint8_t> Builder::bytes(const Json& j, const std::string& path) const {
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

cfb::Blob Builder::blob(const Json& j, const std::string& path) const {
    return cfb::Blob::owned(bytes(j, path));
}

}  // namespace msgforge::json::detail
