// Helpers shared by the tests: temporary folders, file I/O, byte patching, test-data paths.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::test {

/// A fresh folder under the system's temporary folder, removed with everything in it when
/// the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

std::vector<uint8_t> read_file(const std::filesystem::path& path);

void write_file(const std::filesystem::path& path, std::span<const uint8_t> bytes);

/// Overwrites bytes at `offset` (throws std::out_of_range if they do not fit).
void patch(std::vector<uint8_t>& bytes, size_t offset, std::span<const uint8_t> with);

void patch_u16(std::vector<uint8_t>& bytes, size_t offset, uint16_t value);

void patch_u32(std::vector<uint8_t>& bytes, size_t offset, uint32_t value);

void patch_u64(std::vector<uint8_t>& bytes, size_t offset, uint64_t value);

/// ../shared/corpus beside the project, or an empty path when it is absent.
std::filesystem::path corpus_dir();

/// Reports a test case that cannot run here: prints "SKIPPED: `why`" on standard output, which
/// CTest's SKIP_REGULAR_EXPRESSION on every Catch test turns into a skipped test. The test case
/// returns right after.
void report_skip(std::string_view why);

/// Every file below `dir` (recursively), sorted by path.
std::vector<std::filesystem::path> files_below(const std::filesystem::path& dir);

/// How a piece of work ended in a child process under a memory limit.
enum class Outcome { format_error, completed, other_exception, out_of_memory, crashed };

/// "FormatError", "completed", … for test messages.
const char* to_string(Outcome outcome);

/// True when the tests run under AddressSanitizer, whose shadow memory needs more address
/// space than any useful limit.
bool address_sanitized();

/// Runs `work` in a child process (fork) whose address space may grow by at most `headroom`
/// bytes beyond what it has at the start (setrlimit RLIMIT_AS), and says how it ended: by a
/// msgforge::FormatError, normally, by another exception, by std::bad_alloc, or by a signal.
Outcome under_memory_limit(size_t headroom, const std::function<void()>& work);

}  // namespace msgforge::test
