#include "msgforge/cli.hpp"
#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using msgforge::FileTime;
using msgforge::Guid;
using msgforge::test::TempDir;
using Json = nlohmann::ordered_json;

namespace {

using Result = msgforge::test::CliResult;
constexpr auto run = msgforge::test::run_cli;

msgforge::cfb::Blob blob(const std::string& s) {
    return msgforge::cfb::Blob::owned(std::vector<uint8_t>(s.begin(), s.end()));
}

msg::PropertyTag tag(uint16_t id, msg::PropertyType type) {
    return msg::PropertyTag{id, type};
}

using PT = msg::PropertyType;

msg::Attachment by_value(uint32_t number, const std::u16string& name, const std::string& data) {
    msg::Attachment a;
    a.number = number;
    a.properties.set(tags::PidTagAttachMethod, msg::flags::afByValue);
    a.properties.set(tags::PidTagAttachLongFilename, name);
    a.properties.set(tags::PidTagAttachMimeTag, std::u16string(u"text/plain"));
    a.properties.set(tags::PidTagAttachDataBinary, blob(data));
    return a;
}

msg::Recipient recipient(uint32_t number, int32_t type, const std::u16string& name,
                         const std::u16string& address) {
    msg::Recipient r;
    r.number = number;
    r.properties.set(tags::PidTagRecipientType, type);
    r.properties.set(tags::PidTagDisplayName, name);
    r.properties.set(tags::PidTagEmailAddress, address);
    return r;
}

/// A message with a value of every kind, named properties, three recipients, a plain
/// attachment, a hostile-named one, an embedded message and an OLE storage.
msg::Message sample() {
    msg::Message m;
    auto& p = m.properties;
    p.set(tags::PidTagMessageClass, std::u16string(u"IPM.Note"));
    p.set(tags::PidTagSubject, std::u16string(u"Hello \u2713"));
    p.set(tags::PidTagSenderName, std::u16string(u"Alice"));
    p.set(tags::PidTagSenderEmailAddress, std::u16string(u"alice@example.com"));
    p.set(tags::PidTagClientSubmitTime, FileTime::parse("2024-05-01T09:30:00Z").value());
    p.set(tags::PidTagBody, std::u16string(u"line one\nline two\n"));
    p.set(tag(0x6601, PT::PtypInteger16), int16_t{-2});
    p.set(tag(0x6602, PT::PtypFloating32), std::numeric_limits<float>::quiet_NaN());
    p.set(tag(0x6603, PT::PtypFloating64), 0.1);
    p.set(tag(0x6604, PT::PtypCurrency), msg::Currency{-123456789});
    p.set(tag(0x6605, PT::PtypFloatingTime), msg::FloatingTime{45000.25});
    p.set(tag(0x6606, PT::PtypErrorCode), msg::ErrorCode{0x8004010F});
    p.set(tag(0x6607, PT::PtypBoolean), true);
    p.set(tag(0x6608, PT::PtypInteger64), int64_t{0x7FFFFFFFFFFFFFFF});
    p.set(tag(0x6609, PT::PtypString8), msg::String8{"caf\xE9 \x81"});
    p.set(tag(0x660A, PT::PtypString), std::u16string(u"lone \xD800 surrogate"));
    p.set(tag(0x660B, PT::PtypGuid), msg::ps::PS_PUBLIC_STRINGS);
    p.set(tag(0x660C, PT::PtypBinary), msgforge::cfb::Blob::owned(std::vector<uint8_t>(70'000, 7)));
    p.set(tag(0x660D, PT::PtypMultipleString), std::vector<std::u16string>{u"a", u"", u"b"});
    p.set(tag(0x660E, PT::PtypMultipleInteger32), std::vector<int32_t>{1, -1});
    p.set(tag(0x660F, PT::PtypFloating64), -std::numeric_limits<double>::infinity());
    p.set(tag(0x6610, PT::PtypRestriction),
          msg::RawValue{PT::PtypRestriction, blob("\x01\x02"), false});
    p.set(tag(0x6611, PT::PtypInteger32), int32_t{7}, msg::PROPATTR_READABLE);
    const uint16_t account = m.named->assign(msg::names::PidNameOMSAccountGuid.key());
    p.set(tag(account, PT::PtypString), std::u16string(u"{guid}"));
    const uint16_t smart = m.named->assign(msg::names::PidLidSmartNoAttach.key());
    p.set(tag(smart, PT::PtypBoolean), false);

    m.recipients.push_back(recipient(0, 1, u"Bob", u"bob@example.com"));
    m.recipients.push_back(recipient(1, 2, u"Carol", u"carol@example.com"));
    m.recipients.push_back(recipient(2, 3, u"Dan", u"dan@example.com"));
    m.attachments.push_back(by_value(0, u"report.txt", "hello"));
    m.attachments.push_back(by_value(1, u"../../evil.txt", "evil"));

    msg::Attachment embedded;
    embedded.number = 2;
    embedded.properties.set(tags::PidTagAttachMethod, msg::flags::afEmbeddedMessage);
    embedded.properties.set(tags::PidTagAttachDataObject, msg::ObjectRef{});
    embedded.properties.set(tags::PidTagDisplayName, std::u16string(u"Inner"));
    embedded.embedded = std::make_unique<msg::Message>();
    msg::Message& inner = *embedded.embedded;
    inner.is_embedded = true;
    inner.named = m.named;
    inner.properties.set(tags::PidTagSubject, std::u16string(u"Inner subject"));
    inner.properties.set(tag(account, PT::PtypString), std::u16string(u"{inner}"));
    inner.attachments.push_back(by_value(0, u"deep.txt", "deep"));
    inner.next_attachment_id = 1;
    m.attachments.push_back(std::move(embedded));

    msg::Attachment ole;
    ole.number = 3;
    ole.properties.set(tags::PidTagAttachMethod, msg::flags::afStorage);
    ole.properties.set(tags::PidTagAttachDataObject, msg::ObjectRef{});
    ole.properties.set(tags::PidTagAttachLongFilename, std::u16string(u"Package"));
    msgforge::cfb::Node storage = msgforge::cfb::Node::storage("__substg1.0_3701000D");
    storage.clsid = msg::ps::PS_MAPI;
    storage.put(msgforge::cfb::Node::stream("\x01Ole10Native", blob("native bytes")));
    ole.object_storage = std::move(storage);
    m.attachments.push_back(std::move(ole));

    m.next_recipient_id = 3;
    m.next_attachment_id = 4;
    return m;
}

fs::path write_message(const TempDir& dir, const msg::Message& m, const std::string& name) {
    const fs::path path = dir / name;
    msgforge::test::write_file(path, m.write());
    return path;
}

fs::path write_text(const TempDir& dir, const std::string& name, const std::string& text) {
    const fs::path path = dir / name;
    msgforge::test::write_file(path, std::vector<uint8_t>(text.begin(), text.end()));
    return path;
}

Json dump_json(const fs::path& file) {
    const Result r = run({"dump", "--json", "--full", file.string()});
    REQUIRE(r.status == 0);
    return Json::parse(r.out);
}

const Json* find_tag(const Json& list, const std::string& t) {
    for (const Json& e : list) {
        if (e.value("tag", "") == t) {
            return &e;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("The .msg commands are listed in --help and each has its own help", "[cli][msg]") {
    const Result help = run({"--help"});
    for (const std::string c : {"show", "dump", "extract", "build", "roundtrip", "convert"}) {
        INFO(c);
        CHECK(help.out.find("  " + c + " ") != std::string::npos);
        const Result own = run({c, "--help"});
        CHECK(own.status == 0);
        CHECK(own.out.starts_with("Usage: msgforge " + c + " "));
    }
    CHECK(run({"show"}).status == 2);
    CHECK(run({"roundtrip"}).status == 2);
    CHECK(run({"extract", "a.msg"}).status == 2);
}

TEST_CASE("show summarises class, people, dates, body, attachments and embedded messages",
          "[cli][msg][show]") {
    TempDir dir;
    const fs::path file = write_message(dir, sample(), "a.msg");
    const Result r = run({"show", file.string()});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("class:    IPM.Note\n") != std::string::npos);
    CHECK(r.out.find("subject:  Hello \u2713\n") != std::string::npos);
    CHECK(r.out.find("from:     Alice <alice@example.com>\n") != std::string::npos);
    CHECK(r.out.find("to:       Bob <bob@example.com>\n") != std::string::npos);
    CHECK(r.out.find("cc:       Carol <carol@example.com>\n") != std::string::npos);
    CHECK(r.out.find("bcc:      Dan <dan@example.com>\n") != std::string::npos);
    CHECK(r.out.find("sent:     2024-05-01T09:30:00.0000000Z\n") != std::string::npos);
    CHECK(r.out.find("  | line one\n  | line two\n") != std::string::npos);
    CHECK(r.out.find("  - report.txt  5 bytes  text/plain\n") != std::string::npos);
    CHECK(r.out.find("  - Inner  (embedded message)\n      subject:  Inner subject\n")
          != std::string::npos);
    CHECK(r.out.find("        - deep.txt  4 bytes") != std::string::npos);
    CHECK(r.out.find("  - Package  (OLE storage)\n") != std::string::npos);
}

TEST_CASE("show previews an HTML body as the text it shows", "[cli][msg][show]") {
    TempDir dir;
    msg::Message m;
    m.properties.set(tags::PidTagSubject, std::u16string(u"html"));
    const std::string html =
        "<html><head><style>p{}</style></head><body><p>caf&eacute; &hellip; &#150;</p>"
        "<p>&nbsp;</p><pre>a  b</pre><p>AT&T &copy2024</p><script>no</script></body></html>";
    m.properties.set(tags::PidTagHtml, blob(html));
    m.properties.set(tags::PidTagInternetCodepage, int32_t{65001});
    const Result r = run({"show", write_message(dir, m, "h.msg").string()});
    REQUIRE(r.status == 0);
    // The empty paragraph (a no-break space) is no line; the script is not shown.
    CHECK(
        r.out.ends_with("body:     html, 159 bytes\n"
                        "  | caf\u00E9 \u2026 \u2013\n"
                        "  | a  b\n"
                        "  | AT&T \u00A92024\n"));
}

TEST_CASE("show prints the SMTP address, with the native one beside it when it differs",
          "[cli][msg][show]") {
    TempDir dir;
    msg::Message m;
    const std::string dn = "/O=EXAMPLE/OU=FIRST/CN=RECIPIENTS/CN=ANN";
    msg::set_sender(m, {"Ann", dn, "EX", ""});
    msg::set(m, tags::PidTagSenderSmtpAddress, "ann@example.com");
    msg::set(m, tags::PidTagTransportMessageHeaders, "From: Boss <boss@example.com>\r\n");
    msg::add_recipient(m, msg::RecipientType::to, {"Bob", "bob@example.com"});
    msg::add_recipient(m, msg::RecipientType::cc, {"Carl", "/O=X/CN=CARL", "EX", "carl@x.org"});
    const Result r = run({"show", write_message(dir, m, "ex.msg").string()});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("from:     Ann <ann@example.com> (EX: " + dn + ")\n") != std::string::npos);
    // The sent-representing pair has no SMTP property; the From header gives it.
    CHECK(r.out.find("for:      Ann <boss@example.com> (EX: " + dn + ")\n") != std::string::npos);
    CHECK(r.out.find("to:       Bob <bob@example.com>\n") != std::string::npos);
    CHECK(r.out.find("cc:       Carl <carl@x.org> (EX: /O=X/CN=CARL)\n") != std::string::npos);
}

TEST_CASE("show and dump name the file when it is missing or not a message", "[cli][msg]") {
    TempDir dir;
    CHECK(run({"show", (dir / "missing.msg").string()}).status == 2);
    const fs::path junk = write_text(dir, "junk.msg", std::string(600, 'x'));
    const Result r = run({"dump", junk.string()});
    CHECK(r.status == 1);
    CHECK(r.err.find("junk.msg: header at 0x0") != std::string::npos);
}

TEST_CASE("Every message command refuses a compound file that holds no message", "[cli][msg]") {
    TempDir dir;
    msgforge::cfb::Tree word;
    word.root().clsid = *Guid::parse("{00020906-0000-0000-C000-000000000046}");
    word.root().put(msgforge::cfb::Node::stream("WordDocument", msgforge::cfb::Blob::owned({1})));
    const fs::path doc = dir / "letter.doc";
    msgforge::cfb::write_file(word, doc);
    msgforge::cfb::Tree thumbs;
    thumbs.root().put(msgforge::cfb::Node::stream("Catalog", msgforge::cfb::Blob::owned({1})));
    const fs::path db = dir / "Thumbs.db";
    msgforge::cfb::write_file(thumbs, db);
    for (const char* command : {"show", "dump", "roundtrip", "convert", "extract", "validate"}) {
        CAPTURE(command);
        std::vector<std::string> args = {command, doc.string()};
        if (std::string_view(command) == "convert" || std::string_view(command) == "extract") {
            args.insert(args.end(), {"-o", (dir / "out").string()});
        }
        const Result r = run(args);
        CHECK(r.status == 1);
        // roundtrip and validate report each file on standard output, "FILE: invalid: ...".
        CHECK_THAT(r.err + r.out,
                   Catch::Contains("letter.doc: ")
                       && Catch::Contains("not an Outlook message (the root storage "
                                          "has no __properties_version1.0; it seems to be a "
                                          "Word document by its root CLSID "
                                          "{00020906-0000-0000-C000-000000000046})"));
        CHECK_THAT(r.out, !Catch::Contains(": identical"));
    }
    CHECK_FALSE(fs::exists(dir / "out"));
    const Result r = run({"show", db.string()});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("it seems to be a Windows thumbnail cache (Thumbs.db) by "
                                      "its stream Catalog"));
}

TEST_CASE("dump prints one line per property with tag, name, type and value", "[cli][msg][dump]") {
    TempDir dir;
    const fs::path file = write_message(dir, sample(), "a.msg");
    const Result r = run({"dump", file.string()});
    REQUIRE(r.status == 0);
    INFO(r.out);
    CHECK(r.out.find("0x0037001F PidTagSubject PtypString \"Hello \u2713\"\n")
          != std::string::npos);
    CHECK(r.out.find("0x8000001F {00020329-0000-0000-C000-000000000046} PS_PUBLIC_STRINGS "
                     "\"OMSAccountGuid\" PidNameOMSAccountGuid PtypString \"{guid}\"\n")
          != std::string::npos);
    CHECK(r.out.find("lid 0x8514 PidLidSmartNoAttach PtypBoolean false\n") != std::string::npos);
    CHECK(
        r.out.find("0x66110003 PidTagContactAddressBookStoreSupportMask PtypInteger32 7 flags=2\n")
        != std::string::npos);
    CHECK(r.out.find("... (70000 bytes)") != std::string::npos);
    CHECK(r.out.find("  embedded message\n") != std::string::npos);
}

TEST_CASE("dump --json states every value exactly", "[cli][msg][dump][json]") {
    TempDir dir;
    const fs::path file = write_message(dir, sample(), "a.msg");
    const Json j = dump_json(file);
    CHECK(j["message_class"] == "IPM.Note");
    CHECK(j["codepage"] == 1252);
    CHECK(j["next_attachment_id"] == 4);
    const Json& props = j["properties"];
    CHECK((*find_tag(props, "0x0037001F"))["name"] == "PidTagSubject");
    CHECK((*find_tag(props, "0x00390040"))["value"] == "2024-05-01T09:30:00.0000000Z");
    CHECK((*find_tag(props, "0x66020004"))["value"]["bits"] == "0x7FC00000");
    CHECK((*find_tag(props, "0x660F0005"))["value"]["bits"] == "0xFFF0000000000000");
    CHECK((*find_tag(props, "0x66030005"))["value"].get<double>() == 0.1);
    CHECK((*find_tag(props, "0x66080014"))["value"].get<int64_t>() == 0x7FFFFFFFFFFFFFFF);
    CHECK((*find_tag(props, "0x66040006"))["value"] == -123456789);
    const Json& s8 = *find_tag(props, "0x6609001E");
    CHECK(s8["bytes_base64"] == "Y2Fm6SCB");
    const Json& lone = *find_tag(props, "0x660A001F");
    CHECK(lone.contains("bytes_base64"));
    CHECK((*find_tag(props, "0x661000FD"))["raw"] == true);
    CHECK((*find_tag(props, "0x66110003"))["flags"] == 2);
    CHECK(!find_tag(props, "0x0037001F")->contains("flags"));
    const Json& named = j["named_properties"];
    REQUIRE(named.size() == 2);
    CHECK(named[0]["set_name"] == "PS_PUBLIC_STRINGS");
    CHECK(named[0]["name"] == "OMSAccountGuid");
    CHECK(named[1]["lid"] == 0x8514);
    CHECK(named[1]["canonical_name"] == "PidLidSmartNoAttach");
    CHECK(j["attachments"][2]["embedded_message"]["subject"] == "Inner subject");
    CHECK(j["attachments"][3]["ole_storage"]["entries"][0]["path"] == "\x01Ole10Native");

    const Result small = run({"dump", "--json", file.string()});
    const Json digest = *find_tag(Json::parse(small.out)["properties"], "0x660C0102");
    CHECK(digest["value"]["size"] == 70000);
    CHECK(digest["value"]["sha256"].get<std::string>().size() == 64);
}

TEST_CASE("dump --json --full, build and dump again give the same JSON and message",
          "[cli][msg][build][json]") {
    TempDir dir;
    const msg::Message original = sample();
    const fs::path file = write_message(dir, original, "a.msg");
    const Result dumped = run({"dump", "--json", "--full", file.string()});
    REQUIRE(dumped.status == 0);
    const fs::path json = write_text(dir, "a.json", dumped.out);
    for (const bool v4 : {false, true}) {
        const fs::path out = dir / (v4 ? "b4.msg" : "b.msg");
        std::vector<std::string> args = {"build", json.string(), "-o", out.string()};
        if (v4) {
            args.push_back("--v4");
        }
        const Result built = run(args);
        INFO(built.err);
        REQUIRE(built.status == 0);
        CHECK(run({"dump", "--json", "--full", out.string()}).out == dumped.out);
        const msg::Message again = msg::Message::read_file(out);
        CHECK(msg::compare(msg::Message::read_file(file), again).empty());
    }
    const fs::path again = dir / "c.msg";
    REQUIRE(run({"build", json.string(), "-o", again.string()}).status == 0);
    CHECK(msgforge::test::read_file(again) == msgforge::test::read_file(dir / "b.msg"));
}

TEST_CASE("build reads a hand-written subset: names instead of tags, sets by name",
          "[cli][msg][build]") {
    TempDir dir;
    const fs::path json = write_text(dir, "in.json", R"({
      "subject": "Hi there",
      "message_class": "IPM.Note",
      "properties": [
        {"name": "PidTagBody", "value": "Body text"},
        {"name": "PidTagImportance", "value": 2},
        {"name": "PidTagMessageFlags", "value": "0x00000008"},
        {"name": "PidTagClientSubmitTime", "value": "2024-05-01T09:30:00Z"}
      ],
      "named_properties": [
        {"set": "PS_PUBLIC_STRINGS", "name": "Keywords", "type": "PtypMultipleString",
         "value": ["a", "b"]},
        {"canonical_name": "PidLidSmartNoAttach", "value": true}
      ],
      "recipients": [
        {"properties": [{"name": "PidTagRecipientType", "value": 1},
                        {"name": "PidTagDisplayName", "value": "Bob"}]}
      ],
      "attachments": [
        {"properties": [{"name": "PidTagAttachLongFilename", "value": "a.txt"},
                        {"name": "PidTagAttachDataBinary", "value": "aGVsbG8="}]}
      ]
    })");
    const fs::path out = dir / "out.msg";
    const Result r = run({"build", json.string(), "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    const msg::Message m = msg::Message::read_file(out);
    CHECK(m.subject() == "Hi there");
    CHECK(m.message_class() == "IPM.Note");
    CHECK(m.string(tags::PidTagBody) == "Body text");
    CHECK(*m.properties.get_as(tags::PidTagMessageFlags) == msg::flags::MSGFLAG_UNSENT);
    const auto* keywords = m.named_value(msg::names::PidNameKeywords);
    REQUIRE(keywords != nullptr);
    CHECK(keywords->size() == 2);
    const bool* smart = m.named_value(msg::names::PidLidSmartNoAttach);
    REQUIRE(smart != nullptr);
    CHECK(*smart);
    REQUIRE(m.recipients.size() == 1);
    CHECK(m.recipients[0].string(tags::PidTagDisplayName) == "Bob");
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].data()->size() == 5);
    CHECK(m.next_recipient_id == 1);
}

TEST_CASE("build refuses values that do not fit their type, naming the JSON path",
          "[cli][msg][build][hostile]") {
    TempDir dir;
    const fs::path out = dir / "out.msg";
    const auto build = [&](const std::string& text) {
        return run({"build", write_text(dir, "in.json", text).string(), "-o", out.string()});
    };

    struct Case {
        std::string json;
        std::string message;
    };

    const std::vector<Case> cases = {
        {R"({"properties":[{"tag":"0x0E070003","value":"x"}]})",
         "properties[0].value: expected an integer for PtypInteger32"},
        {R"({"properties":[{"tag":"0x0E070003","value":4294967296}]})",
         "properties[0].value: 4294967296 is out of range for PtypInteger32"},
        {R"({"properties":[{"name":"PidTagNoSuchThing","value":1}]})",
         "properties[0].name: unknown property name"},
        {R"({"properties":[{"tag":"0x00390040","value":"yesterday"}]})",
         "properties[0].value: expected an ISO 8601 UTC time"},
        {R"({"properties":[{"tag":"0x10130102","value":"not base64!"}]})",
         "properties[0].value: expected base64 bytes"},
        {R"({"properties":[{"tag":"0x10130102","value":{"size":70000,"sha256":"00"}}]})",
         "dump with --full"},
        {R"({"properties":[{"tag":"0x0037001E","value":"\u2713"}]})",
         "cannot be encoded in code page 1252"},
        {R"({"properties":[{"tag":"0x0037001F","value":"a"},{"tag":"0x0037001F","value":"b"}]})",
         "properties[1]: a second property with tag 0x0037001F"},
        {R"({"recipients":[{"number":0},{"number":0}]})",
         "recipients[1].number: a second storage numbered 0"},
        {R"({"named_properties":[{"set":"PS_NOPE","lid":1,"type":"PtypString","value":""}]})",
         "named_properties[0].set: expected a GUID or a property-set name"},
        {R"({"attachments":[{"embedded_message":{"properties":[{"tag":"0x0E070003",
             "type":"PtypString","value":1}]}}]})",
         "attachments[0].embedded_message.properties[0].type: type PtypString disagrees"},
        {R"({"codepage": 1251})", "codepage: 1251, but the properties give code page 1252"},
        {R"({"properties": [)", "JSON at 0x"},
        {R"([1, 2])", "JSON: expected an object"},
    };
    for (const Case& c : cases) {
        INFO(c.json);
        const Result r = build(c.json);
        CHECK(r.status == 1);
        CHECK(r.err.find("in.json: ") != std::string::npos);
        CHECK(r.err.find(c.message) != std::string::npos);
        CHECK(!fs::exists(out));
    }
    CHECK(run({"build", (dir / "missing.json").string(), "-o", out.string()}).status == 2);
    CHECK(run({"build", (dir / "in.json").string()}).status == 2);
}

