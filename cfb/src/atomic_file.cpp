#include <msgforge/atomic_file.hpp>
#include <msgforge/error.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace msgforge {

namespace {

// How much of the target's name a temporary name repeats: enough to tell whose it is, short
// enough that the whole stays within the 255 bytes a file name may have.
constexpr size_t NAME_KEPT = 96;

// ".NAME.tmp-": the start of every temporary name for `target`, NAME cut to NAME_KEPT bytes
// (at a UTF-8 character boundary).
std::string temp_stem(const std::filesystem::path& target) {
    std::string name = target.filename().string();
    if (name.size() > NAME_KEPT) {
        size_t cut = NAME_KEPT;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        name.resize(cut);
    }
    return "." + name + ".tmp-";
}

// ".NAME.tmp-PID-": the start of every temporary name for `target` made by process `pid`.
std::string temp_prefix(const std::filesystem::path& target, pid_t pid) {
    return temp_stem(target) + std::to_string(pid) + "-";
}

// Removes temporary names for `target` left by processes that no longer run (killed between
// linking their file in and renaming it). Best effort: errors are ignored.
void remove_stale(const std::filesystem::path& dir, const std::filesystem::path& target) {
    const std::string prefix = temp_stem(target);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) {
            continue;
        }
        char* end = nullptr;
        const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
        if (pid <= 0 || end == nullptr || *end != '-') {
            continue;
        }
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            std::filesystem::remove(entry.path(), ec);
        }
    }
}

void fsync_dir(const std::filesystem::path& dir, const std::string& target) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw IoError(target, "cannot open its folder to flush it", errno);
    }
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0 && err != EINVAL) {
        throw IoError(target, "fsync of its folder failed", err);
    }
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target, bool durable)
    : target_(std::move(target)), durable_(durable) {
    dir_ = target_.parent_path();
    if (dir_.empty()) {
        dir_ = ".";
    }
    remove_stale(dir_, target_);
#ifdef O_TMPFILE
    // commit() names the file through /proc; without it, a named file from the start. The
    // mode is filtered by the umask as for any new file.
    if (::access("/proc/self/fd", X_OK) == 0) {
        fd_ = ::open(dir_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (fd_ >= 0) {
            return;
        }
    }
#endif
    std::string pattern = (dir_ / (temp_prefix(target_, ::getpid()) + "XXXXXX")).string();
    fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd_ < 0) {
        throw IoError(target_.string(), "cannot create a temporary file in " + dir_.string(),
                      errno);
    }
    temp_ = pattern;
    // mkstemp creates 0600; give the file the usual mode a new file would get.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, static_cast<mode_t>(0666 & ~mask));
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    if (!committed_ && !temp_.empty()) {
        ::unlink(temp_.c_str());
    }
}

void AtomicFile::write(std::span<const uint8_t> bytes) {
    const uint8_t* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw IoError(target_.string(), "write failed", errno);
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
}

void AtomicFile::commit() {
    if (durable_ && ::fsync(fd_) != 0) {
        throw IoError(target_.string(), "fsync failed", errno);
    }
    if (temp_.empty()) {
        // Give the unnamed file a name (through /proc: linkat with AT_EMPTY_PATH needs a
        // privilege), then rename it over the target as below.
        for (int attempt = 0; temp_.empty(); ++attempt) {
            const std::filesystem::path name =
                dir_ / (temp_prefix(target_, ::getpid()) + std::to_string(attempt));
            const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
            if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
                temp_ = name;
            } else if (errno != EEXIST || attempt > 100) {
                throw IoError(target_.string(), "cannot link the temporary file in", errno);
            }
        }
    }
    if (::close(fd_) != 0) {
        fd_ = -1;
        throw IoError(target_.string(), "close failed", errno);
    }
    fd_ = -1;
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        throw IoError(target_.string(), "cannot rename the temporary file into place", errno);
    }
    committed_ = true;
    if (durable_) {
        fsync_dir(dir_, target_.string());
    }
}

}  // namespace msgforge
