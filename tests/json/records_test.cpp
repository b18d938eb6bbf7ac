// Normalised records (json/records.hpp): one flat object per message and embedded message.
#include "json_test.hpp"
#include "support/support.hpp"

#include <msgforge/base/sha256.hpp>
#include <msgforge/json/records.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace msgforge {
namespace {

using test::Json;
namespace tags = msg::tags;

std::vector<uint8_t> bytes_of(std::string_view s) {
    return {s.begin(), s.end()};
}

msg::Message mail() {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, "IPM.Note");
    msg::set(m, tags::PidTagSubject, "Quarterly figures");
    msg::set(m, tags::PidTagInternetMessageId, "<q3@example.com>");
    msg::set(m, tags::PidTagConversationTopic, "Quarterly figures");
    msg::set(m, tags::PidTagConversationIndex, std::vector<uint8_t>{0x01, 0xAB, 0xFF});
    msg::set(m, tags::PidTagClientSubmitTime, *FileTime::parse("2026-01-02T03:04:05+02:00"));
    msg::set(m, tags::PidTagMessageDeliveryTime, *FileTime::parse("2026-01-02T01:05:00.5Z"));
    msg::set_sender(m, msg::Address{"Ann Smith", "/o=Org/cn=ann", "EX", "ann@example.com"});
    msg::add_recipient(m, msg::RecipientType::to, msg::parse_address("Bob <bob@example.com>"));
    msg::add_recipient(m, msg::RecipientType::cc, msg::parse_address("cc@example.com"));
    msg::add_recipient(m, msg::RecipientType::bcc, msg::parse_address("Hidden <b@example.com>"));
    msg::set(m, tags::PidTagBody, "Figures attached.\r\n");
    return m;
}

std::vector<Json> records_of(const msg::Message& m, const json::RecordOptions& options = {}) {
    const std::vector<uint8_t> bytes = m.write();
    const json::FileRecords r = json::bytes_records(bytes, "in.msg", options);
    REQUIRE_FALSE(r.failed);
    std::vector<Json> out;
    for (const std::string& line : r.lines) {
        CHECK(line.find('\n') == std::string::npos);
        out.push_back(Json::parse(line));
    }
    return out;
}

TEST_CASE("records: a mail's record has its people resolved to SMTP and its times in UTC") {
    const msg::Message m = mail();
    const std::vector<uint8_t> bytes = m.write();
    const std::vector<Json> r = records_of(m);
    REQUIRE(r.size() == 1);
    const Json& j = r[0];
    CHECK(j["path"] == "in.msg");
    CHECK(j["id"] == "in.msg");
    CHECK(j["parent"].is_null());
    CHECK(j["sha256"] == Sha256::hex(bytes));
    CHECK(j["class"] == "IPM.Note");
    CHECK(j["internet_message_id"] == "<q3@example.com>");
    CHECK(j["conversation_topic"] == "Quarterly figures");
    CHECK(j["conversation_index"] == "01abff");
    CHECK(j["subject"] == "Quarterly figures");
    CHECK(j["sender"]["smtp"] == "ann@example.com");
    CHECK(j["sender"]["address"] == "/o=Org/cn=ann");
    CHECK(j["sender"]["address_type"] == "EX");
    CHECK(j["sender"]["name"] == "Ann Smith");
    REQUIRE(j["to"].size() == 1);
    CHECK(j["to"][0]["name"] == "Bob");
    CHECK(j["to"][0]["smtp"] == "bob@example.com");
    REQUIRE(j["cc"].size() == 1);
    CHECK(j["cc"][0]["smtp"] == "cc@example.com");
    REQUIRE(j["bcc"].size() == 1);
    CHECK(j["bcc"][0]["name"] == "Hidden");
    CHECK_FALSE(j.contains("other_recipients"));
    CHECK(j["sent"] == "2026-01-02T01:04:05Z");
    CHECK(j["received"] == "2026-01-02T01:05:00.5000000Z");
    CHECK(j["body_kind"] == "text");
    CHECK_FALSE(j.contains("body"));
    CHECK(j["attachments"].empty());
    CHECK_FALSE(j.contains("phone"));
    CHECK(j["warnings"].empty());
}

TEST_CASE("records: bodies come as plain text from text, else HTML, else RTF") {
    json::RecordOptions options;
    options.bodies = true;
    msg::Message text = mail();
    CHECK(records_of(text, options)[0]["body"] == "Figures attached.\r\n");

    msg::Message html = mail();
    html.properties.erase(tags::PidTagBody);
    msg::set(html, tags::PidTagHtml,
             bytes_of("<html><body><p>Hello <b>there</b></p></body></html>"));
    const Json h = records_of(html, options)[0];
    CHECK(h["body_kind"] == "html");
    CHECK(h["body"].get<std::string>().find("Hello there") != std::string::npos);
    CHECK(h["body"].get<std::string>().find('<') == std::string::npos);

    msg::Message rtf = mail();
    rtf.properties.erase(tags::PidTagBody);
    const std::string native =
        "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}"
        "\\f0 Caf\\'e9 ready\\par Second line}";
    msg::set(rtf, tags::PidTagRtfCompressed, msg::rtf::compress(bytes_of(native)));
    const Json r = records_of(rtf, options)[0];
    CHECK(r["body_kind"] == "rtf");
    CHECK(r["body"] == "Caf\xC3\xA9 ready\r\nSecond line");

    msg::Message none = mail();
    none.properties.erase(tags::PidTagBody);
    const Json n = records_of(none, options)[0];
    CHECK(n["body_kind"] == "none");
    CHECK(n["body"].is_null());
}

