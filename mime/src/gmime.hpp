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

}  // namespace msgforge::mime::detail
