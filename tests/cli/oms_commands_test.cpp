#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace msg = msgforge::msg;
namespace oms = msgforge::oms;
namespace tags = msgforge::msg::tags;
using msgforge::FileTime;
using msgforge::test::TempDir;

namespace {

using Result = msgforge::test::CliResult;
constexpr auto run = msgforge::test::run_cli;

const fs::path TESTDATA = MSGFORGE_TESTDATA_DIR;

fs::path write_text(const TempDir& dir, const std::string& name, const std::string& text) {
    const fs::path path = dir / name;
    msgforge::test::write_file(path, std::vector<uint8_t>(text.begin(), text.end()));
    return path;
}

FileTime at(const char* iso) {
    return FileTime::parse(iso).value();
}

oms::OmsMessage read_view(const fs::path& file) {
    const auto view = oms::view(msg::Message::read_file(file));
    REQUIRE(view);
    return *view;
}

bool hidden(const msg::Attachment& a) {
    const bool* h = a.properties.get_as<bool>(tags::PidTagAttachmentHidden);
    return h != nullptr && *h;
}

/// `msgforge mms` with two slides (the example photo, then two lines of text) and a vCard.
Result write_mms(const TempDir& dir, const fs::path& out, std::vector<std::string> extra = {}) {
    const fs::path card = write_text(dir, "card.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n");
    std::vector<std::string> args = {
        "mms",
        "--to",
        "Bob Example <+15559870000>",
        "--from",
        "+15551230000",
        "--sent",
        "2026-01-02T03:04:05Z",
        "--subject",
        "Beach",
        "--slide",
        "text=Look\\, the beach!,image=" + (TESTDATA / "oms/photo.jpg").string() + ",dur=3s",
        "--slide",
        "text=Two\\nlines \\\\o/,dur=2500ms",
        "--attach",
        card.string(),
        "-o",
        out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
}

}  // namespace

TEST_CASE("The SMS/MMS commands are listed in --help and each has its own help", "[cli][oms]") {
    const Result help = run({"--help"});
    for (const std::string c : {"sms", "mms", "validate"}) {
        INFO(c);
        CHECK(help.out.find("  " + c + " ") != std::string::npos);
        const Result own = run({c, "--help"});
        CHECK(own.status == 0);
        CHECK(own.out.starts_with("Usage: msgforge " + c + " "));
    }
    CHECK(run({"mms", "--help"}).out.find("write \\, for a comma") != std::string::npos);
    CHECK(run({"validate"}).status == 2);
    CHECK(run({"sms", "extra-word", "--to", "+1", "--text", "x", "-o", "x.msg"}).status == 2);
}

TEST_CASE("sms writes a sent SMS that reads back with its numbers, names and text",
          "[cli][oms][sms]") {
    TempDir dir;
    const fs::path out = dir / "sms.msg";
    const Result r = run({"sms",
                          "--to",
                          "Bob Example <+15559870000>",
                          "--to",
                          " +15550001111 ",
                          "--from",
                          "\"Me\" <+15551230000>",
                          "--sent",
                          "2026-01-02T03:04:05Z",
                          "--text",
                          "Running late, 10 min",
                          "--account",
                          "{01234567-89AB-CDEF-0123-456789ABCDEF}",
                          "--model",
                          "Phone 7",
                          "--source",
                          "reminder",
                          "--schedule",
                          "2026-01-02T03:00:00Z",
                          "--now",
                          "2026-02-03T04:05:06Z",
                          "-o",
                          out.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.empty());
    const msg::Message m = msg::Message::read_file(out);
    CHECK(m.message_class() == "IPM.Note.Mobile.SMS");
    CHECK(m.string(tags::PidTagBody) == "Running late, 10 min");
    CHECK(m.properties.find(tags::PidTagHtml) != nullptr);
    CHECK(*m.properties.get_as<FileTime>(tags::PidTagCreationTime) == at("2026-02-03T04:05:06Z"));
    const oms::OmsMessage v = read_view(out);
    CHECK(v.service == oms::ServiceType::sms);
    CHECK(v.state == oms::State::sent);
    REQUIRE(v.to.size() == 2);
    CHECK(v.to[0] == oms::Party{"+15559870000", "Bob Example"});
    CHECK(v.to[1] == oms::Party{"+15550001111", ""});
    CHECK(v.from == oms::Party{"+15551230000", "Me"});
    CHECK(v.time == at("2026-01-02T03:04:05Z"));
    CHECK(v.schedule == at("2026-01-02T03:00:00Z"));
    CHECK(v.text == "Running late, 10 min");
    CHECK(v.account == "{01234567-89AB-CDEF-0123-456789ABCDEF}");
    CHECK(v.model == "Phone 7");
    CHECK(v.source == static_cast<int32_t>(oms::SourceType::reminder));
    CHECK(m.recipients[0].string(tags::PidTagAddressType) == "MOBILE");
}

TEST_CASE("sms writes drafts and unread received messages, text from a file, one body on request",
          "[cli][oms][sms]") {
    TempDir dir;
    const fs::path text = write_text(dir, "text.txt", "First line\nsecond line\n");
    const fs::path draft = dir / "draft.msg";
    REQUIRE(run({"sms", "--to", "+15559870000", "--text-file", text.string(), "--strict-body", "-o",
                 draft.string()})
                .status
            == 0);
    const oms::OmsMessage d = read_view(draft);
    CHECK(d.state == oms::State::draft);
    CHECK(d.text == "First line\nsecond line");
    CHECK(!d.from);
    CHECK(!d.time);
    CHECK(msg::Message::read_file(draft).properties.find(tags::PidTagHtml) == nullptr);

    const fs::path received = dir / "received.msg";
    REQUIRE(run({"sms", "--to", "+15551230000", "--from", "Ann <+15559870000>", "--received",
                 "2026-01-02T03:04:05.5Z", "--unread", "--text", "Hi", "--class",
                 "IPM.Note.Mobile.SMS.Custom", "-o", received.string()})
                .status
            == 0);
    const oms::OmsMessage v = read_view(received);
    CHECK(v.state == oms::State::received);
    CHECK(!v.read);
    CHECK(v.time == at("2026-01-02T03:04:05.5Z"));
    CHECK(v.from == oms::Party{"+15559870000", "Ann"});
    CHECK(v.message_class == "IPM.Note.Mobile.SMS.Custom");
}

TEST_CASE("mms writes slides with text, the photo and timing, hidden parts and a SMIL layout",
          "[cli][oms][mms]") {
    TempDir dir;
    const fs::path out = dir / "mms.msg";
    const Result r = write_mms(dir, out, {"--cid-suffix", "SUFFIX.1"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    const msg::Message m = msg::Message::read_file(out);
    CHECK(m.message_class() == "IPM.Note.Mobile.MMS");
    CHECK(m.subject() == "Beach");
    const oms::OmsMessage v = read_view(out);
    CHECK(v.service == oms::ServiceType::mms);
    CHECK(v.state == oms::State::sent);
    REQUIRE(v.to.size() == 1);
    CHECK(v.to[0] == oms::Party{"+15559870000", "Bob Example"});
    CHECK(v.from == oms::Party{"+15551230000", ""});
    REQUIRE(v.slides.size() == 2);
    CHECK(v.slides[0].text == "Look, the beach!");
    REQUIRE(v.slides[0].visual);
    CHECK(v.slides[0].visual->file_name == "photo.jpg");
    CHECK(v.slides[0].visual->mime_type == "image/jpeg");
    CHECK(v.slides[0].duration_ms == 3000u);
    CHECK(!v.slides[0].audio);
    CHECK(v.slides[1].text == "Two\nlines \\o/");
    CHECK(!v.slides[1].visual);
    CHECK(v.slides[1].duration_ms == 2500u);
    REQUIRE(v.extra.size() == 1);
    CHECK(v.extra[0].file_name == "card.vcf");
    REQUIRE(v.smil);
    CHECK(v.smil->mime_type == "application/smil");

    // The layout, two text parts, the photo and the vCard: every one hidden, every Content-ID
    // ending in the suffix given.
    REQUIRE(m.attachments.size() == 5);
    for (const msg::Attachment& a : m.attachments) {
        INFO(a.file_name().value_or(""));
        CHECK(hidden(a));
        CHECK(a.string(tags::PidTagAttachContentId).value_or("").ends_with("@SUFFIX.1"));
    }
    const auto photo = m.attachments[v.slides[0].visual->attachment].data();
    REQUIRE(photo);
    CHECK(std::vector<uint8_t>(photo->begin(), photo->end())
          == msgforge::test::read_file(TESTDATA / "oms/photo.jpg"));
}

TEST_CASE("show adds the SMS/MMS view: state, parties, text, slides and extra parts",
          "[cli][oms][show]") {
    TempDir dir;
    const fs::path sms = dir / "sms.msg";
    REQUIRE(run({"sms", "--to", "Bob <+15559870000>", "--from", "+15551230000", "--received",
                 "2026-01-02T03:04:05Z", "--unread", "--text", "Running late", "-o", sms.string()})
                .status
            == 0);
    const Result s = run({"show", sms.string()});
    REQUIRE(s.status == 0);
    INFO(s.out);
    CHECK(s.out.starts_with("class:    IPM.Note.Mobile.SMS\n"));
    CHECK(s.out.find("SMS/MMS view (MS-OXOSMMS):\n"
                     "  service:  SMS\n"
                     "  state:    received, unread\n"
                     "  from:     +15551230000\n"
                     "  to:       Bob <+15559870000>\n"
                     "  time:     2026-01-02T03:04:05.0000000Z\n"
                     "  source:   xms-inspector\n"
                     "  text:     Running late\n")
          != std::string::npos);

    const fs::path mms = dir / "mms.msg";
    REQUIRE(write_mms(dir, mms).status == 0);
    const Result r = run({"show", mms.string()});
    REQUIRE(r.status == 0);
    INFO(r.out);
    CHECK(r.out.find("  service:  MMS\n  state:    sent\n") != std::string::npos);
    CHECK(r.out.find("  subject:  Beach\n"
                     "  slide 1:  3s\n"
                     "    text:     Look, the beach!\n"
                     "    image:    photo.jpg  image/jpeg\n"
                     "  slide 2:  2500ms\n"
                     "    text:     Two\n"
                     "              lines \\o/\n"
                     "  extra:    card.vcf")
          != std::string::npos);
}

TEST_CASE("show of a message that is not an SMS or MMS has no SMS/MMS view", "[cli][oms][show]") {
    const Result r = run({"show", (TESTDATA / "msg/hand_written.msg").string()});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("class:    IPM.Note\n") != std::string::npos);
    CHECK(r.out.find("SMS/MMS view") == std::string::npos);
}

TEST_CASE("validate passes what sms and mms write", "[cli][oms][validate]") {
    TempDir dir;
    const fs::path sms = dir / "sms.msg";
    const fs::path mms = dir / "mms.msg";
    REQUIRE(run({"sms", "--to", "+15559870000", "--text", "Hi", "-o", sms.string()}).status == 0);
    REQUIRE(write_mms(dir, mms).status == 0);
    const Result r = run({"validate", sms.string(), mms.string()});
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(r.out
          == sms.string() + ": valid SMS, 0 MUST, 0 SHOULD\n" + mms.string()
                 + ": valid MMS, 0 MUST, 0 SHOULD\n2 files, 2 valid\n");
}

TEST_CASE("validate reports a MUST finding with its section and exits 1", "[cli][oms][validate]") {
    TempDir dir;
    oms::Sms sms;
    sms.envelope.to = {{"+15559870000", ""}};
    sms.text = "Hi";
    msg::Message m = oms::build(sms);
    const auto id = m.named->id_for(msg::names::PidNameOMSServiceType.key());
    REQUIRE(id);
    m.properties.set(msg::PropertyTag{*id, msg::PropertyType::PtypInteger32}, int32_t{2});
    const fs::path broken = dir / "broken.msg";
    m.write_file(broken);

    const Result r = run({"validate", broken.string()});
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(r.out.find(broken.string()
                     + ": MUST MS-OXOSMMS 2.2.1.3: PidNameOMSServiceType must be 1 or 4, found 2\n")
          != std::string::npos);
    CHECK(r.out.find(broken.string() + ": invalid SMS, 1 MUST, 0 SHOULD\n") != std::string::npos);
    CHECK(r.out.ends_with("1 file, 0 valid\n"));
}

TEST_CASE("validate reports a message that is not an SMS or MMS, junk and missing files",
          "[cli][oms][validate]") {
    TempDir dir;
    const std::string note = (TESTDATA / "msg/hand_written.msg").string();
    const Result r = run({"validate", note});
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(r.out.find(note
                     + ": MUST MS-OXOSMMS 2.2.2.2: PidTagMessageClass must be "
                       "IPM.Note.Mobile.SMS or IPM.Note.Mobile.MMS (or a subclass), found "
                       "\"IPM.Note\"\n")
          != std::string::npos);
    CHECK(r.out.find(note + ": invalid message (not an SMS or MMS), 1 MUST, ")
          != std::string::npos);

    const fs::path junk = write_text(dir, "junk.msg", std::string(600, 'x'));
    const Result j = run({"validate", junk.string()});
    CHECK(j.status == 1);
    CHECK(j.out.find(junk.string() + ": invalid: header at 0x0") != std::string::npos);

    const fs::path good = dir / "good.msg";
    REQUIRE(run({"sms", "--to", "+1555", "--text", "Hi", "-o", good.string()}).status == 0);
    const fs::path missing = dir / "missing.msg";
    const Result both = run({"validate", good.string(), missing.string(), junk.string()});
    CHECK(both.status == 2);
    CHECK(both.out.find(missing.string() + ": unreadable: cannot open") != std::string::npos);
    CHECK(both.out.ends_with("3 files, 1 valid\n"));
}

TEST_CASE("sms and mms write the same bytes for the same command", "[cli][oms][determinism]") {
    TempDir dir;
    const auto sms = [&](const fs::path& out) {
        return run({"sms", "--to", "+15559870000", "--from", "+15551230000", "--sent",
                    "2026-01-02T03:04:05Z", "--text", "Same", "-o", out.string()});
    };
    REQUIRE(sms(dir / "a.msg").status == 0);
    REQUIRE(sms(dir / "b.msg").status == 0);
    CHECK(msgforge::test::read_file(dir / "a.msg") == msgforge::test::read_file(dir / "b.msg"));

    REQUIRE(write_mms(dir, dir / "c.msg").status == 0);
    REQUIRE(write_mms(dir, dir / "d.msg").status == 0);
    CHECK(msgforge::test::read_file(dir / "c.msg") == msgforge::test::read_file(dir / "d.msg"));
    // The derived Content-ID suffix follows the content.
    const msg::Message c = msg::Message::read_file(dir / "c.msg");
    const std::string cid = c.attachments[0].string(tags::PidTagAttachContentId).value_or("");
    REQUIRE(cid.starts_with("MMS.smil@"));
    const std::string suffix = cid.substr(9);
    REQUIRE(suffix.size() == 33);
    CHECK(suffix[16] == '.');
    CHECK(suffix.find_first_not_of("0123456789ABCDEF.") == std::string::npos);
}

TEST_CASE("sms and mms refuse bad input with a one-line error and exit 2, writing nothing",
          "[cli][oms][hostile]") {
    TempDir dir;
    const std::string out = (dir / "out.msg").string();
    const std::string photo = (TESTDATA / "oms/photo.jpg").string();
    const std::string text = write_text(dir, "notes.txt", "not a picture").string();

    struct Case {
        std::vector<std::string> args;
        std::string message;
    };

    const std::vector<Case> cases = {
        {{"sms", "--to", "+1", "--text", "x"}, "missing -o OUT.msg"},
        {{"sms", "--text", "x", "-o", out}, "missing --to NUMBER"},
        {{"sms", "--to", "+1", "-o", out}, "missing --text TEXT or --text-file FILE"},
        {{"sms", "--to", "+1", "--text", "x", "--text-file", text, "-o", out},
         "--text and --text-file exclude each other"},
        {{"sms", "--to", "+1", "--text-file", (dir / "missing.txt").string(), "-o", out},
         "missing.txt: cannot open: No such file or directory"},
        {{"sms", "--to", "+1", "--text", "x", "--source", "phone", "-o", out},
         "--source must be xms-inspector, reminder, calendar-summary, rule or unknown (got "
         "'phone')"},
        {{"sms", "--to", "+1", "--from", "+2", "--sent", "2026-01-02 03:04:05", "--text", "x", "-o",
          out},
         "--sent needs an RFC 3339 time such as 2026-01-02T03:04:05Z or 2026-01-02T05:04:05+02:00 "
         "(got '2026-01-02 03:04:05')"},
        {{"sms", "--to", "+1", "--text", "x", "--now", "now", "-o", out},
         "--now needs an RFC 3339 time"},
        {{"sms", "--to", "+1", "--sent", "2026-01-02T03:04:05Z", "--text", "x", "-o", out},
         "--sent needs --from (the phone's own number)"},
        {{"sms", "--to", "+1", "--received", "2026-01-02T03:04:05Z", "--text", "x", "-o", out},
         "--received needs --from"},
        {{"sms", "--to", "+1", "--from", "+2", "--draft", "--sent", "2026-01-02T03:04:05Z",
          "--text", "x", "-o", out},
         "--draft, --sent and --received exclude each other"},
        {{"sms", "--to", "+1", "--unread", "--text", "x", "-o", out},
         "--unread applies to a --received message only"},
        {{"sms", "--to", "+1", "--from", "+2", "--sent", "2026-01-02T03:04:05Z", "--sent-time",
          "2026-01-02T03:00:00Z", "--text", "x", "-o", out},
         "--sent-time applies to a --received message only"},
        {{"sms", "--to", "+1", "--from", "+2", "--received", "2026-01-02T03:04:05Z", "--sent-time",
          "yesterday", "--text", "x", "-o", out},
         "--sent-time needs an RFC 3339 time"},
        {{"sms", "--to", "+1", "--cc", "Ann <", "--text", "x", "-o", out},
         "--cc needs a phone number"},
        {{"mms", "--to", "+1", "--bcc", "<>", "--slide", "text=a", "-o", out},
         "--bcc needs a phone number"},
        {{"sms", "--to", "+1", "--text", "x", "--account", "foo", "-o", out},
         "the account GUID must be a GUID in braces, {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} "
         "(MS-OXOSMMS 2.2.1.1): \"foo\""},
        {{"mms", "--to", "+1", "--slide", "text=a", "--account",
          "{01234567-0123-0123-0123456789abc}", "-o", out},
         "the account GUID must be a GUID in braces"},
        {{"sms", "--to", "+1", "--text", "x", "--class", "IPM.Note.Mobile.SMS.", "-o", out},
         "the message class ends with a period (MS-OXCMSG 2.2.1.3): \"IPM.Note.Mobile.SMS.\""},
        {{"mms", "--to", "+1", "--slide", "text=a", "--class", "IPM.Note.Mobile.MMS..X", "-o", out},
         "the message class has an empty group between two periods"},
        {{"sms", "--to", "Ann <+1", "--text", "x", "-o", out},
         "--to needs a phone number, optionally as 'Name <NUMBER>' (got 'Ann <+1')"},
        {{"sms", "--to", "Ann <>", "--text", "x", "-o", out}, "--to needs a phone number"},
        {{"sms", "--to", "+1", "--text", "", "-o", out}, "an SMS needs text"},
        {{"sms", "--to", "+1", "--text", "x", "--class", "IPM.Note", "-o", out},
         "an SMS message class must start with IPM.Note.Mobile.SMS"},
        {{"sms", "--to", "+1", "--text", "\xFF", "-o", out}, "the SMS text is not valid UTF-8"},
        {{"mms", "--to", "+1", "-o", out}, "missing --slide SPEC or --attach FILE"},
        {{"mms", "--to", "+1", "--slide", "text=a,image", "-o", out},
         "--slide 'text=a,image': 'image' is not KEY=VALUE"},
        {{"mms", "--to", "+1", "--slide", "text=a,", "-o", out}, "'' is not KEY=VALUE"},
        {{"mms", "--to", "+1", "--slide", "txt=a", "-o", out}, "unknown key 'txt'"},
        {{"mms", "--to", "+1", "--slide", "text=a\\t", "-o", out}, "unknown escape \\t"},
        {{"mms", "--to", "+1", "--slide", "text=a\\", "-o", out}, "ends in a lone backslash"},
        {{"mms", "--to", "+1", "--slide", "text=a,text=b", "-o", out}, "text given twice"},
        {{"mms", "--to", "+1", "--slide", "text=,text-file=" + text, "-o", out},
         "text and text-file exclude each other"},
        {{"mms", "--to", "+1", "--slide", "image=" + photo + ",video=" + photo, "-o", out},
         "a slide has one image or video"},
        {{"mms", "--to", "+1", "--slide", "dur=5s", "-o", out},
         "a slide needs text, text-file, image, video or audio"},
        {{"mms", "--to", "+1", "--slide", "text=a,dur=5", "-o", out},
         "dur must be a positive whole number of seconds or milliseconds, such as 5s or 2500ms "
         "(got '5')"},
        {{"mms", "--to", "+1", "--slide", "text=a,dur=0s", "-o", out}, "(got '0s')"},
        {{"mms", "--to", "+1", "--slide", "text=a,dur=4294968s", "-o", out}, "(got '4294968s')"},
        {{"mms", "--to", "+1", "--slide", "text=a,dur=1.5s", "-o", out}, "(got '1.5s')"},
        {{"mms", "--to", "+1", "--slide", "image=" + (dir / "gone.jpg").string(), "-o", out},
         "gone.jpg: cannot open: No such file or directory"},
        {{"mms", "--to", "+1", "--slide", "image=" + dir.path().string(), "-o", out},
         "cannot read: Is a directory"},
        {{"mms", "--to", "+1", "--slide", "image=" + text, "-o", out},
         "slide 1: notes.txt (text/plain) is not an image or a video"},
        {{"mms", "--to", "+1", "--slide", "audio=" + photo, "-o", out},
         "slide 1: photo.jpg (image/jpeg) is not audio"},
        {{"mms", "--to", "+1", "--slide", "text=a", "--cid-suffix", "a b", "-o", out},
         "a Content-ID suffix must be printable ASCII"},
        {{"mms", "--to", "+1", "--attach", (dir / "gone.vcf").string(), "-o", out},
         "gone.vcf: cannot open"},
    };
    for (const Case& c : cases) {
        std::string line;
        for (const std::string& word : c.args) {
            line += word + ' ';
        }
        INFO(line);
        const Result r = run(c.args);
        INFO(r.err);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.starts_with("msgforge: "));
        CHECK(r.err.find(c.message) != std::string::npos);
        CHECK(r.err.find("internal error") == std::string::npos);
        CHECK(!fs::exists(out));
    }
}

TEST_CASE("sms and mms take Cc and Bcc recipients and show lists them", "[cli][oms][cc]") {
    TempDir dir;
    const fs::path sms = dir / "sms.msg";
    REQUIRE(run({"sms", "--to", "+15559870000", "--cc", "Cy <+15550004>", "--cc", "+15550005",
                 "--bcc", "+15550006", "--text", "Hi all", "-o", sms.string()})
                .status
            == 0);
    const oms::OmsMessage s = read_view(sms);
    CHECK(s.to == std::vector<oms::Party>{{"+15559870000", ""}});
    CHECK(s.cc == std::vector<oms::Party>{{"+15550004", "Cy"}, {"+15550005", ""}});
    CHECK(s.bcc == std::vector<oms::Party>{{"+15550006", ""}});

    // A received group MMS: the owner in To, the other members in Cc.
    const fs::path mms = dir / "mms.msg";
    const Result r =
        run({"mms", "--to", "+15551230000", "--cc", "Ann <+15550001>", "--cc", "Bob <+15550002>",
             "--bcc", "+15550003", "--from", "Cy <+15550004>", "--received", "2026-01-02T03:04:05Z",
             "--slide", "text=Party at 8", "-o", mms.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    const msg::Message m = msg::Message::read_file(mms);
    REQUIRE(m.recipients.size() == 4);
    for (size_t i = 0; i < 4; ++i) {
        CHECK(*m.recipients[i].properties.get_as<int32_t>(tags::PidTagRecipientType)
              == (i == 0  ? msg::flags::MAPI_TO
                  : i < 3 ? msg::flags::MAPI_CC
                          : msg::flags::MAPI_BCC));
        CHECK(m.recipients[i].string(tags::PidTagAddressType) == "MOBILE");
    }
    const oms::OmsMessage v = read_view(mms);
    CHECK(v.cc == std::vector<oms::Party>{{"+15550001", "Ann"}, {"+15550002", "Bob"}});
    CHECK(v.bcc == std::vector<oms::Party>{{"+15550003", ""}});

    const Result shown = run({"show", mms.string()});
    REQUIRE(shown.status == 0);
    INFO(shown.out);
    CHECK(shown.out.find("  from:     Cy <+15550004>\n"
                         "  to:       +15551230000\n"
                         "  cc:       Ann <+15550001>; Bob <+15550002>\n"
                         "  bcc:      +15550003\n")
          != std::string::npos);
    CHECK(run({"validate", sms.string(), mms.string()}).status == 0);
}

TEST_CASE("The option sent-time gives a received message the time the other party sent it",
          "[cli][oms][sms]") {
    TempDir dir;
    const fs::path out = dir / "sms.msg";
    REQUIRE(run({"sms", "--to", "+15551230000", "--from", "+15559870000", "--received",
                 "2026-01-02T03:04:05Z", "--sent-time", "2026-01-02T03:04:01.5Z", "--text", "Hi",
                 "-o", out.string()})
                .status
            == 0);
    const msg::Message m = msg::Message::read_file(out);
    CHECK(*m.properties.get_as<FileTime>(tags::PidTagClientSubmitTime)
          == at("2026-01-02T03:04:01.5Z"));
    CHECK(*m.properties.get_as<FileTime>(tags::PidTagMessageDeliveryTime)
          == at("2026-01-02T03:04:05Z"));
    const oms::OmsMessage v = read_view(out);
    CHECK(v.state == oms::State::received);
    CHECK(v.time == at("2026-01-02T03:04:05Z"));
    CHECK(v.sent_time == at("2026-01-02T03:04:01.5Z"));

    const Result shown = run({"show", out.string()});
    REQUIRE(shown.status == 0);
    INFO(shown.out);
    CHECK(shown.out.find("  time:     2026-01-02T03:04:05.0000000Z\n"
                         "  sent:     2026-01-02T03:04:01.5000000Z\n")
          != std::string::npos);
    // Without --sent-time there is no send time to show.
    REQUIRE(run({"sms", "--to", "+15551230000", "--from", "+15559870000", "--received",
                 "2026-01-02T03:04:05Z", "--text", "Hi", "-o", (dir / "b.msg").string()})
                .status
            == 0);
    CHECK_FALSE(read_view(dir / "b.msg").sent_time);
    CHECK(run({"show", (dir / "b.msg").string()}).out.find("  sent:") == std::string::npos);
}

TEST_CASE("Times with an offset from UTC are stored in UTC", "[cli][oms][sms]") {
    TempDir dir;
    const fs::path out = dir / "sms.msg";
    REQUIRE(run({"sms", "--to", "+15551230000", "--from", "+15559870000", "--sent",
                 "2026-01-02T03:04:05.25+02:00", "--text", "Hi", "-o", out.string()})
                .status
            == 0);
    CHECK(read_view(out).time == at("2026-01-02T01:04:05.25Z"));
    const fs::path same = dir / "same.msg";
    REQUIRE(run({"sms", "--to", "+15551230000", "--from", "+15559870000", "--sent",
                 "2026-01-02T01:04:05.25Z", "--text", "Hi", "-o", same.string()})
                .status
            == 0);
    CHECK(msgforge::test::read_file(out) == msgforge::test::read_file(same));
}

TEST_CASE("validate passes what convert --ansi makes of sms and mms", "[cli][oms][validate]") {
    TempDir dir;
    const fs::path sms = dir / "sms.msg";
    const fs::path mms = dir / "mms.msg";
    REQUIRE(
        run({"sms", "--to", "+15559870000", "--text", "Hi", "--account",
             "{01234567-0123-0123-0123-0123456789ab}", "--model", "Phone 7", "-o", sms.string()})
            .status
        == 0);
    REQUIRE(write_mms(dir, mms, {"--account", "{01234567-0123-0123-0123-0123456789ab}"}).status
            == 0);
    for (const fs::path& file : {sms, mms}) {
        const fs::path ansi = dir / ("ansi-" + file.filename().string());
        REQUIRE(run({"convert", file.string(), "--ansi", "1252", "-o", ansi.string()}).status == 0);
        // The OMS strings are PtypString8 now, in a file without STORE_UNICODE_OK.
        const msg::Message m = msg::Message::read_file(ansi);
        CHECK((*m.properties.get_as(tags::PidTagStoreSupportMask) & msg::flags::STORE_UNICODE_OK)
              == 0);
        for (const auto& key :
             {msg::names::PidNameOMSAccountGuid, msg::names::PidNameOMSMobileModel}) {
            const auto* v = m.named_value(key.key());
            REQUIRE(v != nullptr);
            CHECK(v->type() == msg::PropertyType::PtypString8);
        }
        const Result r = run({"validate", ansi.string()});
        INFO(r.out);
        CHECK(r.status == 0);
        CHECK(r.out.find(ansi.string() + ": valid " + (file == sms ? "SMS" : "MMS")
                         + ", 0 MUST, 0 SHOULD\n")
              != std::string::npos);
    }
}