TEST_CASE("records: a corrupt RTF body is one warning, and the record has no body") {
    json::RecordOptions options;
    options.bodies = true;
    msg::Message m = mail();
    m.properties.erase(tags::PidTagBody);
    std::vector<uint8_t> rtf = msg::rtf::compress(bytes_of("{\\rtf1\\ansi Native\\par}"));
    rtf.back() ^= 0xFF;
    msg::set(m, tags::PidTagRtfCompressed, rtf);
    const Json r = records_of(m, options)[0];
    CHECK(r["body_kind"] == "rtf");
    CHECK(r["body"].is_null());
    REQUIRE(r["warnings"].size() == 1);
    CHECK(r["warnings"][0].get<std::string>().rfind("body: ", 0) == 0);
}

TEST_CASE("records: next to a text body the RTF body is read only for attachments' Content-IDs") {
    json::RecordOptions options;
    options.bodies = true;
    msg::Message m = mail();
    std::vector<uint8_t> rtf = msg::rtf::compress(bytes_of("{\\rtf1\\ansi Native\\par}"));
    rtf.back() ^= 0xFF;
    msg::set(m, tags::PidTagRtfCompressed, rtf);
    msg::add_attachment(m, "report.csv", cfb::Blob::owned(bytes_of("1,2\n")), "text/csv");
    const Json quiet = records_of(m, options)[0];
    CHECK(quiet["body_kind"] == "text");
    CHECK(quiet["body"] == "Figures attached.\r\n");
    CHECK(quiet["warnings"].empty());

    msg::Attachment& logo = msg::add_attachment(m, "logo.png", cfb::Blob::owned(bytes_of("PNG")));
    msg::set(logo, tags::PidTagAttachContentId, "logo@1");
    const Json warned = records_of(m, options)[0];
    CHECK(warned["body"] == "Figures attached.\r\n");
    REQUIRE(warned["warnings"].size() == 1);
    CHECK(warned["warnings"][0].get<std::string>().rfind("body: ", 0) == 0);
    CHECK(warned["attachments"][1]["inline"] == false);
}

TEST_CASE("records: a Content-ID referenced by the HTML restored from the RTF body is inline") {
    msg::Message m = mail();
    const std::string html =
        "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}"
        "{\\*\\htmltag64 <html><body>}{\\*\\htmltag84 <img src=\"cid:logo@1\">}"
        "{\\*\\htmltag72 </body></html>}}";
    msg::set(m, tags::PidTagRtfCompressed, msg::rtf::compress(bytes_of(html)));
    msg::Attachment& logo = msg::add_attachment(m, "logo.png", cfb::Blob::owned(bytes_of("PNG")));
    msg::set(logo, tags::PidTagAttachContentId, "logo@1");
    msg::Attachment& other = msg::add_attachment(m, "map.png", cfb::Blob::owned(bytes_of("PNG")));
    msg::set(other, tags::PidTagAttachContentId, "map@1");
    const Json j = records_of(m)[0];
    CHECK(j["body_kind"] == "text");
    CHECK(j["warnings"].empty());
    CHECK(j["attachments"][0]["inline"] == true);
    CHECK(j["attachments"][1]["inline"] == false);
}

TEST_CASE("records: attachments are listed with digests, inline ones marked") {
    msg::Message m = mail();
    const std::vector<uint8_t> report = bytes_of("col1,col2\n1,2\n");
    msg::add_attachment(m, "report.csv", cfb::Blob::owned(report), "text/csv");
    msg::Attachment& logo = msg::add_attachment(m, "logo.png", cfb::Blob::owned(bytes_of("PNG")));
    msg::set(logo, tags::PidTagAttachContentId, "logo@1");
    msg::set(m, tags::PidTagHtml, bytes_of("<img src=\"cid:logo@1\">"));
    msg::Attachment& hidden = msg::add_attachment(m, "x.bin", cfb::Blob::owned(bytes_of("x")));
    msg::set(hidden, tags::PidTagAttachmentHidden, true);

    std::mutex mutex;
    std::set<std::string> kept;
    json::RecordOptions options;
    options.on_attachment = [&](const std::string& sha256, std::span<const uint8_t> data) {
        const std::lock_guard lock(mutex);
        CHECK(sha256 == Sha256::hex(data));
        kept.insert(sha256);
    };
    const Json j = records_of(m, options)[0];
    REQUIRE(j["attachments"].size() == 3);
    const Json& a = j["attachments"][0];
    CHECK(a["name"] == "report.csv");
    CHECK(a["kind"] == "file");
    CHECK(a["mime_type"] == "text/csv");
    CHECK(a["size"] == report.size());
    CHECK(a["sha256"] == Sha256::hex(report));
    CHECK(a["inline"] == false);
    CHECK(a["content_id"].is_null());
    CHECK(j["attachments"][1]["mime_type"] == "image/png");
    CHECK(j["attachments"][1]["content_id"] == "logo@1");
    CHECK(j["attachments"][1]["inline"] == true);
    CHECK(j["attachments"][2]["inline"] == true);
    CHECK(kept.size() == 3);
    CHECK(kept.count(Sha256::hex(report)) == 1);
}

