// What the from_mime tests share: reading a MIME string and looking for a warning.
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/mime/from_mime.hpp>

#include <string>
#include <string_view>

namespace msgforge::test {

/// `text` read by from_mime() as the file `name`.
inline mime::FromMimeResult read_mime(std::string_view text, std::string_view name,
                                      const mime::FromMimeOptions& options = {}) {
    return mime::from_mime(as_bytes(text), name, options);
}

/// Whether a warning of `r` contains `part`.
inline bool has_warning(const mime::FromMimeResult& r, std::string_view part) {
    for (const msg::Warning& w : r.warnings) {
        if (w.to_string().find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace msgforge::test
