// Header fields of an RFC 5322 header block, as messages keep them in their transport headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace msgforge {

/// The unfolded value of the first header field called `name` (any case) in the RFC 5322 header
/// block `headers`, without its name and colon; nullopt when there is none. The block ends at
/// the first empty line; lines may end in CRLF or LF.
std::optional<std::string> header_field(std::string_view headers, std::string_view name);

}  // namespace msgforge
