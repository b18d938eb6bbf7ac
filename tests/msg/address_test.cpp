// Address resolution (msg/src/address.cpp): the sender, the sent-representing pair and each
// recipient as {name, SMTP address, native address, address type}, with the SMTP address taken
// from each place Outlook and Exchange store it, in messages written and read back.
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace msgforge;
using namespace msgforge::msg;

namespace {

constexpr std::string_view DN = "/O=EXAMPLE/OU=FIRST/CN=RECIPIENTS/CN=ANN";

Message reread(const Message& m) {
    const auto bytes = m.write();
    return Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

// A message whose sender and sent-representing pair are the EX address DN of "Ann".
Message exchange_note() {
    Message m;
    set(m, tags::PidTagSubject, "note");
    set_sender(m, {"Ann", std::string(DN), "EX", ""});
    return m;
}

void check_address(const std::optional<Address>& a, std::string_view name, std::string_view smtp,
                   std::string_view native, std::string_view type) {
    REQUIRE(a);
    CHECK(a->name == name);
    CHECK(a->smtp == smtp);
    CHECK(a->address == native);
    CHECK(a->address_type == type);
}

}  // namespace

TEST_CASE("Sender and sent representing: their own SMTP address properties beside EX ones",
          "[msg][address]") {
    Message sender_only = exchange_note();
    set(sender_only, tags::PidTagSenderSmtpAddress, "ann@example.com");
    Message representing_only = exchange_note();
    set(representing_only, tags::PidTagSentRepresentingSmtpAddress, "boss@example.com");
    const Message a = reread(sender_only);
    const Message b = reread(representing_only);
    check_address(a.sender(), "Ann", "ann@example.com", DN, "EX");
    // Each pair has its own SMTP address; neither borrows the other's.
    check_address(a.sent_representing(), "Ann", "", DN, "EX");
    check_address(b.sent_representing(), "Ann", "boss@example.com", DN, "EX");
    check_address(b.sender(), "Ann", "", DN, "EX");
}

TEST_CASE("Sender: the native address when its type is SMTP, in any case", "[msg][address]") {
    Message m;
    set_sender(m, {"Bob", "bob@example.org", "smtp", ""});
    const Message r = reread(m);
    check_address(r.sender(), "Bob", "bob@example.org", "bob@example.org", "smtp");
    check_address(r.sent_representing(), "Bob", "bob@example.org", "bob@example.org", "smtp");
    Message mobile;
    set_sender(mobile, {"Phone", "+15550100", "MOBILE", ""});
    check_address(reread(mobile).sender(), "Phone", "", "+15550100", "MOBILE");
}

TEST_CASE("Sender: the Sender or From header of PidTagTransportMessageHeaders as last resort",
          "[msg][address]") {
    Message m = exchange_note();
    set(m, tags::PidTagTransportMessageHeaders,
        "Received: from mx (mx.example.com)\r\n"
        "From: \"Ann, Example <A>\"\r\n <ann@example.com>\r\n"
        "Sender: assistant@example.com (Assistant)\r\n"
        "Subject: From: not@this.header\r\n"
        "\r\n"
        "From: not@the.body\r\n");
    const Message r = reread(m);
    // The sender is who the Sender header names; the From header is for whom it was sent.
    check_address(r.sender(), "Ann", "assistant@example.com", DN, "EX");
    check_address(r.sent_representing(), "Ann", "ann@example.com", DN, "EX");

    // Headers each with the SMTP address sender() takes from them ("" for none).
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {"from:Ann <ann@example.com>\nto: b@example.com\n", "ann@example.com"},
        {"From: undisclosed\r\nSender: <not an address>\r\n", ""},
        // A Sender header without an address falls back to From.
        {"Sender: <>\r\nFrom: <c@example.com>\r\n", "c@example.com"},
        {"X-From: x@example.com\r\nFrom: (comment) d@example.com\r\n", "d@example.com"},
    };
    for (const auto& [headers, smtp] : cases) {
        INFO(headers);
        Message h = exchange_note();
        set(h, tags::PidTagTransportMessageHeaders, headers);
        check_address(reread(h).sender(), "Ann", smtp, DN, "EX");
        // A stored SMTP address wins over the headers.
        set(h, tags::PidTagSenderSmtpAddress, "stored@example.com");
        check_address(reread(h).sender(), "Ann", "stored@example.com", DN, "EX");
    }
}

TEST_CASE("Sender: a message that names none has none", "[msg][address]") {
    Message m;
    set(m, tags::PidTagSubject, "no sender");
    const Message r = reread(m);
    CHECK_FALSE(r.sender());
    CHECK_FALSE(r.sent_representing());
    // Headers alone name one.
    set(m, tags::PidTagTransportMessageHeaders, "From: only@example.com\r\n");
    check_address(reread(m).sender(), "", "only@example.com", "", "");
}

