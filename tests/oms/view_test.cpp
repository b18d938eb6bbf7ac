// Building SMS and MMS objects in every state and reading them back through oms::view.
#include "view_parts.hpp"

#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>

#include <catch2/catch.hpp>

#include <support/support.hpp>

namespace {

using namespace msgforge;
using namespace msgforge::oms;
namespace tags = msg::tags;

msg::Message reread(const msg::Message& m) {
    const auto bytes = m.write();
    return msg::Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

std::vector<uint8_t> photo() {
    return test::read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg");
}

std::vector<uint8_t> bytes(std::string_view s) {
    return {s.begin(), s.end()};
}

// "#!AMR\n" and two frames of mode 7 (12.2 kbit/s: a header byte and 31 bytes of speech).
std::vector<uint8_t> amr() {
    std::vector<uint8_t> out = bytes("#!AMR\n");
    for (int frame = 0; frame < 2; ++frame) {
        out.push_back(0x3C);
        out.insert(out.end(), 31, static_cast<uint8_t>(frame + 1));
    }
    return out;
}

const FileTime T1 = FileTime::from_unix_seconds(1'767'323'045);  // 2026-01-02T03:04:05Z
const FileTime T2 = FileTime::from_unix_seconds(1'767'323'000);

}  // namespace

TEST_CASE("An SMS in each state reads back as built", "[oms][view]") {
    Sms sms;
    sms.text = "See you at 5\nBring the keys";
    sms.envelope.to = {{"+15550002", "Ann"}, {"+15550003", ""}};
    sms.envelope.model = "Pixel 8";
    sms.envelope.source = SourceType::rule;
    sms.envelope.schedule = T2;
    sms.envelope.account = "{c200e360-38c5-11ae-ae62-08002b2b79ef}";

    SECTION("draft") {
        const auto v = view(reread(build(sms)));
        REQUIRE(v);
        CHECK(v->service == ServiceType::sms);
        CHECK(v->state == State::draft);
        CHECK(v->message_class == "IPM.Note.Mobile.SMS");
        CHECK(v->to == sms.envelope.to);
        CHECK_FALSE(v->from);
        CHECK_FALSE(v->time);
        CHECK(v->text == sms.text);
        CHECK(v->subject == "See you at 5");
        CHECK(v->model == "Pixel 8");
        CHECK(v->source == 3);
        CHECK(v->schedule == T2);
        CHECK(v->account == sms.envelope.account);
        REQUIRE(v->html);
        CHECK(v->html->find("See you at 5<BR>") != std::string::npos);
        CHECK(v->slides.empty());
    }
    SECTION("sent") {
        sms.envelope.state = State::sent;
        sms.envelope.from = Party{"+15550001", "Me"};
        sms.envelope.time = T1;
        const msg::Message m = reread(build(sms));
        const auto v = view(m);
        REQUIRE(v);
        CHECK(v->state == State::sent);
        CHECK(v->from == sms.envelope.from);
        CHECK(v->time == T1);
        CHECK(m.properties.get_as<FileTime>(tags::PidTagClientSubmitTime) != nullptr);
        CHECK(*m.properties.get_as<int32_t>(tags::PidTagMessageFlags) == 0x1);
        // Phone numbers are MOBILE addresses.
        CHECK(m.string(tags::PidTagSenderAddressType) == "MOBILE");
        CHECK(m.string(tags::PidTagSentRepresentingAddressType) == "MOBILE");
        REQUIRE(m.recipients.size() == 2);
        CHECK(m.recipients[0].string(tags::PidTagAddressType) == "MOBILE");
        CHECK(m.recipients[0].string(tags::PidTagEmailAddress) == "+15550002");
        CHECK(m.recipients[0].string(tags::PidTagDisplayName) == "Ann");
        CHECK(m.recipients[1].string(tags::PidTagDisplayName) == "+15550003");
    }
    SECTION("with Cc and Bcc recipients") {
        sms.envelope.cc = {Party{"+15550004", "Cy"}};
        sms.envelope.bcc = {Party{"+15550005", ""}};
        const msg::Message m = reread(build(sms));
        const auto v = view(m);
        REQUIRE(v);
        CHECK(v->to == sms.envelope.to);
        CHECK(v->cc == sms.envelope.cc);
        CHECK(v->bcc == sms.envelope.bcc);
        REQUIRE(m.recipients.size() == 4);
        CHECK(*m.recipients[2].properties.get_as<int32_t>(tags::PidTagRecipientType) == 2);
        CHECK(*m.recipients[3].properties.get_as<int32_t>(tags::PidTagRecipientType) == 3);
        CHECK(m.string(tags::PidTagDisplayCc) == "Cy");
        CHECK(m.string(tags::PidTagDisplayBcc) == "+15550005");
    }
    SECTION("received, unread") {
        sms.envelope.state = State::received;
        sms.envelope.from = Party{"+15550009", "Bob"};
        sms.envelope.time = T1;
        sms.envelope.sent_time = T2;
        sms.envelope.read = false;
        const msg::Message m = reread(build(sms));
        const auto v = view(m);
        REQUIRE(v);
        CHECK(v->state == State::received);
        CHECK(v->time == T1);
        CHECK_FALSE(v->read);
        CHECK(v->from == sms.envelope.from);
        CHECK(*m.properties.get_as<FileTime>(tags::PidTagClientSubmitTime) == T2);
        CHECK(*m.properties.get_as<int32_t>(tags::PidTagMessageFlags) == 0);
    }
    SECTION("received, read") {
        sms.envelope.state = State::received;
        sms.envelope.from = Party{"+15550009", ""};
        sms.envelope.time = T1;
        const auto v = view(reread(build(sms)));
        REQUIRE(v);
        CHECK(v->read);
    }
}

TEST_CASE("Builders refuse what cannot make a valid object", "[oms][build]") {
    Sms sms;
    sms.text = "hi";
    SECTION("sent without sender or time") {
        sms.envelope.state = State::sent;
        CHECK_THROWS_AS(build(sms), msgforge::UsageError);
        sms.envelope.time = T1;
        CHECK_THROWS_AS(build(sms), msgforge::UsageError);
        sms.envelope.from = Party{"+1", ""};
        CHECK_NOTHROW(build(sms));
    }
    SECTION("received without sender") {
        sms.envelope.state = State::received;
        sms.envelope.time = T1;
        CHECK_THROWS_AS(build(sms), msgforge::UsageError);
    }
    SECTION("class outside the SMS class") {
        sms.envelope.message_class = "IPM.Note";
        CHECK_THROWS_AS(build(sms), msgforge::UsageError);
        sms.envelope.message_class = "IPM.Note.Mobile.SMS.Custom";
        CHECK(build(sms).message_class() == "IPM.Note.Mobile.SMS.Custom");
    }
    SECTION("MMS subclasses need the dot") {
        Mms mms;
        mms.slides.push_back(Slide{"x", std::nullopt, std::nullopt, 5000});
        mms.envelope.message_class = "IPM.Note.Mobile.MMSX";
        CHECK_THROWS_AS(build(mms), msgforge::UsageError);
        mms.envelope.message_class = "IPM.Note.Mobile.MMS.Custom";
        CHECK_NOTHROW(build(mms));
    }
    SECTION("malformed UTF-8") {
        sms.text = "a\xFF";
        CHECK_THROWS_AS(build(sms), msgforge::UsageError);
    }
    SECTION("empty phone number") {
        sms.envelope.to = {Party{"", "Ann"}};
        CHECK_THROWS_AS(build(sms), msgforge::UsageError);
    }
    SECTION("a visual that is no image, an audio part that is no audio") {
        Mms mms;
        mms.slides.push_back(Slide{"", Media{"a.amr", amr(), ""}, std::nullopt, 5000});
        CHECK_THROWS_AS(build(mms), msgforge::UsageError);
        mms.slides[0] = Slide{"", std::nullopt, Media{"p.jpg", photo(), ""}, 5000};
        CHECK_THROWS_AS(build(mms), msgforge::UsageError);
    }
    SECTION("a Content-ID suffix with a space") {
        Mms mms;
        mms.slides.push_back(Slide{"x", std::nullopt, std::nullopt, 5000});
        BuildOptions options;
        options.content_id_suffix = "a b";
        CHECK_THROWS_AS(build(mms, options), msgforge::UsageError);
    }
}

TEST_CASE("An MMS with several slides, audio and an extra file reads back", "[oms][view]") {
    Mms mms;
    mms.envelope.state = State::received;
    mms.envelope.from = Party{"+15550009", "Bob"};
    mms.envelope.to = {Party{"+15550001", ""}, Party{"+15550002", ""}};
    mms.envelope.time = T1;
    mms.subject = "Trip";
    mms.slides.push_back(Slide{"Day one & <more>", Media{"beach.jpg", photo(), ""}, {}, 4000});
    mms.slides.push_back(Slide{"Only words", {}, {}, 2500});
    mms.slides.push_back(
        Slide{"", Media{"again.jpg", photo(), ""}, Media{"hello.amr", amr(), ""}, 6000});
    mms.extra.push_back(Media{"bob.vcf", bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"), ""});

    const msg::Message m = reread(build(mms));
    REQUIRE(m.attachments.size() == 7);
    for (const msg::Attachment& a : m.attachments) {
        CHECK(*a.properties.get_as<bool>(tags::PidTagAttachmentHidden));
    }
    const auto v = view(m);
    REQUIRE(v);
    CHECK(v->service == ServiceType::mms);
    CHECK(v->state == State::received);
    CHECK(v->subject == "Trip");
    CHECK(v->to.size() == 2);
    REQUIRE(v->smil);
    CHECK(v->smil->file_name == "MMS.smil");
    REQUIRE(v->slides.size() == 3);
    CHECK(v->slides[0].text == "Day one & <more>");
    REQUIRE(v->slides[0].visual);
    CHECK(v->slides[0].visual->file_name == "beach.jpg");
    CHECK(v->slides[0].visual->mime_type == "image/jpeg");
    CHECK(v->slides[0].duration_ms == 4000u);
    CHECK(v->slides[1].text == "Only words");
    CHECK_FALSE(v->slides[1].visual);
    CHECK(v->slides[1].duration_ms == 2500u);
    CHECK(v->slides[2].text.empty());
    REQUIRE(v->slides[2].audio);
    CHECK(v->slides[2].audio->mime_type == "audio/amr");
    CHECK(v->slides[2].audio->file_name == "hello.amr");
    REQUIRE(v->extra.size() == 1);
    CHECK(v->extra[0].file_name == "bob.vcf");
    CHECK(v->extra[0].mime_type == "text/x-vcard");
    // Plain-text body: the slides' texts; HTML: escaped text, the image, links to the rest.
    CHECK(v->text == "Day one & <more>\r\nOnly words");
    REQUIRE(v->html);
    CHECK(v->html->find("Day one &amp; &lt;more&gt;") != std::string::npos);
    CHECK(v->html->find(">hello.amr</A>") != std::string::npos);
    CHECK(v->html->find(">bob.vcf</A>") != std::string::npos);
    CHECK(validate(m).empty());

    SECTION("without the SMIL layout, slides come from the attachments in order") {
        // Without the layout the slide boundaries are a guess: a part whose kind the slide
        // already has starts the next one, so slides 2 and 3 (text, then image and audio)
        // become one.
        msg::Message bare = m;
        bare.attachments.erase(bare.attachments.begin());
        const auto w = view(bare);
        REQUIRE(w);
        CHECK_FALSE(w->smil);
        REQUIRE(w->slides.size() == 2);
        CHECK(w->slides[0].text == "Day one & <more>");
        REQUIRE(w->slides[0].visual);
        CHECK(w->slides[0].visual->file_name == "beach.jpg");
        CHECK_FALSE(w->slides[0].audio);
        CHECK(w->slides[1].text == "Only words");
        REQUIRE(w->slides[1].visual);
        CHECK(w->slides[1].visual->file_name == "again.jpg");
        REQUIRE(w->slides[1].audio);
        CHECK_FALSE(w->slides[1].duration_ms);
        REQUIRE(w->extra.size() == 1);
        CHECK(w->extra[0].file_name == "bob.vcf");
    }
}

TEST_CASE("An empty SMS and an MMS without parts are valid objects", "[oms][build]") {
    // Phone backups hold both: an SMS sent without text, an MMS whose parts were not kept.
    const msg::Message sms = reread(build(Sms{}));
    const auto v = view(sms);
    REQUIRE(v);
    CHECK(v->text.empty());
    CHECK(sms.string(tags::PidTagBody) == "");
    CHECK(validate(sms).empty());
    const msg::Message mms = reread(build(Mms{}));
    const auto w = view(mms);
    REQUIRE(w);
    CHECK(w->slides.empty());
    CHECK(w->extra.empty());
    REQUIRE(mms.attachments.size() == 1);
    CHECK(mms.attachments[0].file_name() == "MMS.smil");
    CHECK(validate(mms).empty());
}

TEST_CASE("Messages that are no SMS or MMS have no view", "[oms][view]") {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, "IPM.Note");
    CHECK_FALSE(view(m));
    // The service type alone makes an SMS when the class does not say otherwise.
    msg::set_named(m, m, msg::names::PidNameOMSServiceType, static_cast<int32_t>(ServiceType::sms));
    const auto v = view(m);
    REQUIRE(v);
    CHECK(v->service == ServiceType::sms);
    // Class names compare without regard to case.
    msg::Message upper;
    msg::set(upper, tags::PidTagMessageClass, "ipm.note.mobile.mms");
    REQUIRE(view(upper));
    CHECK(view(upper)->service == ServiceType::mms);
}

TEST_CASE("The abbreviated SMS subject", "[oms][build]") {
    CHECK(abbreviate("What time is the meeting?") == "What time is the meeting?");
    CHECK(abbreviate("\n  \r\n  first   line\there \nsecond") == "first line here");
    const std::string words = "one two three four five six seven eight nine ten eleven twelve";
    CHECK(words.size() > 60);
    CHECK(abbreviate(words) == "one two three four five six seven eight nine ten eleven");
    CHECK(abbreviate(std::string(70, 'x')) == std::string(60, 'x'));
    // Counted in characters, not bytes: 60 two-byte letters fit.
    std::string umlauts;
    for (int i = 0; i < 61; ++i) {
        umlauts += "\xC3\xBC";
    }
    CHECK(abbreviate(umlauts) == umlauts.substr(0, 120));
    CHECK(abbreviate("").empty());
    CHECK(abbreviate(" \n\t").empty());
}

TEST_CASE("Everything the builders write round-trips unchanged and validates",
          "[oms][build][roundtrip]") {
    Sms sms;
    sms.text = "Round and round \xF0\x9F\x94\x84";
    sms.envelope.to = {Party{"+15550002", "Ann"}};
    Mms mms;
    mms.subject = "Slides";
    mms.slides.push_back(
        Slide{"One", Media{"p.jpg", photo(), ""}, Media{"a.amr", amr(), ""}, 2000});
    mms.slides.push_back(Slide{"Two", {}, {}, 5000});
    mms.extra.push_back(Media{"c.vcf", bytes("BEGIN:VCARD\r\nEND:VCARD\r\n"), ""});
    BuildOptions strict;
    strict.strict_body = true;
    std::vector<msg::Message> built;
    for (const State state : {State::draft, State::sent, State::received}) {
        sms.envelope.state = state;
        mms.envelope.state = state;
        sms.envelope.from = mms.envelope.from = Party{"+15550009", ""};
        sms.envelope.time = mms.envelope.time = T1;
        built.push_back(build(sms));
        built.push_back(build(mms));
        built.push_back(build(sms, strict));
        built.push_back(build(mms, strict));
    }
    for (size_t i = 0; i < built.size(); ++i) {
        INFO("message " << i);
        const msg::Message first = reread(built[i]);
        const msg::Message second = reread(first);
        CHECK(msg::compare(first, second).empty());
        CHECK(first.write() == second.write());
        for (const Finding& f : validate(first)) {
            INFO(f.section << ": " << f.message);
            CHECK(f.severity != Severity::must);
        }
    }
}
