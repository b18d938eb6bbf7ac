// .msg to MIME: the structure of the message (MS-OXCMAIL 2.2.3.1 and 2.2.3.3): bodies as
// multipart/alternative, inline images with the HTML in multipart/related, attachments and
// embedded messages in multipart/mixed, S/MIME bodies as stored.
#include "to_mime_writer.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms/media.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

namespace msgforge::mime {

namespace detail {

namespace {

namespace tags = msg::tags;

struct GFree {
    void operator()(void* p) const { g_free(p); }
};

using GString = std::unique_ptr<char, GFree>;

bool ascii_only(std::span<const uint8_t> bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b < 0x80; });
}

/// The Content-ID without its angle brackets.
std::string bare_content_id(std::string_view id) {
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') {
        id = id.substr(1, id.size() - 2);
    }
    return std::string(id);
}

/// Whether the HTML refers to `cid:` + `id` (case-insensitive, as URLs in HTML are matched).
bool html_refers_to(const std::string& html_lower, std::string_view id) {
    return !id.empty() && html_lower.find("cid:" + ascii_lower(id)) != std::string::npos;
}

/// The MIME type of a file name's extension: the usual document and archive types, else the
/// media types oms knows, else application/octet-stream.
std::string type_by_extension(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 21> TYPES{{
        {".pdf", "application/pdf"},
        {".doc", "application/msword"},
        {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {".xls", "application/vnd.ms-excel"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".ppt", "application/vnd.ms-powerpoint"},
        {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {".zip", "application/zip"},
        {".gz", "application/gzip"},
        {".7z", "application/x-7z-compressed"},
        {".rtf", "application/rtf"},
        {".txt", "text/plain"},
        {".csv", "text/csv"},
        {".htm", "text/html"},
        {".html", "text/html"},
        {".xml", "application/xml"},
        {".json", "application/json"},
        {".ics", "text/calendar"},
        {".eml", "message/rfc822"},
        {".msg", "application/vnd.ms-outlook"},
        {".p7s", "application/pkcs7-signature"},
    }};
    const size_t dot = name.rfind('.');
    if (dot != std::string_view::npos) {
        const std::string ext = ascii_lower(name.substr(dot));
        for (const auto& [e, type] : TYPES) {
            if (ext == e) {
                return std::string(type);
            }
        }
    }
    return oms::from_extension(name).mime;
}

/// A GMime stream that appends what is written to it to a string: the serialised message is
/// written once, straight into the string to_mime() returns. It only writes.
struct StringStream {
    GMimeStream parent;
    std::string* out;
};

struct StringStreamClass {
    GMimeStreamClass parent;
};

GType string_stream_type();

StringStream* string_stream(GMimeStream* stream) {
    return G_TYPE_CHECK_INSTANCE_CAST(stream, string_stream_type(), StringStream);
}

ssize_t string_stream_write(GMimeStream* stream, const char* buf, size_t len) {
    string_stream(stream)->out->append(buf, len);
    stream->position += static_cast<gint64>(len);
    return static_cast<ssize_t>(len);
}

void string_stream_class_init(gpointer klass, gpointer /*data*/) {
    GMimeStreamClass* c = GMIME_STREAM_CLASS(klass);
    c->read = [](GMimeStream*, char*, size_t) -> ssize_t { return -1; };
    c->write = string_stream_write;
    c->flush = [](GMimeStream*) { return 0; };
    c->close = [](GMimeStream*) { return 0; };
    c->eos = [](GMimeStream*) -> gboolean { return TRUE; };
    c->reset = [](GMimeStream*) { return -1; };
    c->seek = [](GMimeStream*, gint64, GMimeSeekWhence) -> gint64 { return -1; };
    c->tell = [](GMimeStream* s) -> gint64 { return s->position; };
    c->length = [](GMimeStream* s) -> gint64 { return s->position; };
    c->substream = [](GMimeStream*, gint64, gint64) -> GMimeStream* { return nullptr; };
}

GType string_stream_type() {
    static const GType type = g_type_register_static_simple(
        GMIME_TYPE_STREAM, "MsgforgeStringStream", sizeof(StringStreamClass),
        string_stream_class_init, sizeof(StringStream), nullptr, GTypeFlags{});
    return type;
}

/// The bytes of an OLE attachment's storage as a compound file of its own.
std::vector<uint8_t> storage_bytes(const cfb::Node& storage) {
    cfb::Tree tree;
    tree.root().clsid = storage.clsid;
    tree.root().children = storage.children;
    return cfb::write(tree);
}

}  // namespace

std::string crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    // Line by line: each line without the CR of its CRLF, then CRLF.
    size_t start = 0;
    for (size_t lf = text.find('\n'); lf != std::string_view::npos; lf = text.find('\n', start)) {
        const size_t end = lf > start && text[lf - 1] == '\r' ? lf - 1 : lf;
        out.append(text.substr(start, end - start)).append("\r\n");
        start = lf + 1;
    }
    return out.append(text.substr(start));
}

