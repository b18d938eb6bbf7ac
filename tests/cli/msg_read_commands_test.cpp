// The .msg commands that read: show, dump and extract.
#include "msg_fixtures.hpp"

#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace tags = msgforge::msg::tags;
using namespace msgforge::test;
using Json = nlohmann::ordered_json;

namespace {

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

TEST_CASE("show keeps warnings off standard output, and the container's for --verbose",
          "[cli][msg][show]") {
    TempDir dir;
    const fs::path file = write_message(dir, sample(), "a.msg");
    // A transaction signature in the header (offset 0x34): an oddity of the compound file only.
    auto bytes = msgforge::test::read_file(file);
    bytes.at(0x34) = 1;
    msgforge::test::write_file(file, bytes);
    const Result plain = run({"show", file.string()});
    REQUIRE(plain.status == 0);
    CHECK(plain.err.empty());
    CHECK(plain.out.find("warning") == std::string::npos);
    const Result verbose = run({"show", "--verbose", file.string()});
    REQUIRE(verbose.status == 0);
    CHECK(verbose.out == plain.out);
    CHECK_THAT(verbose.err, Catch::StartsWith("1 warning\n  "));
    CHECK_THAT(verbose.err, Catch::Contains("non-zero transaction signature"));
    CHECK_THAT(run({"cfb", "check", file.string()}).out,
               Catch::Contains("non-zero transaction signature"));
    // dump lists every warning, the container's too.
    CHECK_THAT(run({"dump", file.string()}).out, Catch::Contains("non-zero transaction signature"));
}

TEST_CASE("show and dump name the file when it is missing or not a message", "[cli][msg]") {
    TempDir dir;
    CHECK(run({"show", (dir / "missing.msg").string()}).status == 2);
    const fs::path junk = write_text(dir, "junk.msg", std::string(600, 'x'));
    const Result r = run({"dump", junk.string()});
    CHECK(r.status == 1);
    CHECK(r.err.find("junk.msg: header at 0x0") != std::string::npos);
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
