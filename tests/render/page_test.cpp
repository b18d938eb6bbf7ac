#include "page.hpp"

#include "browser.hpp"
#include "support/support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace msgforge::render::detail;
namespace test = msgforge::test;

TEST_CASE("text and attribute escaping", "[render][page]") {
    CHECK(escape("a<b>&\"c'd") == "a&lt;b&gt;&amp;&quot;c&#39;d");
    CHECK(escape("") == "");
}

TEST_CASE("data: URIs carry the type and the bytes in base64", "[render][page]") {
    const std::vector<uint8_t> bytes{'G', 'I', 'F', 0x00, 0xff};
    CHECK(data_uri("image/gif", bytes) == "data:image/gif;base64,R0lGAP8=");
}

TEST_CASE("the policy allows no script and remote images only when asked", "[render][page]") {
    const std::string strict = content_security_policy({});
    CHECK(strict.starts_with("default-src 'none';"));
    CHECK(strict.find("script-src") == std::string::npos);
    CHECK(strict.find("http") == std::string::npos);
    const std::string remote = content_security_policy({.remote_images = true});
    CHECK(remote.find("img-src 'self' data: https: http:;") != std::string::npos);
}

TEST_CASE("the page shell puts the policy first and escapes the title", "[render][page]") {
    const std::string page = page_open("<Re: x>", "p{}", {}) + page_close();
    const size_t head = page.find("<head>");
    CHECK(page.find("Content-Security-Policy", head) < page.find("<title>"));
    CHECK(page.find("<title>&lt;Re: x&gt;</title>") != std::string::npos);
    CHECK(page.ends_with("</body></html>\n"));
}

namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("in Chromium the page's policy stops inline script and event handlers",
          "[render][page][browser]") {
    if (test::chromium().empty()) {
        test::report_skip("chromium is not installed (Debian package chromium)");
        return;
    }
    test::TempDir dir;
    // Script that would leave a mark in the DOM if it ran: the policy is the only wall here.
    const std::string body =
        "<p id=\"mark\">clean</p>"
        "<script>document.getElementById('mark').textContent = 'script ran';</script>"
        "<img src=\"missing.png\" onerror=\"document.body.setAttribute('data-ran', '1')\">";
    write_text(dir / "page.html", page_open("t", "", {}) + body + page_close());
    const std::string dom = test::dump_dom(dir / "page.html");
    CHECK(dom.find("<p id=\"mark\">clean</p>") != std::string::npos);
    CHECK(dom.find("<body data-ran=") == std::string::npos);

    // The same script on a page without the policy does run: the check above can fail.
    write_text(dir / "bare.html", "<!DOCTYPE html><html><body>" + body + "</body></html>");
    const std::string bare = test::dump_dom(dir / "bare.html");
    CHECK(bare.find("<p id=\"mark\">script ran</p>") != std::string::npos);
    CHECK(bare.find("<body data-ran=\"1\">") != std::string::npos);
}

TEST_CASE("screenshots have the window's size and tell a blank page from one with text",
          "[render][page][browser]") {
    if (test::chromium().empty()) {
        test::report_skip("chromium is not installed (Debian package chromium)");
        return;
    }
    test::TempDir dir;
    write_text(dir / "blank.html", page_open("blank", "", {}) + page_close());
    write_text(dir / "text.html",
               page_open("text", "body{font-size:40px}", {}) + "<p>Hello</p>" + page_close());
    const test::Screenshot blank =
        test::screenshot(dir / "blank.html", dir / "blank.png", 400, 300);
    const test::Screenshot text = test::screenshot(dir / "text.html", dir / "text.png", 400, 300);
    CHECK(blank.width == 400);
    CHECK(blank.height == 300);
    CHECK(blank.colours == 1);
    CHECK(text.width == 400);
    CHECK(text.colours > 1);
}
