// Fuzz target: read bytes as an .eml and as an mbox, turn each message into a .msg and write
// it, write the .eml's message as MIME again (TNEF parts give it any property, a
// PidTagReplyRecipientEntries too); read the bytes as a FlatEntryList and as a stored
// multipart/signed entity. Only FormatError (and LimitError) may escape.
#include <msgforge/base/error.hpp>
#include <msgforge/mime/entry_list.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/mime/to_mime.hpp>

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
        const msg::Message m = mime::from_mime(bytes, "fuzz.eml", options).message;
        (void)m.write();
        (void)mime::to_mime(m);
    } catch (const FormatError&) {
    }
    try {
        (void)mime::read_flat_entry_list(bytes, "fuzz entry list");
    } catch (const FormatError&) {
    }
    try {
        (void)mime::read_signed_entity(bytes, "fuzz.p7m", options.limits);
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
