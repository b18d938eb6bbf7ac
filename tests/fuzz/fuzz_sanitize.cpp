// Fuzz target: sanitize a message's HTML. Nothing may escape. The output is parsed again
// (tests/render/oracle.cpp, which shares no code with the sanitizer) and must hold no element,
// attribute, URL or style outside what a sanitized body may have; sanitizing it again must keep
// it that way.

#include "../render/oracle.hpp"

#include <msgforge/render/sanitize.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge::render;
    const std::string_view html(reinterpret_cast<const char*>(data), size);
    SanitizeOptions options;
    // Every other input shows remote images; cid: images resolve to a PNG, "cid:svg" to SVG,
    // which must still be refused.
    options.remote_images = size % 2 == 1;
    options.resolve_image = [](std::string_view url) -> std::optional<std::string> {
        if (url.starts_with("cid:svg")) {
            return "data:image/svg+xml;base64,PHN2Zz4=";
        }
        return "data:image/png;base64,iVBORw0KGgo=";
    };
    const Sanitized once = sanitize_html(html, options);
    if (!msgforge::test::forbidden(once.html, options.remote_images).empty()) {
        __builtin_trap();
    }
    const Sanitized twice = sanitize_html(once.html, options);
    if (!msgforge::test::forbidden(twice.html, options.remote_images).empty()) {
        __builtin_trap();
    }
    return 0;
}
