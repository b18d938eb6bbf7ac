// The SMIL layout of an MMS (docs/sms-mms.md): written for a list of slides and read back, through
// pugixml. Reading takes untrusted bytes: pugixml parses without recursion, and every walk
// here climbs the tree through parent links instead of recursing.
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/oms/smil.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <type_traits>

namespace msgforge::oms {

namespace {

static_assert(std::is_same_v<pugi::char_t, char>, "pugixml must be built without wchar_t mode");

constexpr const char* STRUCTURE = "SMIL layout";
constexpr uint32_t DEFAULT_DURATION_MS = 5000;
constexpr uint64_t MAX_DURATION_MS = 0xFFFFFFFF;
// Where numbers saturate while a clock value is read: above MAX_DURATION_MS, and small enough
// that a saturated value times an hour in milliseconds still fits in 64 bits.
constexpr uint64_t SATURATED = uint64_t{1} << 40;
// How much of an attribute value a problem quotes.
constexpr size_t QUOTE_LIMIT = 64;

// The layout docs/sms-mms.md shows: a 176x208 root, the image region above the text region;
// a region alone takes the whole root.
constexpr const char* ROOT_WIDTH = "176";
constexpr const char* ROOT_HEIGHT = "208";
constexpr const char* IMAGE_HEIGHT = "144";
constexpr const char* TEXT_HEIGHT = "64";

class StringWriter : public pugi::xml_writer {
public:
    explicit StringWriter(std::string& out) : out_(out) {}

