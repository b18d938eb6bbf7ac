// Every .msg and .oft of the corpus converts to MIME, or fails as the reader fails: the
// conversion adds no error of its own, and what it writes is CRLF text GMime reads back.
#include "gmime.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/mime/to_mime.hpp>
#include <msgforge/msg/message.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <support/support.hpp>

namespace {

using namespace msgforge;
using mime::detail::GPtr;

bool is_message_file(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return ext == ".msg" || ext == ".oft";
}

TEST_CASE("every corpus message converts to MIME or fails with the reader's error") {
    const auto corpus = test::corpus_dir();
    if (corpus.empty()) {
        test::report_skip("no corpus at ../shared/corpus");
        return;
    }
    mime::detail::ensure_gmime();
    size_t converted = 0;
    size_t refused = 0;
    for (const auto& file : test::files_below(corpus)) {
        if (!is_message_file(file)) {
            continue;
        }
        INFO(file.string());
        msg::Message m;
        try {
            m = msg::Message::read_file(file);
        } catch (const FormatError&) {
            ++refused;
            continue;
        }
        const std::string eml = mime::to_mime(m);
        CHECK(eml == mime::to_mime(m));
        CHECK(eml.find("\r\n\r\n") != std::string::npos);
        const GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(eml.data(), eml.size()));
        const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
        const GPtr<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), nullptr));
        CHECK(parsed != nullptr);
        ++converted;
    }
    CHECK(converted >= 140);
    CHECK(refused <= 2);
}

}  // namespace