GPtr<GMimeStream> memory_stream(std::string_view bytes) {
    if (bytes.empty()) {
        return GPtr<GMimeStream>(g_mime_stream_mem_new());
    }
    // The stream reads a byte array laid over the bytes. It does not own the array, which goes
    // with the stream and leaves the bytes alone (g_byte_array_free without its segment).
    // Parts and parsers only read it, so the array never grows into memory GLib did not
    // allocate.
    auto* data = const_cast<uint8_t*>(as_bytes(bytes).data());
    GByteArray* array = g_byte_array_new_take(data, bytes.size());
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_byte_array(array));
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream.get()), FALSE);
    g_object_set_data_full(G_OBJECT(stream.get()), "msgforge-borrowed", array, [](gpointer a) {
        g_byte_array_free(static_cast<GByteArray*>(a), FALSE);
    });
    return stream;
}

GMimeContentEncoding best_encoding(std::span<const uint8_t> data,
                                   GMimeEncodingConstraint constraint) {
    const GPtr<GMimeFilter> filter(g_mime_filter_best_new(GMIME_FILTER_BEST_ENCODING));
    // The best filter reads its input and passes it on as it is; it never writes to it.
    char* in = const_cast<char*>(as_chars(data).data());
    char* out = nullptr;
    size_t out_size = 0;
    size_t out_prespace = 0;
    g_mime_filter_complete(filter.get(), in, data.size(), 0, &out, &out_size, &out_prespace);
    return g_mime_filter_best_encoding(GMIME_FILTER_BEST(filter.get()), constraint);
}

GMimeContentEncoding message_encoding(std::span<const uint8_t> data) {
    return best_encoding(data, GMIME_ENCODING_CONSTRAINT_8BIT) == GMIME_CONTENT_ENCODING_7BIT
               ? GMIME_CONTENT_ENCODING_7BIT
               : GMIME_CONTENT_ENCODING_8BIT;
}

std::string serialise(GMimeObject* object, size_t size_hint) {
    std::string out;
    out.reserve(size_hint);
    const GPtr<GMimeStream> stream(GMIME_STREAM(g_object_new(string_stream_type(), nullptr)));
    g_mime_stream_construct(stream.get(), 0, -1);
    string_stream(stream.get())->out = &out;
    GMimeFormatOptions* format = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
    g_mime_object_write_to_stream(object, format, stream.get());
    g_mime_format_options_free(format);
    return out;
}

std::string serialise_headers(GMimeObject* object) {
    GMimeFormatOptions* format = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
    char* text = g_mime_header_list_to_string(g_mime_object_get_header_list(object), format);
    g_mime_format_options_free(format);
    std::string out = text != nullptr ? text : "";
    g_free(text);
    return out;
}

std::string_view entity_headers(std::string_view entity) {
    for (size_t lf = entity.find('\n'); lf != std::string_view::npos;
         lf = entity.find('\n', lf + 1)) {
        const std::string_view rest = entity.substr(lf + 1);
        if (rest.starts_with("\n")) {
            return entity.substr(0, lf + 2);
        }
        if (rest.starts_with("\r\n")) {
            return entity.substr(0, lf + 3);
        }
    }
    return entity;
}

