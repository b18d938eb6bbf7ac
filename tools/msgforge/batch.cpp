#include "batch.hpp"

#include "cli.hpp"
#include "text.hpp"

#include <msgforge/base/error.hpp>

#include <algorithm>
#include <cstddef>
#include <iostream>
#include <unistd.h>

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

int each_file(const std::vector<std::string>& files, bool several, std::ostream& out,
              std::ostream& err, const std::function<void(const std::string& file)>& work) {
    constexpr size_t PROGRESS_FROM = 21;
    const bool progress =
        files.size() >= PROGRESS_FROM && &err == &std::cerr && isatty(STDERR_FILENO) == 1;
    int status = ExitOk;
    size_t failed = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        if (progress) {
            err << "\r\033[K";
        }
        try {
            work(files[i]);
        } catch (const Error& e) {
            if (e.code() == Errc::internal) {
                throw;
            }
            err << "msgforge: " << e.what() << '\n';
            status = std::max(status, dynamic_cast<const FormatError*>(&e) != nullptr
                                          ? static_cast<int>(ExitInvalid)
                                          : static_cast<int>(ExitTrouble));
            ++failed;
        }
        if (progress) {
            out.flush();
            err << "msgforge: " << (i + 1) << '/' << files.size() << " files" << std::flush;
        }
    }
    if (progress) {
        err << "\r\033[K";
    }
    if (several) {
        err << plural(files.size(), "file") << ", " << failed << " failed\n";
    }
    return status;
}

}  // namespace msgforge::cli
