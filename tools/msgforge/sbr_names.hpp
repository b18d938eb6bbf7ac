// File and folder names of the messages `msgforge import sbr` writes: deterministic (the same
// archive gives the same names) and portable (safe on every file system).
#pragma once

#include <msgforge/sbr.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace msgforge::cli {

/// A deterministic, portable file name for the record numbered `sequence` (from 1) of an
/// archive: "2026-01-02_030405_+15551230000_in_000001.msg" (UTC date and time, the other
/// party's number, in/out/draft, the sequence number).
std::string archive_file_name(const sbr::Record& record, uint64_t sequence);

/// The folder of the record's conversation for --by-conversation: its numbers, sorted, made
/// safe for file systems ("+15551230000", "+15551230000_+15559870000").
std::string conversation_name(const sbr::Record& record);

/// A phone number or group of them as one file-name word: '+', digits, letters, '.', '-' and
/// '_' kept, '~' and ',' become '_', anything else '-'; at most 80 bytes; "unknown" when empty.
std::string safe_number(std::string_view number);

}  // namespace msgforge::cli
