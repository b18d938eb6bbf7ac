// detail::with_q_words(): base64 encoded words rewritten as Q words of the same bytes, in
// linear time.
#include "encoded_words.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace {

using msgforge::mime::detail::with_q_words;

TEST_CASE("Base64 words are rewritten as Q words of the same bytes", "[mime][rfc2047]") {
    CHECK(with_q_words("=?iso-8859-1?B?aOlsbG8=?= =?iso-8859-1?B?d/ZybGQ=?=")
          == "=?iso-8859-1?Q?h=E9llo?= =?iso-8859-1?Q?w=F6rld?=");
    // A base64 quartet cut between two words of one run is joined, as GMime joins it.
    CHECK(with_q_words("=?utf-8?B?YW?= =?utf-8?b?Jj?=") == "=?utf-8?Q?\?= =?utf-8?Q?abc?=");
    // Text between words, Q words and words of another charset end a run.
    CHECK(with_q_words("=?utf-8?B?YW?= x =?utf-8?B?Jj?= =?utf-8?Q?=22?=")
          == "=?utf-8?Q?a?= x =?utf-8?Q?=26?= =?utf-8?Q?=22?=");
    CHECK(with_q_words("\"=?utf-8?B?LCA8Pg==?=\"") == "\"=?utf-8?Q?=2C=20=3C=3E?=\"");
    CHECK_FALSE(with_q_words("=?utf-8?Q?a?= =?utf-8?X?YQ==?= =??B?YQ==?= plain =?a?B?YQ=="));
}

TEST_CASE("A megabyte of candidate encoded words is rewritten in linear time",
          "[mime][rfc2047][hostile]") {
    std::string noise;
    for (int i = 0; i < 350'000; ++i) {
        noise += "=?a";
    }
    std::string words;
    for (int i = 0; i < 40'000; ++i) {
        words += "=?a?B?YQ==?=";
    }
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(with_q_words(noise));
    const auto rewritten = with_q_words(noise + words);
    REQUIRE(rewritten);
    CHECK(rewritten->size() == noise.size() + 40'000 * std::string_view("=?a?Q?a?=").size());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

}  // namespace
