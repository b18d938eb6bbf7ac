#include <msgforge/base/error.hpp>

#include <cstring>

namespace msgforge {

Error::Error(Errc code, Location where, std::string detail)
    : std::runtime_error(detail),
      code_(code),
      where_(std::move(where)),
      detail_(std::move(detail)) {
    render();
}

void Error::set_file(const std::string& file) {
    if (where_.file.empty()) {
        where_.file = file;
        render();
    }
}

void Error::render() {
    text_.clear();
    if (!where_.file.empty()) {
        text_ += where_.file;
        text_ += ": ";
    }
    if (!where_.structure.empty()) {
        text_ += where_.structure;
        if (where_.offset) {
            text_ += " at " + hex(*where_.offset);
        }
        text_ += ": ";
    } else if (where_.offset) {
        text_ += "at " + hex(*where_.offset) + ": ";
    }
    text_ += detail_;
}

IoError::IoError(std::string file, std::string detail, int err)
    : Error(Errc::io, Location{std::move(file), {}, {}},
            err != 0 ? detail + ": " + std::strerror(err) : detail),
      errno_(err) {
}

std::string hex(uint64_t value) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    do {
        out.insert(out.begin(), digits[value & 0xF]);
        value >>= 4;
    } while (value != 0);
    return "0x" + out;
}

}  // namespace msgforge