TEST_CASE("records: each embedded message gets its own record naming its parent") {
    msg::Message inner = mail();
    msg::set(inner, tags::PidTagSubject, "Inner");
    msg::Message deepest = mail();
    msg::set(deepest, tags::PidTagSubject, "Deepest");
    msg::add_embedded(inner, std::move(deepest), "Deepest");
    msg::Message outer = mail();
    msg::add_attachment(outer, "a.txt", cfb::Blob::owned(bytes_of("a")));
    msg::add_embedded(outer, std::move(inner), "Inner");

    const std::vector<Json> r = records_of(outer);
    REQUIRE(r.size() == 3);
    CHECK(r[0]["attachments"][1]["kind"] == "message");
    CHECK(r[0]["attachments"][1]["message"] == "in.msg#1");
    CHECK(r[1]["id"] == "in.msg#1");
    CHECK(r[1]["parent"] == "in.msg");
    CHECK(r[1]["path"] == "in.msg");
    CHECK(r[1]["sha256"].is_null());
    CHECK(r[1]["subject"] == "Inner");
    CHECK(r[2]["id"] == "in.msg#1.0");
    CHECK(r[2]["parent"] == "in.msg#1");
    CHECK(r[2]["subject"] == "Deepest");
}

TEST_CASE("records: an SMS has its phone fields") {
    oms::Sms sms;
    sms.envelope.state = oms::State::received;
    sms.envelope.from = oms::Party{"+15550100", "Ann"};
    sms.envelope.to = {oms::Party{"+15550199", "Me"}};
    sms.envelope.time = FileTime::parse("2026-03-04T05:06:07Z");
    sms.text = "See you at 6";
    const Json j = records_of(oms::build(sms))[0];
    REQUIRE(j.contains("phone"));
    CHECK(j["class"] == "IPM.Note.Mobile.SMS");
    CHECK(j["phone"]["service"] == "sms");
    CHECK(j["phone"]["state"] == "received");
    CHECK(j["phone"]["from"]["number"] == "+15550100");
    CHECK(j["phone"]["to"][0]["name"] == "Me");
    CHECK(j["phone"]["time"] == "2026-03-04T05:06:07Z");
    CHECK(j["phone"]["text"] == "See you at 6");
    CHECK(j["received"] == "2026-03-04T05:06:07Z");
}

TEST_CASE("records: input that is not a message gives one error record") {
    const json::FileRecords r = json::bytes_records(bytes_of("not a compound file"), "bad.msg");
    CHECK(r.failed);
    REQUIRE(r.lines.size() == 1);
    const Json j = Json::parse(r.lines[0]);
    CHECK(j["path"] == "bad.msg");
    CHECK(j["id"] == "bad.msg");
    CHECK(j["error"].get<std::string>().find("bad.msg") != std::string::npos);

    const json::FileRecords missing = json::file_records("/nonexistent/x.msg");
    CHECK(missing.failed);
    CHECK(Json::parse(missing.lines.at(0))["error"].get<std::string>().find("cannot open")
          != std::string::npos);
}

TEST_CASE("records: the order of the records is the files' whatever the thread count") {
    test::TempDir dir;
    std::vector<std::filesystem::path> files;
    for (int i = 0; i < 30; ++i) {
        const auto path = dir / ("m" + std::to_string(100 + i) + ".msg");
        if (i % 7 == 3) {
            test::write_file(path, bytes_of("garbage"));
        } else {
            msg::Message m = mail();
            msg::set(m, tags::PidTagSubject, "message " + std::to_string(i));
            if (i % 5 == 0) {
                msg::add_embedded(m, mail(), "fwd");
            }
            m.write_file(path);
        }
        files.push_back(path);
    }
    const auto run = [&](unsigned threads) {
        std::vector<std::string> lines;
        std::vector<size_t> progress;
        const json::RecordsSummary s = json::records(
            files, {}, threads, [&](const std::string& l) { lines.push_back(l); },
            [&](size_t done) { progress.push_back(done); });
        CHECK(s.files == 30);
        CHECK(s.failed == 4);
        CHECK(s.records == lines.size());
        CHECK(progress.size() == 30);
        CHECK(progress.back() == 30);
        return lines;
    };
    const std::vector<std::string> one = run(1);
    // 26 messages, 5 of them with an embedded message, and 4 error records.
    CHECK(one.size() == 35);
    CHECK(run(3) == one);
    CHECK(run(8) == one);
    CHECK(Json::parse(one[0])["subject"] == "message 0");
    CHECK(Json::parse(one[1])["parent"] == Json::parse(one[0])["id"]);
}

}  // namespace
}  // namespace msgforge
