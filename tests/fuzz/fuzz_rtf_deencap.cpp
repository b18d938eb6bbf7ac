// Fuzz target for RTF de-encapsulation: the input is RTF as it comes out of decompress().
// detect() must agree with deencapsulate(); the UTF-8 output stays within 3 bytes per input
// byte. Only FormatError (the nesting LimitError) may escape the library.
#include <msgforge/base/error.hpp>
#include <msgforge/msg/rtf.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge::msg::rtf;
    const std::span<const uint8_t> input(data, size);
    const Encapsulated kind = detect(input);
    try {
        const auto d = deencapsulate(input);
        if (d.has_value() != (kind != Encapsulated::none)) {
            __builtin_trap();
        }
        if (d && (d->kind != kind || d->content.size() > 3 * size)) {
            __builtin_trap();
        }
    } catch (const msgforge::FormatError&) {
    }
    return 0;
}
