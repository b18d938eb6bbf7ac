// Helpers shared by the tests of the JSON component.
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/message.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace msgforge::test {

using Json = nlohmann::ordered_json;

/// json::encode's text, parsed back.
inline Json encoded(const msg::Message& m, bool full = false) {
    return Json::parse(json::encode(m, json::Options{full}));
}

/// The FormatError json::decode throws for `text` (as the file "in.json"); fails the test case
/// when it throws none.
inline FormatError decode_error(std::string_view text) {
    std::optional<FormatError> error;
    try {
        json::decode(text, "in.json");
    } catch (const FormatError& e) {
        error = e;
    }
    INFO(text);
    REQUIRE(error.has_value());
    return *error;
}

/// The JSON path and message of decode_error(text), as "path: detail".
inline std::string decode_failure(std::string_view text) {
    const FormatError e = decode_error(text);
    CHECK(e.location().file == "in.json");
    return e.location().structure + ": " + e.detail();
}

}  // namespace msgforge::test
