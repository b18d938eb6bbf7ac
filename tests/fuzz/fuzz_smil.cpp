// Fuzz target: read a SMIL layout from bytes. Only FormatError may escape. What was read is
// written and read back twice: writing puts each slide's media in SMIL order, so from the
// second reading on the slides must stay the same (media kinds, sources and durations).

#include <msgforge/base/error.hpp>
#include <msgforge/oms/smil.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

bool same(const msgforge::oms::SmilPar& a, const msgforge::oms::SmilPar& b) {
    if (a.duration_ms != b.duration_ms || a.media.size() != b.media.size()) {
        return false;
    }
    for (size_t i = 0; i < a.media.size(); ++i) {
        if (a.media[i].kind != b.media[i].kind || a.media[i].src != b.media[i].src) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace msgforge::oms;
    SmilDocument doc;
    try {
        doc = parse_smil(std::span<const uint8_t>(data, size));
    } catch (const msgforge::FormatError&) {
        return 0;
    }
    const auto rewrite = [](const std::vector<SmilPar>& pars) {
        const std::string text = make_smil(pars);
        return parse_smil(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()),
                                                   text.size()))
            .pars;
    };
    const std::vector<SmilPar> second = rewrite(doc.pars);
    const std::vector<SmilPar> third = rewrite(second);
    if (second.size() != third.size()) {
        __builtin_trap();
    }
    for (size_t i = 0; i < second.size(); ++i) {
        if (!same(second[i], third[i])) {
            __builtin_trap();
        }
    }
    return 0;
}
