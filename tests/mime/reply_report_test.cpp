// Reply-To both ways (PidTagReplyRecipientNames and the FlatEntryList of One-Off EntryIDs of
// PidTagReplyRecipientEntries), reports (multipart/report) both ways, and the parts of a
// stored multipart/signed entity.
#include "from_mime_support.hpp"
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/mime/entry_list.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/mime/to_mime.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace msgforge;
namespace tags = msg::tags;

using test::has_warning;

mime::FromMimeResult read(std::string_view text) {
    mime::FromMimeOptions options;
    options.outlook_defaults = false;
    return test::read_mime(text, "test.eml", options);
}

std::vector<uint8_t> entries_of(const msg::Message& m) {
    const cfb::Blob* blob = m.properties.get_as(tags::PidTagReplyRecipientEntries);
    REQUIRE(blob != nullptr);
    return {blob->begin(), blob->end()};
}

// The unfolded value of the first header `name` of `eml` ("" when absent).
std::string header_of(std::string eml, std::string_view name) {
    eml.insert(0, "\r\n");
    const std::string key = "\r\n" + std::string(name) + ": ";
    size_t at = eml.find(key);
    if (at == std::string::npos) {
        return "";
    }
    at += key.size();
    std::string out;
    while (at < eml.size()) {
        const size_t end = eml.find("\r\n", at);
        out += eml.substr(at, end - at);
        if (end + 2 >= eml.size() || (eml[end + 2] != ' ' && eml[end + 2] != '\t')) {
            break;
        }
        at = end + 2;
    }
    return out;
}

TEST_CASE("One-Off EntryIDs in a FlatEntryList read back as they were written",
          "[mime][entry_list]") {
    const msg::Address ann{.name = "Ann Café", .address = "ann@example.com", .smtp = {}};
    const msg::Address fax{.name = "", .address = "+1 555 0100", .address_type = "FAX", .smtp = {}};
    const std::vector<uint8_t> list =
        mime::flat_entry_list({mime::one_off_entry_id(ann), mime::one_off_entry_id(fax)});
    // Count, size, then each entry's size and bytes padded to 4.
    CHECK(list.size() % 4 == 0);
    CHECK(list[0] == 2);
    CHECK(list.size() == 8 + static_cast<size_t>(list[4] | (list[5] << 8)));
    const auto read = mime::read_flat_entry_list(list, "entries");
    REQUIRE(read.size() == 2);
    REQUIRE(read[0]);
    CHECK(read[0]->name == "Ann Café");
    CHECK(read[0]->address_type == "SMTP");
    CHECK(read[0]->address == "ann@example.com");
    CHECK(read[0]->smtp == "ann@example.com");
    REQUIRE(read[1]);
    CHECK(read[1]->address_type == "FAX");
    CHECK(read[1]->address == "+1 555 0100");
    CHECK(read[1]->smtp.empty());
}

TEST_CASE("A FlatEntryList cut short or overrunning is a FormatError naming the offset",
          "[mime][entry_list]") {
    const msg::Address ann{.name = "Ann", .address = "ann@example.com", .smtp = {}};
    std::vector<uint8_t> list = mime::flat_entry_list({mime::one_off_entry_id(ann)});
    const std::vector<uint8_t> cut(list.begin(), list.end() - 6);
    CHECK_THROWS_WITH(mime::read_flat_entry_list(cut, "entries"),
                      Catch::Contains("entries at 0x8: needs 80 bytes, 74 left"));
    // An entry whose size runs past the list's.
    std::vector<uint8_t> overrun = list;
    overrun[8] = 0xFF;
    CHECK_THROWS_AS(mime::read_flat_entry_list(overrun, "entries"), FormatError);
    // A count larger than the entries: refused at the first missing one, nothing allocated
    // for the rest.
    std::vector<uint8_t> counted = list;
    counted[3] = 0x7F;
    CHECK_THROWS_WITH(mime::read_flat_entry_list(counted, "entries"),
                      Catch::Contains("entries entries"));
    // A string without terminator.
    std::vector<uint8_t> open = list;
    open.resize(open.size() - 4);
    open[4] = static_cast<uint8_t>(open.size() - 8);
    open[8] = static_cast<uint8_t>(open.size() - 12);
    CHECK_THROWS_WITH(mime::read_flat_entry_list(open, "entries"), Catch::Contains("entry 1"));
    // An entry of another provider gives no address.
    std::vector<uint8_t> other = list;
    other[12 + 4] ^= 0xFF;
    const auto read = mime::read_flat_entry_list(other, "entries");
    REQUIRE(read.size() == 1);
    CHECK_FALSE(read[0]);
}

