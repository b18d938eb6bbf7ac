#include "fat.hpp"

#include "header.hpp"
#include "read_context.hpp"
#include "sectors.hpp"

#include <msgforge/base/bytes.hpp>

#include <algorithm>

namespace msgforge::cfb::detail {

namespace {

namespace hf = header_field;

// The FAT sector numbers and the file offset of each (for errors), and the DIFAT sectors
// read to find them.
struct FatSectorList {
    std::vector<uint32_t> sectors;
    std::vector<uint64_t> at;
    uint32_t difat_sectors = 0;
};

// Collects the FAT sector numbers from the header's DIFAT array, then the DIFAT chain.
FatSectorList list_fat_sectors(const Header& header, const Sectors& sectors, ReadContext& context,
                               StepCounter& steps) {
    const uint32_t fat_sectors = header.fat_sectors;
    FatSectorList list;
    list.sectors.reserve(fat_sectors);
    list.at.reserve(fat_sectors);
    for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES && list.sectors.size() < fat_sectors; ++i) {
        list.sectors.push_back(header.difat[i]);
        list.at.push_back(header_difat_offset(i));
    }
    const uint32_t per_difat = sectors.size / 4 - 1;
    uint32_t difat = header.first_difat_sector;
    uint64_t difat_at = hf::FIRST_DIFAT_SECTOR.offset;  // the field that holds `difat`
    std::vector<bool> seen(sectors.count, false);
    while (list.sectors.size() < fat_sectors) {
        steps.step();
        if (difat == ENDOFCHAIN || difat == FREESECT) {
            context.fail("DIFAT", difat_at,
                         "lists " + std::to_string(list.sectors.size())
                             + " FAT sectors, the header " + "claims "
                             + std::to_string(fat_sectors));
        }
        if (difat >= sectors.count) {
            context.fail("DIFAT chain", difat_at,
                         "DIFAT sector #" + std::to_string(list.difat_sectors) + " is "
                             + describe_sector_value(difat) + ", beyond the "
                             + std::to_string(sectors.count) + " sectors of the file");
        }
        if (seen[difat]) {
            context.fail("DIFAT chain", sectors.offset(difat),
                         "loop: DIFAT sector " + std::to_string(difat) + " is reached twice");
        }
        seen[difat] = true;
        const auto bytes = sectors.bytes(difat);
        if (bytes.size() < sectors.size) {
            context.fail("DIFAT chain", sectors.offset(difat),
                         "DIFAT sector is cut off by the end of the file");
        }
        for (uint32_t i = 0; i < per_difat && list.sectors.size() < fat_sectors; ++i) {
            list.sectors.push_back(load_u32(&bytes[4 * i]));
            list.at.push_back(sectors.offset(difat) + 4 * i);
        }
        difat_at = sectors.offset(difat) + 4 * per_difat;
        difat = load_u32(&bytes[4 * per_difat]);
        ++list.difat_sectors;
    }
    return list;
}

}  // namespace

AllocationTable read_fat(const Header& header, const Sectors& sectors, ReadContext& context) {
    const uint32_t fat_sectors = header.fat_sectors;
    if (fat_sectors > sectors.count) {
        context.fail("header", hf::FAT_SECTORS.offset,
                     "claims " + std::to_string(fat_sectors) + " FAT sectors, the file has only "
                         + std::to_string(sectors.count) + " sectors");
    }
    StepCounter steps(context);
    const FatSectorList list = list_fat_sectors(header, sectors, context, steps);
    if (header.difat_sectors != list.difat_sectors) {
        context.warn("header", hf::DIFAT_SECTORS.offset,
                     "claims " + std::to_string(header.difat_sectors) + " DIFAT sectors, "
                         + std::to_string(list.difat_sectors) + " are needed for the FAT sectors");
    }
    AllocationTable fat;
    const uint32_t per_fat = sectors.size / 4;
    fat.next.reserve(static_cast<size_t>(fat_sectors) * per_fat);
    std::vector<bool> seen(sectors.count, false);
    for (uint32_t i = 0; i < list.sectors.size(); ++i) {
        steps.step();
        const uint32_t s = list.sectors[i];
        if (s >= sectors.count) {
            context.fail("DIFAT", list.at[i],
                         "FAT sector #" + std::to_string(i) + " is " + describe_sector_value(s)
                             + ", beyond the " + std::to_string(sectors.count)
                             + " sectors of the file");
        }
        if (seen[s]) {
            context.fail("DIFAT", sectors.offset(s),
                         "sector " + std::to_string(s) + " is listed twice as a FAT sector");
        }
        seen[s] = true;
        const auto bytes = sectors.bytes(s);
        for (uint32_t k = 0; k < per_fat; ++k) {
            fat.next.push_back(4 * k + 4 <= bytes.size() ? load_u32(&bytes[4 * k]) : FREESECT);
        }
    }
    const uint64_t covered = sectors.size + static_cast<uint64_t>(fat.next.size()) * sectors.size;
    if (sectors.file.size() > covered) {
        context.warn("file", covered,
                     std::to_string(sectors.file.size() - covered)
                         + " trailing bytes after the last sector the FAT covers (ignored)");
    }
    fat.shared = has_shared_successor(fat.next, sectors.count);
    return fat;
}

}  // namespace msgforge::cfb::detail
