// render-bench: timings of the HTML sanitizer (render::sanitize_html) on hostile and large
// inputs it makes itself, one JSON line per input: the best of R passes, and the input's size.
//   render-bench [--repeat R]
// Inputs: 100,000 nested <div>, <span>, <b> and <table> elements (each with an id), and about
// 10 MB of mail-like HTML (paragraphs, styled text, links, tables with unclosed <font>).
#include <msgforge/render/sanitize.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace {

std::string nested(const char* tag, int n) {
    std::string html;
    for (int i = 0; i < n; ++i) {
        html += std::string("<") + tag + " id=\"n" + std::to_string(i) + "\">";
    }
    return html + "deep";
}

std::string mail_like(size_t size) {
    std::string html = "<html><body style=\"font-family:Arial\">";
    while (html.size() < size) {
        html +=
            "<p style=\"color:#333;margin:0 0 8px\">Some <b>bold</b> and <i>italic</i> text "
            "with a <a href=\"https://example.com/x?a=1&amp;b=2\">link</a>.</p>"
            "<table border=1><tr><td><font face=Arial>cell</td><td>two</td></tr></table>";
    }
    return html + "</body></html>";
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 3;
    if (argc == 3 && std::strcmp(argv[1], "--repeat") == 0) {
        repeat = std::stoi(argv[2]);
    }
    std::vector<std::pair<std::string, std::string>> inputs;
    for (const char* tag : {"div", "span", "b", "table"}) {
        inputs.emplace_back(std::string("nested-") + tag, nested(tag, 100'000));
    }
    inputs.emplace_back("mail-10MB", mail_like(10'000'000));
    for (const auto& [name, html] : inputs) {
        double best = 1e9;
        size_t out = 0;
        for (int i = 0; i < repeat; ++i) {
            const auto start = std::chrono::steady_clock::now();
            out = msgforge::render::sanitize_html(html).html.size();
            const auto end = std::chrono::steady_clock::now();
            best = std::min(best, std::chrono::duration<double>(end - start).count());
        }
        std::printf(
            "{\"input\": \"%s\", \"bytes\": %zu, \"output_bytes\": %zu, \"seconds\": %.4f, "
            "\"mb_per_s\": %.1f}\n",
            name.c_str(), html.size(), out, best, static_cast<double>(html.size()) / 1e6 / best);
    }
    return 0;
}
