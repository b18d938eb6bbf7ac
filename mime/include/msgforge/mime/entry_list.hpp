// The reply recipients of a message as MAPI stores them: PidTagReplyRecipientEntries, a
// FlatEntryList (MS-OXCDATA 2.3.3) of entry IDs, here One-Off EntryIDs (MS-OXCDATA 2.2.5.1)
// that carry the display name, the address type and the address themselves.
#pragma once

#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace msgforge::mime {

/// The One-Off EntryID of `address`: its display name, address type and address as Unicode
/// strings (MAPI_ONE_OFF_UNICODE), with MAPI_ONE_OFF_NO_RICH_INFO (no TNEF for Internet mail).
std::vector<uint8_t> one_off_entry_id(const msg::Address& address);

/// A FlatEntryList of `entry_ids`: their count and total size, then each with its size and
/// padded to a multiple of 4 bytes.
std::vector<uint8_t> flat_entry_list(const std::vector<std::vector<uint8_t>>& entry_ids);

/// The addresses of a FlatEntryList, one per entry: a One-Off EntryID gives its name, type and
/// address (the address also as `smtp` when the type is SMTP), in UTF-16 or, without
/// MAPI_ONE_OFF_UNICODE, in `codepage`; an Address Book EntryID (MS-OXCDATA 2.2.5.2) its
/// X500 DN as an address of type EX, without name; any other entry ID gives nullopt. Throws
/// FormatError naming `structure` and the offset when the list or an entry is cut short, an entry's
/// size runs past the list's, or a one-off string has no terminator.
std::vector<std::optional<msg::Address>> read_flat_entry_list(std::span<const uint8_t> bytes,
                                                              std::string_view structure,
                                                              uint32_t codepage = 1252);

}  // namespace msgforge::mime
