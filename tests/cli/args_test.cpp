#include "msgforge/args.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using msgforge::cli::OptionSpec;
using msgforge::cli::parse_args;
using msgforge::cli::UsageError;

namespace {

const std::vector<OptionSpec> options = {
    {"output", 'o', "FILE", "where to write"},
    {"json", 0, "", "print JSON"},
};

}  // namespace

TEST_CASE("Options, aliases and positionals are parsed in any order", "[cli][args]") {
    const std::vector<std::string> words = {"in", "-o", "out", "--json", "more"};
    const auto parsed = parse_args(words, options);
    CHECK(parsed.has("json"));
    CHECK(parsed.value("output") == "out");
    CHECK(parsed.positionals() == std::vector<std::string>{"in", "more"});
    CHECK_FALSE(parsed.help());
}

TEST_CASE("options as --name=value: the last value wins, and -- ends the options", "[cli][args]") {
    const std::vector<std::string> words = {"--output=a", "--output", "b", "--", "--json", "-"};
    const auto parsed = parse_args(words, options);
    CHECK(parsed.value("output") == "b");
    CHECK_FALSE(parsed.has("json"));
    CHECK(parsed.positionals() == std::vector<std::string>{"--json", "-"});
}

TEST_CASE("values() gives every value of a repeated option in order", "[cli][args]") {
    const std::vector<std::string> words = {"-o", "a", "--json", "--output=b", "-o", "c"};
    const auto parsed = parse_args(words, options);
    CHECK(parsed.values("output") == std::vector<std::string>{"a", "b", "c"});
    CHECK(parsed.values("json").empty());
    CHECK(parsed.values("missing").empty());
}

TEST_CASE("--help and -h are always known", "[cli][args]") {
    CHECK(parse_args(std::vector<std::string>{"-h"}, options).help());
    CHECK(parse_args(std::vector<std::string>{"x", "--help"}, options).help());
}

TEST_CASE("Unknown options and missing or unexpected values are usage errors", "[cli][args]") {
    CHECK_THROWS_AS(parse_args(std::vector<std::string>{"--bogus"}, options), UsageError);
    CHECK_THROWS_AS(parse_args(std::vector<std::string>{"-x"}, options), UsageError);
    CHECK_THROWS_WITH(parse_args(std::vector<std::string>{"-o"}, options),
                      Catch::Contains("needs a value"));
    CHECK_THROWS_WITH(parse_args(std::vector<std::string>{"--json=1"}, options),
                      Catch::Contains("takes no value"));
}
