// Streaming reader of "SMS Backup & Restore" archives: a scanner finds each top-level element
// in chunks of the file, pugixml parses that element alone.
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/sbr.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>

namespace msgforge::sbr {

namespace {

struct Markup {
    enum class Type { start, end, other } type = Type::other;
    std::string name;
    bool self_closing = false;
};

Markup classify(const std::string& tag) {
    Markup m;
    if (tag.size() < 2 || tag[1] == '!' || tag[1] == '?') {
        return m;
    }
    size_t at = 1;
    if (tag[1] == '/') {
        m.type = Markup::Type::end;
        at = 2;
    } else {
        m.type = Markup::Type::start;
        m.self_closing = tag.ends_with("/>");
    }
    const size_t end = tag.find_first_of(" \t\r\n/>", at);
    m.name = tag.substr(at, end == std::string::npos ? std::string::npos : end - at);
    return m;
}

bool is_element(const std::string& name) {
    return name == "sms" || name == "mms";
}

Location where(const std::string& file, Kind kind, uint64_t offset) {
    return Location{file, kind == Kind::sms ? "sbr <sms>" : "sbr <mms>", offset};
}

std::string at_line(uint64_t line) {
    return "line " + std::to_string(line) + ": ";
}

Attributes attributes_of(const pugi::xml_node& node) {
    Attributes out;
    for (const pugi::xml_attribute& a : node.attributes()) {
        const std::string_view value = a.value();
        if (value != "null") {
            out.emplace_back(a.name(), value);
        }
    }
    return out;
}

/// The numeric character reference at `at` ("&#55357;" or "&#xD83D;"): its value and length.
std::optional<std::pair<uint32_t, size_t>> char_ref(std::string_view s, size_t at) {
    if (s.substr(at, 2) != "&#") {
        return std::nullopt;
    }
    size_t p = at + 2;
    int base = 10;
    if (p < s.size() && (s[p] == 'x' || s[p] == 'X')) {
        base = 16;
        ++p;
    }
    const size_t semi = s.find(';', p);
    if (semi == std::string_view::npos || semi == p || semi - p > 8) {
        return std::nullopt;
    }
    uint32_t value = 0;
    const auto [end, ec] = std::from_chars(s.data() + p, s.data() + semi, value, base);
    if (ec != std::errc{} || end != s.data() + semi) {
        return std::nullopt;
    }
    return std::pair{value, semi + 1 - at};
}

}  // namespace

std::optional<std::string> attribute(const Attributes& attributes, std::string_view name) {
    for (const auto& [key, value] : attributes) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

std::string repair_surrogates(std::string_view xml) {
    std::string out;
    out.reserve(xml.size());
    size_t done = 0;
    for (size_t at = xml.find("&#"); at != std::string_view::npos; at = xml.find("&#", at)) {
        const auto ref = char_ref(xml, at);
        if (!ref || ref->first < 0xD800 || ref->first > 0xDFFF) {
            at += 2;
            continue;
        }
        out.append(xml.substr(done, at - done));
        std::u16string units = u"\uFFFD";
        size_t length = ref->second;
        if (ref->first <= 0xDBFF) {
            const auto low = char_ref(xml, at + length);
            if (low && low->first >= 0xDC00 && low->first <= 0xDFFF) {
                units = {static_cast<char16_t>(ref->first), static_cast<char16_t>(low->first)};
                length += low->second;
            }
        }
        // As UTF-8 rather than a reference: the parser gets the character either way.
        out += utf16_to_utf8(units);
        at += length;
        done = at;
    }
    out.append(xml.substr(done));
    return out;
}

Record parse_element(std::string_view xml, Kind kind, const std::string& file, uint64_t line,
                     uint64_t offset) {
    pugi::xml_document doc;
    const pugi::xml_parse_result result =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
        throw FormatError(where(file, kind, offset), at_line(line) + result.description()
                                                         + " (byte " + std::to_string(result.offset)
                                                         + " of the element)");
    }
    const pugi::xml_node root = doc.document_element();
    const std::string expected = kind == Kind::sms ? "sms" : "mms";
    if (root.name() != expected) {
        throw FormatError(where(file, kind, offset),
                          at_line(line) + "the element is <" + root.name() + ">");
    }
    Record r;
    r.kind = kind;
    r.line = line;
    r.offset = offset;
    r.attributes = attributes_of(root);
    if (kind == Kind::mms) {
        for (const pugi::xml_node part : root.child("parts").children("part")) {
            r.parts.push_back(attributes_of(part));
        }
        for (const pugi::xml_node addr : root.child("addrs").children("addr")) {
            r.addrs.push_back(attributes_of(addr));
        }
    }
    // pugixml passes bytes through; the archive is UTF-8, and everything after relies on it.
    const auto check = [&](const Attributes& attributes) {
        for (const auto& [name, value] : attributes) {
            if (!utf8_to_utf16(name) || !utf8_to_utf16(value)) {
                throw FormatError(where(file, kind, offset),
                                  at_line(line) + "an attribute is not valid UTF-8");
            }
        }
    };
    check(r.attributes);
    for (const Attributes& a : r.parts) {
        check(a);
    }
    for (const Attributes& a : r.addrs) {
        check(a);
    }
    return r;
}

Reader::Reader(const std::filesystem::path& file, ReaderOptions options)
    : file_(std::make_unique<std::ifstream>(file, std::ios::binary)),
      in_(file_.get()),
      name_(file.string()),
      options_(options),
      chunk_(std::max<size_t>(options.chunk_size, 1)) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        throw IoError(name_, "cannot read", EISDIR);
    }
    if (!*file_) {
        throw IoError(name_, "cannot open", errno);
    }
    read_root();
}

