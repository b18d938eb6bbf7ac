// The input files of file and folder arguments, as every command and binding that takes many
// finds them: folders searched recursively for given extensions, in path order; a file's bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge {

/// Whether `path` ends in one of `extensions` (lower case, with the dot), in any case.
bool has_extension(const std::filesystem::path& path,
                   std::initializer_list<std::string_view> extensions);

/// The files of `paths`: a folder is searched recursively for regular files whose extension is
/// one of `extensions` (lower case, with the dot; in any case), sorted by path; anything else
/// is taken as a file, as given. Throws IoError naming the folder when it cannot be searched.
std::vector<std::string> files_with_extensions(const std::vector<std::string>& paths,
                                               std::initializer_list<std::string_view> extensions);

/// files_with_extensions() for messages: .msg and .oft.
std::vector<std::string> message_files(const std::vector<std::string>& paths);

/// The bytes of `file`. Throws IoError naming it when it cannot be read (a folder included).
std::vector<uint8_t> read_file_bytes(const std::filesystem::path& file);

}  // namespace msgforge
