// msg_summary FILE...: what msgforge reads from each .msg file, as the JSON summary that the
// .msg interop test compares with the peer readers (msg_*_summary.{js,pl,java} print the same
// shape). Output: {"peer":"msgforge","files":[{"file","error","summary"}]}, where summary is
// msg_summary_json.hpp's.
#include "msg_summary_json.hpp"

#include <msgforge/base/error.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main(int argc, char** argv) {
    using nlohmann::json;
    if (argc < 2) {
        std::cerr << "usage: msg_summary FILE...\n";
        return 2;
    }
    json files = json::array();
    for (int i = 1; i < argc; ++i) {
        json entry = {{"file", argv[i]}, {"error", nullptr}, {"summary", nullptr}};
        try {
            entry["summary"] =
                msgforge::test::msg_summary(msgforge::msg::Message::read_file(argv[i]));
        } catch (const msgforge::Error& e) {
            entry["error"] = e.what();
        }
        files.push_back(std::move(entry));
    }
    const json out = {{"peer", "msgforge"}, {"files", files}};
    std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return 0;
}