Reader::Reader(std::istream& in, std::string name, ReaderOptions options)
    : in_(&in),
      name_(std::move(name)),
      options_(options),
      chunk_(std::max<size_t>(options.chunk_size, 1)) {
    read_root();
}

void Reader::read_root() {
    for (;;) {
        int c = get();
        while (c >= 0 && c != '<') {
            c = get();
        }
        if (c < 0) {
            throw FormatError(Location{name_, "sbr archive", std::nullopt},
                              offset_ == 0
                                  ? "not an SMS Backup & Restore archive: the file is empty"
                                  : "not an SMS Backup & Restore archive: it holds no "
                                    "<smses> element");
        }
        const uint64_t line = line_;
        const uint64_t offset = offset_ - 1;
        std::string tag = "<";
        read_markup(&tag);
        const Markup m = classify(tag);
        if (m.type == Markup::Type::start) {
            if (m.name != "smses") {
                throw FormatError(Location{name_, "sbr archive", offset},
                                  at_line(line) + "not an SMS Backup & Restore archive: the root "
                                      "element is <" + m.name + ">, not <smses>");
            }
            depth_ = m.self_closing ? 0 : 1;
            return;
        }
    }
}

int Reader::peek() {
    if (pos_ == len_) {
        pos_ = 0;
        len_ = 0;
        if (*in_) {
            in_->read(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
            len_ = static_cast<size_t>(in_->gcount());
        }
        if (in_->bad()) {
            throw IoError(name_, "cannot read", errno);
        }
        if (len_ == 0) {
            return -1;
        }
    }
    return static_cast<unsigned char>(chunk_[pos_]);
}

int Reader::get() {
    const int c = peek();
    if (c >= 0) {
        ++pos_;
        ++offset_;
        line_ += c == '\n' ? 1 : 0;
    }
    return c;
}

void Reader::put(std::string* out, int c) {
    if (out == nullptr) {
        return;
    }
    if (out->size() >= options_.max_element) {
        overflow_ = true;
        return;
    }
    *out += static_cast<char>(c);
}

void Reader::read_markup(std::string* out) {
    const auto next_char = [&] {
        const int c = get();
        if (c < 0) {
            throw FormatError(Location{name_, "sbr archive", offset_},
                              at_line(line_) + "the file ends inside markup");
        }
        put(out, c);
        return c;
    };
    // Reads through `terminator`, which ends the comment, PI or CDATA section.
    const auto read_through = [&](std::string_view terminator) {
        std::string tail;
        while (!tail.ends_with(terminator)) {
            tail += static_cast<char>(next_char());
            if (tail.size() > terminator.size()) {
                tail.erase(0, 1);
            }
        }
    };
    if (peek() == '?') {
        read_through("?>");
        return;
    }
    if (peek() == '!') {
        next_char();
        if (peek() == '-') {
            read_through("--");
            read_through("-->");
        } else if (peek() == '[') {
            read_through("]]>");
        } else {
            int brackets = 0;
            for (int c = next_char(); c != '>' || brackets > 0; c = next_char()) {
                brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
            }
        }
        return;
    }
    char quote = 0;
    for (;;) {
        if (quote != 0) {
            // Attribute values hold nearly all of an archive (base64 media): taken a run at a time.
            if (peek() < 0) {
                next_char();
            }
            const char* begin = chunk_.data() + pos_;
            const char* end = chunk_.data() + len_;
            const char* hit = std::find(begin, end, quote);
            const auto n = static_cast<size_t>(hit - begin);
            line_ += static_cast<uint64_t>(std::count(begin, hit, '\n'));
            if (out != nullptr) {
                if (out->size() + n > options_.max_element) {
                    overflow_ = true;
                } else {
                    out->append(begin, n);
                }
            }
            pos_ += n;
            offset_ += n;
            if (hit == end) {
                continue;
            }
            next_char();
            quote = 0;
            continue;
        }
        const int c = next_char();
        if (c == '"' || c == '\'') {
            quote = static_cast<char>(c);
        } else if (c == '>') {
            return;
        }
    }
}

bool Reader::next_tag(std::string& tag, uint64_t& line, uint64_t& offset) {
    if (pending_) {
        tag = std::move(*pending_);
        pending_.reset();
        line = pending_line_;
        offset = pending_offset_;
    } else {
        int c = get();
        while (c >= 0 && c != '<') {
            c = get();
        }
        if (c < 0) {
            return false;
        }
        line = line_;
        offset = offset_ - 1;
        tag = "<";
        read_markup(&tag);
    }
    return true;
}

std::string Reader::read_element(std::string tag, const std::string& name, bool self_closing,
                                 Kind kind, uint64_t line, uint64_t offset) {
    std::string element = std::move(tag);
    int depth = self_closing ? 0 : 1;
    while (depth > 0) {
        for (int c = peek(); c != '<'; c = peek()) {
            if (c < 0) {
                throw FormatError(where(name_, kind, offset),
                                  at_line(line) + "no </" + name + "> before the end of the file");
            }
            put(&element, get());
        }
        const uint64_t tag_line = line_;
        const uint64_t tag_offset = offset_;
        std::string child = {static_cast<char>(get())};
        read_markup(&child);
        const Markup cm = classify(child);
        // Another element, or the end of the archive, inside this one: its end tag is missing.
        if ((cm.type == Markup::Type::start && (is_element(cm.name) || cm.name == "smses"))
            || (cm.type == Markup::Type::end && cm.name == "smses")) {
            pending_ = std::move(child);
            pending_line_ = tag_line;
            pending_offset_ = tag_offset;
            throw FormatError(
                where(name_, kind, offset),
                at_line(line) + "no </" + name + "> before line " + std::to_string(tag_line));
        }
        if (cm.type == Markup::Type::start && !cm.self_closing) {
            ++depth;
        } else if (cm.type == Markup::Type::end) {
            --depth;
        }
        if (element.size() + child.size() > options_.max_element) {
            overflow_ = true;
        } else if (!overflow_) {
            element += child;
        }
    }
    if (overflow_) {
        throw LimitError(where(name_, kind, offset), at_line(line) + "the element is longer than "
                                                         + std::to_string(options_.max_element)
                                                         + " bytes");
    }
    return element;
}

std::optional<Record> Reader::next() {
    for (;;) {
        std::string tag;
        uint64_t line = 0;
        uint64_t offset = 0;
        overflow_ = false;
        if (!next_tag(tag, line, offset)) {
            return std::nullopt;
        }
        const Markup m = classify(tag);
        if (m.type == Markup::Type::end) {
            depth_ = std::max(depth_ - 1, 0);
            continue;
        }
        if (m.type != Markup::Type::start) {
            continue;
        }
        if (depth_ > 1 || !is_element(m.name)) {
            depth_ += m.self_closing ? 0 : 1;
            continue;
        }
        const Kind kind = m.name == "sms" ? Kind::sms : Kind::mms;
        const std::string element =
            read_element(std::move(tag), m.name, m.self_closing, kind, line, offset);
        return parse_element(repair_surrogates(element), kind, name_, line, offset);
    }
}

}  // namespace msgforge::sbr
