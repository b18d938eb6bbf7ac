#include "args.hpp"

#include <algorithm>

namespace msgforge::cli {

namespace {

const OptionSpec* find_long(std::span<const OptionSpec> options, std::string_view name) {
    const auto it = std::find_if(options.begin(), options.end(),
                                 [&](const OptionSpec& o) { return o.name == name; });
    return it == options.end() ? nullptr : &*it;
}

const OptionSpec* find_alias(std::span<const OptionSpec> options, char alias) {
    const auto it = std::find_if(options.begin(), options.end(),
                                 [&](const OptionSpec& o) { return o.alias == alias; });
    return it == options.end() ? nullptr : &*it;
}

}  // namespace

bool ParsedArgs::has(std::string_view name) const {
    return std::any_of(given_.begin(), given_.end(),
                       [&](const auto& g) { return g.first == name; });
}

std::optional<std::string> ParsedArgs::value(std::string_view name) const {
    const auto it = std::find_if(given_.rbegin(), given_.rend(),
                                 [&](const auto& g) { return g.first == name; });
    return it == given_.rend() ? std::nullopt : it->second;
}

std::vector<std::string> ParsedArgs::values(std::string_view name) const {
    std::vector<std::string> all;
    for (const auto& [given, value] : given_) {
        if (given == name && value) {
            all.push_back(*value);
        }
    }
    return all;
}

ParsedArgs parse_args(std::span<const std::string> args, std::span<const OptionSpec> options) {
    ParsedArgs parsed;
    bool options_ended = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (options_ended || word.size() < 2 || word[0] != '-') {
            parsed.positionals_.push_back(word);
            continue;
        }
        if (word == "--") {
            options_ended = true;
            continue;
        }
        if (word == "-h" || word == "--help") {
            parsed.help_ = true;
            continue;
        }
        const OptionSpec* spec = nullptr;
        std::optional<std::string> inline_value;
        if (word[1] == '-') {
            const std::string_view body = std::string_view(word).substr(2);
            const size_t eq = body.find('=');
            spec = find_long(options, body.substr(0, eq));
            if (eq != std::string_view::npos) {
                inline_value = std::string(body.substr(eq + 1));
            }
        } else if (word.size() == 2) {
            spec = find_alias(options, word[1]);
        }
        if (spec == nullptr) {
            throw UsageError("unknown option '" + word + "'");
        }
        const std::string name(spec->name);
        if (spec->value_name.empty()) {
            if (inline_value) {
                throw UsageError("option --" + name + " takes no value");
            }
            parsed.given_.emplace_back(name, std::nullopt);
            continue;
        }
        if (!inline_value) {
            if (i + 1 == args.size()) {
                throw UsageError("option --" + name + " needs a value ("
                                 + std::string(spec->value_name) + ")");
            }
            inline_value = args[++i];
        }
        parsed.given_.emplace_back(name, std::move(inline_value));
    }
    return parsed;
}

}  // namespace msgforge::cli
