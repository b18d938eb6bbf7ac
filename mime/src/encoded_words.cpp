#include "encoded_words.hpp"

#include <msgforge/base/base64.hpp>
#include <msgforge/base/text.hpp>

#include <cstdint>

namespace msgforge::mime::detail {

namespace {

// The end of the RFC 2047 encoded word at `at` ("=?charset?X?text?=", no white space inside),
// or npos when none starts there.
size_t encoded_word_end(std::string_view raw, size_t at) {
    if (raw.substr(at, 2) != "=?") {
        return std::string_view::npos;
    }
    size_t marks = 0;
    for (size_t i = at + 2; i + 1 < raw.size(); ++i) {
        const char c = raw[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            return std::string_view::npos;
        }
        if (c == '?') {
            // The encoded text holds no '?': the third one ends the word or rules it out, so a
            // scan never runs on past it (a long header of "=?a" gives no quadratic work).
            if (marks == 2) {
                return raw[i + 1] == '=' ? i + 2 : std::string_view::npos;
            }
            ++marks;
        }
    }
    return std::string_view::npos;
}

// One encoded word of a raw value (RFC 2047 2): where it is, its charset (with any RFC 2231
// language), its encoding letter and its encoded text.
struct Word {
    size_t begin;
    size_t end;
    std::string_view charset;
    char encoding;
    std::string_view text;
};

std::vector<Word> encoded_words(std::string_view raw) {
    std::vector<Word> words;
    for (size_t at = raw.find("=?"); at != std::string_view::npos; at = raw.find("=?", at + 1)) {
        const size_t end = encoded_word_end(raw, at);
        if (end == std::string_view::npos) {
            continue;
        }
        const std::string_view inner = raw.substr(at + 2, end - at - 4);
        const size_t first = inner.find('?');
        const size_t second = inner.find('?', first + 1);
        if (first > 0 && second == first + 2) {
            words.push_back(
                Word{at, end, inner.substr(0, first), inner[first + 1], inner.substr(second + 1)});
        }
        at = end - 1;
    }
    return words;
}

// A base64 decoder over the words of one run. Characters outside the alphabet are skipped, as
// GMime skips them; padding, or the end of the run, gives the bytes of a partial quartet.
class Base64Run {
public:
    void decode(std::string_view text, std::string& out) {
        for (const char c : text) {
            if (c == '=') {
                flush(out);
                continue;
            }
            const int value = base64_value(c);
            if (value < 0) {
                continue;
            }
            bits_ = (bits_ << 6) | static_cast<uint32_t>(value);
            if (++count_ == 4) {
                out += static_cast<char>((bits_ >> 16) & 0xFF);
                out += static_cast<char>((bits_ >> 8) & 0xFF);
                out += static_cast<char>(bits_ & 0xFF);
                bits_ = 0;
                count_ = 0;
            }
        }
    }

    void flush(std::string& out) {
        if (count_ == 2) {
            out += static_cast<char>((bits_ >> 4) & 0xFF);
        } else if (count_ == 3) {
            out += static_cast<char>((bits_ >> 10) & 0xFF);
            out += static_cast<char>((bits_ >> 2) & 0xFF);
        }
        bits_ = 0;
        count_ = 0;
    }

private:
    uint32_t bits_ = 0;
    int count_ = 0;
};

bool is_base64(const Word& word) {
    return word.encoding == 'B' || word.encoding == 'b';
}

// Whether `next` continues the run of base64 words of `word`: base64 too, the same charset,
// only white space between them (RFC 2047 6.2).
bool continues_run(std::string_view raw, const Word& word, const Word& next) {
    return is_base64(next) && equal_ci(word.charset, next.charset)
           && raw.substr(word.end, next.begin - word.end).find_first_not_of(" \t")
                  == std::string_view::npos;
}

// `bytes` as the encoded text of a Q word (RFC 2047 4.2 and 5(3)): letters and digits as they
// are, every other byte as "=XX", so that nothing in it ends a quoted string, a comment, an
// address or a parameter.
void append_q_text(std::string_view bytes, std::string& out) {
    static constexpr char digits[] = "0123456789ABCDEF";
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += c;
        } else {
            out += '=';
            out += digits[byte >> 4];
            out += digits[byte & 0x0F];
        }
    }
}

}  // namespace

