// A small command-line parser: long options (--name, --name=value, --name value), one-letter
// aliases (-o value), "--" to end the options, and positional arguments.
#pragma once

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cli {

/// The user got the command line wrong. The CLI prints the message with a hint and exits 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string_view name;        ///< long name without the dashes, e.g. "output"
    char alias = 0;               ///< one-letter alias, e.g. 'o' for -o; 0 for none
    std::string_view value_name;  ///< e.g. "FILE"; empty for a flag
    std::string_view help;
};

class ParsedArgs {
public:
    /// Whether the flag or option `name` was given.
    bool has(std::string_view name) const;

    /// The value of option `name` (the last one given), or nullopt.
    std::optional<std::string> value(std::string_view name) const;

    /// Every value of option `name` in the order given, for options that may be repeated.
    std::vector<std::string> values(std::string_view name) const;

    const std::vector<std::string>& positionals() const { return positionals_; }

    /// Whether -h or --help was given.
    bool help() const { return help_; }

private:
    friend ParsedArgs parse_args(std::span<const std::string> args,
                                 std::span<const OptionSpec> options);

    std::vector<std::pair<std::string, std::optional<std::string>>> given_;
    std::vector<std::string> positionals_;
    bool help_ = false;
};

/// Parses `args` (the words after the command's name) against `options`; -h and --help are
/// always known. Throws UsageError for an unknown option or a missing or unexpected value.
ParsedArgs parse_args(std::span<const std::string> args, std::span<const OptionSpec> options);

}  // namespace msgforge::cli
