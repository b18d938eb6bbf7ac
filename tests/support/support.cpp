#include "support/support.hpp"

#include <msgforge/base/error.hpp>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iostream>
#include <new>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
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

void report_skip(std::string_view why) {
    std::cout << "SKIPPED: " << why << std::endl;
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

const char* to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::format_error:
            return "FormatError";
        case Outcome::completed:
            return "completed";
        case Outcome::other_exception:
            return "another exception";
        case Outcome::out_of_memory:
            return "out of memory";
        case Outcome::crashed:
            return "crashed";
    }
    return "?";
}

bool address_sanitized() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

namespace {

// The process's address-space size now (the first field of /proc/self/statm, in pages).
size_t address_space_bytes() {
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0;
    statm >> pages;
    return pages * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

Outcome under_memory_limit(size_t headroom, const std::function<void()>& work) {
    const pid_t child = ::fork();
    if (child < 0) {
        throw std::runtime_error("fork failed");
    }
    if (child == 0) {
        const rlim_t limit = address_space_bytes() + headroom;
        const rlimit rl{limit, limit};
        if (::setrlimit(RLIMIT_AS, &rl) != 0) {
            ::_exit(90);
        }
        int code = 0;
        try {
            work();
            code = 1;
        } catch (const FormatError&) {
            code = 0;
        } catch (const std::bad_alloc&) {
            code = 3;
        } catch (...) {
            code = 2;
        }
        ::_exit(code);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            throw std::runtime_error("waitpid failed");
        }
    }
    if (!WIFEXITED(status)) {
        return Outcome::crashed;
    }
    switch (WEXITSTATUS(status)) {
        case 0:
            return Outcome::format_error;
        case 1:
            return Outcome::completed;
        case 3:
            return Outcome::out_of_memory;
        case 90:
            throw std::runtime_error("setrlimit failed");
        default:
            return Outcome::other_exception;
    }
}

}  // namespace msgforge::test