TEST_CASE("Reply-To sets PidTagReplyRecipientNames and PidTagReplyRecipientEntries",
          "[mime][reply_to]") {
    const auto r = read(
        "From: ann@example.com\r\n"
        "Reply-To: Help Desk <help@example.com>, list: desk@example.com;\r\n"
        "Subject: s\r\n\r\nbody\r\n");
    const msg::Message& m = r.message;
    CHECK(m.string(tags::PidTagReplyRecipientNames) == "Help Desk; desk@example.com");
    const auto entries = mime::read_flat_entry_list(entries_of(m), "entries");
    REQUIRE(entries.size() == 2);
    CHECK(entries[0]->name == "Help Desk");
    CHECK(entries[0]->smtp == "help@example.com");
    CHECK(entries[1]->address == "desk@example.com");
    CHECK(read("Subject: s\r\n\r\nbody\r\n")
              .message.properties.find(tags::PidTagReplyRecipientEntries)
          == nullptr);
}

TEST_CASE("PidTagReplyRecipientEntries and Names write Reply-To", "[mime][reply_to]") {
    msg::Message m;
    msg::set(m, tags::PidTagSubject, "s");
    msg::set(m, tags::PidTagReplyRecipientNames, "Help Desk; Nobody; Bob");
    const msg::Address help{.name = "", .address = "help@example.com", .smtp = {}};
    std::vector<uint8_t> other = mime::one_off_entry_id(help);
    other[4] ^= 0xFF;  // not a one-off: its name comes from the names, it has no address
    msg::set(
        m, tags::PidTagReplyRecipientEntries,
        mime::flat_entry_list(
            {mime::one_off_entry_id(help), other,
             mime::one_off_entry_id(
                 {.name = "Bob", .address = "/o=org/cn=bob", .address_type = "EX", .smtp = {}})}));
    std::vector<msg::Warning> warnings;
    mime::ToMimeOptions options;
    options.warnings = &warnings;
    const std::string eml = mime::to_mime(m, options);
    CHECK(warnings.empty());
    CHECK(header_of(eml, "Reply-To")
          == "Help Desk <help@example.com>, Bob <IMCEAEX-_o=org_cn=bob@invalid>");
    // And back.
    const auto back = read(eml);
    CHECK(back.message.string(tags::PidTagReplyRecipientNames) == "Help Desk; Bob");

    // A malformed entry list: a warning, the names that are addresses alone.
    msg::set(m, tags::PidTagReplyRecipientNames, "Help Desk; desk@example.com");
    msg::set(m, tags::PidTagReplyRecipientEntries, std::vector<uint8_t>{2, 0, 0, 0, 9, 0});
    const std::string broken = mime::to_mime(m, options);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].to_string().starts_with("PidTagReplyRecipientEntries at 0x4: needs 4 bytes"));
    CHECK(header_of(broken, "Reply-To") == "desk@example.com");
}

