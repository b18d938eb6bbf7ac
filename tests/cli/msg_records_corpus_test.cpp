// records over ../shared/corpus (skipped, with a warning, when the corpus is absent): one
// record per message and embedded message, errors only for files the reader refuses, the
// same lines whatever the thread count.
#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/msg/message.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
using Json = nlohmann::ordered_json;

namespace {

size_t messages_in(const msg::Message& m) {
    size_t n = 1;
    for (const msg::Attachment& a : m.attachments) {
        n += a.embedded ? messages_in(*a.embedded) : 0;
    }
    return n;
}

}  // namespace

TEST_CASE("records of the corpus: one per message, errors where reading fails, any threads",
          "[cli][corpus]") {
    const fs::path dir = msgforge::test::corpus_dir();
    if (dir.empty()) {
        msgforge::test::report_skip("../shared/corpus is absent");
        return;
    }
    const auto one = msgforge::test::run_cli({"records", dir.string(), "--threads", "1"});
    const auto two = msgforge::test::run_cli({"records", dir.string(), "--threads", "2"});
    CHECK(one.out == two.out);
    CHECK(one.err == two.err);

    std::map<std::string, std::vector<Json>> by_path;
    std::istringstream in(one.out);
    for (std::string line; std::getline(in, line);) {
        Json j = Json::parse(line);
        by_path[j["path"].get<std::string>()].push_back(std::move(j));
    }
    REQUIRE(by_path.size() > 100);
    size_t failed = 0;
    for (const auto& [path, records] : by_path) {
        INFO(path);
        size_t expected = 1;
        bool readable = true;
        try {
            expected = messages_in(msg::Message::read_file(path));
        } catch (const msgforge::Error&) {
            readable = false;
        }
        CHECK(records.size() == expected);
        CHECK(records[0].contains("error") == !readable);
        failed += readable ? 0 : 1;
        if (readable) {
            CHECK(records[0]["sha256"].get<std::string>().size() == 64);
        }
    }
    CHECK(one.status == (failed == 0 ? 0 : 1));

    const std::string dual =
        (dir / "outlook-message-parser/OutlookMessage_with_X500_dual_address.msg").generic_string();
    REQUIRE(by_path.count(dual) == 1);
    const Json& sender = by_path[dual][0]["sender"];
    CHECK(sender["smtp"] == "sielenkemper@otris.de");
    CHECK(sender["address_type"] == "EX");
}
