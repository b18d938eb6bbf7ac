#include <msgforge/base/headers.hpp>
#include <msgforge/base/text.hpp>

namespace msgforge {

std::optional<std::string> header_field(std::string_view headers, std::string_view name) {
    size_t at = 0;
    while (at < headers.size()) {
        size_t end = headers.find('\n', at);
        if (end == std::string_view::npos) {
            end = headers.size();
        }
        std::string_view line = headers.substr(at, end - at);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            return std::nullopt;
        }
        const size_t colon = line.find(':');
        at = end + 1;
        if (colon != name.size() || !equal_ci(line.substr(0, colon), name)) {
            continue;
        }
        std::string value(line.substr(colon + 1));
        // Continuation lines start with white space.
        while (at < headers.size() && (headers[at] == ' ' || headers[at] == '\t')) {
            end = headers.find('\n', at);
            if (end == std::string_view::npos) {
                end = headers.size();
            }
            std::string_view more = headers.substr(at, end - at);
            if (more.ends_with('\r')) {
                more.remove_suffix(1);
            }
            value += more;
            at = end + 1;
        }
        return value;
    }
    return std::nullopt;
}

}  // namespace msgforge
