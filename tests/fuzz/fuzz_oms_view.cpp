// Fuzz target: read a .msg from bytes and take its SMS/MMS view (slides from the SMIL layout or
// the attachments, text parts decoded) and its validation. Only FormatError (and LimitError)
// may escape the reader; view() and validate() may throw only LimitError (an RTF body beyond the
// limit).
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/oms.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge;
    msg::Message m;
    try {
        const cfb::Reader reader = cfb::Reader::from_bytes(std::span<const uint8_t>(data, size));
        m = msg::Message::read(reader);
    } catch (const FormatError&) {
        return 0;
    }
    try {
        if (const auto v = oms::view(m)) {
            for (const oms::SlideView& slide : v->slides) {
                (void)slide.text.size();
            }
        }
        (void)oms::validate(m);
    } catch (const LimitError&) {
    }
    return 0;
}
