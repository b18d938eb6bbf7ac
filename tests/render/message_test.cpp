#include "browser.hpp"
#include "oracle.hpp"
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/render/message.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace msgforge;
using namespace msgforge::render;
namespace tags = msgforge::msg::tags;
namespace test = msgforge::test;

namespace {

/// The 1x1 PNG of an inline image.
const std::vector<uint8_t> PNG{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I',
                               'H',  'D', 'R', 0,   0,    0,    1,    0,    0, 0, 1, 8,  2};

msg::Message note(std::string_view subject) {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, "IPM.Note");
    msg::set(m, tags::PidTagSubject, subject);
    msg::set_sender(m, msg::Address{"Alice Example", "alice@example.com"});
    msg::add_recipient(m, msg::RecipientType::to, msg::Address{"Bob", "bob@example.com"});
    msg::add_recipient(m, msg::RecipientType::cc,
                       msg::Address{"Carol", "/o=Org/cn=carol", "EX", "carol@example.com"});
    msg::set(m, tags::PidTagClientSubmitTime, *FileTime::parse("2024-05-01T09:30:00Z"));
    return m;
}

void set_html(msg::Message& m, std::string_view html) {
    msg::set(m, tags::PidTagHtml, as_bytes(html));
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("the header shows names with SMTP addresses, the date in UTC and the sender's offset",
          "[render][message]") {
    msg::Message m = note("Lunch <today>");
    msg::set(m, tags::PidTagImportance, int32_t{2});
    msg::set(m, tags::PidTagTransportMessageHeaders,
             "Subject: Lunch\r\nDate: Wed, 1 May 2024 11:30:00 +0200\r\n\r\n");
    msg::set(m, tags::PidTagBody, "See https://example.com/menu, then <reply>.");
    const RenderedPage page = render_message(m);
    const std::string& html = page.html;
    CHECK(html.find("<h1 class=\"mf-subject\">Lunch &lt;today&gt;</h1>") != std::string::npos);
    CHECK(html.find("<th>From</th><td>Alice Example &lt;alice@example.com&gt;</td>")
          != std::string::npos);
    CHECK(html.find("<th>To</th><td>Bob &lt;bob@example.com&gt;</td>") != std::string::npos);
    CHECK(html.find("<th>Cc</th><td>Carol &lt;carol@example.com&gt;</td>") != std::string::npos);
    CHECK(html.find("<th>Date</th><td>2024-05-01 09:30:00 UTC (2024-05-01 11:30:00 +02:00)</td>")
          != std::string::npos);
    CHECK(html.find("<th>Importance</th><td>high</td>") != std::string::npos);
    CHECK(html.find("<a href=\"https://example.com/menu\" target=\"_blank\" rel=\"noopener "
                    "noreferrer\">https://example.com/menu</a>, then &lt;reply&gt;.")
          != std::string::npos);
    CHECK(page.warnings.empty());
}

TEST_CASE("an HTML body is sanitized, its cid: images inlined and remote ones held back",
          "[render][message]") {
    msg::Message m = note("News");
    set_html(m,
             "<html><body><p onclick=x()>Hi<script>alert(1)</script></p>"
             "<img src=\"cid:logo@mail\"><img src=\"http://tracker.example/p.gif\"></body></html>");
    msg::Attachment& logo = msg::add_attachment(m, "logo.png", cfb::Blob::owned(PNG), "image/png");
    msg::set(logo, tags::PidTagAttachContentId, "<logo@mail>");
    msg::set(logo, tags::PidTagAttachmentHidden, true);
    const RenderedPage page = render_message(m);
    CHECK(page.html.find("<p>Hi</p>") != std::string::npos);
    CHECK(page.html.find("<img src=\"data:image/png;base64,") != std::string::npos);
    CHECK(page.html.find("[remote image]") != std::string::npos);
    CHECK(page.html.find("tracker.example/p.gif\">") != std::string::npos);
    CHECK(page.html.find("<script>") == std::string::npos);
    CHECK(page.html.find("logo.png <span class=\"mf-size\">(26 bytes, inline)</span>")
          != std::string::npos);
    CHECK(page.warnings
          == std::vector<std::string>{"removed 1 <script> element", "removed 1 attribute",
                                      "blocked 1 remote image"});
    const std::string remote =
        render_message(m, {.remote_images = true, .attachment_file = {}}).html;
    CHECK(remote.find("<img src=\"http://tracker.example/p.gif\">") != std::string::npos);
    CHECK(remote.find("img-src &#39;self&#39; data: https: http:;") != std::string::npos);
}

TEST_CASE("attachments link the files the caller writes, or are inlined", "[render][message]") {
    msg::Message m = note("Files");
    msg::add_attachment(m, "a #1?.txt", cfb::Blob::owned(std::vector<uint8_t>(1500, 'a')),
                        "text/plain");
    msg::Message inner = note("Inner <note>");
    msg::set(inner, tags::PidTagBody, "inner body");
    msg::add_attachment(inner, "deep.txt", cfb::Blob::owned(std::vector<uint8_t>{'d'}), "");
    msg::add_embedded(m, std::move(inner), "Inner");
    std::vector<std::string> ids;
    MessageOptions options;
    options.attachment_file = [&](const msg::Attachment& a, const std::string& id) {
        ids.push_back(id);
        return std::optional<std::string>("files/" + a.file_name().value_or(""));
    };
    const std::string html = render_message(m, options).html;
    CHECK(ids == std::vector<std::string>{"0", "1.0"});
    CHECK(html.find("<a href=\"files/a%20%231%3F.txt\">a #1?.txt</a> <span class=\"mf-size\">"
                    "(1.5 KB)</span>")
          != std::string::npos);
    CHECK(html.find("<details class=\"mf-embedded\"><summary>Attached message: Inner "
                    "&lt;note&gt;</summary>")
          != std::string::npos);
    CHECK(html.find("inner body") > html.find("<details"));
    CHECK(html.find("<a href=\"files/deep.txt\">deep.txt</a>") > html.find("<details"));

    const std::string inlined =
        render_message(m, {.inline_attachments = true, .attachment_file = {}}).html;
    CHECK(inlined.find("<a href=\"data:text/plain;base64,YWFh") != std::string::npos);
    CHECK(inlined.find("download=\"a #1?.txt\"") != std::string::npos);
}

TEST_CASE("without HTML the RTF's text is shown, and a corrupt RTF falls back with a warning",
          "[render][message]") {
    msg::Message m = note("RTF");
    const std::string rtf = "{\\rtf1\\ansi Hello from {\\b RTF}\\par next}";
    msg::set(m, tags::PidTagRtfCompressed, cfb::Blob::owned(msg::rtf::compress(as_bytes(rtf))));
    msg::set(m, tags::PidTagBody, "plain fallback");
    CHECK(render_message(m).html.find("<pre class=\"mf-text\">Hello from RTF\r\nnext</pre>")
          != std::string::npos);
    msg::set(m, tags::PidTagRtfCompressed,
             cfb::Blob::owned(
                 std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}));
    const RenderedPage page = render_message(m);
    CHECK(page.html.find("<pre class=\"mf-text\">plain fallback</pre>") != std::string::npos);
    REQUIRE(page.warnings.size() == 1);
    CHECK(page.warnings[0].starts_with("body: "));
}

