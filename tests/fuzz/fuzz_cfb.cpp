// Fuzz target: open a compound file from bytes, walk every storage, read every stream whole
// and at an offset. Only FormatError (and its LimitError) is an acceptable outcome; anything
// else escapes and is reported as a crash.
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge::cfb;
    try {
        const Reader r = Reader::from_bytes(std::span<const uint8_t>(data, size));
        std::vector<EntryId> pending{r.root()};
        std::vector<uint8_t> buffer(100);
        while (!pending.empty()) {
            const EntryId storage = pending.back();
            pending.pop_back();
            for (EntryId id : r.children(storage)) {
                const Entry& e = r.entry(id);
                if (e.is_storage()) {
                    pending.push_back(id);
                    continue;
                }
                try {
                    // Shorter only for a mini stream running past the mini stream's end,
                    // which open() warned of.
                    const Blob b = r.read(id);
                    if (b.size() > e.size || (b.size() < e.size && r.warnings().empty())) {
                        __builtin_trap();
                    }
                    r.read_at(id, e.size / 2, buffer);
                } catch (const msgforge::FormatError&) {
                }
            }
        }
    } catch (const msgforge::FormatError&) {
    }
    return 0;
}