constexpr std::string_view DSN =
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
    "To: ann@example.com\r\n"
    "Subject: Undelivered Mail\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n"
    "\r\n"
    "--r\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "The mail could not be delivered.\r\n"
    "--r\r\n"
    "Content-Type: message/delivery-status\r\n"
    "\r\n"
    "Reporting-MTA: dns; mx.example.com\r\n"
    "\r\n"
    "Final-Recipient: rfc822; bob@example.org\r\n"
    "Action: delayed\r\n"
    "Status: 4.4.1\r\n"
    "\r\n"
    "Final-Recipient: rfc822; carl@example.org\r\n"
    "Action: FAILED (mailbox unknown)\r\n"
    "Status: 5.1.1\r\n"
    "--r\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: ann@example.com\r\n"
    "Subject: hello\r\n"
    "\r\n"
    "hi\r\n"
    "--r--\r\n";

std::string with_actions(std::string_view first, std::string_view second) {
    std::string text(DSN);
    text.replace(text.find("delayed"), 7, first);
    text.replace(text.find("FAILED (mailbox unknown)"), 24, second);
    return text;
}

TEST_CASE("A delivery status notification gets the class of its most severe Action",
          "[mime][report]") {
    const auto r = read(DSN);
    const msg::Message& m = r.message;
    CHECK(m.message_class() == "REPORT.IPM.Note.NDR");
    CHECK(m.string(tags::PidTagBody) == "The mail could not be delivered.");
    CHECK(m.string(msg::TypedTag<msg::PropertyType::PtypString>(0x6820)) == "mx.example.com");
    REQUIRE(m.attachments.size() == 2);
    CHECK(m.attachments[0].mime_type() == "message/delivery-status");
    REQUIRE(m.attachments[1].embedded);
    CHECK(m.attachments[1].embedded->subject() == "hello");

    CHECK(read(with_actions("delivered", "relayed")).message.message_class()
          == "REPORT.IPM.Note.Relayed.DR");
    CHECK(read(with_actions("delayed", "expanded")).message.message_class()
          == "REPORT.IPM.Note.Delayed.DR");
    CHECK(read(with_actions("delivered", "delivered")).message.message_class()
          == "REPORT.IPM.Note.DR");
    const auto unknown = read(with_actions("pending", "pending"));
    CHECK(unknown.message.message_class() == "IPM.Note");
    CHECK(has_warning(unknown, "message multipart/report: report-type 'delivery-status'"));
}

TEST_CASE("A Reporting-MTA that is not UTF-8 is read as a body is, with a warning",
          "[mime][report]") {
    std::string text(DSN);
    text.replace(text.find("mx.example.com\r\n\r\nFinal"), 2, "m\xE9\xFF");
    const auto r = read(text);
    CHECK(r.message.message_class() == "REPORT.IPM.Note.NDR");
    CHECK(r.message.string(msg::TypedTag<msg::PropertyType::PtypString>(0x6820))
          == "m\xC3\xA9\xC3\xBF.example.com");
    CHECK(has_warning(r, "delivery-status: is not utf-8"));
    CHECK_NOTHROW(r.message.write());
}

std::string mdn(std::string_view disposition) {
    return "From: bob@example.org\r\n"
           "To: ann@example.com\r\n"
           "Subject: Read: hello\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=disposition-notification;\r\n"
           " boundary=\"r\"\r\n"
           "\r\n"
           "--r\r\n"
           "Content-Type: text/plain\r\n"
           "\r\n"
           "Your message was read.\r\n"
           "--r\r\n"
           "Content-Type: message/disposition-notification\r\n"
           "\r\n"
           "Final-Recipient: rfc822; bob@example.org\r\n"
           "Disposition: manual-action/MDN-sent-manually;\r\n "
           + std::string(disposition)
           + "\r\n"
             "--r--\r\n";
}

TEST_CASE("A disposition notification is a read or not-read receipt", "[mime][report]") {
    CHECK(read(mdn("displayed")).message.message_class() == "REPORT.IPM.Note.IPNRN");
    CHECK(read(mdn("deleted")).message.message_class() == "REPORT.IPM.Note.IPNNRN");
}

