// What the TNEF stream reader (tnef.cpp) and the MAPI property-list reader (tnef_props.cpp)
// share: the decoding context (source name, options, warnings, the byte budget) and the entry
// points each gives the other.
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/mime/tnef.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <string>

namespace msgforge::mime::detail {

class TnefContext {
public:
    TnefContext(std::string source, const TnefOptions& options, uint64_t stream_size);

    const TnefOptions& options() const { return options_; }

    const std::string& source() const { return source_; }

    /// Records a tolerated oddity; throws FormatError instead under TnefOptions::strict.
    void warn(const std::string& structure, uint64_t offset, const std::string& message);

    /// Counts `n` more decoded bytes; throws LimitError past Limits::max_total_bytes.
    void charge(uint64_t n, const ByteReader& at);

    std::vector<msg::Warning> take_warnings() { return std::move(warnings_); }

private:
    std::string source_;
    const TnefOptions& options_;
    std::vector<msg::Warning> warnings_;
    uint64_t budget_ = 0;
};

/// Decodes a whole TNEF stream (signature, legacy key, attributes) read by `r` into `message`,
/// which is embedded `depth` levels deep (0 for the top-level message).
void read_tnef_stream(TnefContext& context, ByteReader& r, msg::Message& message, uint32_t depth);

/// Reads a MAPI property list (MS-OXTNEF 2.1.3.4: a count, then the properties) into `object`,
/// named properties through `message`'s map. In an attachment's list (`attachment` set), a
/// PtypObject value holding a TNEF stream (IID_IMessage) becomes its embedded message.
void read_property_list(TnefContext& context, ByteReader& r, msg::Message& message,
                        msg::ObjectBase& object, msg::Attachment* attachment, uint32_t depth);

/// Reads attRecipTable (MS-OXTNEF 2.1.3.3.17: a row count, then a property list per row) into
/// `message`'s recipients.
void read_recipient_table(TnefContext& context, ByteReader& r, msg::Message& message,
                          uint32_t depth);

}  // namespace msgforge::mime::detail
