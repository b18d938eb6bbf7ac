// The names `msgforge import sbr` gives the messages it writes and their conversation folders.
#include "msgforge/sbr_names.hpp"

#include "sbr/sbr_generator.hpp"
#include "support/support.hpp"

#include <msgforge/sbr.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace gen = msgforge::test::sbr;
namespace sbr = msgforge::sbr;
using namespace msgforge::cli;

namespace {

std::vector<sbr::Record> records_of(const std::string& xml) {
    std::istringstream in(xml);
    sbr::Reader reader(in, "backup.xml");
    std::vector<sbr::Record> out;
    while (auto r = reader.next()) {
        out.push_back(std::move(*r));
    }
    return out;
}

std::string archive(size_t sms, size_t mms) {
    std::ostringstream out;
    gen::GeneratorOptions options;
    options.sms = sms;
    options.mms = mms;
    gen::generate(out, options);
    return out.str();
}

sbr::Record one(const std::string& element) {
    const auto all = records_of("<smses>" + element + "</smses>");
    REQUIRE(all.size() == 1);
    return all.front();
}

}  // namespace

TEST_CASE("File names are deterministic and portable", "[cli][sbr][names]") {
    const std::vector<sbr::Record> records = records_of(archive(3, 1));
    CHECK(archive_file_name(records[0], 1) == "2026-01-02_030405_+15550101000_in_000001.msg");
    CHECK(archive_file_name(records[1], 2)
          == "2026-01-02_194405_+15550101000_+15550101001_+15550101002_in_000002.msg");
    CHECK(archive_file_name(records[2], 1234567)
          == "2026-01-02_030505_+15550101001_out_1234567.msg");
    CHECK(conversation_name(records[1]) == "+15550101000_+15550101001_+15550101002");
    CHECK(safe_number("") == "unknown");
    CHECK(safe_number("../etc/passwd") == "-etc-passwd");
    CHECK(safe_number("Ann: <x>|?*") == "Ann---x----");
    CHECK(safe_number(std::string(200, '1')).size() == 80);
    CHECK(archive_file_name(one("<sms type=\"3\" address=\"null\"/>"), 7)
          == "undated_unknown_draft_000007.msg");
}
