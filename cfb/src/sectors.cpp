#include "sectors.hpp"

#include "header.hpp"
#include "read_context.hpp"

#include <algorithm>

namespace msgforge::cfb::detail {

std::string describe_sector_value(uint32_t v) {
    switch (v) {
        case FREESECT:
            return "FREESECT";
        case ENDOFCHAIN:
            return "ENDOFCHAIN";
        case FATSECT:
            return "FATSECT";
        case DIFSECT:
            return "DIFSECT";
        case 0xFFFFFFFB:
            return "reserved value 0xFFFFFFFB";
        default:
            return "sector " + std::to_string(v);
    }
}

Blob Sectors::gather(const Runs& runs, uint64_t length) const {
    if (length == 0) {
        return Blob::owned({});
    }
    if (runs.size() == 1) {
        const uint64_t off = offset(runs[0].first);
        if (off + length <= file.size()) {
            return view(file.subspan(static_cast<size_t>(off), static_cast<size_t>(length)));
        }
    }
    std::vector<uint8_t> out(static_cast<size_t>(length), 0);
    uint64_t pos = 0;
    for (const Run& r : runs) {
        for (uint32_t i = 0; i < r.count && pos < length; ++i) {
            const auto sector = bytes(r.first + i);
            const auto n = static_cast<size_t>(std::min<uint64_t>(sector.size(), length - pos));
            std::copy_n(sector.begin(), n, out.begin() + static_cast<ptrdiff_t>(pos));
            pos += size;
        }
    }
    return Blob::owned(std::move(out));
}

Sectors read_sectors(std::shared_ptr<const void> owner, std::span<const uint8_t> file,
                     const Header& header, ReadContext& context) {
    Sectors s;
    s.owner = std::move(owner);
    s.file = file;
    s.shift = header.sector_shift;
    s.size = 1u << s.shift;
    if (file.size() < s.size) {
        context.fail("header", 0,
                     "file is " + std::to_string(file.size()) + " bytes, shorter than its "
                         + std::to_string(s.size) + "-byte header sector");
    }
    const uint64_t body = file.size() - s.size;
    const uint64_t sectors = (body + s.size - 1) / s.size;
    if (sectors > MAXREGSECT) {
        context.fail("header", 0, "file has more sectors than MS-CFB can address");
    }
    s.count = static_cast<uint32_t>(sectors);
    if (body % s.size != 0) {
        context.warn("file", file.size(),
                     "file size " + std::to_string(file.size()) + " is not a whole number of "
                         + std::to_string(s.size)
                         + "-byte sectors; the last sector is read as zero-filled");
    }
    return s;
}

}  // namespace msgforge::cfb::detail
