#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

using namespace msgforge;

TEST_CASE("ByteReader reads little-endian values and names structure and offset on overrun",
          "[base][bytes]") {
    const std::vector<uint8_t> data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    ByteReader r(data, "test header", 0x200);
    CHECK(r.u16() == 0x0201);
    CHECK(r.u32() == 0x06050403);
    CHECK(r.offset() == 0x206);
    REQUIRE_THROWS_AS(r.u16(), FormatError);
    REQUIRE_THROWS_WITH(ByteReader(data, "test header", 0x200).sub(8, "x"),
                        "test header at 0x200: needs 8 bytes, 7 left");
}

TEST_CASE("checked arithmetic reports overflow", "[base][bytes]") {
    CHECK(checked_mul<uint32_t>(0x10000, 0x10000) == std::nullopt);
    CHECK(checked_mul<uint32_t>(0x1000, 0x10) == 0x10000u);
    CHECK(checked_add<uint64_t>(UINT64_MAX, 1) == std::nullopt);
}

TEST_CASE("Error renders file, structure, offset and detail", "[base][error]") {
    FormatError e(Location{"a.msg", "FAT chain of stream x", 0x1A00}, "loop");
    CHECK(std::string(e.what()) == "a.msg: FAT chain of stream x at 0x1A00: loop");
    FormatError f(Location{{}, "header", 0x1E}, "bad sector shift");
    f.set_file("b.cfb");
    CHECK(std::string(f.what()) == "b.cfb: header at 0x1E: bad sector shift");
}

TEST_CASE("Guid parses and formats in wire order", "[base][guid]") {
    const auto g = Guid::parse("{00020D0B-0000-0000-C000-000000000046}");
    REQUIRE(g);
    const std::vector<uint8_t> wire = {0x0B, 0x0D, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};
    CHECK(std::vector<uint8_t>(g->bytes.begin(), g->bytes.end()) == wire);
    CHECK(g->to_string() == "{00020D0B-0000-0000-C000-000000000046}");
    CHECK(Guid::parse("00020329-0000-0000-C000-000000000046").has_value());
    CHECK_FALSE(Guid::parse("{00020329-0000-0000-C000-00000000046}").has_value());
    CHECK_FALSE(Guid::parse("{0002032G-0000-0000-C000-000000000046}").has_value());
}

TEST_CASE("FileTime converts to and from ISO 8601 with seven fractional digits",
          "[base][filetime]") {
    CHECK(FileTime{}.to_iso() == "1601-01-01T00:00:00.0000000Z");
    CHECK(FileTime::from_unix_seconds(0).ticks == 116444736000000000ull);
    const auto t = FileTime::parse("2024-05-01T09:30:00.1234567Z");
    REQUIRE(t);
    CHECK(t->to_iso() == "2024-05-01T09:30:00.1234567Z");
    CHECK(FileTime::parse("2024-05-01T09:30:00Z")->to_iso() == "2024-05-01T09:30:00.0000000Z");
    CHECK_FALSE(FileTime::parse("2024-02-30T09:30:00Z"));
    CHECK_FALSE(FileTime::parse("2024-05-01 09:30:00Z"));
}

TEST_CASE("FileTime reads RFC 3339 times with any offset and fraction, as UTC",
          "[base][filetime]") {
    const auto iso = [](std::string_view text) {
        const auto t = FileTime::parse(text);
        return t ? t->to_iso() : std::string("refused");
    };
    CHECK(iso("2026-01-02T03:04:05+02:00") == "2026-01-02T01:04:05.0000000Z");
    CHECK(iso("2026-01-02T03:04:05-05:30") == "2026-01-02T08:34:05.0000000Z");
    CHECK(iso("2026-01-01T01:00:00+03:00") == "2025-12-31T22:00:00.0000000Z");
    CHECK(iso("2026-12-31T23:30:00-01:00") == "2027-01-01T00:30:00.0000000Z");
    CHECK(iso("2024-02-29T00:00:00+00:00") == "2024-02-29T00:00:00.0000000Z");
    CHECK(iso("2024-02-29T00:00:00-00:00") == "2024-02-29T00:00:00.0000000Z");
    CHECK(iso("2026-01-02t03:04:05.5z") == "2026-01-02T03:04:05.5000000Z");
    CHECK(iso("2026-01-02T03:04:05.123456789+01:00") == "2026-01-02T02:04:05.1234567Z");
    CHECK(iso("1601-01-01T00:00:00Z") == "1601-01-01T00:00:00.0000000Z");
    for (const char* bad :
         {"2026-01-02T03:04:05", "2026-01-02T03:04:05+02", "2026-01-02T03:04:05+0200",
          "2026-01-02T03:04:05+24:00", "2026-01-02T03:04:05+02:60", "2026-01-02T03:04:05.Z",
          "2026-01-02T03:04:60Z", "2026-01-02T03:04:05Z ", "1601-01-01T00:30:00+01:00",
          "2026-01-02T03:04:05+02:00x"}) {
        CAPTURE(bad);
        CHECK(iso(bad) == "refused");
    }
}

