#include "gmime.hpp"

#include <mutex>

namespace msgforge::mime::detail {

void ensure_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

}  // namespace msgforge::mime::detail
