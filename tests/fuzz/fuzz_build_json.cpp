// Fuzz target: build a message from JSON text (`msgforge build`), write it, read it back and
// dump it as JSON again; building from that dump must give the same message. Only FormatError
// (and LimitError) may escape the builder; UsageError is what the writer refuses.
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/compare.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    msg::Message built;
    try {
        built = json::decode(text, "fuzz.json");
    } catch (const FormatError&) {
        return 0;
    }
    std::vector<uint8_t> written;
    try {
        written = built.write();
    } catch (const UsageError&) {
        return 0;
    }
    const cfb::Reader reader = cfb::Reader::from_bytes(written);
    const msg::Message read = msg::Message::read(reader);
    const std::string dumped = json::encode(read, json::Options{true});
    const msg::Message rebuilt = json::decode(dumped, "dumped.json");
    if (!msg::compare(read, rebuilt).empty()) {
        __builtin_trap();
    }
    return 0;
}
