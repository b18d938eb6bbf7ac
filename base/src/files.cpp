#include <msgforge/base/error.hpp>
#include <msgforge/base/files.hpp>
#include <msgforge/base/text.hpp>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iterator>

namespace msgforge {

bool has_extension(const std::filesystem::path& path,
                   std::initializer_list<std::string_view> extensions) {
    const std::string ext = ascii_lower(path.extension().string());
    return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

std::vector<std::string> files_with_extensions(const std::vector<std::string>& paths,
                                               std::initializer_list<std::string_view> extensions) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        fs::recursive_directory_iterator it(path, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            std::error_code type_ec;
            if (it->is_regular_file(type_ec) && has_extension(it->path(), extensions)) {
                found.push_back(it->path().string());
            }
        }
        if (ec) {
            throw IoError(path, "cannot search the folder", ec.value());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

std::vector<std::string> message_files(const std::vector<std::string>& paths) {
    return files_with_extensions(paths, {".msg", ".oft"});
}

std::vector<uint8_t> read_file_bytes(const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // An ifstream opens a folder without complaint and then reads nothing.
    if (fs::is_directory(file, ec)) {
        throw IoError(file.string(), "cannot read", EISDIR);
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw IoError(file.string(), "cannot open", errno);
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw IoError(file.string(), "cannot read", errno);
    }
    return bytes;
}

}  // namespace msgforge