TEST_CASE("Recipients: PidTagSmtpAddress, the SMTP native address, and EX proxies",
          "[msg][address]") {
    Message m;
    add_recipient(m, RecipientType::to, {"Carl", "carl@example.net", "SMTP", ""});
    add_recipient(m, RecipientType::cc, {"Dora", std::string(DN), "EX", "dora@example.com"});
    Recipient& proxied = add_recipient(m, RecipientType::bcc, {"Eve", "/O=X/CN=EVE", "EX", ""});
    set(proxied, tags::PidTagAddressBookProxyAddresses,
        std::vector<std::u16string>{u"X500:/O=OLD/CN=EVE", u"smtp:eve.old@example.com",
                                    u"SMTP:eve@example.com"});
    Recipient& secondary = add_recipient(m, RecipientType::to, {"Fay", "/O=X/CN=FAY", "EX", ""});
    secondary.properties.set(
        PropertyTag{tags::PidTagAddressBookProxyAddresses.id, PropertyType::PtypMultipleString8},
        std::vector<String8>{String8{"x400:c=us"}, String8{"smtp:fay@example.com"}});
    Recipient& bare = add_recipient(m, RecipientType::to, {"", "/O=X/CN=GUS", "EX", ""});
    bare.properties.erase(tags::PidTagDisplayName);
    set(bare, tags::PidTagRecipientDisplayName, "Gus");

    const Message r = reread(m);
    REQUIRE(r.recipients.size() == 5);
    check_address(r.recipients[0].address(), "Carl", "carl@example.net", "carl@example.net",
                  "SMTP");
    check_address(r.recipients[1].address(), "Dora", "dora@example.com", DN, "EX");
    check_address(r.recipients[2].address(), "Eve", "eve@example.com", "/O=X/CN=EVE", "EX");
    check_address(r.recipients[3].address(), "Fay", "fay@example.com", "/O=X/CN=FAY", "EX");
    check_address(r.recipients[4].address(), "Gus", "", "/O=X/CN=GUS", "EX");
}

TEST_CASE("Composing with an SMTP address writes the properties it is resolved from",
          "[msg][address]") {
    Message m;
    set_sender(m, {"Ann", std::string(DN), "EX", "ann@example.com"});
    add_recipient(m, RecipientType::to, {"Dora", std::string(DN), "EX", "dora@example.com"});
    CHECK(m.string(tags::PidTagSenderSmtpAddress) == "ann@example.com");
    CHECK(m.string(tags::PidTagSentRepresentingSmtpAddress) == "ann@example.com");
    CHECK(m.recipients[0].string(tags::PidTagSmtpAddress) == "dora@example.com");
    // An SMTP address is its own SMTP address, as Outlook stores it; other types have none.
    Message plain;
    set_sender(plain, {"Bob", "bob@example.org"});
    CHECK(plain.string(tags::PidTagSenderSmtpAddress) == "bob@example.org");
    CHECK(plain.string(tags::PidTagSentRepresentingSmtpAddress) == "bob@example.org");
    Message fax;
    set_sender(fax, {"Fax", "+15550100", "FAX"});
    CHECK_FALSE(fax.string(tags::PidTagSenderSmtpAddress));
}

TEST_CASE("The defaults add the SMTP address of SMTP senders and recipients",
          "[msg][address][defaults]") {
    Message m;
    set(m, tags::PidTagSenderName, "Bob");
    set(m, tags::PidTagSenderEmailAddress, "bob@example.org");
    set(m, tags::PidTagSenderAddressType, "smtp");
    Recipient& smtp = m.recipients.emplace_back();
    set(smtp, tags::PidTagEmailAddress, "dora@example.com");
    set(smtp, tags::PidTagAddressType, "SMTP");
    Recipient& ex = m.recipients.emplace_back();
    ex.number = 1;
    set(ex, tags::PidTagEmailAddress, std::string(DN));
    set(ex, tags::PidTagAddressType, "EX");
    apply_outlook_defaults(m);
    CHECK(m.string(tags::PidTagSenderSmtpAddress) == "bob@example.org");
    CHECK(m.string(tags::PidTagSentRepresentingSmtpAddress) == "bob@example.org");
    CHECK(m.recipients[0].string(tags::PidTagSmtpAddress) == "dora@example.com");
    CHECK_FALSE(m.recipients[1].string(tags::PidTagSmtpAddress));

    // An ANSI message gets them as PtypString8, the bytes of the e-mail address.
    Message ansi;
    ansi.codepage = 1252;
    set(ansi, string8_tag(tags::PidTagSentRepresentingEmailAddress), String8{"ann@example.com"});
    set(ansi, string8_tag(tags::PidTagSentRepresentingAddressType), String8{"SMTP"});
    apply_outlook_defaults(ansi);
    const auto* sender = ansi.properties.get_as(string8_tag(tags::PidTagSenderSmtpAddress));
    REQUIRE(sender != nullptr);
    CHECK(sender->bytes == "ann@example.com");
    CHECK(ansi.properties.find(tags::PidTagSenderSmtpAddress) == nullptr);
}