std::optional<std::string> with_q_words(std::string_view raw) {
    const std::vector<Word> words = encoded_words(raw);
    std::string out;
    size_t done = 0;
    Base64Run run;
    for (size_t i = 0; i < words.size(); ++i) {
        const Word& word = words[i];
        if (!is_base64(word)) {
            continue;
        }
        std::string bytes;
        run.decode(word.text, bytes);
        if (i + 1 == words.size() || !continues_run(raw, word, words[i + 1])) {
            run.flush(bytes);
        }
        out.append(raw.substr(done, word.begin - done));
        out += "=?";
        out += word.charset;
        out += "?Q?";
        append_q_text(bytes, out);
        out += "?=";
        done = word.end;
    }
    if (done == 0) {
        return std::nullopt;
    }
    out.append(raw.substr(done));
    return out;
}

std::vector<GMimeHeader*> headers_named(GMimeObject* object, const char* name) {
    GMimeHeaderList* list = g_mime_object_get_header_list(object);
    std::vector<GMimeHeader*> out;
    const int count = list != nullptr ? g_mime_header_list_get_count(list) : 0;
    for (int i = 0; i < count; ++i) {
        GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
        if (g_ascii_strcasecmp(g_mime_header_get_name(header), name) == 0) {
            out.push_back(header);
        }
    }
    return out;
}

std::string unfolded_raw_value(GMimeHeader* header) {
    const char* raw = g_mime_header_get_raw_value(header);
    std::string out;
    for (const char c : std::string_view(raw != nullptr ? raw : "")) {
        if (c != '\r' && c != '\n') {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> header_text(GMimeObject* object, const char* name, bool last) {
    const std::vector<GMimeHeader*> headers = headers_named(object, name);
    if (headers.empty()) {
        return std::nullopt;
    }
    GMimeHeader* header = last ? headers.back() : headers.front();
    const char* decoded = g_mime_header_get_value(header);
    const auto requoted = with_q_words(unfolded_raw_value(header));
    if (!requoted) {
        return std::string(decoded != nullptr ? decoded : "");
    }
    char* text = g_mime_utils_header_decode_text(shared_parser_options(), requoted->c_str());
    const std::string_view view(text != nullptr ? text : "");
    const size_t first = view.find_first_not_of(" \t");
    std::string out(first != std::string_view::npos ? view.substr(first) : std::string_view());
    g_free(text);
    return out;
}

std::optional<std::string> decoded_parameter(GMimeObject* object, bool disposition,
                                             const char* name) {
    GMimeParamList* params = nullptr;
    if (disposition) {
        GMimeContentDisposition* value = g_mime_object_get_content_disposition(object);
        params = value != nullptr ? g_mime_content_disposition_get_parameters(value) : nullptr;
    } else {
        GMimeContentType* value = g_mime_object_get_content_type(object);
        params = value != nullptr ? g_mime_content_type_get_parameters(value) : nullptr;
    }
    GMimeParam* param = params != nullptr ? g_mime_param_list_get_parameter(params, name) : nullptr;
    if (param == nullptr) {
        return std::nullopt;
    }
    const char* value = g_mime_param_get_value(param);
    std::string out = value != nullptr ? value : "";
    const std::vector<GMimeHeader*> headers =
        headers_named(object, disposition ? "Content-Disposition" : "Content-Type");
    if (g_mime_param_get_encoding_method(param) == GMIME_PARAM_ENCODING_METHOD_RFC2231
        || headers.empty()) {
        return out;
    }
    // GMime reads the last of repeated headers.
    const auto requoted = with_q_words(unfolded_raw_value(headers.back()));
    if (!requoted) {
        return out;
    }
    GMimeParserOptions* options = shared_parser_options();
    GPtr<GMimeContentDisposition> disposition_again;
    GPtr<GMimeContentType> type_again;
    if (disposition) {
        disposition_again.reset(g_mime_content_disposition_parse(options, requoted->c_str()));
        params = disposition_again != nullptr
                     ? g_mime_content_disposition_get_parameters(disposition_again.get())
                     : nullptr;
    } else {
        type_again.reset(g_mime_content_type_parse(options, requoted->c_str()));
        params =
            type_again != nullptr ? g_mime_content_type_get_parameters(type_again.get()) : nullptr;
    }
    GMimeParam* again = params != nullptr ? g_mime_param_list_get_parameter(params, name) : nullptr;
    if (again != nullptr && g_mime_param_get_value(again) != nullptr) {
        out = g_mime_param_get_value(again);
    }
    return out;
}

std::optional<std::string> part_file_name(GMimeObject* object) {
    if (auto name = decoded_parameter(object, true, "filename")) {
        return name;
    }
    return decoded_parameter(object, false, "name");
}

}  // namespace msgforge::mime::detail
