#include "support/support.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace msgforge::test {

TempDir::TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "msgforge-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary folder");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path.string());
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& path, std::span<const uint8_t> bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

void patch(std::vector<uint8_t>& bytes, size_t offset, std::span<const uint8_t> with) {
    if (offset > bytes.size() || with.size() > bytes.size() - offset) {
        throw std::out_of_range("patch outside the buffer");
    }
    std::copy(with.begin(), with.end(), bytes.begin() + static_cast<ptrdiff_t>(offset));
}

void patch_u16(std::vector<uint8_t>& bytes, size_t offset, uint16_t value) {
    const uint8_t b[2] = {static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8)};
    patch(bytes, offset, b);
}

void patch_u32(std::vector<uint8_t>& bytes, size_t offset, uint32_t value) {
    uint8_t b[4];
    for (int i = 0; i < 4; ++i) {
        b[i] = static_cast<uint8_t>(value >> (8 * i));
    }
    patch(bytes, offset, b);
}

void patch_u64(std::vector<uint8_t>& bytes, size_t offset, uint64_t value) {
    uint8_t b[8];
    for (int i = 0; i < 8; ++i) {
        b[i] = static_cast<uint8_t>(value >> (8 * i));
    }
    patch(bytes, offset, b);
}

std::filesystem::path corpus_dir() {
    const std::filesystem::path dir = MSGFORGE_CORPUS_DIR;
    std::error_code ec;
    return std::filesystem::is_directory(dir, ec) ? dir : std::filesystem::path{};
}

std::vector<std::filesystem::path> files_below(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace msgforge::test
