#include "page.hpp"

#include <msgforge/base/base64.hpp>
#include <msgforge/base/text.hpp>

namespace msgforge::render::detail {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (append_markup_escape(out, c)) {
            continue;
        }
        if (c == '\'') {
            out += "&#39;";
        } else {
            out += c;
        }
    }
    return out;
}

std::string data_uri(std::string_view mime_type, std::span<const uint8_t> bytes) {
    std::string uri = "data:";
    uri += mime_type;
    uri += ";base64,";
    uri += base64_encode(bytes);
    return uri;
}

std::string content_security_policy(const PageOptions& options) {
    const std::string sources =
        options.remote_images ? "'self' data: https: http:" : "'self' data:";
    return "default-src 'none'; img-src " + sources
           + "; media-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; "
             "form-action 'none'";
}

std::string page_open(std::string_view title, std::string_view css, const PageOptions& options) {
    std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n";
    page += "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    page += escape(content_security_policy(options));
    page += "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>";
    page += escape(title);
    page += "</title>\n<style>";
    page += css;
    page += "</style>\n</head><body>\n";
    return page;
}

std::string page_close() {
    return "</body></html>\n";
}

}  // namespace msgforge::render::detail
