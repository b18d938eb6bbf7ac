// Every RFC 5322 file and every mbox of the MIME corpus (../shared/corpus/eml) converts to .msg
// messages that write and read back with their subject; each mbox gives as many messages as
// Python's mailbox.mbox found (the counts MANIFEST.md notes); S/MIME messages get their S/MIME
// classes. Prints the number of messages and warnings. Exits 77 (CTest: skipped) when the
// corpus is absent.
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <string>

namespace msgforge::test {
namespace {

namespace fs = std::filesystem;

fs::path eml_dir() {
    return corpus_dir() / "eml";
}

// MANIFEST.md's table rows: path -> (kinds, notes).
std::map<std::string, std::pair<std::string, std::string>> manifest() {
    std::ifstream in(eml_dir() / "MANIFEST.md");
    std::map<std::string, std::pair<std::string, std::string>> rows;
    const std::regex row(R"(^\| (eml/[^ |]+) \| ([^|]*) \| [^|]* \| [^|]* \| (.*) \|$)");
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_match(line, m, row)) {
            rows[m[1].str()] = {m[2].str(), m[3].str()};
        }
    }
    return rows;
}

// The Content-Type of the message itself, lower case, from its header block.
std::string top_content_type(const msg::Message& m) {
    const std::string headers =
        ascii_lower(m.string(msg::tags::PidTagTransportMessageHeaders).value_or(""));
    const std::regex field(R"((?:^|\n)content-type:[ \t]*([^;\r\n]*))");
    std::smatch match;
    return std::regex_search(headers, match, field) ? std::string(trim(match[1].str())) : "";
}

// The message written and read back keeps its subject and attachments.
void check_written(const msg::Message& m) {
    const auto bytes = m.write();
    const msg::Message back = msg::Message::read(cfb::Reader::from_bytes(bytes));
    CHECK(back.subject() == m.subject());
    CHECK(back.attachments.size() == m.attachments.size());
    CHECK(back.warnings.empty());
}

TEST_CASE("Every corpus .eml and mbox converts to .msg", "[corpus][mime]") {
    const auto rows = manifest();
    REQUIRE(rows.size() > 400);
    size_t files = 0;
    size_t messages = 0;
    size_t warnings = 0;
    size_t with_warnings = 0;
    size_t smime = 0;
    auto slowest = std::chrono::steady_clock::duration::zero();
    for (const fs::path& file : files_below(eml_dir())) {
        const std::string ext = file.extension().string();
        if (ext != ".eml" && ext != ".mbox") {
            continue;
        }
        const std::string key = "eml/" + fs::relative(file, eml_dir()).generic_string();
        INFO(key);
        const auto row = rows.find(key);
        REQUIRE(row != rows.end());
        const std::string& kinds = row->second.first;
        const std::vector<uint8_t> bytes = read_file(file);
        ++files;
        const auto start = std::chrono::steady_clock::now();
        if (ext == ".mbox") {
            mime::MboxReader reader(bytes, file.string());
            size_t count = 0;
            while (auto r = reader.next()) {
                ++count;
                warnings += r->warnings.size();
                with_warnings += r->warnings.empty() ? 0U : 1U;
                check_written(r->message);
            }
            messages += count;
            std::smatch m;
            const std::regex noted(R"((\d+) messages via mailbox\.mbox)");
            REQUIRE(std::regex_search(row->second.second, m, noted));
            CHECK(count == std::stoul(m[1].str()));
        } else {
            const mime::FromMimeResult r = mime::from_mime(bytes, file.string());
            ++messages;
            warnings += r.warnings.size();
            with_warnings += r.warnings.empty() ? 0U : 1U;
            check_written(r.message);
            // Kinds come from the whole tree: a signature part inside multipart/mixed counts
            // as smime-signed too, but only a top-level S/MIME entity makes an S/MIME class.
            const std::string primary = kinds.substr(0, kinds.find(','));
            const auto cls = r.message.message_class().value_or("");
            const auto content_type = top_content_type(r.message);
            if (primary == "smime-signed" && content_type.starts_with("multipart/signed")) {
                CHECK(cls == "IPM.Note.SMIME.MultipartSigned");
            } else if (content_type.starts_with("application/pkcs7-mime")
                       || content_type.starts_with("application/x-pkcs7-mime")) {
                CHECK(cls == "IPM.Note.SMIME");
            }
            smime += cls.starts_with("IPM.Note.SMIME") ? 1U : 0U;
        }
        slowest = std::max(slowest, std::chrono::steady_clock::now() - start);
    }
    std::cout << "mime corpus: " << files << " files, " << messages << " messages converted, "
              << warnings << " warnings (" << with_warnings << " messages with any), " << smime
              << " S/MIME messages, slowest file "
              << std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count() << " ms\n";
    CHECK(files >= 477);
}

}  // namespace
}  // namespace msgforge::test
