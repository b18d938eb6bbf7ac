#include "safe_name.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace msgforge::cli {

namespace {

constexpr size_t MAX_EXTENSION = 32;

/// The code point starting at `pos` and its length, or nullopt for ill-formed UTF-8 (overlong
/// forms, surrogates and values above U+10FFFF included).
std::optional<std::pair<uint32_t, size_t>> decode_at(std::string_view s, size_t pos) {
    const auto b0 = static_cast<uint8_t>(s[pos]);
    if (b0 < 0x80) {
        return std::pair<uint32_t, size_t>{b0, 1};
    }
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        return std::nullopt;
    }
    if (s.size() - pos < len) {
        return std::nullopt;
    }
    for (size_t i = 1; i < len; ++i) {
        const auto b = static_cast<uint8_t>(s[pos + i]);
        if ((b & 0xC0) != 0x80) {
            return std::nullopt;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return std::nullopt;
    }
    return std::pair<uint32_t, size_t>{cp, len};
}

bool is_unsafe(uint32_t cp) {
    constexpr std::string_view windows_forbidden = "/\\<>:\"|?*";
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
           || (cp < 0x80 && windows_forbidden.find(static_cast<char>(cp)) != std::string_view::npos)
           || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = lower(c);
    }
    return out;
}

bool is_device_name(std::string_view name) {
    std::string stem = lowered(name.substr(0, name.find('.')));
    while (!stem.empty() && stem.back() == ' ') {
        stem.pop_back();
    }
    static constexpr std::array<std::string_view, 6> fixed = {"con", "prn",    "aux",
                                                              "nul", "conin$", "conout$"};
    for (std::string_view f : fixed) {
        if (stem == f) {
            return true;
        }
    }
    return stem.size() == 4 && (stem.starts_with("com") || stem.starts_with("lpt"))
           && stem[3] >= '1' && stem[3] <= '9';
}

/// `s` cut to at most `max` bytes without splitting a UTF-8 sequence.
std::string cut(std::string_view s, size_t max) {
    if (s.size() <= max) {
        return std::string(s);
    }
    size_t end = max;
    while (end > 0 && (static_cast<uint8_t>(s[end]) & 0xC0) == 0x80) {
        --end;
    }
    return std::string(s.substr(0, end));
}

void strip_trailing(std::string& s) {
    while (!s.empty() && (s.back() == '.' || s.back() == ' ')) {
        s.pop_back();
    }
}

/// Splits at the last dot when what follows is a short extension ("a.tar.gz" -> "a.tar",
/// ".gz"); a name without one has an empty extension.
std::pair<std::string, std::string> split_extension(const std::string& name) {
    const size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0 || name.size() - dot > MAX_EXTENSION) {
        return {name, ""};
    }
    return {name.substr(0, dot), name.substr(dot)};
}

/// stem + extension within MAX_FILE_NAME bytes, cutting the stem.
std::string fit(std::string stem, const std::string& extension) {
    stem = cut(stem, MAX_FILE_NAME - extension.size());
    strip_trailing(stem);
    return stem + extension;
}

}  // namespace

std::string safe_name(std::string_view name, std::string_view fallback) {
    std::string out;
    for (size_t pos = 0; pos < name.size();) {
        const auto decoded = decode_at(name, pos);
        if (!decoded) {
            out += '_';
            ++pos;
            continue;
        }
        const auto [cp, len] = *decoded;
        if (is_unsafe(cp)) {
            out += '_';
        } else if (!(cp == '.' && !out.empty() && out.back() == '.')) {
            out.append(name.substr(pos, len));
        }
        pos += len;
    }
    const size_t first = out.find_first_not_of(' ');
    out.erase(0, first == std::string::npos ? out.size() : first);
    strip_trailing(out);
    if (!out.empty() && out.front() == '.') {
        out.front() = '_';
    }
    if (out.empty()) {
        return std::string(fallback);
    }
    if (is_device_name(out)) {
        out.insert(0, "_");
    }
    if (out.size() > MAX_FILE_NAME) {
        const auto [stem, extension] = split_extension(out);
        out = fit(stem, extension);
    }
    return out.empty() ? std::string(fallback) : out;
}

std::string NameAllocator::allocate(const std::string& safe) {
    const auto [stem, extension] = split_extension(safe);
    std::string candidate = safe;
    for (size_t n = 2;; ++n) {
        if (!used_.contains(lowered(candidate)) && !(taken_ && taken_(candidate))) {
            used_.insert(lowered(candidate));
            return candidate;
        }
        candidate = fit(stem, " (" + std::to_string(n) + ")" + extension);
    }
}

}  // namespace msgforge::cli
