#include "text.hpp"

#include <msgforge/base/text.hpp>

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

std::optional<std::string> person(const std::optional<msg::Address>& who) {
    if (!who) {
        return std::nullopt;
    }
    const std::string& address = who->smtp.empty() ? who->address : who->smtp;
    std::string out;
    if (!who->name.empty() && !address.empty() && who->name != address) {
        out = one_line(who->name) + " <" + one_line(address) + ">";
    } else if (!who->name.empty()) {
        out = one_line(who->name);
    } else if (!address.empty()) {
        out = one_line(address);
    } else {
        return std::nullopt;
    }
    if (!who->smtp.empty() && !who->address.empty() && !equal_ci(who->address, who->smtp)) {
        const std::string type = who->address_type.empty() ? "" : who->address_type + ": ";
        out += " (" + one_line(type + who->address) + ")";
    }
    return out;
}

}  // namespace msgforge::cli
