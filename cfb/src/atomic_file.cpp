#include <msgforge/atomic_file.hpp>
#include <msgforge/error.hpp>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace msgforge {

AtomicFile::AtomicFile(std::filesystem::path target, bool durable)
    : target_(std::move(target)), durable_(durable) {
    std::filesystem::path dir = target_.parent_path();
    if (dir.empty()) {
        dir = ".";
    }
    std::string leaf = ".";
    leaf += target_.filename().string();
    leaf += ".tmp-XXXXXX";
    std::string pattern = (dir / leaf).string();
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) {
        throw IoError(target_.string(), "cannot create a temporary file in " + dir.string(), errno);
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
    if (::close(fd_) != 0) {
        fd_ = -1;
        throw IoError(target_.string(), "close failed", errno);
    }
    fd_ = -1;
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        throw IoError(target_.string(), "cannot rename the temporary file into place", errno);
    }
    committed_ = true;
}

}  // namespace msgforge
