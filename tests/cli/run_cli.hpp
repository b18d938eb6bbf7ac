// Runs the msgforge command line in-process for the CLI tests.
#pragma once

#include "msgforge/cli.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace msgforge::test {

/// Exit status and what the command wrote to standard output and standard error.
struct CliResult {
    int status;
    std::string out;
    std::string err;
};

inline CliResult run_cli(const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    const int status = msgforge::cli::run(args, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace msgforge::test
