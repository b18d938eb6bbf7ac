// Media types (oms/src/sniff.cpp): magic numbers of every supported format, the near misses
// between MPEG audio, AAC and JPEG, truncated input, file extensions and MIME kinds.

#include <msgforge/oms/media.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace msgforge::oms {
namespace {

std::vector<uint8_t> bytes(std::string_view s) {
    return {s.begin(), s.end()};
}

std::optional<MediaType> sniff_text(std::string_view s) {
    const std::vector<uint8_t> b = bytes(s);
    return sniff(b);
}

struct Sample {
    std::string_view name;
    std::string_view data;
    // Every prefix shorter than this matches nothing.
    size_t needed;
    MediaKind kind;
    std::string_view mime;
    std::string_view extension;
};

using std::string_view_literals::operator""sv;

const std::vector<Sample> samples = {
    {"JPEG", "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"sv, 3, MediaKind::image, "image/jpeg", ".jpg"},
    {"PNG", "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"sv, 8, MediaKind::image, "image/png", ".png"},
    {"GIF87a", "GIF87a\x10\x00"sv, 6, MediaKind::image, "image/gif", ".gif"},
    {"GIF89a", "GIF89a\x10\x00"sv, 6, MediaKind::image, "image/gif", ".gif"},
    {"BMP", "BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"sv, 18,
     MediaKind::image, "image/bmp", ".bmp"},
    {"WebP", "RIFF\x24\x00\x00\x00WEBPVP8 "sv, 12, MediaKind::image, "image/webp", ".webp"},
    {"AMR", "#!AMR\n\x3C"sv, 6, MediaKind::audio, "audio/amr", ".amr"},
    {"AMR-WB", "#!AMR-WB\n\x04"sv, 9, MediaKind::audio, "audio/amr-wb", ".awb"},
    {"MP3 with ID3", "ID3\x04\x00\x00\x00\x00\x00\x00\xFF\xFB\x90\x64"sv, 3, MediaKind::audio,
     "audio/mpeg", ".mp3"},
    {"MP3 frame", "\xFF\xFB\x90\x64\x00"sv, 3, MediaKind::audio, "audio/mpeg", ".mp3"},
    {"MPEG-2 layer II frame", "\xFF\xF4\x84\x00"sv, 3, MediaKind::audio, "audio/mpeg", ".mp3"},
    {"AAC ADTS", "\xFF\xF1\x50\x80\x02\x1F\xFC"sv, 3, MediaKind::audio, "audio/aac", ".aac"},
    {"AAC ADTS MPEG-2", "\xFF\xF9\x50\x80\x02\x1F\xFC"sv, 3, MediaKind::audio, "audio/aac", ".aac"},
    {"AAC ADTS with CRC", "\xFF\xF0\x50\x80"sv, 3, MediaKind::audio, "audio/aac", ".aac"},
    {"AAC after ID3",
     "ID3\x03\x00\x00\x00\x00\x00\x02"
     "ab\xFF\xF1\x50\x80"sv,
     3, MediaKind::audio, "audio/aac", ".aac"},
    {"WAV", "RIFF\x24\x08\x00\x00WAVEfmt "sv, 12, MediaKind::audio, "audio/wav", ".wav"},
    {"Ogg", "OggS\x00\x02"sv, 4, MediaKind::audio, "audio/ogg", ".ogg"},
    {"MIDI", "MThd\x00\x00\x00\x06"sv, 4, MediaKind::audio, "audio/midi", ".mid"},
    {"3GP",
     "\x00\x00\x00\x18"
     "ftyp3gp4\x00\x00\x02\x00"sv,
     12, MediaKind::video, "video/3gpp", ".3gp"},
    {"3G2",
     "\x00\x00\x00\x18"
     "ftyp3g2a\x00\x00\x00\x00"sv,
     12, MediaKind::video, "video/3gpp2", ".3g2"},
    {"QuickTime",
     "\x00\x00\x00\x14"
     "ftypqt  \x20\x05\x03\x00"sv,
     12, MediaKind::video, "video/quicktime", ".mov"},
    {"M4A",
     "\x00\x00\x00\x20"
     "ftypM4A \x00\x00\x02\x00"sv,
     12, MediaKind::audio, "audio/mp4", ".m4a"},
    {"MP4 isom",
     "\x00\x00\x00\x20"
     "ftypisom\x00\x00\x02\x00"sv,
     12, MediaKind::video, "video/mp4", ".mp4"},
    {"MP4 mp42",
     "\x00\x00\x00\x1C"
     "ftypmp42"sv,
     12, MediaKind::video, "video/mp4", ".mp4"},
    {"HEIC",
     "\x00\x00\x00\x18"
     "ftypheic\x00\x00\x00\x00"sv,
     12, MediaKind::image, "image/heic", ".heic"},
    {"vCard", "BEGIN:VCARD\r\nVERSION:2.1\r\n"sv, 11, MediaKind::other, "text/x-vcard", ".vcf"},
    {"vCard after a BOM, lower case",
     "\xEF\xBB\xBF"
     "begin:vcard\r\n"sv,
     14, MediaKind::other, "text/x-vcard", ".vcf"},
    {"vCalendar", "BEGIN:VCALENDAR\r\nVERSION:1.0\r\n"sv, 15, MediaKind::other, "text/x-vcalendar",
     ".vcs"},
    {"vCalendar mixed case after a BOM",
     "\xEF\xBB\xBF"
     "Begin:vCalendar"sv,
     18, MediaKind::other, "text/x-vcalendar", ".vcs"},
};

TEST_CASE("Every supported format is sniffed from its leading bytes", "[oms][sniff]") {
    for (const Sample& s : samples) {
        INFO(s.name);
        const auto type = sniff_text(s.data);
        REQUIRE(type);
        CHECK(type->kind == s.kind);
        CHECK(type->mime == s.mime);
        CHECK(type->extension == s.extension);
    }
}

TEST_CASE("Truncated magic numbers match nothing and are never read past", "[oms][sniff]") {
    for (const Sample& s : samples) {
        for (size_t n = 0; n < s.needed; ++n) {
            INFO(s.name << ", first " << n << " bytes");
            // An exact-size heap copy, so that a read past the end shows under ASan.
            const std::vector<uint8_t> prefix(s.data.begin(),
                                              s.data.begin() + static_cast<ptrdiff_t>(n));
            CHECK_FALSE(sniff(prefix));
        }
    }
}

TEST_CASE("JPEG, AAC and broken frame headers are not taken for MP3", "[oms][sniff]") {
    SECTION("JPEG's FF D8 FF is an image whatever follows") {
        CHECK(sniff_text("\xFF\xD8\xFF\xFB\x90\x64"sv)->mime == "image/jpeg");
    }
    SECTION("FF D8 without the third FF is nothing") {
        CHECK_FALSE(sniff_text("\xFF\xD8\x00\x00"sv));
    }
    SECTION("ADTS layer bits 00 mean AAC, not MPEG audio") {
        CHECK(sniff_text("\xFF\xF1\x50\x80"sv)->mime == "audio/aac");
    }
    SECTION("ADTS with a reserved sampling frequency index is nothing") {
        CHECK_FALSE(sniff_text("\xFF\xF1\x3C\x80"sv));
    }
    SECTION("an 11-bit sync with layer bits 00 is nothing") {
        CHECK_FALSE(sniff_text("\xFF\xE0\x90\x00"sv));
    }
    SECTION("the reserved MPEG version 01 is nothing") {
        CHECK_FALSE(sniff_text("\xFF\xEB\x90\x00"sv));
    }
    SECTION("bit rate index 1111 is nothing") {
        CHECK_FALSE(sniff_text("\xFF\xFB\xF0\x00"sv));
    }
    SECTION("sampling rate index 11 is nothing") {
        CHECK_FALSE(sniff_text("\xFF\xFB\x9C\x00"sv));
    }
    SECTION("an ID3 tag whose end is out of view is MP3") {
        CHECK(sniff_text("ID3\x04\x00\x00\x00\x00\x7F\x7F"sv)->mime == "audio/mpeg");
    }
    SECTION("an ID3 tag with a footer is skipped with the footer") {
        // Size 2 plus header and footer: the frame is at 22.
        std::string tag("ID3\x04\x00\x10\x00\x00\x00\x02", 10);
        tag += std::string(12, '\0');
        CHECK(sniff_text(tag + "\xFF\xF1\x50\x80")->mime == "audio/aac");
        CHECK(sniff_text(tag + "\xFF\xFB\x90\x64")->mime == "audio/mpeg");
    }
}

TEST_CASE("Text and near misses are not media", "[oms][sniff]") {
    CHECK_FALSE(sniff({}));
    CHECK_FALSE(sniff_text("Hello"));
    CHECK_FALSE(sniff_text("BMW is a car, not a bitmap"));
    CHECK_FALSE(sniff_text("BM\x46\x00\x00\x00\x01\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"sv));
    CHECK_FALSE(sniff_text("BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x29\x00\x00\x00"sv));
    CHECK_FALSE(
        sniff_text("RIFF\x24\x00\x00\x00"
                   "AVI LIST"sv));
    CHECK_FALSE(sniff_text("#!AMR-MC\n"));
    CHECK_FALSE(sniff_text("GIF90a"));
    CHECK_FALSE(sniff_text("\x00\x00\x00\x18moov\x00\x00\x00\x00"sv));
    CHECK_FALSE(sniff_text(" BEGIN:VCARD"));
    CHECK_FALSE(sniff_text("BEGIN:VEVENT"));
    CHECK_FALSE(sniff_text("\xEF\xBB\xBF"sv));
}

TEST_CASE("File extensions give the usual media types, case-insensitively", "[oms][sniff]") {
    struct Case {
        std::string_view name;
        MediaKind kind;
        std::string_view mime;
        std::string_view extension;
    };

    const std::vector<Case> cases = {
        {"1.txt", MediaKind::text, "text/plain", ".txt"},
        {"MMS.smil", MediaKind::other, "application/smil", ".smil"},
        {"photo.jpg", MediaKind::image, "image/jpeg", ".jpg"},
        {"PHOTO.JPEG", MediaKind::image, "image/jpeg", ".jpg"},
        {"old.jpe", MediaKind::image, "image/jpeg", ".jpg"},
        {"a.png", MediaKind::image, "image/png", ".png"},
        {"a.gif", MediaKind::image, "image/gif", ".gif"},
        {"a.bmp", MediaKind::image, "image/bmp", ".bmp"},
        {"a.webp", MediaKind::image, "image/webp", ".webp"},
        {"IMG_0001.HEIC", MediaKind::image, "image/heic", ".heic"},
        {"clip.mp4", MediaKind::video, "video/mp4", ".mp4"},
        {"clip.m4v", MediaKind::video, "video/mp4", ".mp4"},
        {"clip.3gp", MediaKind::video, "video/3gpp", ".3gp"},
        {"clip.3g2", MediaKind::video, "video/3gpp2", ".3g2"},
        {"clip.MOV", MediaKind::video, "video/quicktime", ".mov"},
        {"voice.amr", MediaKind::audio, "audio/amr", ".amr"},
        {"voice.awb", MediaKind::audio, "audio/amr-wb", ".awb"},
        {"song.mp3", MediaKind::audio, "audio/mpeg", ".mp3"},
        {"song.m4a", MediaKind::audio, "audio/mp4", ".m4a"},
        {"song.aac", MediaKind::audio, "audio/aac", ".aac"},
        {"song.wav", MediaKind::audio, "audio/wav", ".wav"},
        {"song.ogg", MediaKind::audio, "audio/ogg", ".ogg"},
        {"ring.mid", MediaKind::audio, "audio/midi", ".mid"},
        {"ring.midi", MediaKind::audio, "audio/midi", ".mid"},
        {"card.vcf", MediaKind::other, "text/x-vcard", ".vcf"},
        {"event.vcs", MediaKind::other, "text/x-vcalendar", ".vcs"},
        {"event.ics", MediaKind::other, "text/calendar", ".ics"},
        {"C:\\Users\\me\\photo.Jpg", MediaKind::image, "image/jpeg", ".jpg"},
        {"dir.png/notes", MediaKind::other, "application/octet-stream", ""},
        {"README", MediaKind::other, "application/octet-stream", ""},
        {"", MediaKind::other, "application/octet-stream", ""},
        {"archive.tar.GZ", MediaKind::other, "application/octet-stream", ".gz"},
        {"trailing.", MediaKind::other, "application/octet-stream", "."},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const MediaType type = from_extension(c.name);
        CHECK(type.kind == c.kind);
        CHECK(type.mime == c.mime);
        CHECK(type.extension == c.extension);
    }
}

TEST_CASE("MIME types give their kind, parameters and case aside", "[oms][sniff]") {
    CHECK(kind_of("image/jpeg") == MediaKind::image);
    CHECK(kind_of("IMAGE/PNG") == MediaKind::image);
    CHECK(kind_of("video/3gpp; codecs=\"s263\"") == MediaKind::video);
    CHECK(kind_of("Audio/AMR") == MediaKind::audio);
    CHECK(kind_of("text/plain") == MediaKind::text);
    CHECK(kind_of("Text/Plain; charset=utf-8") == MediaKind::text);
    CHECK(kind_of(" text/plain ;charset=utf-16") == MediaKind::text);
    CHECK(kind_of("text/html") == MediaKind::other);
    CHECK(kind_of("text/plainer") == MediaKind::other);
    CHECK(kind_of("text/x-vcard") == MediaKind::other);
    CHECK(kind_of("application/smil") == MediaKind::other);
    CHECK(kind_of("image") == MediaKind::other);
    CHECK(kind_of("image/") == MediaKind::other);
    CHECK(kind_of("") == MediaKind::other);
    CHECK(kind_of(";image/png") == MediaKind::other);
}

TEST_CASE("Sniffed types agree with their extension and their MIME kind", "[oms][sniff]") {
    for (const Sample& s : samples) {
        INFO(s.name);
        const auto type = sniff_text(s.data);
        REQUIRE(type);
        const MediaType by_name = from_extension("part" + type->extension);
        CHECK(by_name.mime == type->mime);
        CHECK(by_name.kind == type->kind);
        CHECK(by_name.extension == type->extension);
        CHECK(kind_of(type->mime) == type->kind);
    }
}

}  // namespace
}  // namespace msgforge::oms
