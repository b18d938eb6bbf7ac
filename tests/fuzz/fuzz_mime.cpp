// Fuzz target: read bytes as an .eml and as an mbox, turn each message into a .msg and write
// it. Only FormatError (and LimitError) may escape.
#include <msgforge/base/error.hpp>
#include <msgforge/mime/from_mime.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge;
    const std::span<const uint8_t> bytes(data, size);
    mime::FromMimeOptions options;
    options.limits.max_parts = 2'000;
    try {
        (void)mime::from_mime(bytes, "fuzz.eml", options).message.write();
    } catch (const FormatError&) {
    }
    mime::MboxReader reader(bytes, "fuzz.mbox", options);
    // Each message consumes input, so the loop ends; the bound only guards against a reader
    // that stops making progress.
    for (size_t step = 0; step <= size + 1; ++step) {
        try {
            const std::optional<mime::FromMimeResult> result = reader.next();
            if (!result) {
                return 0;
            }
            (void)result->message.write();
        } catch (const FormatError&) {
        }
    }
    __builtin_trap();
}
