#include "text.hpp"

#include <cstdint>
#include <string_view>

namespace msgforge::cli {

std::string plural(size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string without_file(const Error& e, const std::string& file) {
    const std::string_view text = e.what();
    return std::string(text.starts_with(file + ": ") ? text.substr(file.size() + 2) : text);
}

std::string one_line(std::string s) {
    for (char& c : s) {
        if (static_cast<uint8_t>(c) < 0x20 || c == 0x7F) {
            c = ' ';
        }
    }
    return s;
}

}  // namespace msgforge::cli
