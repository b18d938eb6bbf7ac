// The .msg commands that write: build, roundtrip and convert.
#include "msg_fixtures.hpp"

#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using namespace msgforge::test;
using Json = nlohmann::ordered_json;
using PT = msg::PropertyType;

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
        std::vector<std::string> args = {"build", "--bare", json.string(), "-o", out.string()};
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
    REQUIRE(run({"build", "--bare", json.string(), "-o", again.string()}).status == 0);
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
    // The flags given, with the attachment bit the defaults keep in step with the attachments.
    CHECK(*m.properties.get_as(tags::PidTagMessageFlags)
          == (msg::flags::MSGFLAG_UNSENT | msg::flags::MSGFLAG_HASATTACH));
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

TEST_CASE("build of a five-member JSON writes an Outlook-ready note, --bare only what it says",
          "[cli][msg][build]") {
    TempDir dir;
    const fs::path json = write_text(dir, "in.json", R"({
      "message_class": "IPM.Note", "subject": "RE: Lunch",
      "from": "Ann Lee <ann@example.com>", "to": ["Bob <bob@example.org>"],
      "body": "At noon?"})");
    const fs::path out = dir / "out.msg";
    REQUIRE(run({"build", json.string(), "-o", out.string()}).status == 0);
    const msg::Message m = msg::Message::read_file(out);
    CHECK(*m.properties.get_as(tags::PidTagStoreSupportMask) == 0x00040E79);
    CHECK(*m.properties.get_as(tags::PidTagMessageFlags) == msg::flags::MSGFLAG_UNSENT);
    CHECK(m.string(tags::PidTagDisplayTo) == "Bob");
    CHECK(m.string(tags::PidTagNormalizedSubject) == "Lunch");
    CHECK(m.string(tags::PidTagSenderSmtpAddress) == "ann@example.com");
    CHECK(m.recipients.at(0).string(tags::PidTagSmtpAddress) == "bob@example.org");
    const Result shown = run({"show", out.string()});
    CHECK(shown.out.find("Ann Lee <ann@example.com>") != std::string::npos);
    CHECK(shown.out.find("Bob <bob@example.org>") != std::string::npos);

    const fs::path bare = dir / "bare.msg";
    REQUIRE(run({"build", "--bare", json.string(), "-o", bare.string()}).status == 0);
    const msg::Message b = msg::Message::read_file(bare);
    CHECK(b.properties.find_id(tags::PidTagStoreSupportMask) == nullptr);
    CHECK(b.properties.find_id(tags::PidTagDisplayTo) == nullptr);
    CHECK(b.subject() == "RE: Lunch");
    CHECK(b.recipients.size() == 1);
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
    REQUIRE(run({"build", "--bare", (dir / "in.json").string(), "-o", (dir / "built.msg").string()})
                .status
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
