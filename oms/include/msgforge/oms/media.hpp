// Media types of MMS parts: what kind of part (text, image, video, audio), its MIME type and
// file extension, from its leading bytes or its file name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace msgforge::oms {

enum class MediaKind { text, image, video, audio, other };

/// A media type: what kind of part, its MIME type and the usual file extension (".jpg").
struct MediaType {
    MediaKind kind = MediaKind::other;
    std::string mime;
    std::string extension;
};

/// The media type of `data` from its leading bytes: JPEG, PNG, GIF, BMP, WebP; AMR (narrow and
/// wide band), MP3 (ID3 tag or MPEG audio frame), WAV, Ogg, MIDI, AAC (ADTS); 3GP, 3G2, MP4,
/// QuickTime (ISO base media `ftyp` brand); vCard, vCalendar. std::nullopt when none matches.
std::optional<MediaType> sniff(std::span<const uint8_t> data);

/// The media type of a file name's extension (case-insensitive), application/octet-stream with
/// kind other when unknown.
MediaType from_extension(std::string_view file_name);

/// The kind of a MIME type ("image/…" image, "video/…" video, "audio/…" audio, "text/plain"
/// text, anything else other); parameters after ';' are ignored, case-insensitive.
MediaKind kind_of(std::string_view mime);

}  // namespace msgforge::oms
