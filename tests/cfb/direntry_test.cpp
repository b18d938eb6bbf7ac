// A directory entry (MS-CFB 2.6.1): the one description of its 128 bytes that the reader parses
// and the writer serializes.
#include "direntry.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/guid.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

using namespace msgforge;
using namespace msgforge::cfb;
using detail::EntryRecord;

namespace {

bool all_zero(const uint8_t* from, const uint8_t* to) {
    return std::all_of(from, to, [](uint8_t v) { return v == 0; });
}

}  // namespace

TEST_CASE(
    "A directory entry serializes each field at its MS-CFB offset and parses back the same "
    "values",
    "[cfb][direntry]") {
    const std::u16string name = u"__substg1.0_0037001F";
    EntryRecord e;
    e.name = name;
    e.name_length = static_cast<uint16_t>((name.size() + 1) * 2);
    e.object_type = 2;
    e.color = 1;
    e.left = 0x11111111;
    e.right = 0x22222222;
    e.child = 0x33333333;
    e.clsid = Guid::from_fields(0x01020304, 0x0506, 0x0708, {9, 10, 11, 12, 13, 14, 15, 16});
    e.state_bits = 0x44444444;
    e.created = 0x5555555555555555;
    e.modified = 0x6666666666666666;
    e.start = 0x77777777;
    e.size = 0x8888888888888888;
    const std::array<uint8_t, DIRECTORY_ENTRY_SIZE> b = e.serialize();
    for (size_t i = 0; i < name.size(); ++i) {
        CHECK(load_u16(&b[2 * i]) == name[i]);
    }
    CHECK(all_zero(b.data() + 2 * name.size(), b.data() + 0x40));
    CHECK(load_u16(&b[0x40]) == 42);
    CHECK(b[0x42] == 2);
    CHECK(b[0x43] == 1);
    CHECK(load_u32(&b[0x44]) == 0x11111111);
    CHECK(load_u32(&b[0x48]) == 0x22222222);
    CHECK(load_u32(&b[0x4C]) == 0x33333333);
    CHECK(std::equal(e.clsid.bytes.begin(), e.clsid.bytes.end(), b.begin() + 0x50));
    CHECK(load_u32(&b[0x60]) == 0x44444444);
    CHECK(load_u64(&b[0x64]) == 0x5555555555555555);
    CHECK(load_u64(&b[0x6C]) == 0x6666666666666666);
    CHECK(load_u32(&b[0x74]) == 0x77777777);
    CHECK(load_u64(&b[0x78]) == 0x8888888888888888);

    std::array<char16_t, detail::entry_field::NAME_UNITS> units{};
    const EntryRecord back = EntryRecord::parse(b, units);
    CHECK(back.name == name);
    CHECK(back.name.data() == units.data());
    CHECK(back.name_length == e.name_length);
    CHECK(back.object_type == e.object_type);
    CHECK(back.color == e.color);
    CHECK(back.left == e.left);
    CHECK(back.right == e.right);
    CHECK(back.child == e.child);
    CHECK(back.clsid.bytes == e.clsid.bytes);
    CHECK(back.state_bits == e.state_bits);
    CHECK(back.created == e.created);
    CHECK(back.modified == e.modified);
    CHECK(back.start == e.start);
    CHECK(back.size == e.size);
}

TEST_CASE("A default directory entry is an unused one: zeros but three NOSTREAM links",
          "[cfb][direntry]") {
    const std::array<uint8_t, DIRECTORY_ENTRY_SIZE> b = EntryRecord{}.serialize();
    CHECK(all_zero(b.data(), b.data() + 0x44));
    CHECK(load_u32(&b[0x44]) == NOSTREAM);
    CHECK(load_u32(&b[0x48]) == NOSTREAM);
    CHECK(load_u32(&b[0x4C]) == NOSTREAM);
    CHECK(all_zero(b.data() + 0x50, b.data() + DIRECTORY_ENTRY_SIZE));
}

TEST_CASE("A name field without a terminator parses as all 32 of its units", "[cfb][direntry]") {
    std::array<uint8_t, DIRECTORY_ENTRY_SIZE> raw{};
    for (size_t i = 0; i < 32; ++i) {
        store_u16(&raw[2 * i], static_cast<uint16_t>(u'A' + i));
    }
    std::array<char16_t, detail::entry_field::NAME_UNITS> units{};
    const EntryRecord e = EntryRecord::parse(raw, units);
    REQUIRE(e.name.size() == 32);
    CHECK(e.name.front() == u'A');
    CHECK(e.name.back() == static_cast<char16_t>(u'A' + 31));
}

TEST_CASE("Serializing a name longer than 31 units is an internal error", "[cfb][direntry]") {
    const std::u16string name(32, u'x');
    EntryRecord e;
    e.name = name;
    REQUIRE_THROWS_AS(e.serialize(), Error);
    REQUIRE_THROWS_WITH(e.serialize(), Catch::Contains("name of 32 units"));
    try {
        e.serialize();
    } catch (const Error& error) {
        CHECK(error.code() == Errc::internal);
    }
    e.name = std::u16string_view(name).substr(0, 31);
    CHECK(load_u16(&e.serialize()[60]) == u'x');
}
