// Grouping SMS and MMS messages built with the oms builders into conversations, their
// direction and order, and the pages and index made of them.
#include "sbr/sbr_generator.hpp"
#include "support/support.hpp"

#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/render/conversation.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::render;
namespace gen = msgforge::test::sbr;

namespace {

const std::string OWNER = "+15550100000";

FileTime at(int64_t minute) {
    return FileTime::from_unix_seconds(1'767'323'045 + minute * 60);
}

oms::Envelope received(oms::Party from, int64_t minute, std::vector<oms::Party> others = {}) {
    oms::Envelope e;
    e.state = oms::State::received;
    e.from = std::move(from);
    e.to = {{OWNER, ""}};
    e.to.insert(e.to.end(), others.begin(), others.end());
    e.time = at(minute);
    return e;
}

oms::Envelope sent(std::vector<oms::Party> to, int64_t minute) {
    oms::Envelope e;
    e.state = oms::State::sent;
    e.from = oms::Party{OWNER, ""};
    e.to = std::move(to);
    e.time = at(minute);
    return e;
}

msg::Message sms(oms::Envelope e, std::string text) {
    return oms::build(oms::Sms{std::move(e), std::move(text)});
}

std::vector<uint8_t> photo() {
    return test::read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg");
}

std::vector<Conversation> group(const std::vector<msg::Message>& messages,
                                GroupOptions options = {}) {
    ConversationGrouper grouper(std::move(options));
    for (size_t i = 0; i < messages.size(); ++i) {
        REQUIRE(grouper.add(messages[i], i));
    }
    return grouper.conversations();
}

const Conversation* with(const std::vector<Conversation>& all, std::vector<std::string> numbers) {
    for (const Conversation& c : all) {
        if (c.numbers == numbers) {
            return &c;
        }
    }
    return nullptr;
}

std::vector<size_t> indexes(const Conversation& c) {
    std::vector<size_t> out;
    for (const ConversationMessage& m : c.messages) {
        out.push_back(m.index);
    }
    return out;
}

size_t count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("numbers are compared by their digits and a leading plus", "[render][conversation]") {
    CHECK(normalize_number("+1 (555) 010-1001") == "+15550101001");
    CHECK(normalize_number(" 555.010.1001 ") == "5550101001");
    CHECK(normalize_number("0044 7700 900123") == "+447700900123");
    CHECK(normalize_number("07700 900123") == "07700900123");
    CHECK(normalize_number("1+2") == "12");
    CHECK(normalize_number(" BANK ") == "bank");
    CHECK(normalize_number("") == "");
}

TEST_CASE("messages group by their other parties, with national numbers matched conservatively",
          "[render][conversation]") {
    std::vector<msg::Message> m;
    m.push_back(sms(received({"+1 555 010 1001", "Ann"}, 2), "from Ann"));         // 0
    m.push_back(sms(sent({{"(555) 010-1001", ""}}, 1), "to Ann, national"));       // 1
    m.push_back(sms(received({"+15550101002", "Bob"}, 3), "from Bob"));            // 2
    m.push_back(sms(received({"12345", ""}, 4), "short code"));                    // 3
    m.push_back(sms(received({"+4412345", ""}, 5), "not the short code"));         // 4
    m.push_back(sms(received({"7700900123", ""}, 6), "two candidates"));           // 5
    m.push_back(sms(received({"+447700900123", ""}, 7), "UK"));                    // 6
    m.push_back(sms(received({"+337700900123", ""}, 8), "France"));                // 7
    m.push_back(sms(received({"07700 900124", ""}, 9), "trunk zero"));             // 8
    m.push_back(sms(received({"+447700900124", "Cy"}, 10), "with country code"));  // 9
    m.push_back(sms(received({"BANK", ""}, 11), "alphanumeric"));                  // 10
    m.push_back(sms(received({"Shop", ""}, 12), "another name"));                  // 11
    const std::vector<Conversation> all = group(m);

    const Conversation* ann = with(all, {"+15550101001"});
    REQUIRE(ann != nullptr);
    CHECK(indexes(*ann) == std::vector<size_t>{1, 0});
    CHECK(ann->parties == std::vector<oms::Party>{{"+1 555 010 1001", "Ann"}});
    CHECK(ann->title() == "Ann");
    CHECK_FALSE(ann->group());
    REQUIRE(with(all, {"+15550101002"}) != nullptr);
    CHECK(with(all, {"12345"}) != nullptr);
    CHECK(with(all, {"+4412345"}) != nullptr);
    // Two international numbers end with it: it could be either, so it stays apart.
    CHECK(indexes(*with(all, {"7700900123"})) == std::vector<size_t>{5});
    CHECK(indexes(*with(all, {"+447700900124"})) == std::vector<size_t>{8, 9});
    CHECK(with(all, {"bank"}) != nullptr);
    CHECK(with(all, {"shop"}) != nullptr);
    CHECK(all.size() == 10);
    // The latest conversation first.
    CHECK(all.front().numbers == std::vector<std::string>{"shop"});
    CHECK(all.back().numbers == std::vector<std::string>{"+15550101001"});
}

TEST_CASE("direction comes from the MS-OXOSMMS state, and the owner from the messages",
          "[render][conversation]") {
    std::vector<msg::Message> m;
    oms::Envelope draft;
    draft.to = {{"+15550101001", ""}};
    m.push_back(sms(draft, "unsent"));                                          // 0
    m.push_back(sms(received({"+15550101001", ""}, 5), "same minute, first"));  // 1
    m.push_back(sms(sent({{"+15550101001", ""}}, 5), "same minute, second"));   // 2
    m.push_back(sms(received({"+15550101001", ""}, 1), "earliest"));            // 3
    const std::vector<Conversation> all = group(m);
    REQUIRE(all.size() == 1);
    const Conversation& c = all.front();
    CHECK(c.numbers == std::vector<std::string>{"+15550101001"});
    // By time, equal times in the order added, the draft without a time last.
    CHECK(indexes(c) == std::vector<size_t>{3, 1, 2, 0});
    CHECK(c.messages[0].direction == Direction::received);
    CHECK(c.messages[0].sender.number == "+15550101001");
    CHECK(c.messages[2].direction == Direction::sent);
    CHECK(c.messages[2].sender.number.empty());
    CHECK(c.messages[3].direction == Direction::draft);
    CHECK_FALSE(c.messages[3].time);
    CHECK(c.last_time() == at(5));
    CHECK(c.messages[0].excerpt == "earliest");
}

TEST_CASE("group messages make one conversation whichever member sends", "[render][conversation]") {
    const oms::Party ann{"+15550101001", "Ann"};
    const oms::Party bob{"+15550101002", "Bob"};
    std::vector<msg::Message> m;
    oms::Mms to_group;
    to_group.envelope = sent({ann, bob}, 1);
    to_group.slides.push_back(
        oms::Slide{.text = "hello both", .visual = std::nullopt, .audio = std::nullopt});
    m.push_back(oms::build(to_group));                              // 0
    m.push_back(sms(received(ann, 2, {bob}), "Ann to the group"));  // 1
    m.push_back(sms(received(bob, 3, {ann}), "Bob to the group"));  // 2
    m.push_back(sms(received(ann, 4), "Ann alone"));                // 3
    const std::vector<Conversation> all = group(m);
    REQUIRE(all.size() == 2);
    const Conversation* both = with(all, {"+15550101001", "+15550101002"});
    REQUIRE(both != nullptr);
    CHECK(both->group());
    CHECK(both->title() == "Ann, Bob");
    CHECK(indexes(*both) == std::vector<size_t>{0, 1, 2});
    CHECK(both->messages[0].service == oms::ServiceType::mms);
    CHECK(both->messages[0].excerpt == "hello both");
    CHECK(both->messages[2].sender == bob);
    CHECK(indexes(*with(all, {"+15550101001"})) == std::vector<size_t>{3});
}

TEST_CASE("the owner's number given keeps it out of a group that names it",
          "[render][conversation]") {
    // A received group message that names the owner among three recipients, and no other
    // message that shows the owner: only the option tells.
    oms::Envelope e = received({"+15550101001", ""}, 1);
    e.to = {{"+15550101002", ""}, {OWNER, ""}};
    std::vector<msg::Message> m;
    m.push_back(sms(e, "x"));
    CHECK(group(m).front().numbers.size() == 3);
    CHECK(group(m, {.owner_numbers = {"+1 555 010 0000"}}).front().numbers
          == std::vector<std::string>{"+15550101001", "+15550101002"});
}

TEST_CASE("messages that are no SMS or MMS are not taken", "[render][conversation]") {
    msg::Message note;
    msg::set(note, msg::tags::PidTagMessageClass, "IPM.Note");
    ConversationGrouper grouper;
    CHECK_FALSE(grouper.add(note, 0));
    CHECK(grouper.size() == 0);
    CHECK(grouper.conversations().empty());
}

TEST_CASE("a page shows bubbles by side, escapes text and embeds the MMS media",
          "[render][conversation]") {
    const oms::Party ann{"+15550101001", "Ann <admin>"};
    const oms::Party bob{"+15550101002", "Bob"};
    std::vector<msg::Message> m;
    m.push_back(
        sms(received(ann, 1, {bob}),
            "<script>alert(1)</script><img src=x onerror=alert(2)> & \"q\" 'a' \xF0\x9F\x98\x80"));
    oms::Mms mms;
    mms.envelope = sent({ann, bob}, 2);
    mms.subject = "Trip <b>";
    mms.slides.push_back(oms::Slide{.text = "photo",
                                    .visual = oms::Media{"p.jpg", photo(), ""},
                                    .audio = oms::Media{"v.amr", gen::amr(2, 1), ""}});
    mms.slides.push_back(oms::Slide{.text = "клип",
                                    .visual = oms::Media{"c.3gp", gen::video_3gp(1), ""},
                                    .audio = std::nullopt});
    const std::string vcard = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jo\r\nEND:VCARD\r\n";
    mms.extra.push_back(oms::Media{"jo\".vcf", {vcard.begin(), vcard.end()}, "text/x-vcard"});
    m.push_back(oms::build(mms));
    const std::vector<Conversation> all = group(m);
    REQUIRE(all.size() == 1);
    const MessageSource source = [&](size_t i) -> const msg::Message& { return m.at(i); };

    const ConversationPage page = conversation_page(all.front(), source);
    const std::string& html = page.html;
    CHECK(page.files.empty());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; "
                    "&amp; &quot;q&quot; &#39;a&#39; \xF0\x9F\x98\x80")
          != std::string::npos);
    CHECK(html.find("<div class=\"who\">Ann &lt;admin&gt; (+15550101001)</div>")
          != std::string::npos);
    CHECK(count(html, "<div class=\"bubble received\"") == 1);
    CHECK(count(html, "<div class=\"bubble sent\"") == 1);
    CHECK(html.find("<div class=\"subject\">Trip &lt;b&gt;</div>") != std::string::npos);
    CHECK(html.find("<img src=\"data:image/jpeg;base64,") != std::string::npos);
    CHECK(html.find("<audio controls preload=\"metadata\" src=\"data:audio/amr;base64,")
          != std::string::npos);
    CHECK(html.find("<video controls preload=\"metadata\" src=\"data:video/3gpp;base64,")
          != std::string::npos);
    CHECK(html.find("клип") != std::string::npos);
    CHECK(html.find("photo</div>") < html.find("клип"));
    CHECK(html.find("<a href=\"data:application/octet-stream;base64,") != std::string::npos);
    CHECK(html.find("download=\"jo&quot;.vcf\"") != std::string::npos);
    CHECK(html.find("<time datetime=\"2026-01-02T03:05:05Z\">2026-01-02 03:05</time>")
          != std::string::npos);

