// Every .msg and .oft of the corpus (../shared/corpus) reads as a message without error (also
// within a byte limit of 4 times its size, a quarter of the default's ratio), its bodies
// decode, and it round-trips: written by msgforge (twice, giving the same bytes) and
// read again, it equals the first reading property for property, with no new warning. The
// one file that is not a compound file must fail with a clear error. Every sender whose
// properties store an SMTP address resolves to it. Exits 77 (CTest: skipped) when the corpus is
// absent.
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>

namespace msgforge::test {
namespace {

bool is_message_file(const std::filesystem::path& p) {
    const auto ext = p.extension().string();
    return ext == ".msg" || ext == ".oft";
}

TEST_CASE("Every corpus message reads, decodes its bodies and round-trips exactly",
          "[corpus][msg]") {
    int read = 0;
    int refused = 0;
    for (const auto& file : files_below(corpus_dir())) {
        if (!is_message_file(file)) {
            continue;
        }
        INFO(file.string());
        if (file.filename() == "bad_outlook.msg") {
            REQUIRE_THROWS_WITH(msg::Message::read_file(file),
                                Catch::Contains("header at 0x0: bad signature"));
            ++refused;
            continue;
        }
        const msg::Message m = msg::Message::read_file(file);
        ++read;
        msg::ReadOptions four_times;
        four_times.limits.max_total_bytes = 4 * std::filesystem::file_size(file);
        CHECK_NOTHROW(msg::Message::read_file(file, four_times));
        const msg::Body body = msg::best_body(m);
        CHECK(body.notes.empty());
        if (msg::body_rtf(m)) {
            CHECK_NOTHROW(msg::body_html(m));
        }
        const auto bytes = m.write();
        CHECK(bytes == m.write());
        const cfb::Reader again = cfb::Reader::from_blob(cfb::Blob::owned(bytes));
        CHECK(again.warnings().empty());
        const msg::Message m2 = msg::Message::read(again);
        const auto differences = msg::compare(m, m2);
        CHECK(differences.empty());
        for (const auto& d : differences) {
            WARN(d);
        }
        // An entry kept without its missing value stream is written back so, and warned of
        // again; nothing else is.
        std::vector<std::string> kept;
        for (const auto& w : m.warnings) {
            if (w.message.find("(kept as an entry without a value)") != std::string::npos) {
                kept.push_back(w.message);
            }
        }
        std::vector<std::string> warned_again;
        for (const auto& w : m2.warnings) {
            warned_again.push_back(w.message);
        }
        CHECK(warned_again == kept);
    }
    std::cout << "msg corpus: " << read << " messages read and round-tripped, " << refused
              << " refused as expected\n";
    CHECK(read >= 147);
    CHECK(refused == 1);
}

TEST_CASE("Every corpus sender whose properties store an SMTP address resolves to it",
          "[corpus][msg][address]") {
    int stored = 0;
    int beside_other = 0;
    for (const auto& file : files_below(corpus_dir())) {
        if (!is_message_file(file) || file.filename() == "bad_outlook.msg") {
            continue;
        }
        INFO(file.string());
        const msg::Message m = msg::Message::read_file(file);
        auto smtp = m.string(msg::tags::PidTagSenderSmtpAddress).value_or("");
        const auto type = m.string(msg::tags::PidTagSenderAddressType).value_or("");
        if (smtp.empty() && equal_ci(type, "SMTP")) {
            smtp = m.string(msg::tags::PidTagSenderEmailAddress).value_or("");
        }
        if (smtp.empty()) {
            continue;
        }
        ++stored;
        const auto sender = m.sender();
        REQUIRE(sender);
        CHECK(sender->smtp == smtp);
        beside_other += equal_ci(sender->address, smtp) ? 0 : 1;
    }
    const auto dual =
        corpus_dir() / "outlook-message-parser/OutlookMessage_with_X500_dual_address.msg";
    REQUIRE(std::filesystem::exists(dual));
    const auto sender = msg::Message::read_file(dual).sender();
    REQUIRE(sender);
    CHECK(sender->smtp == "sielenkemper@otris.de");
    CHECK(sender->address_type == "EX");
    CHECK(sender->address.starts_with("/O="));
    std::cout << "msg corpus: " << stored << " senders with a stored SMTP address, " << beside_other
              << " of them beside another native address\n";
    CHECK(stored > 0);
    CHECK(beside_other > 0);
}

}  // namespace
}  // namespace msgforge::test