TEST_CASE("roundtrip reports identical files, differences and unreadable files",
          "[cli][msg][roundtrip]") {
    TempDir dir;
    const fs::path a = write_message(dir, sample(), "a.msg");
    const fs::path b = write_message(dir, msg::Message{}, "b.msg");
    const Result ok = run({"roundtrip", a.string(), b.string()});
    CHECK(ok.status == 0);
    CHECK(ok.out.find("a.msg: identical\n") != std::string::npos);
    CHECK(ok.out.ends_with("2 files, 2 identical\n"));

    const fs::path junk = write_text(dir, "junk.msg", std::string(600, 'x'));
    const Result bad = run({"roundtrip", a.string(), junk.string()});
    CHECK(bad.status == 1);
    CHECK(bad.out.find("junk.msg: invalid: header at 0x0") != std::string::npos);
    CHECK(bad.out.ends_with("2 files, 1 identical\n"));

    const Result missing = run({"roundtrip", a.string(), (dir / "none.msg").string()});
    CHECK(missing.status == 2);
    CHECK(missing.out.ends_with("2 files, 1 identical\n"));
}

TEST_CASE("convert --unicode turns every 8-bit string into Unicode and sets STORE_UNICODE_OK",
          "[cli][msg][convert]") {
    TempDir dir;
    msg::Message m;
    m.properties.set(msg::string8_tag(tags::PidTagSubject), msg::String8{"caf\xE9"});
    m.properties.set(tag(0x9000, PT::PtypMultipleString8),
                     std::vector<msg::String8>{{"x"}, {"\xE9"}});
    const uint16_t named =
        m.named->assign(msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"Note"));
    m.properties.set(tag(named, PT::PtypString8), msg::String8{"na\xEFve"});
    msg::Recipient r;
    r.properties.set(msg::string8_tag(tags::PidTagDisplayName), msg::String8{"J\xFCrgen"});
    m.recipients.push_back(r);
    m.next_recipient_id = 1;
    const fs::path in = write_message(dir, m, "in.msg");
    const fs::path out = dir / "out.msg";
    const Result res = run({"convert", in.string(), "-o", out.string(), "--unicode"});
    INFO(res.err);
    REQUIRE(res.status == 0);
    const msg::Message u = msg::Message::read_file(out);
    CHECK(*u.properties.get_as<std::u16string>(tags::PidTagSubject) == u"caf\u00E9");
    CHECK(u.properties.find(msg::string8_tag(tags::PidTagSubject)) == nullptr);
    CHECK(
        u.properties.get_as<std::vector<std::u16string>>(tag(0x9000, PT::PtypMultipleString))->at(1)
        == u"\u00E9");
    CHECK(*u.named_value(msg::NamedKey::string(msg::ps::PS_PUBLIC_STRINGS, u"Note"))
               ->as<std::u16string>()
          == u"na\u00EFve");
    CHECK(*u.recipients[0].properties.get_as<std::u16string>(tags::PidTagDisplayName)
          == u"J\u00FCrgen");
    CHECK(*u.properties.get_as(tags::PidTagStoreSupportMask) == msg::flags::STORE_UNICODE_OK);

    SECTION("and --ansi turns it back, setting the code page and clearing the bit") {
        const fs::path back = dir / "back.msg";
        const Result a = run({"convert", out.string(), "-o", back.string(), "--ansi", "1252"});
        INFO(a.err);
        REQUIRE(a.status == 0);
        const msg::Message b = msg::Message::read_file(back);
        CHECK(b.properties.get_as(msg::string8_tag(tags::PidTagSubject))->bytes == "caf\xE9");
        CHECK(*b.properties.get_as<int32_t>(tags::PidTagMessageCodepage) == 1252);
        CHECK(*b.properties.get_as<int32_t>(tags::PidTagStoreSupportMask) == 0);
        CHECK(b.recipients[0].properties.get_as(msg::string8_tag(tags::PidTagDisplayName))->bytes
              == "J\xFC"
                 "rgen");
    }
}