bool has_mime_version(std::string_view entity) {
    const GPtr<GMimeStream> stream = memory_stream(entity_headers(entity));
    const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    const GPtr<GMimeObject> parsed(g_mime_parser_construct_part(parser.get(), nullptr));
    return parsed != nullptr && g_mime_object_get_header(parsed.get(), "MIME-Version") != nullptr;
}

void Writer::hash(std::string_view text) {
    digest_.update(as_bytes(text));
}

void Writer::header(GMimeObject* object, const char* name, std::string_view value) {
    const std::string v(value);
    hash(name);
    hash(v);
    g_mime_object_set_header(object, name, v.c_str(), "utf-8");
}

std::span<const uint8_t> Writer::keep(std::vector<uint8_t> bytes) {
    return kept_bytes_.emplace_back(std::move(bytes));
}

std::string_view Writer::keep(std::string text) {
    return kept_texts_.emplace_back(std::move(text));
}

GPtr<GMimePart> Writer::part(std::string_view type, std::span<const uint8_t> data,
                             GMimeContentEncoding encoding) {
    const std::string t(type);
    hash(t);
    content_size_ += data.size();
    GMimeContentType* parsed = g_mime_content_type_parse(nullptr, t.c_str());
    if (parsed != nullptr && g_mime_content_type_get_media_type(parsed) != nullptr
        && g_mime_content_type_get_media_subtype(parsed) != nullptr
        && std::string_view(g_mime_content_type_get_media_type(parsed)) == "multipart") {
        g_object_unref(parsed);
        parsed = nullptr;
    }
    if (parsed == nullptr) {
        parsed = g_mime_content_type_new("application", "octet-stream");
    }
    GPtr<GMimePart> p(g_mime_part_new());
    g_mime_object_set_content_type(GMIME_OBJECT(p.get()), parsed);
    g_object_unref(parsed);
    const GPtr<GMimeStream> stream = memory_stream(as_chars(data));
    const GPtr<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(p.get(), wrapper.get());
    const GMimeContentEncoding chosen = encoding != GMIME_CONTENT_ENCODING_DEFAULT
                                            ? encoding
                                            : best_encoding(data, GMIME_ENCODING_CONSTRAINT_7BIT);
    g_mime_part_set_content_encoding(p.get(), chosen);
    hash_content(data, chosen);
    return p;
}

void Writer::hash_content(std::span<const uint8_t> data, GMimeContentEncoding encoding) {
    if (encoding == GMIME_CONTENT_ENCODING_BASE64
        || encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
        hash(std::to_string(data.size()));
    } else {
        digest_.update(data);
    }
}

GPtr<GMimeMultipart> Writer::multipart(const char* subtype) {
    GPtr<GMimeMultipart> m(g_mime_multipart_new_with_subtype(subtype));
    multiparts_.push_back(m.get());
    return m;
}

GPtr<GMimeObject> Writer::combine(const char* subtype, std::vector<GPtr<GMimeObject>> children) {
    std::erase(children, nullptr);
    if (children.empty()) {
        return nullptr;
    }
    if (children.size() == 1) {
        return std::move(children.front());
    }
    GPtr<GMimeMultipart> m = multipart(subtype);
    for (const auto& child : children) {
        g_mime_multipart_add(m.get(), child.get());
    }
    return GPtr<GMimeObject>(GMIME_OBJECT(m.release()));
}

void Writer::set_boundaries() {
    const std::array<uint8_t, 32> sum = digest_.finish();
    const std::string stem = "=_" + hex_lower(std::span(sum).first(12));
    for (size_t i = 0; i < multiparts_.size(); ++i) {
        const std::string boundary = stem + "." + std::to_string(i + 1);
        g_mime_multipart_set_boundary(multiparts_[i], boundary.c_str());
    }
}

