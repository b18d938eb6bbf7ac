// The shorthand members of a hand-written message ("from", "to", "cc", "bcc", "body", "html")
// and the resolved addresses a dump shows.
#include "json_test.hpp"

#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace json = msgforge::json;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using msgforge::test::decode_failure;
using msgforge::test::encoded;

TEST_CASE("A five-member JSON gives class, subject, sender, recipients and body",
          "[json][shorthand]") {
    const msg::Message m = json::decode(
        R"({"message_class": "IPM.Note", "subject": "Lunch",
            "from": "\"Ann Lee\" <ann@example.com>",
            "to": ["Bob <bob@example.org>", "carl@example.net",
                   {"name": "Dee", "address": "+15550100", "address_type": "MOBILE"}],
            "cc": [{"name": "Eve", "address": "/o=Org/cn=eve", "address_type": "EX",
                    "smtp": "eve@example.com"}],
            "body": "At noon?"})",
        "in.json");
    CHECK(m.message_class() == "IPM.Note");
    CHECK(m.subject() == "Lunch");
    CHECK(m.string(tags::PidTagBody) == "At noon?");
    const auto sender = m.sender();
    REQUIRE(sender);
    CHECK(sender->name == "Ann Lee");
    CHECK(sender->smtp == "ann@example.com");
    CHECK(m.string(tags::PidTagSentRepresentingEmailAddress) == "ann@example.com");
    REQUIRE(m.recipients.size() == 4);
    CHECK(m.recipients[0].address().name == "Bob");
    CHECK(m.recipients[0].address().smtp == "bob@example.org");
    CHECK(m.recipients[1].address().name == "carl@example.net");
    CHECK(m.recipients[2].address().address_type == "MOBILE");
    CHECK(m.recipients[2].address().smtp.empty());
    CHECK(*m.recipients[3].properties.get_as(tags::PidTagRecipientType)
          == static_cast<int32_t>(msg::RecipientType::cc));
    CHECK(m.recipients[3].address().smtp == "eve@example.com");
    CHECK(m.next_recipient_id == 4);
}

TEST_CASE("Shorthand members give way to the properties and refuse what is unclear",
          "[json][shorthand]") {
    const msg::Message kept = json::decode(
        R"({"from": "x@example.com", "body": "short",
            "properties": [{"name": "PidTagSenderEmailAddress", "value": "real@example.com"},
                           {"name": "PidTagBody", "value": "long"}]})",
        "in.json");
    CHECK(kept.string(tags::PidTagSenderEmailAddress) == "real@example.com");
    CHECK(kept.string(tags::PidTagSenderName) == std::nullopt);
    CHECK(kept.string(tags::PidTagBody) == "long");
    CHECK(decode_failure(R"({"to": ["a@b"], "recipients": []})")
          == "to: \"to\" and \"recipients\" both give recipients: use one");
    CHECK(decode_failure(R"({"to": [""]})") == "to[0]: an address needs its address");
    CHECK(decode_failure(R"({"from": {"name": "No address"}})").starts_with("from"));
    CHECK(decode_failure(R"({"cc": "a@b"})").starts_with("cc"));
}

TEST_CASE("An HTML shorthand is the UTF-8 HTML body", "[json][shorthand]") {
    const msg::Message m = json::decode(R"({"html": "<p>caf\u00e9</p>"})", "in.json");
    const auto* html = m.properties.get_as(tags::PidTagHtml);
    REQUIRE(html != nullptr);
    CHECK(std::string(html->begin(), html->end()) == "<p>caf\xC3\xA9</p>");
    CHECK(*m.properties.get_as(tags::PidTagInternetCodepage) == 65001);
}

TEST_CASE("A dump shows the resolved sender and recipients", "[json][shorthand]") {
    msg::Message m;
    msg::set_sender(m, {"Ann", "/o=Org/cn=ann", "EX", "ann@example.com"});
    msg::add_recipient(m, msg::RecipientType::to, {"Bob", "bob@example.org"});
    const auto j = encoded(m);
    CHECK(j.at("sender").at("smtp") == "ann@example.com");
    CHECK(j.at("sender").at("address") == "/o=Org/cn=ann");
    CHECK(j.at("sender").at("address_type") == "EX");
    CHECK(j.at("sent_representing").at("name") == "Ann");
    CHECK(j.at("recipients").at(0).at("address").at("smtp") == "bob@example.org");
    // Members for reading: building from the dump gives the same message.
    const msg::Message back = json::decode(json::encode(m), "in.json");
    CHECK(back.recipients.size() == 1);
    CHECK(back.sender()->smtp == "ann@example.com");
}
