// The pieces of a message page: header values, the typed fields of items, SMS and MMS, and
// plain-text bodies, each as HTML (message_parts.cpp).
#pragma once

#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::render::detail {

/// "Name <smtp>", the name alone, or the address alone; nullopt for neither.
std::optional<std::string> person_text(const msg::Address& a);

/// `t` as "2024-01-31 09:15:02 UTC".
std::string utc_text(const FileTime& t);

/// The offset from UTC, in minutes, of the Date header in `headers` (PidTagTransportMessageHeaders)
/// when it has a numeric zone ("+0100", "-0530"); nullopt otherwise.
std::optional<int> date_header_offset(std::string_view headers);

/// `t` at `offset_minutes` from UTC, as "2024-01-31 10:15:02 +01:00".
std::string local_text(const FileTime& t, int offset_minutes);

/// Plain text as a <pre> block: escaped, with http:, https: and mailto: URLs made links.
std::string text_block(std::string_view text);

/// A byte count as "12.3 KB", "512 bytes".
std::string size_text(uint64_t bytes);

/// One row of a field table: <tr><th>label</th><td>escaped value</td></tr>; "" for an empty value.
std::string field_row(std::string_view label, std::string_view value);

/// The typed fields of an appointment, meeting message, contact, task or sticky note as rows of a
/// field table; "" for any other message.
std::string item_rows(const msg::Message& m, std::vector<std::string>& warnings);

/// The text and parts of an SMS or MMS: the text, and each slide's text and image (a data: URI),
/// the other parts named; "" for any other message.
std::string phone_section(const msg::Message& m, std::vector<std::string>& warnings);

}  // namespace msgforge::render::detail