GPtr<GMimeObject> Writer::attachment(const msg::Attachment& a, bool inline_part) {
    const std::string name = a.file_name().value_or("");
    hash(name);
    GPtr<GMimeObject> out;
    if (a.embedded != nullptr) {
        const GPtr<GMimeMessage> inner = message(*a.embedded);
        out.reset(GMIME_OBJECT(g_mime_message_part_new_with_message("rfc822", inner.get())));
        g_mime_object_set_disposition(out.get(), "attachment");
        if (!name.empty()) {
            g_mime_object_set_content_disposition_parameter(out.get(), "filename", name.c_str());
        }
        if (const auto id = a.string(tags::PidTagAttachContentId); id && !id->empty()) {
            const std::string bare = bare_content_id(*id);
            hash(bare);
            g_mime_object_set_content_id(out.get(), bare.c_str());
        }
        return out;
    }
    std::string type = a.mime_type().value_or("");
    if (type.empty() || type.find('/') == std::string::npos) {
        type = type_by_extension(name);
    }
    std::span<const uint8_t> bytes;
    if (a.object_storage) {
        bytes = keep(storage_bytes(*a.object_storage));
        type = "application/octet-stream";
    } else if (const auto data = a.data()) {
        bytes = data->span();
    } else if (a.method() != msg::flags::afByValue && a.method() != msg::flags::afNone) {
        return nullptr;
    }
    // Base64 keeps the bytes as they are: a text encoding would make every line end CRLF. A
    // message/* part may only be 7bit or 8bit (RFC 2046 5.2).
    GPtr<GMimePart> p =
        part(type, bytes,
             bytes.empty() ? GMIME_CONTENT_ENCODING_DEFAULT : GMIME_CONTENT_ENCODING_BASE64);
    if (g_mime_content_type_is_type(g_mime_object_get_content_type(GMIME_OBJECT(p.get())),
                                    "message", "*")) {
        const GMimeContentEncoding raw = message_encoding(bytes);
        g_mime_part_set_content_encoding(p.get(), raw);
        hash_content(bytes, raw);
    }
    g_mime_object_set_disposition(GMIME_OBJECT(p.get()), inline_part ? "inline" : "attachment");
    if (!name.empty()) {
        g_mime_part_set_filename(p.get(), name.c_str());
    }
    if (const auto id = a.string(tags::PidTagAttachContentId); id && !id->empty()) {
        const std::string bare = bare_content_id(*id);
        hash(bare);
        g_mime_part_set_content_id(p.get(), bare.c_str());
    }
    if (const auto location = a.string(tags::PidTagAttachContentLocation);
        location && !location->empty()) {
        hash(*location);
        g_mime_part_set_content_location(p.get(), location->c_str());
    }
    out.reset(GMIME_OBJECT(p.release()));
    return out;
}

GPtr<GMimeObject> Writer::content(const msg::Message& m) {
    // One reader for every body: the compressed RTF is decompressed once.
    msg::BodyReader reader(m);
    const std::optional<std::string> text = reader.text();
    const std::optional<std::string> html = reader.html();
    std::vector<GPtr<GMimeObject>> bodies;
    if (text) {
        GPtr<GMimePart> p = part("text/plain; charset=utf-8", crlf(*text));
        bodies.emplace_back(GMIME_OBJECT(p.release()));
    }
    if (html) {
        GPtr<GMimePart> p = part("text/html; charset=utf-8", crlf(*html));
        bodies.emplace_back(GMIME_OBJECT(p.release()));
    } else if (msg::Body best = msg::best_body(reader); best.kind == msg::BodyKind::rtf) {
        const uint32_t codepage = msg::ansi_codepage(m.body_codepage);
        const std::string charset = ascii_only(as_bytes(best.content))
                                        ? "us-ascii"
                                        : msg::iconv_name(codepage).value_or("windows-1252");
        GPtr<GMimePart> p =
            part("text/rtf; charset=" + ascii_lower(charset), std::move(best.content));
        bodies.emplace_back(GMIME_OBJECT(p.release()));
    }
    GPtr<GMimeObject> body = combine("alternative", std::move(bodies));

    const std::string html_lower = html ? ascii_lower(*html) : std::string();
    std::vector<GPtr<GMimeObject>> related;
    std::vector<GPtr<GMimeObject>> attached;
    for (const msg::Attachment& a : m.attachments) {
        const auto id = a.string(tags::PidTagAttachContentId);
        const bool* hidden = a.properties.get_as(tags::PidTagAttachmentHidden);
        const bool in_html =
            html && id && a.embedded == nullptr
            && (html_refers_to(html_lower, bare_content_id(*id)) || (hidden != nullptr && *hidden));
        (in_html ? related : attached).push_back(attachment(a, in_html));
    }
    if (!related.empty()) {
        related.insert(related.begin(), std::move(body));
        body = combine("related", std::move(related));
    }
    if (body == nullptr) {
        GPtr<GMimePart> p = part("text/plain; charset=us-ascii", std::span<const uint8_t>{});
        body.reset(GMIME_OBJECT(p.release()));
    }
    attached.insert(attached.begin(), std::move(body));
    return combine("mixed", std::move(attached));
}

