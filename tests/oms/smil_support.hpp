// What the SMIL tests share: parsing from text, and a readable form of slides to compare.
#pragma once

#include <msgforge/oms/smil.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::test {

inline std::vector<uint8_t> bytes(std::string_view s) {
    return {s.begin(), s.end()};
}

inline oms::SmilDocument parse(std::string_view s) {
    const std::vector<uint8_t> b = bytes(s);
    return oms::parse_smil(b);
}

inline const char* kind_name(oms::MediaKind kind) {
    switch (kind) {
        case oms::MediaKind::text:
            return "text";
        case oms::MediaKind::image:
            return "image";
        case oms::MediaKind::video:
            return "video";
        case oms::MediaKind::audio:
            return "audio";
        default:
            return "other";
    }
}

// A readable form of slides, so that a mismatch shows where.
inline std::string describe(const std::vector<oms::SmilPar>& pars) {
    std::string out;
    for (const oms::SmilPar& par : pars) {
        out += "par ";
        out += par.duration_ms ? std::to_string(*par.duration_ms) : "-";
        out += ":";
        for (const oms::SmilMedia& m : par.media) {
            out += std::string(" ") + kind_name(m.kind) + "(" + m.src + " in " + m.region + ")";
        }
        out += "\n";
    }
    return out;
}

}  // namespace msgforge::test