    void write(const void* data, size_t size) override {
        out_.append(static_cast<const char*>(data), size);
    }

private:
    std::string& out_;
};

void set_attribute(pugi::xml_node node, const char* name, const std::string& value) {
    node.append_attribute(name).set_value(value.c_str(), value.size());
}

void add_region(pugi::xml_node layout, const char* id, const char* top, const char* height,
                const char* fit) {
    pugi::xml_node region = layout.append_child("region");
    region.append_attribute("id") = id;
    region.append_attribute("left") = "0";
    region.append_attribute("top") = top;
    region.append_attribute("width") = ROOT_WIDTH;
    region.append_attribute("height") = height;
    region.append_attribute("fit") = fit;
}

bool is_visual(MediaKind kind) {
    return kind == MediaKind::image || kind == MediaKind::video;
}

const char* element_of(MediaKind kind) {
    switch (kind) {
        case MediaKind::image:
            return "img";
        case MediaKind::video:
            return "video";
        case MediaKind::audio:
            return "audio";
        case MediaKind::text:
            return "text";
        default:
            return "ref";
    }
}

// The kind a media element's name stands for. `animation` (SMIL 2.1 7.3) is visual media
// of no particular format, so it reads as other (written back as `ref`); `textstream` is
// streamed text and reads as text.
std::optional<MediaKind> media_kind(std::string_view name) {
    if (name == "img") {
        return MediaKind::image;
    }
    if (name == "video") {
        return MediaKind::video;
    }
    if (name == "audio") {
        return MediaKind::audio;
    }
    if (name == "text" || name == "textstream") {
        return MediaKind::text;
    }
    if (name == "ref" || name == "animation") {
        return MediaKind::other;
    }
    return std::nullopt;
}

// An element's name without a namespace prefix: pugixml does not resolve namespaces, and a
// sender may write <smil:par> under a prefixed SMIL namespace.
std::string_view local_name(pugi::xml_node node) {
    const std::string_view name = node.name();
    const size_t colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The node after `node` in document order within `root`'s subtree (root excluded), or an empty
// node. `leave` is called for each node whose subtree is finished on the way.
template <typename Leave>
pugi::xml_node next_node(pugi::xml_node node, pugi::xml_node root, Leave&& leave) {
    if (pugi::xml_node child = node.first_child()) {
        return child;
    }
    while (node != root) {
        leave(node);
        if (pugi::xml_node sibling = node.next_sibling()) {
            return sibling;
        }
        node = node.parent();
    }
    return {};
}

// Maps an offset in the UTF-8 text pugixml parsed to the byte offset in the input: the same
// for UTF-8 input, different when pugixml converted UTF-16, UTF-32 or Latin-1 (the converted
// text keeps the byte order mark, re-encoded). Offsets are asked for in document order, so
// each query goes on from the last one and all of them together read the input once.
class SourceOffsets {
public:
    SourceOffsets(std::span<const uint8_t> bytes, pugi::xml_encoding encoding)
        : bytes_(bytes), encoding_(encoding) {}

    uint64_t source(uint64_t parsed) {
        if (encoding_ == pugi::encoding_utf8) {
            return parsed;
        }
        if (parsed < parsed_) {
            parsed_ = 0;
            source_ = 0;
        }
        while (parsed_ < parsed) {
            const auto [in, out] = step();
            if (in == 0) {
                break;
            }
            source_ += in;
            parsed_ += out;
        }
        return source_;
    }

private:
    static size_t utf8_length(uint32_t c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }

    uint32_t unit16(size_t at) const {
        const bool le = encoding_ == pugi::encoding_utf16_le;
        return le ? bytes_[at] | static_cast<uint32_t>(bytes_[at + 1]) << 8
                  : static_cast<uint32_t>(bytes_[at]) << 8 | bytes_[at + 1];
    }

    // One character at source_: the input bytes it takes and the UTF-8 bytes pugixml made of
    // it (none for an unpaired surrogate, which pugixml drops). {0, 0} at the end.
    std::pair<size_t, size_t> step() const {
        const size_t left = bytes_.size() - source_;
        switch (encoding_) {
            case pugi::encoding_utf16_le:
            case pugi::encoding_utf16_be: {
                if (left < 2) {
                    return {0, 0};
                }
                const uint32_t lead = unit16(source_);
                if (lead < 0xD800 || lead >= 0xE000) {
                    return {2, utf8_length(lead)};
                }
                if (lead < 0xDC00 && left >= 4) {
                    const uint32_t trail = unit16(source_ + 2);
                    if (trail >= 0xDC00 && trail < 0xE000) {
                        return {4, 4};
                    }
                }
                return {2, 0};
            }
            case pugi::encoding_utf32_le:
            case pugi::encoding_utf32_be: {
                if (left < 4) {
                    return {0, 0};
                }
                const bool le = encoding_ == pugi::encoding_utf32_le;
                uint32_t c = 0;
                for (size_t i = 0; i < 4; ++i) {
                    c = c << 8 | bytes_[source_ + (le ? 3 - i : i)];
                }
                return {4, utf8_length(c)};
            }
            case pugi::encoding_latin1:
                if (left == 0) {
                    return {0, 0};
                }
                return {1, bytes_[source_] < 0x80 ? 1 : 2};
            default:
                return {0, 0};
        }
    }

    std::span<const uint8_t> bytes_;
    pugi::xml_encoding encoding_;
    size_t source_ = 0;
    uint64_t parsed_ = 0;
};

std::string quote(std::string_view value) {
    if (value.size() <= QUOTE_LIMIT) {
        return "\"" + std::string(value) + "\"";
    }
    size_t cut = QUOTE_LIMIT;
    while (cut > 0 && (static_cast<uint8_t>(value[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return "\"" + std::string(value.substr(0, cut)) + "\"...";
}

// DIGIT+ at `at`, saturating at SATURATED; returns how many digits there were.
size_t read_digits(std::string_view s, size_t& at, uint64_t& value) {
    const size_t start = at;
    value = 0;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        value = std::min(SATURATED, value * 10 + static_cast<uint64_t>(s[at] - '0'));
        ++at;
    }
    return at - start;
}

// The digits after a '.' as numerator / 10^n; digits past the ninth only have to be digits.
struct Fraction {
    uint64_t numerator = 0;
    uint64_t denominator = 1;
};

// An optional "." DIGIT+ at `at`; nullopt when the '.' has no digits.
std::optional<Fraction> read_fraction(std::string_view s, size_t& at) {
    Fraction f;
    if (at >= s.size() || s[at] != '.') {
        return f;
    }
    ++at;
    const size_t start = at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        if (at - start < 9) {
            f.numerator = f.numerator * 10 + static_cast<uint64_t>(s[at] - '0');
            f.denominator *= 10;
        }
        ++at;
    }
    if (at == start) {
        return std::nullopt;
    }
    return f;
}

// A fraction of `unit_ms`, rounded to the nearest millisecond (half up).
uint64_t scaled(Fraction f, uint64_t unit_ms) {
    return (f.numerator * unit_ms + f.denominator / 2) / f.denominator;
}

// A SMIL clock value (SMIL 2.1 10.4.1) in milliseconds: Full-clock-value "H+:MM:SS[.f]",
// Partial-clock-value "MM:SS[.f]" or Timecount-value "N[.f][h|min|s|ms]" (seconds without a
// metric; metrics in any case). White space around it is allowed. nullopt when it is none of
// these; a value too large comes back above MAX_DURATION_MS, saturated.
std::optional<uint64_t> clock_value(std::string_view v) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!v.empty() && is_space(v.front())) {
        v.remove_prefix(1);
    }
    while (!v.empty() && is_space(v.back())) {
        v.remove_suffix(1);
    }
    size_t at = 0;
    uint64_t fields[3] = {};
    const size_t first_width = read_digits(v, at, fields[0]);
    if (first_width == 0) {
        return std::nullopt;
    }
    if (at < v.size() && v[at] == ':') {
        size_t count = 1;
        while (count < 3 && at < v.size() && v[at] == ':') {
            ++at;
            if (read_digits(v, at, fields[count]) != 2) {
                return std::nullopt;
            }
            ++count;
        }
        if (count == 2 && first_width != 2) {
            return std::nullopt;
        }
        const uint64_t hours = count == 3 ? fields[0] : 0;
        const uint64_t minutes = fields[count - 2];
        const uint64_t seconds = fields[count - 1];
        const auto fraction = read_fraction(v, at);
        if (minutes > 59 || seconds > 59 || !fraction || at != v.size()) {
            return std::nullopt;
        }
        return std::min(SATURATED,
                        (hours * 3600 + minutes * 60 + seconds) * 1000 + scaled(*fraction, 1000));
    }
    const auto fraction = read_fraction(v, at);
    if (!fraction) {
        return std::nullopt;
    }
    const std::string metric = ascii_lower(v.substr(at));
    uint64_t unit_ms = 0;
    if (metric.empty() || metric == "s") {
        unit_ms = 1000;
    } else if (metric == "ms") {
        unit_ms = 1;
    } else if (metric == "min") {
        unit_ms = 60'000;
    } else if (metric == "h") {
        unit_ms = 3'600'000;
    } else {
        return std::nullopt;
    }
    return std::min(SATURATED, fields[0] * unit_ms + scaled(*fraction, unit_ms));
}

class Reader {
public:
    Reader(std::span<const uint8_t> bytes, pugi::xml_encoding encoding)
        : offsets_(bytes, encoding) {}

    // The input offset of an element's '<'.
    std::optional<uint64_t> offset_of(pugi::xml_node node) {
        const ptrdiff_t name_at = node.offset_debug();
        if (name_at < 1) {
            return std::nullopt;
        }
        return offsets_.source(static_cast<uint64_t>(name_at - 1));
    }

    uint64_t source(uint64_t parsed) { return offsets_.source(parsed); }

    void problem(pugi::xml_node node, const std::string& what) {
        std::string text = "<" + std::string(node.name()) + ">";
        if (const auto at = offset_of(node)) {
            text += " at " + hex(*at);
        }
        doc_.problems.push_back(text + ": " + what);
    }

    void read_head(pugi::xml_node head) {
        bool root_layout = false;
        const auto nothing = [](pugi::xml_node) {};
        for (pugi::xml_node e = next_node(head, head, nothing); e;
             e = next_node(e, head, nothing)) {
            if (e.type() != pugi::node_element) {
                continue;
            }
            const std::string_view name = local_name(e);
            if (name == "root-layout") {
                if (root_layout) {
                    problem(e, "more than one root-layout");
                }
                root_layout = true;
            } else if (name == "region") {
                const std::string_view id = e.attribute("id").value();
                if (id.empty()) {
                    continue;
                }
                if (!regions_.insert(ascii_lower(id)).second) {
                    problem(e, "region id " + quote(id) + " is taken by an earlier region");
                }
            }
        }
    }

    void read_body(pugi::xml_node body) {
        // The outermost `par` being read, and the slide that collects media outside any par.
        pugi::xml_node par;
        std::optional<size_t> loose;
        const auto leave = [&](pugi::xml_node node) {
            if (node == par) {
                par = pugi::xml_node();
            }
        };
        for (pugi::xml_node e = next_node(body, body, leave); e; e = next_node(e, body, leave)) {
            if (e.type() != pugi::node_element) {
                continue;
            }
            const std::string_view name = local_name(e);
            if (name == "par" && !par) {
                par = e;
                loose.reset();
                doc_.pars.push_back(SmilPar{{}, duration(e)});
                continue;
            }
            const auto kind = media_kind(name);
            if (!kind) {
                continue;
            }
            const std::string_view src = e.attribute("src").value();
            if (src.empty()) {
                problem(e, "no src");
                continue;
            }
            const std::string_view region = e.attribute("region").value();
            if (!region.empty() && !regions_.contains(ascii_lower(region))) {
                problem(e, "region " + quote(region) + " is not in the layout");
            }
            if (!par && !loose) {
                loose = doc_.pars.size();
                doc_.pars.emplace_back();
            }
            doc_.pars.back().media.push_back(
                SmilMedia{*kind, std::string(src), std::string(region)});
        }
    }

    SmilDocument take() { return std::move(doc_); }

private:
    std::optional<uint32_t> duration(pugi::xml_node par) {
        const pugi::xml_attribute dur = par.attribute("dur");
        if (!dur) {
            return std::nullopt;
        }
        const auto ms = clock_value(dur.value());
        if (!ms) {
            problem(par, "dur " + quote(dur.value()) + " is not a clock value");
            return std::nullopt;
        }
        if (*ms > MAX_DURATION_MS) {
            problem(par, "dur " + quote(dur.value()) + " is longer than 4294967295 ms");
            return std::nullopt;
        }
        return static_cast<uint32_t>(*ms);
    }

    SourceOffsets offsets_;
    SmilDocument doc_;
    // Folded region ids; an ordered set, so that no choice of ids makes lookups slow.
    std::set<std::string> regions_;
};

}  // namespace

std::string make_smil(const std::vector<SmilPar>& pars) {
    bool visual = false;
    bool text = false;
    for (const SmilPar& par : pars) {
        for (const SmilMedia& m : par.media) {
            visual = visual || is_visual(m.kind);
            text = text || m.kind == MediaKind::text;
        }
    }

    pugi::xml_document doc;
    pugi::xml_node smil = doc.append_child("smil");
    pugi::xml_node layout = smil.append_child("head").append_child("layout");
    pugi::xml_node root = layout.append_child("root-layout");
    root.append_attribute("width") = ROOT_WIDTH;
    root.append_attribute("height") = ROOT_HEIGHT;
    if (visual) {
        add_region(layout, "Image", "0", text ? IMAGE_HEIGHT : ROOT_HEIGHT, "meet");
    }
    if (text) {
        add_region(layout, "Text", visual ? IMAGE_HEIGHT : "0", visual ? TEXT_HEIGHT : ROOT_HEIGHT,
                   "scroll");
    }

    // Within a slide: the image or video, the text, the audio, then other media (docs/sms-mms.md).
    pugi::xml_node body = smil.append_child("body");
    const auto order = [](MediaKind kind) {
        return is_visual(kind) ? 0 : kind == MediaKind::text ? 1 : kind == MediaKind::audio ? 2 : 3;
    };
    for (const SmilPar& par : pars) {
        pugi::xml_node p = body.append_child("par");
        set_attribute(p, "dur",
                      std::to_string(par.duration_ms.value_or(DEFAULT_DURATION_MS)) + "ms");
        for (int rank = 0; rank < 4; ++rank) {
            for (const SmilMedia& m : par.media) {
                if (order(m.kind) != rank) {
                    continue;
                }
                pugi::xml_node e = p.append_child(element_of(m.kind));
                set_attribute(e, "src", m.src);
                if (rank == 0) {
                    e.append_attribute("region") = "Image";
                } else if (rank == 1) {
                    e.append_attribute("region") = "Text";
                }
            }
        }
    }

    // No XML declaration: many phones write none and UTF-8 is XML's default; no BOM either.
    std::string out;
    StringWriter writer(out);
    doc.save(writer, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
    return out;
}

SmilDocument parse_smil(std::span<const uint8_t> bytes) {
    pugi::xml_document doc;
    const pugi::xml_parse_result result =
        doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
    Reader reader(bytes, result.encoding);
    if (!result) {
        const uint64_t parsed = result.offset < 0 ? 0 : static_cast<uint64_t>(result.offset);
        throw FormatError(Location{{}, STRUCTURE, reader.source(parsed)},
                          std::string("not well-formed XML: ") + result.description());
    }
    const pugi::xml_node smil = doc.document_element();
    if (local_name(smil) != "smil") {
        throw FormatError(Location{{}, STRUCTURE, reader.offset_of(smil)},
                          "root element <" + std::string(smil.name()) + "> is not <smil>");
    }
    // The first head and the first body; SMIL has one of each.
    for (pugi::xml_node child = smil.first_child(); child; child = child.next_sibling()) {
        if (local_name(child) == "head") {
            reader.read_head(child);
            break;
        }
    }
    for (pugi::xml_node child = smil.first_child(); child; child = child.next_sibling()) {
        if (local_name(child) == "body") {
            reader.read_body(child);
            break;
        }
    }
    return reader.take();
}

}  // namespace msgforge::oms