GPtr<GMimeObject> Writer::smime_content(const msg::Message& m) {
    for (const msg::Attachment& a : m.attachments) {
        const auto data = a.data();
        const std::string type = ascii_lower(a.mime_type().value_or(""));
        if (!data) {
            continue;
        }
        if (type.starts_with("multipart/signed")) {
            // The top-level entity is written as stored, so its headers are all that is read
            // of it here; below the top it is a part of the tree, read whole.
            const std::string_view stored = as_chars(data->span());
            const GPtr<GMimeStream> stream =
                memory_stream(depth_ == 1 ? entity_headers(stored) : stored);
            const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
            GPtr<GMimeObject> entity(g_mime_parser_construct_part(parser.get(), nullptr));
            if (entity != nullptr && GMIME_IS_MULTIPART_SIGNED(entity.get())) {
                digest_.update(data->span());
                if (depth_ == 1) {
                    signed_entity_ = as_chars(data->span());
                }
                // Inside a message/rfc822 part the message's own MIME-Version stands.
                g_mime_header_list_remove(g_mime_object_get_header_list(entity.get()),
                                          "MIME-Version");
                return entity;
            }
        } else if (type.starts_with("application/pkcs7-mime")
                   || type.starts_with("application/x-pkcs7-mime")) {
            GPtr<GMimePart> p = part(*a.mime_type(), data->span());
            const std::string name = a.file_name().value_or("smime.p7m");
            g_mime_object_set_disposition(GMIME_OBJECT(p.get()), "attachment");
            g_mime_part_set_filename(p.get(), name.c_str());
            return GPtr<GMimeObject>(GMIME_OBJECT(p.release()));
        }
    }
    return nullptr;
}

GPtr<GMimeMessage> Writer::message(const msg::Message& m) {
    ++depth_;
    GPtr<GMimeMessage> out(g_mime_message_new(FALSE));
    std::set<std::string> written;
    GPtr<GMimeObject> body;
    const std::string cls = ascii_lower(m.message_class().value_or(""));
    if (const auto view = oms::view(m)) {
        body = oms_content(m, *view, out.get(), written);
    } else {
        headers(m, out.get(), written);
        if (cls.starts_with("ipm.note.smime")) {
            body = smime_content(m);
        }
        if (cls.starts_with("report.")) {
            body = report_content(m);
        }
        if (body == nullptr) {
            body = content(m);
        }
    }
    if (options_.transport_headers) {
        transport_headers(m, out.get(), written);
    }
    g_mime_message_set_mime_part(out.get(), body.get());
    --depth_;
    return out;
}

}  // namespace detail

std::string to_mime(const msg::Message& message, const ToMimeOptions& options) {
    detail::ensure_gmime();
    detail::Writer writer(options);
    const detail::GPtr<GMimeMessage> out = writer.message(message);
    writer.set_boundaries();
    const std::string_view entity = writer.signed_entity();
    if (entity.empty()) {
        // Base64 takes a third more than the bytes it encodes; headers and boundaries a little.
        return detail::serialise(GMIME_OBJECT(out.get()),
                                 writer.content_size() / 3 * 4 + writer.content_size() / 16 + 4096);
    }
    // The headers of the message, then the signed entity exactly as stored, so that its
    // signature still verifies; its own MIME-Version (if any) stands for the message's.
    g_mime_header_list_remove(g_mime_object_get_header_list(GMIME_OBJECT(out.get())),
                              "MIME-Version");
    std::string headers = detail::serialise_headers(GMIME_OBJECT(out.get()));
    if (!detail::has_mime_version(entity)) {
        headers += "MIME-Version: 1.0\r\n";
    }
    return headers.append(entity);
}

}  // namespace msgforge::mime
