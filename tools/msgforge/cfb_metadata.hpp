// What a folder cannot show of a compound file, kept by `cfb unpack` in DIR/.cfb.json and read
// back by `cfb pack`: the version, and the CLSID, state bits and times of each entry that has
// any (the root's CLSID above all: without the message CLSID Outlook imports a .msg as an
// attachment).
#pragma once

#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::cli {

/// The name of the metadata file in an unpacked folder.
inline constexpr std::string_view METADATA_FILE = ".cfb.json";

/// The metadata of `reader` as JSON text: the version, then the root (path "") and each entry of
/// `entries` (id and file path below the folder, '/'-separated) whose CLSID, state bits or
/// times are not zero.
std::string metadata_json(const cfb::Reader& reader,
                          const std::vector<std::pair<cfb::EntryId, std::string>>& entries);

/// Applies the metadata file `file` to `tree`, whose entries were packed from the folder it
/// describes; returns the version it names. Throws FormatError naming `file` and the JSON path
/// of a value that is not valid or a path that names no entry.
std::optional<cfb::Version> apply_metadata(const std::filesystem::path& file, cfb::Tree& tree);

}  // namespace msgforge::cli