TEST_CASE("convert --ansi encodes each string in the code page a reader gives it",
          "[cli][msg][convert][codepage]") {
    TempDir dir;
    msg::Message m;
    m.properties.set(tags::PidTagSubject, std::u16string(u"\u041F\u0440\u0438"));  // При
    m.properties.set(tags::PidTagBody, std::u16string(u"caf\u00E9"));
    m.properties.set(tags::PidTagInternetCodepage, int32_t{28591});  // the body: 1252
    m.properties.set(tags::PidTagMessageLocaleId, int32_t{0x0408});  // Greek, passed over
    msg::Recipient own;
    own.properties.set(tags::PidTagMessageLocaleId, int32_t{0x0408});
    own.properties.set(tags::PidTagDisplayName, std::u16string(u"\u0391"));  // Α
    m.recipients.push_back(own);
    m.next_recipient_id = 1;
    const fs::path in = write_message(dir, m, "in.msg");
    const fs::path out = dir / "out.msg";
    const Result r = run({"convert", in.string(), "-o", out.string(), "--ansi", "1251"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    const msg::Message a = msg::Message::read_file(out);
    CHECK(a.codepage == 1251);
    CHECK(a.body_codepage == 28591);
    CHECK(a.properties.get_as(msg::string8_tag(tags::PidTagSubject))->bytes == "\xCF\xF0\xE8");
    CHECK(a.properties.get_as(msg::string8_tag(tags::PidTagBody))->bytes == "caf\xE9");
    CHECK(a.recipients[0].codepage == 1253);
    CHECK(a.recipients[0].properties.get_as(msg::string8_tag(tags::PidTagDisplayName))->bytes
          == "\xC1");
    CHECK(a.subject() == "\xD0\x9F\xD1\x80\xD0\xB8");
    CHECK(a.string(tags::PidTagBody) == "caf\xC3\xA9");

    const Result d = run({"dump", out.string()});
    CHECK(d.out.find("code page 1251, body code page 28591,") != std::string::npos);
    const Json j = Json::parse(run({"dump", "--json", out.string()}).out);
    CHECK(j["codepage"] == 1251);
    CHECK(j["body_codepage"] == 28591);
}

TEST_CASE("An entry whose value stream is missing survives convert, and roundtrip says so",
          "[cli][msg][convert]") {
    TempDir dir;
    msg::Message m;
    m.properties.set(tags::PidTagSubject, std::u16string(u"kept"));
    const fs::path in = dir / "in.msg";
    {
        // The subject's entry stays in the property stream; its stream goes.
        msgforge::cfb::Tree tree = m.to_tree();
        REQUIRE(tree.remove("__substg1.0_0037001F"));
        msgforge::test::write_file(in, msgforge::cfb::write(tree));
    }
    const Result trip = run({"roundtrip", in.string()});
    CHECK(trip.status == 0);
    CHECK(trip.out == in.string() + ": identical\n1 file, 1 identical\n");
    const fs::path out = dir / "out.msg";
    REQUIRE(run({"convert", in.string(), "-o", out.string()}).status == 0);
    const auto reader = msgforge::cfb::Reader::open(out);
    CHECK_FALSE(reader.find("__substg1.0_0037001F"));
    const msg::Message back = msg::Message::read(reader);
    const msg::Property* p = back.properties.find(tags::PidTagSubject);
    REQUIRE(p != nullptr);
    CHECK(p->value.as<msg::RawValue>() != nullptr);
    CHECK(msgforge::test::read_file(out) == msgforge::test::read_file(in));
    const Json j = Json::parse(run({"dump", "--json", "--full", in.string()}).out);
    CHECK(j["warnings"].dump().find("has no stream __substg1.0_0037001F") != std::string::npos);
    msgforge::test::write_file(dir / "in.json", [&] {
        const std::string text = j.dump();
        return std::vector<uint8_t>(text.begin(), text.end());
    }());
    REQUIRE(run({"build", (dir / "in.json").string(), "-o", (dir / "built.msg").string()}).status
            == 0);
    CHECK(msgforge::test::read_file(dir / "built.msg") == msgforge::test::read_file(in));
}

TEST_CASE("convert --ansi names the property holding a character the code page lacks",
          "[cli][msg][convert]") {
    TempDir dir;
    const fs::path in = write_message(dir, sample(), "in.msg");
    const fs::path out = dir / "out.msg";
    const Result r = run({"convert", in.string(), "-o", out.string(), "--ansi", "1252"});
    CHECK(r.status == 1);
    CHECK(r.err.find("property 0x0037001F PidTagSubject") != std::string::npos);
    CHECK(r.err.find("code page 1252 cannot encode") != std::string::npos);
    CHECK(!fs::exists(out));
    CHECK(run({"convert", in.string(), "-o", out.string(), "--ansi", "99999"}).status == 2);
    CHECK(run({"convert", in.string(), "-o", out.string(), "--ansi", "28591"}).status == 2);
    CHECK(run({"convert", in.string(), "-o", out.string(), "--ansi", "1252", "--unicode"}).status
          == 2);
    REQUIRE(run({"convert", in.string(), "-o", out.string()}).status == 0);
    CHECK(msg::compare(msg::Message::read_file(in), msg::Message::read_file(out)).empty());
}

TEST_CASE("extract writes attachments, embedded messages, OLE storages and bodies inside DIR",
          "[cli][msg][extract]") {
    TempDir dir;
    const fs::path file = write_message(dir, sample(), "a.msg");
    const fs::path out = dir / "out";
    const Result r = run({"extract", file.string(), "-o", out.string(), "--bodies"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(out)) {
        CHECK(e.is_regular_file());
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    CHECK(names
          == std::vector<std::string>{"Inner.msg", "Package.bin", "__._evil.txt", "body.txt",
                                      "report.txt"});
    CHECK(msgforge::test::read_file(out / "report.txt")
          == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
    const msg::Message inner = msg::Message::read_file(out / "Inner.msg");
    CHECK(!inner.is_embedded);
    CHECK(inner.subject() == "Inner subject");
    const auto* account = inner.named_value(msg::names::PidNameOMSAccountGuid);
    REQUIRE(account != nullptr);
    CHECK(*account == u"{inner}");
    CHECK(inner.attachments.at(0).file_name() == "deep.txt");
    const auto ole = msgforge::cfb::Reader::open(out / "Package.bin");
    CHECK(ole.entry(ole.root()).clsid == msg::ps::PS_MAPI);
    CHECK(ole.find("\x01Ole10Native").has_value());
    CHECK(r.out.find("report.txt  5 bytes\n") != std::string::npos);

    SECTION("a second run numbers the names instead of overwriting") {
        const Result again = run({"extract", file.string(), "-o", out.string()});
        REQUIRE(again.status == 0);
        CHECK(fs::exists(out / "report (2).txt"));
        CHECK(fs::exists(out / "Inner (2).msg"));
    }
}

TEST_CASE("extract never writes outside DIR, whatever the names and links",
          "[cli][msg][extract][hostile]") {
    TempDir dir;
    msg::Message m;
    // The reader ends a string at its first NUL, so "a\0b" arrives as "a".
    const std::vector<std::u16string> hostile = {u"../../x",  u"/etc/x",
                                                 u"C:\\x",    u"con",
                                                 u"CON.txt",  std::u16string(u"a\0b", 3),
                                                 u"a\nb\x01", u"..",
                                                 u"",         std::u16string(1000, u'n') + u".txt",
                                                 u"dup.txt",  u"dup.txt",
                                                 u"DUP.txt",  u"link.txt"};
    for (size_t i = 0; i < hostile.size(); ++i) {
        m.attachments.push_back(by_value(static_cast<uint32_t>(i), hostile[i], "x"));
    }
    m.next_attachment_id = static_cast<uint32_t>(hostile.size());
    const fs::path file = write_message(dir, m, "a.msg");
    const fs::path out = dir / "out";
    const fs::path outside = dir / "outside";
    fs::create_directories(out);
    fs::create_directories(outside);
    fs::create_symlink(outside / "link.txt", out / "link.txt");
    const Result r = run({"extract", file.string(), "-o", out.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(fs::is_empty(outside));
    CHECK(!fs::exists(dir / "x"));
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        const std::string name = e.path().filename().string();
        INFO(name);
        CHECK(name.size() <= 255);
        CHECK(name.find_first_of(std::string("/\\\n\x01\0", 5)) == std::string::npos);
        if (!e.is_symlink()) {
            CHECK(e.is_regular_file());
            ++files;
        }
    }
    CHECK(files == hostile.size());
    for (const std::string expected :
         {"__._x", "_etc_x", "C__x", "_con", "_CON.txt", "a", "a_b_", "attachment",
          "attachment (2)", "dup.txt", "dup (2).txt", "DUP (3).txt", "link (2).txt"}) {
        INFO(expected);
        CHECK(fs::exists(out / expected));
    }
}

TEST_CASE("build of the bundled JSON gives the bundled .msg byte for byte, and dump gives it back",
          "[cli][msg][build]") {
    TempDir dir;
    const fs::path testdata = MSGFORGE_TESTDATA_DIR;
    const fs::path out = dir / "out.msg";
    REQUIRE(
        run({"build", (testdata / "json/hand_written.json").string(), "-o", out.string()}).status
        == 0);
    CHECK(msgforge::test::read_file(out)
          == msgforge::test::read_file(testdata / "msg/hand_written.msg"));
    const auto full = msgforge::test::read_file(testdata / "json/hand_written_full.json");
    CHECK(run({"dump", "--json", "--full", out.string()}).out
          == std::string(full.begin(), full.end()));
}

TEST_CASE("Read limits are set on the command line, a file beyond one is invalid (exit 1)",
          "[cli][msg][limits]") {
    TempDir dir;
    // Three recipients, four attachments, one embedded message holding an attachment.
    const fs::path file = write_message(dir, sample(), "a.msg");
    const std::string f = file.string();
    const Result within =
        run({"show", f, "--max-recipients", "3", "--max-attachments", "4", "--max-depth", "1"});
    INFO(within.err);
    CHECK(within.status == 0);
    for (const auto& [option, value, words] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"--max-recipients", "2", "recipient"},
             {"--max-attachments", "3", "attachment"},
             {"--max-depth", "0", ""},
             {"--max-properties", "3", "properties"},
             {"--max-entries", "5", "directory"}}) {
        INFO(option << " " << value);
        const Result r = run({"dump", f, option, value});
        if (value == "0") {
            CHECK(r.status == 2);
            CHECK(r.err.find("--max-depth needs a positive whole number") != std::string::npos);
            continue;
        }
        CHECK(r.status == 1);
        CHECK(r.err.find("a.msg") != std::string::npos);
        CHECK(r.err.find(words) != std::string::npos);
    }
    const Result few_bytes = run({"dump", f, "--max-bytes", "1000"});
    CHECK(few_bytes.status == 1);
    CHECK(few_bytes.err.find("a.msg: ") != std::string::npos);
    CHECK(few_bytes.err.find("would pass the limit of 1000 bytes") != std::string::npos);
    CHECK(run({"dump", f, "--max-bytes", "10000000"}).status == 0);
    CHECK(run({"dump", f, "--max-bytes", "18446744073709551616"}).status == 2);
    const Result deep = run({"roundtrip", f, "--max-depth", "1"});
    CHECK(deep.status == 0);
    CHECK(run({"validate", f, "--max-attachments", "x"}).status == 2);
    CHECK(run({"extract", f, "-o", (dir / "out").string(), "--max-attachments", "2"}).status == 1);
    CHECK_FALSE(fs::exists(dir / "out" / "report.txt"));
    // --fsync flushes each file; what is written is the same.
    REQUIRE(run({"extract", f, "-o", (dir / "synced").string(), "--fsync"}).status == 0);
    CHECK(msgforge::test::read_file(dir / "synced" / "report.txt")
          == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
}

TEST_CASE("The commands that decode bodies limit decompressed RTF with --max-rtf-size",
          "[cli][msg][limits]") {
    TempDir dir;
    std::string rtf = "{\\rtf1\\ansi ";
    rtf.append(5000, 'x');
    rtf += "}";
    // An SMS, so that validate decodes its body too (for the SMS view).
    msg::Message m;
    m.properties.set(tags::PidTagMessageClass, std::u16string(u"IPM.Note.Mobile.SMS"));
    m.properties.set(tags::PidTagRtfCompressed,
                     msgforge::cfb::Blob::owned(msg::rtf::compress(
                         std::span(reinterpret_cast<const uint8_t*>(rtf.data()), rtf.size()))));
    const std::string f = write_message(dir, m, "r.msg").string();
    const std::string fits = std::to_string(rtf.size());
    const std::string short_of = std::to_string(rtf.size() - 1);

    CHECK(run({"show", f, "--max-rtf-size", fits}).status == 0);
    const Result shown = run({"show", f, "--max-rtf-size", short_of});
    CHECK(shown.status == 1);
    CHECK(shown.err
          == "msgforge: " + f + ": compressed RTF of PidTagRtfCompressed at 0x4: RAWSIZE " + fits
                 + " exceeds the output limit of " + short_of + " bytes\n");
    const Result extracted =
        run({"extract", f, "-o", (dir / "out").string(), "--bodies", "--max-rtf-size", short_of});
    CHECK(extracted.status == 1);
    CHECK(extracted.err.find(f + ": compressed RTF of PidTagRtfCompressed") != std::string::npos);
    CHECK(
        run({"extract", f, "-o", (dir / "all").string(), "--bodies", "--max-rtf-size", fits}).status
        == 0);
    CHECK(fs::file_size(dir / "all" / "body.rtf") == rtf.size());
    const Result validated = run({"validate", f, "--max-rtf-size", short_of});
    CHECK(validated.status == 1);
    CHECK(validated.out.find(f + ": invalid: compressed RTF of PidTagRtfCompressed")
          != std::string::npos);
    CHECK(run({"validate", f, "--max-rtf-size", fits}).out.find("invalid: compressed")
          == std::string::npos);
    CHECK(run({"show", f, "--max-rtf-size", "0"}).status == 2);
    // dump decodes no body, so it has no such option.
    CHECK(run({"dump", f, "--max-rtf-size", fits}).status == 2);
    for (const char* command : {"show", "extract", "validate"}) {
        INFO(command);
        const Result help = run({command, "--help"});
        CHECK(help.out.find("--max-rtf-size BYTES") != std::string::npos);
        CHECK(help.out.find("--max-bytes BYTES") != std::string::npos);
    }
    CHECK(run({"export", "sbr", "--help"}).out.find("--max-rtf-size BYTES") != std::string::npos);
}
