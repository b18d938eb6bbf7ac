// Fuzz target: read a .msg from bytes (every property, recipient, attachment, embedded message
// and named property), decode every body, then write it and read it back: the second reading
// must equal the first. Only FormatError (and LimitError) may escape the reader; only
// LimitError (an RTF body beyond the limit) may escape best_body.
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/tags.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>

namespace {

void touch(const msgforge::msg::Message& m) {
    using namespace msgforge::msg;
    (void)m.subject();
    (void)m.message_class();
    try {
        (void)best_body(m);
    } catch (const msgforge::LimitError&) {
    }
    try {
        (void)body_text(m);
        (void)body_html(m);
    } catch (const msgforge::FormatError&) {
    }
    for (const auto& r : m.recipients) {
        (void)r.string(tags::PidTagDisplayName);
    }
    for (const auto& a : m.attachments) {
        (void)a.file_name();
        (void)a.data();
        if (a.embedded) {
            touch(*a.embedded);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge;
    msg::Message m;
    try {
        const cfb::Reader reader = cfb::Reader::from_bytes(std::span<const uint8_t>(data, size));
        m = msg::Message::read(reader);
    } catch (const FormatError&) {
        return 0;
    }
    touch(m);
    std::vector<uint8_t> written;
    try {
        written = m.write();
    } catch (const UsageError&) {
        // More recipients or attachments than Outlook accepts: refused by design.
        return 0;
    }
    const cfb::Reader again = cfb::Reader::from_bytes(written);
    const msg::Message m2 = msg::Message::read(again);
    if (!msg::compare(m, m2).empty()) {
        __builtin_trap();
    }
    return 0;
}
