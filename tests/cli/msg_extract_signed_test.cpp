// extract on clear-signed messages (IPM.Note.SMIME.MultipartSigned): the parts of the signed
// entity and its signature instead of the one opaque attachment, on a message built here and
// on the corpus's signed .msg files.
#include "msg_fixtures.hpp"
#include "msgforge/safe_name.hpp"
#include "run_cli.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace msgforge::test;

namespace {

// The signed message of testdata/mime, as a .msg in `dir`.
fs::path signed_msg(const TempDir& dir) {
    const fs::path eml = fs::path(MSGFORGE_TESTDATA_DIR) / "mime" / "signed_parts.eml";
    const fs::path file = dir / "signed.msg";
    write_file(file, msgforge::mime::from_mime(read_file(eml), eml.string()).message.write());
    return file;
}

size_t entries_in(const fs::path& dir) {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("extract writes the parts of a clear-signed message and its signature",
          "[cli][extract][smime]") {
    const TempDir dir;
    const fs::path out = dir / "out";
    const auto r = run({"extract", signed_msg(dir).string(), "-o", out.string(), "--bodies"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(entries_in(out) == 5);
    CHECK(fs::exists(out / "body.txt"));
    CHECK(fs::exists(out / "body.rtf"));
    // "../a.pdf" made safe: written in the folder, nothing outside it.
    const std::string pdf = msgforge::cli::safe_name("../a.pdf");
    CHECK(pdf.find('/') == std::string::npos);
    CHECK(read_file(out / pdf) == std::vector<uint8_t>{'%', 'P', 'D', 'F', '-'});
    CHECK(entries_in(dir.path()) == 2);
    CHECK(read_file(out / "smime.p7s") == std::vector<uint8_t>{1, 2, 3});
    CHECK(msgforge::msg::Message::read_file(out / "inner.msg").subject() == "inner");
    CHECK(r.out.find("smime.p7s  3 bytes") != std::string::npos);
}

TEST_CASE("extract of a clear-signed message whose entity cannot be read writes it as stored",
          "[cli][extract][smime]") {
    const TempDir dir;
    auto m = msgforge::msg::Message::read_file(signed_msg(dir));
    REQUIRE(m.attachments.size() == 1);
    const std::string text = "Content-Type: text/plain\r\n\r\nnot signed";
    m.attachments[0].properties.set(msgforge::msg::tags::PidTagAttachDataBinary,
                                    msgforge::cfb::Blob::owned({text.begin(), text.end()}));
    write_file(dir / "broken.msg", m.write());
    const auto r = run({"extract", (dir / "broken.msg").string(), "-o", (dir / "out").string()});
    CHECK(r.status == 0);
    CHECK(r.err.find("multipart/signed entity at 0x0: is no multipart/signed entity")
          != std::string::npos);
    CHECK(entries_in(dir / "out") == 1);
    CHECK(fs::exists(dir / "out" / "smime.p7m"));
}

TEST_CASE("extract of the corpus's clear-signed messages writes their signatures",
          "[cli][extract][smime][corpus]") {
    const fs::path corpus = corpus_dir();
    if (corpus.empty()) {
        report_skip("../shared/corpus is absent");
        return;
    }
    size_t signed_files = 0;
    for (const fs::path& file : files_below(corpus)) {
        if (file.extension() != ".msg") {
            continue;
        }
        msgforge::msg::Message m;
        try {
            m = msgforge::msg::Message::read_file(file);
        } catch (const msgforge::Error&) {
            continue;
        }
        if (msgforge::mime::signed_entity_attachment(m) == nullptr) {
            continue;
        }
        ++signed_files;
        CAPTURE(file.string());
        const TempDir dir;
        const auto r = run({"extract", file.string(), "-o", (dir / "out").string()});
        CHECK(r.status == 0);
        CAPTURE(r.out);
        CHECK_FALSE(fs::exists(dir / "out" / "smime.p7m"));
        // The S/MIME signature, or a PGP/MIME one named by its part (gpg_signed.msg).
        CHECK((fs::exists(dir / "out" / "smime.p7s") || fs::exists(dir / "out" / "signature.asc")));
    }
    CHECK(signed_files == 3);
}