TEST_CASE("items show their typed fields, SMS and MMS their text and pictures",
          "[render][message]") {
    msg::Message task = note("Report");
    msg::set(task, tags::PidTagMessageClass, "IPM.Task");
    msg::set_named(task, task, msg::names::PidLidTaskStatus, int32_t{1});
    msg::set_named(task, task, msg::names::PidLidTaskDueDate,
                   *FileTime::parse("2024-06-01T00:00:00Z"));
    const std::string html = render_message(task).html;
    CHECK(html.find("<th>Status</th><td>in progress</td>") != std::string::npos);
    CHECK(html.find("<th>Due</th><td>2024-06-01 00:00:00 UTC</td>") != std::string::npos);

    const std::string testdata = MSGFORGE_TESTDATA_DIR;
    const std::string sms = render_message(msg::Message::read_file(testdata + "/oms/sms.msg")).html;
    CHECK(sms.find("<th>Service</th><td>SMS</td>") != std::string::npos);
    const std::string mms = render_message(msg::Message::read_file(testdata + "/oms/mms.msg")).html;
    CHECK(mms.find("<th>Service</th><td>MMS</td>") != std::string::npos);
    CHECK(mms.find("<img class=\"mf-slide-image\" src=\"data:image/jpeg;base64,")
          != std::string::npos);
}