TEST_CASE("A report read from MIME is written as the same multipart/report", "[mime][report]") {
    for (const std::string& text : {std::string(DSN), mdn("displayed")}) {
        const auto first = read(text);
        const std::string eml = mime::to_mime(first.message);
        CHECK(eml.find("Content-Type: multipart/report;") != std::string::npos);
        CHECK(eml.find("report-type="
                       + std::string(first.message.message_class()->ends_with("NDR")
                                         ? "delivery-status"
                                         : "disposition-notification"))
              != std::string::npos);
        const auto second = read(eml);
        CHECK(second.message.message_class() == first.message.message_class());
        CHECK(second.message.string(tags::PidTagBody) == first.message.string(tags::PidTagBody));
        REQUIRE(second.message.attachments.size() == first.message.attachments.size());
        CHECK(second.message.attachments[0].data()->size()
              == first.message.attachments[0].data()->size());
    }
}

TEST_CASE("A report's HTML body is written beside its text in the human-readable part",
          "[mime][report]") {
    std::string text(DSN);
    const std::string plain =
        "Content-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n";
    text.replace(text.find(plain), plain.size(),
                 "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
                 "--a\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
                 "--a\r\nContent-Type: text/html\r\n\r\n<p>The mail could not be delivered.</p>\r\n"
                 "--a--\r\n");
    const auto first = read(text);
    REQUIRE(first.message.string(tags::PidTagMessageClass) == "REPORT.IPM.Note.NDR");
    REQUIRE(msg::body_html(first.message));
    const std::string eml = mime::to_mime(first.message);
    CHECK(eml.find("Content-Type: multipart/report;") != std::string::npos);
    CHECK(eml.find("Content-Type: multipart/alternative;") != std::string::npos);
    const auto second = read(eml);
    CHECK(second.message.message_class() == first.message.message_class());
    CHECK(second.message.string(tags::PidTagBody) == first.message.string(tags::PidTagBody));
    CHECK(msg::body_html(second.message) == msg::body_html(first.message));
    CHECK(second.message.attachments.size() == first.message.attachments.size());

    // Without HTML the human-readable part stays a text/plain part alone.
    const std::string plain_eml = mime::to_mime(read(DSN).message);
    CHECK(plain_eml.find("multipart/alternative") == std::string::npos);
}

TEST_CASE("A report .msg without a stored status part gets one from its properties",
          "[mime][report]") {
    msg::Message ndr;
    msg::set(ndr, tags::PidTagMessageClass, "REPORT.IPM.Note.NDR");
    msg::set(ndr, tags::PidTagSubject, "Undeliverable: hello");
    msg::set(ndr, tags::PidTagBody, "Delivery failed.");
    msg::set(ndr, msg::TypedTag<msg::PropertyType::PtypString>(0x6820), "mx.example.com");
    msg::add_recipient(ndr, msg::RecipientType::to,
                       {.name = "Bob", .address = "bob@example.org", .smtp = "bob@example.org"});
    const std::string eml = mime::to_mime(ndr);
    CHECK(eml.find("report-type=delivery-status") != std::string::npos);
    CHECK(eml.find("Reporting-MTA: dns; mx.example.com\r\n\r\n"
                   "Final-Recipient: rfc822; bob@example.org\r\n"
                   "Action: failed\r\nStatus: 5.0.0\r\n")
          != std::string::npos);
    CHECK(read(eml).message.message_class() == "REPORT.IPM.Note.NDR");

    // Without a Reporting-MTA the properties give no status part: an ordinary message.
    ndr.properties.erase(msg::TypedTag<msg::PropertyType::PtypString>(0x6820));
    const std::string plain = mime::to_mime(ndr);
    CHECK(plain.find("multipart/report") == std::string::npos);
    CHECK(plain.find("Delivery failed.") != std::string::npos);

    msg::Message receipt;
    msg::set(receipt, tags::PidTagMessageClass, "REPORT.IPM.Note.IPNNRN");
    msg::set_sender(receipt, {.name = "Bob", .address = "bob@example.org", .smtp = {}});
    msg::set(receipt, tags::PidTagOriginalMessageId, "<m1@example.com>");
    const std::string mdn_eml = mime::to_mime(receipt);
    CHECK(mdn_eml.find("Final-Recipient: rfc822; bob@example.org\r\n"
                       "Original-Message-ID: <m1@example.com>\r\n"
                       "Disposition: manual-action/MDN-sent-manually; deleted\r\n")
          != std::string::npos);
    CHECK(read(mdn_eml).message.message_class() == "REPORT.IPM.Note.IPNNRN");
}

