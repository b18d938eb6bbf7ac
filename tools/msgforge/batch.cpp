#include "batch.hpp"

#include "cli.hpp"
#include "text.hpp"

#include <msgforge/base/error.hpp>

#include <algorithm>
#include <cstddef>

namespace msgforge::cli {

int check_each(const std::vector<std::string>& files, std::string_view passed, std::ostream& out,
               const std::function<bool(const std::string& file)>& check) {
    int status = ExitOk;
    size_t passing = 0;
    const auto worst = [&](int s) { status = std::max(status, s); };
    for (const std::string& file : files) {
        try {
            if (check(file)) {
                ++passing;
            } else {
                worst(ExitInvalid);
            }
        } catch (const FormatError& e) {
            out << file << ": invalid: " << without_file(e, file) << '\n';
            worst(ExitInvalid);
        } catch (const Error& e) {
            out << file << ": unreadable: " << without_file(e, file) << '\n';
            worst(ExitTrouble);
        }
    }
    out << plural(files.size(), "file") << ", " << passing << ' ' << passed << '\n';
    return status;
}

}  // namespace msgforge::cli