TEST_CASE("the index lists subject, from and date, and the inputs that failed",
          "[render][message]") {
    const std::string html =
        render_index({{"a%.html", "in/a.msg", {"Hi <x>", "Alice", "2024-05-01 09:30 UTC"}, ""},
                      {"", "in/bad.msg", {}, "in/bad.msg: not a compound file"}});
    CHECK(html.find("<a href=\"a%25.html\">Hi &lt;x&gt;</a></td><td>Alice</td><td>2024-05-01 "
                    "09:30 UTC</td><td>in/a.msg</td>")
          != std::string::npos);
    CHECK(html.find("<span class=\"mf-error\">in/bad.msg: not a compound file</span>")
          != std::string::npos);
    CHECK(summarize(note("S")).date == "2024-05-01 09:30:00 UTC");
}

namespace {

/// Ten corpus messages, a fixed choice spread over the sorted list.
std::vector<std::filesystem::path> corpus_sample() {
    std::vector<std::filesystem::path> all;
    for (const auto& file : test::files_below(test::corpus_dir())) {
        if (file.extension() == ".msg") {
            all.push_back(file);
        }
    }
    std::vector<std::filesystem::path> sample;
    for (size_t i = 0; i < 10 && !all.empty(); ++i) {
        sample.push_back(all[i * all.size() / 10]);
    }
    return sample;
}

}  // namespace

TEST_CASE(
    "in Chromium, rendered corpus messages run nothing, load only data: and local files "
    "and list every attachment",
    "[render][message][browser][corpus]") {
    if (test::chromium().empty()) {
        test::report_skip("chromium is not installed (Debian package chromium)");
        return;
    }
    if (test::corpus_dir().empty()) {
        test::report_skip("the corpus (../shared/corpus) is absent");
        return;
    }
    test::TempDir dir;
    // The articles of the ten pages in one page, so that Chromium loads them once.
    std::string bodies;
    size_t attachments = 0;
    size_t files = 0;
    for (const auto& file : corpus_sample()) {
        INFO(file);
        const msg::Message m = msg::Message::read_file(file);
        MessageOptions options;
        options.attachment_file = [&](const msg::Attachment& a, const std::string&) {
            const std::string name = "f" + std::to_string(files++);
            const auto data = a.data();
            test::write_file(dir / name, data->span());
            return std::optional<std::string>(name);
        };
        const std::string page = render_message(m, options).html;
        // Every attachment of the message and of those embedded in it is a list item.
        std::vector<const msg::Message*> todo{&m};
        size_t expected = 0;
        while (!todo.empty()) {
            const msg::Message* at = todo.back();
            todo.pop_back();
            expected += at->attachments.size();
            for (const msg::Attachment& a : at->attachments) {
                if (a.embedded) {
                    todo.push_back(a.embedded.get());
                }
            }
        }
        attachments += expected;
        const size_t start = page.find("<body>") + 6;
        bodies += page.substr(start, page.rfind("</body>") - start);
        if (file == corpus_sample().front()) {
            std::ofstream(dir / "first.html", std::ios::binary) << page;
        }
    }
    const std::string head = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>";
    std::ofstream(dir / "all.html", std::ios::binary) << head << bodies << "</body></html>";
    const std::string dom = test::dump_dom(dir / "all.html");
    CHECK(dom.find("<script") == std::string::npos);
    CHECK(dom.find("<iframe") == std::string::npos);
    size_t list_items = 0;
    for (size_t at = dom.find("<section class=\"mf-attachments\">"); at != std::string::npos;
         at = dom.find("<section class=\"mf-attachments\">", at + 1)) {
        const size_t end = dom.find("</section>", at);
        list_items += count(dom.substr(at, end - at), "<li>");
    }
    CHECK(list_items == attachments);
    for (size_t at = dom.find("<img "); at != std::string::npos; at = dom.find("<img ", at + 1)) {
        const size_t src = dom.find("src=\"", at);
        REQUIRE(src != std::string::npos);
        const std::string value = dom.substr(src + 5, 20);
        INFO(value);
        CHECK((value.starts_with("data:image/") || value.starts_with("f")));
    }
    const test::Screenshot shot =
        test::screenshot(dir / "first.html", dir / "first.png", 1000, 800);
    CHECK(shot.width == 1000);
    CHECK(shot.height == 800);
    CHECK(shot.colours > 1);
}