TEST_CASE("The parts of a stored multipart/signed entity", "[mime][smime]") {
    const std::vector<uint8_t> file =
        test::read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "mime" / "signed_parts.eml");
    const auto message = mime::from_mime(file, "signed_parts.eml");
    const msg::Attachment* entity = mime::signed_entity_attachment(message.message);
    REQUIRE(entity != nullptr);
    CHECK(entity->file_name() == "smime.p7m");

    const auto r = mime::read_signed_entity(entity->data()->span(), "smime.p7m");
    const msg::Message& m = r.message;
    CHECK(r.warnings.empty());
    CHECK(m.string(tags::PidTagBody) == "signed text");
    REQUIRE(m.attachments.size() == 3);
    CHECK(m.attachments[0].file_name() == "../a.pdf");
    CHECK(std::string(m.attachments[0].data()->begin(), m.attachments[0].data()->end()) == "%PDF-");
    REQUIRE(m.attachments[1].embedded);
    CHECK(m.attachments[1].embedded->subject() == "inner");
    CHECK(m.attachments[1].embedded->named == m.named);
    CHECK(m.attachments[2].file_name() == "smime.p7s");
    CHECK(m.attachments[2].mime_type() == "application/pkcs7-signature");
    CHECK(m.attachments[2].data()->size() == 3);
    CHECK(mime::signed_entity_attachment(m) == nullptr);

    CHECK_THROWS_WITH(
        mime::read_signed_entity(as_bytes("Content-Type: text/plain\r\n\r\nx"), "smime.p7m"),
        Catch::Contains("smime.p7m: multipart/signed entity at 0x0"));
}

}  // namespace

TEST_CASE("The corpus's reports get their classes and are written as reports again",
          "[mime][report][corpus]") {
    const std::filesystem::path dir = test::corpus_dir();
    if (dir.empty()) {
        test::report_skip("../shared/corpus is absent");
        return;
    }
    const std::pair<const char*, const char*> expected[] = {
        {"flanker/mailbox-full.eml", "REPORT.IPM.Note.NDR"},
        {"flanker/no-mx.eml", "REPORT.IPM.Note.Delayed.DR"},
        {"enmime/delayed_dsn.eml", "REPORT.IPM.Note.Delayed.DR"},
        {"mikel-mail/report_530.eml", "REPORT.IPM.Note.NDR"},
        {"mikel-mail/multi_address_bounce1.eml", "REPORT.IPM.Note.NDR"},
        {"flanker/disposition-notification.eml", "REPORT.IPM.Note.IPNRN"},
        // A feedback report (RFC 5965) is no delivery or read report.
        {"flanker/aol.eml", "IPM.Note"},
        // Its per-recipient fields are base64 inside the delivery-status part: no Action.
        {"mimekit/bounce.eml", "IPM.Note"},
    };
    for (const auto& [name, report_class] : expected) {
        CAPTURE(name);
        const auto first = mime::from_mime(test::read_file(dir / "eml" / name), name);
        CHECK(first.message.message_class() == report_class);
        CHECK(has_warning(first, "without a status part")
              == (std::string_view(name) == "mimekit/bounce.eml"));
        const std::string eml = mime::to_mime(first.message);
        const bool report = std::string_view(report_class).starts_with("REPORT.");
        CHECK((eml.find("multipart/report") != std::string::npos) == report);
        const auto second = test::read_mime(eml, name);
        CHECK(second.message.message_class() == report_class);
        CHECK(second.message.attachments.size() == first.message.attachments.size());
    }
}
