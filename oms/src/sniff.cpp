// Media types of MMS parts: by their leading bytes, by file extension and by MIME type.
#include <msgforge/base/text.hpp>
#include <msgforge/oms/media.hpp>

#include <array>

namespace msgforge::oms {

namespace {

using Bytes = std::span<const uint8_t>;

// True when `data` holds `magic` at `at`; never reads past the span.
bool has_at(Bytes data, size_t at, std::string_view magic) {
    if (at > data.size() || magic.size() > data.size() - at) {
        return false;
    }
    for (size_t i = 0; i < magic.size(); ++i) {
        if (data[at + i] != static_cast<uint8_t>(magic[i])) {
            return false;
        }
    }
    return true;
}

// The same, ignoring ASCII case (for the text formats).
bool has_at_icase(Bytes data, size_t at, std::string_view magic) {
    if (at > data.size() || magic.size() > data.size() - at) {
        return false;
    }
    for (size_t i = 0; i < magic.size(); ++i) {
        if (ascii_lower(static_cast<char>(data[at + i])) != ascii_lower(magic[i])) {
            return false;
        }
    }
    return true;
}

uint32_t u32_le(Bytes data, size_t at) {
    return static_cast<uint32_t>(data[at]) | static_cast<uint32_t>(data[at + 1]) << 8
           | static_cast<uint32_t>(data[at + 2]) << 16 | static_cast<uint32_t>(data[at + 3]) << 24;
}

// "BM" alone matches too much text, so the reserved words must be zero and the DIB header size
// (the start of the info header) one of the sizes the BMP versions define.
bool is_bmp(Bytes data) {
    if (!has_at(data, 0, "BM") || data.size() < 18) {
        return false;
    }
    if (u32_le(data, 6) != 0) {
        return false;
    }
    const uint32_t dib = u32_le(data, 14);
    return dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108
           || dib == 124;
}

// An AAC ADTS header (ISO/IEC 13818-7 6.2): a 12-bit sync, layer 00, and a sampling frequency
// index that names a rate (0 to 12).
bool is_adts(Bytes data, size_t at) {
    if (at > data.size() || data.size() - at < 3) {
        return false;
    }
    return data[at] == 0xFF && (data[at + 1] & 0xF6) == 0xF0 && ((data[at + 2] >> 2) & 0x0F) <= 12;
}

// An MPEG audio frame header (ISO/IEC 11172-3 2.4.2.3): an 11-bit sync, a version other than
// the reserved 01, a layer other than the reserved 00 (layer 00 with a 12-bit sync is ADTS),
// a bit rate index other than 1111 and a sampling rate index other than 11. JPEG's FF D8 fails
// the sync.
bool is_mpeg_audio(Bytes data, size_t at) {
    if (at > data.size() || data.size() - at < 3) {
        return false;
    }
    const uint8_t b1 = data[at + 1];
    const uint8_t b2 = data[at + 2];
    return data[at] == 0xFF && (b1 & 0xE0) == 0xE0 && ((b1 >> 3) & 3) != 1 && ((b1 >> 1) & 3) != 0
           && (b2 >> 4) != 0x0F && ((b2 >> 2) & 3) != 3;
}

// The size of the ID3v2 tag at the start of `data` (ID3v2.4 3.1): a 10-byte header, the size as
// four 7-bit bytes, and a 10-byte footer when flag bit 4 is set.
size_t id3_size(Bytes data) {
    if (data.size() < 10) {
        return data.size();
    }
    size_t size = 0;
    for (size_t i = 6; i < 10; ++i) {
        size = (size << 7) | (data[i] & 0x7FU);
    }
    size += 10;
    if ((data[5] & 0x10) != 0) {
        size += 10;
    }
    return size;
}

MediaType type(MediaKind kind, std::string_view mime, std::string_view extension) {
    return MediaType{kind, std::string(mime), std::string(extension)};
}

// ISO base media files (ISO/IEC 14496-12 4.3) by the major brand of their `ftyp` box. HEIF
// and AVIF photos share the container; iPhones send them, so they are images, not video/mp4.
MediaType iso_media(Bytes data) {
    if (has_at(data, 8, "3gp")) {
        return type(MediaKind::video, "video/3gpp", ".3gp");
    }
    if (has_at(data, 8, "3g2")) {
        return type(MediaKind::video, "video/3gpp2", ".3g2");
    }
    if (has_at(data, 8, "qt  ")) {
        return type(MediaKind::video, "video/quicktime", ".mov");
    }
    if (has_at(data, 8, "M4A ")) {
        return type(MediaKind::audio, "audio/mp4", ".m4a");
    }
    if (has_at(data, 8, "heic") || has_at(data, 8, "heix")) {
        return type(MediaKind::image, "image/heic", ".heic");
    }
    if (has_at(data, 8, "mif1")) {
        return type(MediaKind::image, "image/heif", ".heif");
    }
    if (has_at(data, 8, "avif")) {
        return type(MediaKind::image, "image/avif", ".avif");
    }
    return type(MediaKind::video, "video/mp4", ".mp4");
}

struct Known {
    std::string_view extension;  // lower case, with the dot
    MediaKind kind;
    std::string_view mime;
    std::string_view usual;  // the extension MediaType reports
};

constexpr std::array<Known, 29> known_extensions{{
    {".txt", MediaKind::text, "text/plain", ".txt"},
    {".smil", MediaKind::other, "application/smil", ".smil"},
    {".jpg", MediaKind::image, "image/jpeg", ".jpg"},
    {".jpeg", MediaKind::image, "image/jpeg", ".jpg"},
    {".jpe", MediaKind::image, "image/jpeg", ".jpg"},
    {".png", MediaKind::image, "image/png", ".png"},
    {".gif", MediaKind::image, "image/gif", ".gif"},
    {".bmp", MediaKind::image, "image/bmp", ".bmp"},
    {".webp", MediaKind::image, "image/webp", ".webp"},
    {".heic", MediaKind::image, "image/heic", ".heic"},
    {".heif", MediaKind::image, "image/heif", ".heif"},
    {".avif", MediaKind::image, "image/avif", ".avif"},
    {".mp4", MediaKind::video, "video/mp4", ".mp4"},
    {".m4v", MediaKind::video, "video/mp4", ".mp4"},
    {".3gp", MediaKind::video, "video/3gpp", ".3gp"},
    {".3g2", MediaKind::video, "video/3gpp2", ".3g2"},
    {".mov", MediaKind::video, "video/quicktime", ".mov"},
    {".amr", MediaKind::audio, "audio/amr", ".amr"},
    {".awb", MediaKind::audio, "audio/amr-wb", ".awb"},
    {".mp3", MediaKind::audio, "audio/mpeg", ".mp3"},
    {".m4a", MediaKind::audio, "audio/mp4", ".m4a"},
    {".aac", MediaKind::audio, "audio/aac", ".aac"},
    {".wav", MediaKind::audio, "audio/wav", ".wav"},
    {".ogg", MediaKind::audio, "audio/ogg", ".ogg"},
    {".mid", MediaKind::audio, "audio/midi", ".mid"},
    {".midi", MediaKind::audio, "audio/midi", ".mid"},
    {".vcf", MediaKind::other, "text/x-vcard", ".vcf"},
    {".vcs", MediaKind::other, "text/x-vcalendar", ".vcs"},
    {".ics", MediaKind::other, "text/calendar", ".ics"},
}};

}  // namespace

std::optional<MediaType> sniff(std::span<const uint8_t> data) {
    if (has_at(data, 0, "\xFF\xD8\xFF")) {
        return type(MediaKind::image, "image/jpeg", ".jpg");
    }
    if (has_at(data, 0, "\x89PNG\r\n\x1A\n")) {
        return type(MediaKind::image, "image/png", ".png");
    }
    if (has_at(data, 0, "GIF87a") || has_at(data, 0, "GIF89a")) {
        return type(MediaKind::image, "image/gif", ".gif");
    }
    if (is_bmp(data)) {
        return type(MediaKind::image, "image/bmp", ".bmp");
    }
    if (has_at(data, 0, "RIFF") && has_at(data, 8, "WEBP")) {
        return type(MediaKind::image, "image/webp", ".webp");
    }
    if (has_at(data, 0, "RIFF") && has_at(data, 8, "WAVE")) {
        return type(MediaKind::audio, "audio/wav", ".wav");
    }
    // RFC 4867 section 5: the storage format's magic numbers.
    if (has_at(data, 0, "#!AMR\n")) {
        return type(MediaKind::audio, "audio/amr", ".amr");
    }
    if (has_at(data, 0, "#!AMR-WB\n")) {
        return type(MediaKind::audio, "audio/amr-wb", ".awb");
    }
    if (has_at(data, 0, "OggS")) {
        return type(MediaKind::audio, "audio/ogg", ".ogg");
    }
    if (has_at(data, 0, "MThd")) {
        return type(MediaKind::audio, "audio/midi", ".mid");
    }
    // An ID3 tag may also precede ADTS frames; when the frame after the tag is in view it decides.
    if (has_at(data, 0, "ID3")) {
        if (is_adts(data, id3_size(data))) {
            return type(MediaKind::audio, "audio/aac", ".aac");
        }
        return type(MediaKind::audio, "audio/mpeg", ".mp3");
    }
    if (is_adts(data, 0)) {
        return type(MediaKind::audio, "audio/aac", ".aac");
    }
    if (is_mpeg_audio(data, 0)) {
        return type(MediaKind::audio, "audio/mpeg", ".mp3");
    }
    if (has_at(data, 4, "ftyp") && data.size() >= 12) {
        return iso_media(data);
    }
    const size_t text = has_at(data, 0, "\xEF\xBB\xBF") ? 3 : 0;
    if (has_at_icase(data, text, "BEGIN:VCARD")) {
        return type(MediaKind::other, "text/x-vcard", ".vcf");
    }
    if (has_at_icase(data, text, "BEGIN:VCALENDAR")) {
        return type(MediaKind::other, "text/x-vcalendar", ".vcs");
    }
    return std::nullopt;
}

MediaType from_extension(std::string_view file_name) {
    const size_t slash = file_name.find_last_of("/\\");
    const std::string_view base =
        slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
    const size_t dot = base.rfind('.');
    if (dot == std::string_view::npos) {
        return type(MediaKind::other, "application/octet-stream", "");
    }
    const std::string_view extension = base.substr(dot);
    for (const Known& k : known_extensions) {
        if (equal_ci(k.extension, extension)) {
            return type(k.kind, k.mime, k.usual);
        }
    }
    std::string own(extension);
    for (char& c : own) {
        c = ascii_lower(c);
    }
    return MediaType{MediaKind::other, "application/octet-stream", std::move(own)};
}

MediaKind kind_of(std::string_view mime) {
    mime = mime.substr(0, mime.find(';'));
    const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
    while (!mime.empty() && is_space(mime.front())) {
        mime.remove_prefix(1);
    }
    while (!mime.empty() && is_space(mime.back())) {
        mime.remove_suffix(1);
    }
    const auto starts = [&](std::string_view prefix) {
        return mime.size() > prefix.size() && equal_ci(mime.substr(0, prefix.size()), prefix);
    };
    if (starts("image/")) {
        return MediaKind::image;
    }
    if (starts("video/")) {
        return MediaKind::video;
    }
    if (starts("audio/")) {
        return MediaKind::audio;
    }
    if (equal_ci(mime, "text/plain")) {
        return MediaKind::text;
    }
    return MediaKind::other;
}

}  // namespace msgforge::oms