    // Above max_inline the media go beside the page; the link's path is percent-encoded.
    const ConversationPage split =
        conversation_page(all.front(), source, {.max_inline = 60, .media_folder = "Ann #1"});
    REQUIRE(split.files.size() == 2);
    CHECK(split.files[0].path == "Ann #1/m2-1.jpg");
    CHECK(split.files[0].data == photo());
    CHECK(split.files[1].path == "Ann #1/m2-2.amr");
    CHECK(split.html.find("<img src=\"Ann%20%231/m2-1.jpg\"") != std::string::npos);
    CHECK(split.html.find("data:image/jpeg") == std::string::npos);
    CHECK(split.html.find("data:video/3gpp") != std::string::npos);
    const ConversationPage beside =
        conversation_page(all.front(), source, {.max_inline = 60, .media_folder = ""});
    REQUIRE(beside.files.size() == 2);
    CHECK(beside.files[0].path == "m2-1.jpg");
}

TEST_CASE("a declared image whose bytes are no raster image is a link, not an img",
          "[render][conversation]") {
    const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>";
    oms::Mms mms;
    mms.envelope = received({"+15550101001", ""}, 1);
    mms.extra.push_back(oms::Media{"a.svg", {svg.begin(), svg.end()}, "image/svg+xml"});
    std::vector<msg::Message> m;
    m.push_back(oms::build(mms));
    const std::vector<Conversation> all = group(m);
    const std::string html = conversation_page(all.front(), [&](size_t i) -> const msg::Message& {
                                 return m.at(i);
                             }).html;
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("data:image/svg") == std::string::npos);
    CHECK(html.find("<a href=\"data:application/octet-stream;base64,") != std::string::npos);
}

TEST_CASE("the index lists conversations latest first with an escaped excerpt",
          "[render][conversation]") {
    std::vector<msg::Message> m;
    m.push_back(sms(received({"+15550101001", "Ann"}, 1), "old"));
    m.push_back(sms(received({"+15550101002", "Bob & Co"}, 3), "<i>newest</i>\nsecond line"));
    m.push_back(sms(received({"+15550101001", "Ann"}, 2), "later from Ann"));
    const std::vector<Conversation> all = group(m);
    REQUIRE(all.size() == 2);
    // Given oldest first: the index sorts them itself.
    const std::string html =
        conversation_index({{&all[1], "Ann.html"}, {&all[0], "Bob & Co #2.html"}});
    CHECK(html.find("<a href=\"Bob%20%26%20Co%20%232.html\">Bob &amp; Co</a>")
          < html.find("<a href=\"Ann.html\">Ann</a>"));
    CHECK(html.find("<td class=\"excerpt\">&lt;i&gt;newest&lt;/i&gt;</td>") != std::string::npos);
    CHECK(html.find("<td class=\"excerpt\">later from Ann</td>") != std::string::npos);
    CHECK(html.find("<td class=\"count\">2</td>") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
}
