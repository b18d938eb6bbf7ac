// The HTML bodies of SMS and MMS objects in the shape of MS-OXOSMMS 4.2.
#include "detail.hpp"

#include <msgforge/base/text.hpp>

namespace msgforge::oms::detail {

namespace {

constexpr std::string_view BR = "<BR>\r\n";

// Text escaped for a double-quoted attribute value. A Content-ID holds no line breaks, but a
// wrong one must neither end the attribute nor become a <BR>.
std::string escape_attribute(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (append_markup_escape(out, c)) {
            continue;
        }
        if (c == '\r') {
            out += "&#13;";
        } else if (c == '\n') {
            out += "&#10;";
        } else {
            out += c;
        }
    }
    return out;
}

void append_link(std::string& out, const std::pair<std::string, std::string>& link) {
    out += "<A HREF=\"cid:";
    out += escape_attribute(link.first);
    out += "\">";
    out += escape_html(link.second);
    out += "</A>\r\n";
    out += BR;
}

}  // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (size_t i = 0; i < text.size(); ++i) {
        if (append_markup_escape(out, text[i])) {
            continue;
        }
        if (text[i] == '\r' || text[i] == '\n') {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            out += BR;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string make_mms_html(const std::vector<HtmlSlide>& slides,
                          const std::vector<std::pair<std::string, std::string>>& extra_links) {
    std::string out = "<HTML>\r\n<BODY>\r\n";
    for (const HtmlSlide& slide : slides) {
        if (!slide.image_cid.empty()) {
            out += "<IMG SRC=\"cid:" + escape_attribute(slide.image_cid) + "\" border=\"0\">\r\n";
            out += BR;
        }
        if (!slide.text.empty()) {
            out += escape_html(slide.text);
            out += "\r\n";
            out += BR;
        }
        if (!slide.text_cid.empty()) {
            out += "<A HREF=\"cid:" + escape_attribute(slide.text_cid) + "\"></A>\r\n";
        }
        for (const auto& link : slide.links) {
            append_link(out, link);
        }
    }
    for (const auto& link : extra_links) {
        append_link(out, link);
    }
    out += "</BODY>\r\n</HTML>\r\n";
    return out;
}

std::string make_sms_html(std::string_view text) {
    std::string out = "<HTML>\r\n<BODY>\r\n";
    if (!text.empty()) {
        out += escape_html(text);
        out += "\r\n";
    }
    out += "</BODY>\r\n</HTML>\r\n";
    return out;
}

}  // namespace msgforge::oms::detail
