// Conversation threads of imported messages (topic and PidTagConversationIndex, MS-OXOMSG
// 2.2.1.3) and the owner's number recorded for export.
#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/sbr.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace sbr = msgforge::sbr;
namespace tags = msgforge::msg::tags;
using msgforge::FileTime;

namespace {

sbr::Record sms(const std::string& address, int64_t date_ms, int type,
                const std::string& contact = "(Unknown)") {
    return sbr::parse_element("<sms address=\"" + address + "\" date=\"" + std::to_string(date_ms)
                                  + "\" type=\"" + std::to_string(type) + "\" body=\"hi\" "
                                  + "contact_name=\"" + contact + "\"/>",
                              sbr::Kind::sms, "backup.xml", 1, 0);
}

std::vector<uint8_t> index_of(const msgforge::msg::Message& m) {
    const auto* blob = m.properties.get_as(tags::PidTagConversationIndex);
    REQUIRE(blob != nullptr);
    return {blob->begin(), blob->end()};
}

// Bits 18 to 48 of the time since the header's (DC 0), as a reader reconstructs them.
uint64_t delta_ticks(const std::vector<uint8_t>& index) {
    uint64_t level = 0;
    for (size_t i = 22; i < 26; ++i) {
        level = level << 8 | index[i];
    }
    REQUIRE((level & 0x80000000U) == 0);
    return level << 18;
}

uint64_t header_ticks(const std::vector<uint8_t>& index) {
    uint64_t t = 0;
    for (size_t i = 1; i < 6; ++i) {
        t = t << 8 | index[i];
    }
    return t << 24;
}

}  // namespace

TEST_CASE("Messages of one conversation share the thread header, one response level each",
          "[sbr][threads]") {
    const int64_t day = 86'400'000;
    const int64_t t0 = 1'700'000'000'000;
    // Out of order, as archives list SMS and then MMS: the thread starts at the earliest.
    const std::vector<sbr::Record> ann = {sms("+15550100", t0 + 2 * day, 1, "Ann"),
                                          sms("+15550100", t0, 2, "Ann"),
                                          sms("+1 5550100", t0 + day, 1, "Ann")};
    const sbr::Record bob = sms("+15550199", t0 + day, 1);
    sbr::Threads threads;
    for (const auto& r : ann) {
        threads.add(r);
    }
    threads.add(bob);
    sbr::ImportOptions options;
    options.threads = &threads;

    const auto first = sbr::to_message(ann[1], options);
    const auto third = sbr::to_message(ann[0], options);
    const auto other = sbr::to_message(bob, options);
    const auto a = index_of(first);
    const auto c = index_of(third);
    const auto b = index_of(other);
    REQUIRE(a.size() == 27);
    REQUIRE(c.size() == 27);
    CHECK(a[0] == 0x01);
    CHECK(std::vector(a.begin(), a.begin() + 22) == std::vector(c.begin(), c.begin() + 22));
    CHECK(std::vector(a.begin() + 6, a.begin() + 22) != std::vector(b.begin() + 6, b.begin() + 22));
    // The header holds the earliest time (without its low 24 bits); the level the difference.
    const uint64_t start = FileTime::from_unix_seconds(t0 / 1000).ticks;
    CHECK(header_ticks(a) == (start >> 24) << 24);
    CHECK(delta_ticks(a) == (start - header_ticks(a)) >> 18 << 18);
    const uint64_t later = FileTime::from_unix_seconds((t0 + 2 * day) / 1000).ticks;
    CHECK(delta_ticks(c) == (later - header_ticks(c)) >> 18 << 18);
    CHECK(first.string(tags::PidTagConversationTopic) == "Ann");
    CHECK(other.string(tags::PidTagConversationTopic) == "+15550199");
    // "+1 5550100" is another number to the archive, so another conversation.
    CHECK(index_of(sbr::to_message(ann[2], options)) != a);
    // Without the archive's threads a message starts its own header; the same input gives the
    // same bytes.
    CHECK(index_of(sbr::to_message(ann[0])) == index_of(sbr::to_message(ann[0])));
    CHECK(delta_ticks(index_of(sbr::to_message(ann[0]))) < (uint64_t{1} << 24));
}

TEST_CASE("A group topic names its members and a long gap uses the coarse time delta",
          "[sbr][threads]") {
    const auto group = sbr::to_message(sms("+15550102~+15550101", 1'700'000'000'000, 1, "Bea, Al"));
    CHECK(group.string(tags::PidTagConversationTopic) == "Al, Bea");
    const FileTime start = FileTime::from_unix_seconds(1'000'000'000);
    const FileTime later = FileTime::from_unix_seconds(1'700'000'000);
    const auto index = sbr::conversation_index({"+1"}, start, later);
    REQUIRE(index.size() == 27);
    uint64_t level = 0;
    for (size_t i = 22; i < 26; ++i) {
        level = level << 8 | index[i];
    }
    CHECK((level & 0x80000000U) != 0);
    const uint64_t delta = later.ticks - ((start.ticks >> 24) << 24);
    CHECK((level & 0x7FFFFFFFU) == delta >> 23);
}

TEST_CASE("Export finds the owner's number the import recorded", "[sbr][threads]") {
    const sbr::Record received = sms("+15550100", 1'700'000'000'000, 1);
    sbr::ImportOptions with_owner;
    with_owner.me = "+15550999";
    const auto m = sbr::to_message(received, with_owner);
    sbr::ExportOptions explicit_owner;
    explicit_owner.me = "+15550999";
    CHECK(sbr::to_xml(sbr::from_message(m)) == sbr::to_xml(sbr::from_message(m, explicit_owner)));
    CHECK(sbr::from_message(m).get("address") == "+15550100");
    // A message imported without one has none to find.
    CHECK_FALSE(sbr::to_message(received).named_value(msgforge::msg::NamedKey::string(
        msgforge::msg::ps::PS_PUBLIC_STRINGS, u"msgforge-sbr-owner")));
    CHECK(m.named_value(msgforge::msg::NamedKey::string(msgforge::msg::ps::PS_PUBLIC_STRINGS,
                                                        u"msgforge-sbr-owner")));
}
