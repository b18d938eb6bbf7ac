// The SMIL layout of an MMS (SMIL 2.0 as MMS uses it, docs/sms-mms.md): written for the slides
// of an MMS, and read back from any MMS's layout part.
#pragma once

#include <msgforge/oms/media.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace msgforge::oms {

/// A media element of a SMIL `par`: `img`, `video`, `audio`, `text` or `ref`.
struct SmilMedia {
    MediaKind kind = MediaKind::other;
    std::string src;
    std::string region;
};

/// One slide: a SMIL `par`.
struct SmilPar {
    std::vector<SmilMedia> media;
    std::optional<uint32_t> duration_ms;
};

/// The MMS SMIL document of `pars`: head/layout with a root-layout
/// and an "Image" region (only when some slide has an image or video) and a "Text" region (only
/// when some slide has text), one `par dur="…ms"` per slide, `img`/`video` in region Image,
/// `text` in region Text, `audio` and `ref` without region. UTF-8, no BOM, same input same
/// bytes; attribute values escaped by pugixml.
std::string make_smil(const std::vector<SmilPar>& pars);

/// A SMIL document as read back.
struct SmilDocument {
    std::vector<SmilPar> pars;
    /// What is wrong but does not stop reading: a `dur` that is not a clock value, a repeated
    /// region id, more than one root-layout, a media element without `src`, a region reference
    /// to no region. Each names the element and its byte offset in the document.
    std::vector<std::string> problems;
};

/// Reads a SMIL document (UTF-8 or UTF-16 with BOM). Region ids are compared without regard
/// to case; unknown elements are ignored. `dur`, `begin`-free clock values: "5000ms", "5s",
/// "5", "0:00:05", "00:05.5", "1.5min", "0.1h". Media elements inside `seq`/`par` nesting are
/// taken as found in document order, one SmilPar per top-level `par` of `body` (a body whose
/// media sit directly in it gives one slide). Throws msgforge::FormatError (structure "SMIL
/// layout", the byte offset pugixml reports) when the bytes are not well-formed XML or the
/// root element is not `smil`.
SmilDocument parse_smil(std::span<const uint8_t> bytes);

}  // namespace msgforge::oms
