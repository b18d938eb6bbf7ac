// Entry names as file names, for `cfb pack` and `cfb unpack`: control characters, '/' and '%'
// are percent-encoded (%01, %2F, %25), as are the names "." and ".." (%2E, %2E%2E) and the
// first dot of ".cfb.json" (the name of unpack's metadata file), and the empty name is %00 (no name
// holds U+0000, which ends a name). Every other character, Unicode included, stays as it is in
// UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace msgforge::cli {

/// The file name for an entry name (UTF-8). Injective over names without U+0000: different
/// names give different, non-empty file names.
std::string encode_name(std::string_view name);

/// The entry name (UTF-8 bytes, not checked for well-formedness) a file name stands for: ""
/// for "%00"; nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> decode_name(std::string_view file_name);

}  // namespace msgforge::cli
