#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/error.hpp>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace msgforge {

namespace {

// How much of the target's name a temporary name repeats: enough to tell whose it is, short
// enough that the whole stays within the 255 bytes a file name may have.
constexpr size_t NAME_KEPT = 96;
// How often commit() retries a name another live writer holds before giving up.
constexpr int LINK_ATTEMPTS = 100'000;

// ".NAME.tmp": the temporary name for `target`, NAME cut to NAME_KEPT bytes (at a UTF-8
// character boundary).
std::string temp_stem(const std::filesystem::path& target) {
    std::string name = target.filename().string();
    if (name.size() > NAME_KEPT) {
        size_t cut = NAME_KEPT;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        name.resize(cut);
    }
    return "." + name + ".tmp";
}

// Removes `name` if it was left by a writer that died holding it: every writer keeps its file
// locked (flock) from creation until after its rename, and a lock dies with its process. True
// when the name is gone (removed here, or renamed by its writer meanwhile).
bool remove_if_abandoned(const std::filesystem::path& name) {
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno == ENOENT;
    }
    bool gone = false;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
        // Unlocked: its writer is dead, or renamed it after we opened it. Remove the name only
        // if it still is the file we hold.
        struct stat held {};

        struct stat named {};

        if (::fstat(fd, &held) == 0 && ::stat(name.c_str(), &named) == 0
            && held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
            gone = ::unlink(name.c_str()) == 0 || errno == ENOENT;
        } else {
            gone = true;
        }
    }
    ::close(fd);
    return gone;
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
#ifdef O_TMPFILE
    // commit() names the file through /proc; without it, a named file from the start. The
    // mode is filtered by the umask as for any new file.
    if (::access("/proc/self/fd", X_OK) == 0) {
        fd_ = ::open(dir_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (fd_ >= 0) {
            if (::flock(fd_, LOCK_EX) != 0) {
                const int err = errno;
                ::close(fd_);
                throw IoError(target_.string(), "cannot lock the temporary file", err);
            }
            return;
        }
    }
#endif
    std::string pattern = (dir_ / (temp_stem(target_) + "-XXXXXX")).string();
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
        // Give the unnamed file the name ".NAME.tmp" (through /proc: linkat with AT_EMPTY_PATH
        // needs a privilege), then rename it over the target below. The name is taken when
        // another writer of the same target is between these two steps, or died there.
        const std::filesystem::path name = dir_ / temp_stem(target_);
        const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
        for (int attempt = 0; temp_.empty(); ++attempt) {
            if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
                temp_ = name;
            } else if (errno != EEXIST || attempt == LINK_ATTEMPTS) {
                throw IoError(target_.string(), "cannot link the temporary file in", errno);
            } else if (!remove_if_abandoned(name)) {
                ::sched_yield();
            }
        }
    }
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        throw IoError(target_.string(), "cannot rename the temporary file into place", errno);
    }
    committed_ = true;
    // Closed (and unlocked) only now: until the rename the name is ours.
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        throw IoError(target_.string(), "close failed", errno);
    }
    if (durable_) {
        fsync_dir(dir_, target_.string());
    }
}

}  // namespace msgforge
