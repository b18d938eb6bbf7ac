// Fuzz target for compressed RTF: decompress the input (with and without the CRC check) and
// require compress() to round-trip both the input and any decompressed output. Only FormatError
// (and its LimitError) is an acceptable outcome of decompress; a round trip that changes the
// bytes traps.
#include <msgforge/base/error.hpp>
#include <msgforge/msg/rtf.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace {

void round_trip(std::span<const uint8_t> bytes) {
    using namespace msgforge::msg::rtf;
    for (Compression form : {Compression::lzfu, Compression::mela}) {
        const std::vector<uint8_t> back = decompress(compress(bytes, form));
        if (back.size() != bytes.size() || !std::equal(back.begin(), back.end(), bytes.begin())) {
            __builtin_trap();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge::msg::rtf;
    const std::span<const uint8_t> input(data, size);
    round_trip(input);
    for (bool check_crc : {true, false}) {
        try {
            const std::vector<uint8_t> rtf =
                decompress(input, {.max_output = 1 << 20, .check_crc = check_crc});
            if (rtf.size() <= 16384) {
                round_trip(rtf);
            }
        } catch (const msgforge::FormatError&) {
        }
    }
    return 0;
}
