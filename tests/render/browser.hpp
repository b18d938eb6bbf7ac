// Headless Chromium for the render tests: the DOM a page ends up with after loading, and
// screenshots checked for their size and for not being blank.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace msgforge::test {

/// The Chromium executable (MSGFORGE_CHROMIUM, else chromium on the PATH), or an empty path
/// when there is none: the tests that need it then report themselves skipped.
std::filesystem::path chromium();

/// The serialised DOM of `page` once Chromium has loaded it (and run whatever it was allowed to
/// run), from `chromium --headless --dump-dom`. Throws std::runtime_error if Chromium fails.
std::string dump_dom(const std::filesystem::path& page);

/// What a screenshot shows, read back from its PNG.
struct Screenshot {
    uint32_t width = 0;
    uint32_t height = 0;
    size_t colours = 0;  ///< distinct pixel values, up to 256: 1 means blank
};

/// Loads `page` in a `width` x `height` window, saves the screenshot to `png` and reads it back
/// (8-bit RGB or RGBA PNG, as Chromium writes them). Throws std::runtime_error if Chromium fails
/// or the PNG is not one it can read.
Screenshot screenshot(const std::filesystem::path& page, const std::filesystem::path& png,
                      int width, int height);

}  // namespace msgforge::test
