// Fuzz target: decode a TNEF stream (attributes, MAPI property lists, recipients, attachments,
// embedded streams), give it the Outlook defaults, decode its bodies and write it as a .msg.
// Only FormatError (and LimitError) may escape the decoder; writing may refuse with UsageError
// what Outlook refuses (more recipients or attachments than it accepts); what is written must
// read back.
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/mime/tnef.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compose.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge;
    mime::TnefOptions options;
    options.limits.max_total_bytes = uint64_t{64} << 20;
    msg::Message m;
    try {
        m = mime::from_tnef(std::span<const uint8_t>(data, size), "fuzz.dat", options).message;
    } catch (const FormatError&) {
        return 0;
    }
    try {
        (void)msg::best_body(m);
    } catch (const FormatError&) {
    }
    msg::apply_outlook_defaults(m);
    std::vector<uint8_t> written;
    try {
        written = m.write();
    } catch (const UsageError&) {
        return 0;
    }
    // What msgforge writes, it reads.
    (void)msg::Message::read(cfb::Reader::from_bytes(written));
    return 0;
}