TEST_CASE("UTF-8 and UTF-16 convert both ways, rejecting malformed UTF-8", "[base][utf]") {
    const std::u16string s = u"a\u00e9\u4e2d\U0001F600";
    CHECK(utf16_to_utf8(s) == "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
    CHECK(utf8_to_utf16(utf16_to_utf8(s)) == s);
    CHECK(utf16_to_utf8(std::u16string(1, char16_t(0xD800))) == "\xEF\xBF\xBD");
    CHECK_FALSE(utf8_to_utf16("\xC0\x80"));
    CHECK_FALSE(utf8_to_utf16("\xED\xA0\x80"));
    CHECK_FALSE(utf8_to_utf16("\xE4\xB8"));
    CHECK_FALSE(utf8_to_utf16("\xF6\xAC\x8A\x9D"));
    CHECK_FALSE(utf8_to_utf16("\xF4\x90\x80\x80"));
}

TEST_CASE("The well-formed prefix of UTF-8 ends at the first byte no sequence starts",
          "[base][utf]") {
    CHECK(utf8_valid_prefix("") == 0);
    CHECK(utf8_valid_prefix("a\xC3\xA9\xF0\x9F\x98\x80") == 7);
    CHECK(utf8_valid_prefix("ab\xF6\xAC\x8A\x9D") == 2);
    CHECK(utf8_valid_prefix("ab\xED\xA0\x80") == 2);
    CHECK(utf8_valid_prefix("ab\xE4\xB8") == 2);
    CHECK(utf8_valid_prefix("\xC0\x80") == 0);
}

TEST_CASE("UTF-16 to UTF-8: every unit, surrogate pairs and lone halves", "[base][utf]") {
    for (uint32_t u = 0; u <= 0xFFFF; ++u) {
        const std::u16string one(1, static_cast<char16_t>(u));
        const std::string out = utf16_to_utf8(one);
        REQUIRE(utf8_length(one) == out.size());
        if (u >= 0xD800 && u <= 0xDFFF) {
            REQUIRE(out == "\xEF\xBF\xBD");
        } else {
            REQUIRE(out.size() == (u < 0x80 ? 1U : u < 0x800 ? 2U : 3U));
            REQUIRE(utf8_to_utf16(out) == one);
        }
    }
    // A high half before a low one is a pair; in any other place each half is U+FFFD.
    const std::u16string mixed = u"\xDC00x\xD800\xD800\xDC00y\xD83D";
    const std::string want = "\xEF\xBF\xBDx\xEF\xBF\xBD\xF0\x90\x80\x80y\xEF\xBF\xBD";
    CHECK(utf16_to_utf8(mixed) == want);
    CHECK(utf8_length(mixed) == want.size());
    std::string buffer(3 * mixed.size(), '#');
    CHECK(write_utf8(mixed, buffer.data()) == buffer.data() + want.size());
    CHECK(buffer.substr(0, want.size()) == want);
    CHECK(buffer.substr(want.size()) == std::string(buffer.size() - want.size(), '#'));
}

TEST_CASE("Code points append as UTF-8, surrogates and values past U+10FFFF as U+FFFD",
          "[base][utf]") {
    std::string out = "x";
    for (const char32_t c : {U'A', U'\u00E9', U'\u20AC', U'\U0001F600', U'\U0010FFFF'}) {
        append_utf8(out, c);
    }
    CHECK(out == "xA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
    for (const char32_t c : {char32_t{0xD800}, char32_t{0xDFFF}, char32_t{0x110000}}) {
        std::string bad;
        append_utf8(bad, c);
        CHECK(bad == "\xEF\xBF\xBD");
    }
    std::string zero;
    append_utf8(zero, 0);
    CHECK(zero == std::string(1, '\0'));
}

TEST_CASE("CFB names order by length, then by upper-cased code units", "[cfb][names]") {
    using cfb::compare_names;
    CHECK(compare_names(u"Z", u"AA") < 0);
    CHECK(compare_names(u"abc", u"ABC") == 0);
    CHECK(compare_names(u"abd", u"ABC") > 0);
    CHECK(compare_names(u"\u00e9", u"\u00c9") == 0);
    CHECK(compare_names(u"_", u"a") > 0);  // '_' (0x5F) sorts after 'A' (0x41)
    CHECK(cfb::name_problem(u"a/b") != "");
    CHECK(cfb::name_problem(std::u16string(32, u'x')) != "");
    CHECK(cfb::name_problem(std::u16string(31, u'x')) == "");
    CHECK(cfb::name_problem(u"") == "");  // a name of only its terminator (MS-CFB 2.6.1)
    CHECK(cfb::name_problem(std::u16string(1, u'\0')) != "");
}

TEST_CASE("SHA-256 matches the FIPS 180-4 examples", "[base][sha256]") {
    const std::string abc = "abc";
    CHECK(Sha256::hex({reinterpret_cast<const uint8_t*>(abc.data()), abc.size()})
          == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256::hex({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const std::vector<uint8_t> million(1000000, 'a');
    CHECK(Sha256::hex(million)
          == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 gives the portable code's digest on every length and split of the input",
          "[base][sha256]") {
    // Engine::best runs the processor's SHA instructions where it has them: this compares them
    // with the portable code over block boundaries, padding into a second block and updates
    // that leave bytes buffered.
    INFO("SHA instructions used: " << Sha256::hardware());
    std::vector<uint8_t> data(4099);
    for (size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<uint8_t>((i * 2654435761U) >> 11);
    }
    for (size_t n = 0; n <= data.size(); n += n < 200 ? 1 : 61) {
        const std::span<const uint8_t> input(data.data(), n);
        Sha256 portable(Sha256::Engine::portable);
        portable.update(input);
        const auto want = portable.finish();
        Sha256 whole;
        whole.update(input);
        CHECK(whole.finish() == want);
        Sha256 pieces;
        for (size_t at = 0; at < n; at += 37) {
            pieces.update(input.subspan(at, std::min<size_t>(37, n - at)));
        }
        CHECK(pieces.finish() == want);
    }
}
