// What every GMime caller of the component shares: one-time library set-up and ownership of
// GObject references.
#pragma once

#include <gmime/gmime.h>
#include <memory>

namespace msgforge::mime::detail {

/// Initialises GMime once per process (thread-safe); call before any other GMime function.
void ensure_gmime();

struct GObjectUnref {
    void operator()(void* object) const {
        if (object != nullptr) {
            g_object_unref(object);
        }
    }
};

/// Owns one reference to a GObject (GMimeMessage, GMimeStream, ...).
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct OptionsFree {
    void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};

using ParserOptions = std::unique_ptr<GMimeParserOptions, OptionsFree>;

/// New parser options as every MIME input is read with: loose RFC 2047, parameter and address
/// parsing; 8-bit header text read as UTF-8, else windows-1252. No warning callback.
ParserOptions parser_options();

/// One set of parser_options() for the process, for decoding header values again after the
/// parse (thread-safe; calls ensure_gmime()).
GMimeParserOptions* shared_parser_options();

}  // namespace msgforge::mime::detail
