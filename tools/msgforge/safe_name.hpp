// File names for `msgforge extract`: attachment names from a message made safe to create inside
// the output folder on Linux, macOS and Windows, and numbered when they collide.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace msgforge::cli {

/// The longest file name safe_name() returns, in bytes of UTF-8: file systems allow 255, and
/// AtomicFile's temporary file beside the target adds "." before the name and ".tmp-XXXXXX" after
/// it.
inline constexpr size_t MAX_FILE_NAME = 255 - 12;

/// `name` as one safe file name: ill-formed UTF-8, control characters (C0, DEL, C1), path
/// separators and the characters Windows refuses (< > : " | ? *) become '_'; runs of dots
/// become one dot; leading spaces and trailing dots and spaces go; a leading dot becomes '_';
/// Windows device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$, CONOUT$, in any case,
/// with or without an extension) get a leading '_'; the result is cut to MAX_FILE_NAME bytes
/// at a character boundary, keeping an extension of up to 32 bytes. An empty result becomes
/// `fallback`, which must itself be safe.
std::string safe_name(std::string_view name, std::string_view fallback = "attachment");

/// Hands out distinct file names: "a.txt", then "a (2).txt", "a (3).txt", … Names compare
/// without regard to ASCII case, so the files stay distinct on case-insensitive file systems.
class NameAllocator {
public:
    /// `taken` says whether a name is already used outside this allocator (e.g. a file that
    /// exists in the folder).
    explicit NameAllocator(std::function<bool(const std::string&)> taken = {})
        : taken_(std::move(taken)) {}

    /// A name not handed out before and not taken: `safe` itself (an output of safe_name())
    /// or `safe` numbered before its extension, still at most MAX_FILE_NAME bytes.
    std::string allocate(const std::string& safe);

private:
    std::function<bool(const std::string&)> taken_;
    std::set<std::string> used_;  // ASCII-lower-cased
};

}  // namespace msgforge::cli
