// Fuzz target: read an "SMS Backup & Restore" archive from bytes in tiny chunks (so element
// boundaries fall anywhere), turn every element that reads into its .msg message and write
// it. Only FormatError (and LimitError) may escape the reader and the mapping.
#include <msgforge/base/error.hpp>
#include <msgforge/sbr.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    sbr::ReaderOptions options;
    options.chunk_size = 7;
    options.max_element = 1 << 20;
    std::optional<sbr::Reader> opened;
    try {
        opened.emplace(in, "fuzz.xml", options);
    } catch (const FormatError&) {
        return 0;
    }
    sbr::Reader& reader = *opened;
    // Each call consumes input, so the loop ends; the bound only guards against a reader
    // that stops making progress.
    for (size_t step = 0; step <= size + 1; ++step) {
        std::optional<sbr::Record> record;
        try {
            record = reader.next();
        } catch (const FormatError&) {
            continue;
        }
        if (!record) {
            return 0;
        }
        try {
            (void)sbr::to_message(*record).write();
        } catch (const FormatError&) {
        }
    }
    __builtin_trap();
}
