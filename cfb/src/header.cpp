#include "header.hpp"

#include "read_context.hpp"

#include <algorithm>
#include <string>

namespace msgforge::cfb::detail {

namespace hf = header_field;

Header Header::parse(std::span<const uint8_t, HEADER_SIZE> bytes) {
    Header h;
    h.clsid = Guid::from_bytes(bytes.subspan<hf::CLSID.offset, hf::CLSID.size>());
    h.minor_version = hf::MINOR_VERSION.load(bytes);
    h.major_version = hf::MAJOR_VERSION.load(bytes);
    h.byte_order = hf::BYTE_ORDER_MARK.load(bytes);
    h.sector_shift = hf::SECTOR_SHIFT.load(bytes);
    h.mini_sector_shift = hf::MINI_SECTOR_SHIFT.load(bytes);
    h.directory_sectors = hf::DIRECTORY_SECTORS.load(bytes);
    h.fat_sectors = hf::FAT_SECTORS.load(bytes);
    h.first_directory_sector = hf::FIRST_DIRECTORY_SECTOR.load(bytes);
    h.transaction_signature = hf::TRANSACTION_SIGNATURE.load(bytes);
    h.mini_stream_cutoff = hf::MINI_STREAM_CUTOFF.load(bytes);
    h.first_mini_fat_sector = hf::FIRST_MINI_FAT_SECTOR.load(bytes);
    h.mini_fat_sectors = hf::MINI_FAT_SECTORS.load(bytes);
    h.first_difat_sector = hf::FIRST_DIFAT_SECTOR.load(bytes);
    h.difat_sectors = hf::DIFAT_SECTORS.load(bytes);
    for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES; ++i) {
        h.difat[i] = load_u32(&bytes[header_difat_offset(i)]);
    }
    return h;
}

std::array<uint8_t, HEADER_SIZE> Header::serialize() const {
    std::array<uint8_t, HEADER_SIZE> b{};
    std::copy(std::begin(SIGNATURE), std::end(SIGNATURE), b.begin() + hf::SIGNATURE.offset);
    std::copy(clsid.bytes.begin(), clsid.bytes.end(), b.begin() + hf::CLSID.offset);
    hf::MINOR_VERSION.store(b, minor_version);
    hf::MAJOR_VERSION.store(b, major_version);
    hf::BYTE_ORDER_MARK.store(b, byte_order);
    hf::SECTOR_SHIFT.store(b, sector_shift);
    hf::MINI_SECTOR_SHIFT.store(b, mini_sector_shift);
    hf::DIRECTORY_SECTORS.store(b, directory_sectors);
    hf::FAT_SECTORS.store(b, fat_sectors);
    hf::FIRST_DIRECTORY_SECTOR.store(b, first_directory_sector);
    hf::TRANSACTION_SIGNATURE.store(b, transaction_signature);
    hf::MINI_STREAM_CUTOFF.store(b, mini_stream_cutoff);
    hf::FIRST_MINI_FAT_SECTOR.store(b, first_mini_fat_sector);
    hf::MINI_FAT_SECTORS.store(b, mini_fat_sectors);
    hf::FIRST_DIFAT_SECTOR.store(b, first_difat_sector);
    hf::DIFAT_SECTORS.store(b, difat_sectors);
    for (uint32_t i = 0; i < HEADER_DIFAT_ENTRIES; ++i) {
        store_u32(&b[header_difat_offset(i)], difat[i]);
    }
    return b;
}

Header read_header(std::span<const uint8_t> file, ReadContext& context) {
    if (file.size() < sizeof SIGNATURE
        || !std::equal(std::begin(SIGNATURE), std::end(SIGNATURE), file.begin())) {
        context.fail("header", hf::SIGNATURE.offset, "bad signature: not a compound file");
    }
    if (file.size() < HEADER_SIZE) {
        context.fail("header", 0,
                     "file is " + std::to_string(file.size())
                         + " bytes, shorter than the 512-byte compound file header");
    }
    const Header h = Header::parse(file.first<HEADER_SIZE>());
    const uint16_t major = h.major_version;
    if (major != 3 && major != 4) {
        context.fail("header", hf::MAJOR_VERSION.offset,
                     "major version " + std::to_string(major) + " (expected 3 or 4)");
    }
    if (h.byte_order != 0xFFFE) {
        context.fail("header", hf::BYTE_ORDER_MARK.offset,
                     "byte order mark " + hex(h.byte_order) + " (expected 0xFFFE)");
    }
    const uint16_t shift = h.sector_shift;
    if (shift != 9 && shift != 12) {
        context.fail("header", hf::SECTOR_SHIFT.offset,
                     "sector shift " + std::to_string(shift) + " (expected 9 or 12)");
    }
    if ((major == 3) != (shift == 9)) {
        context.warn("header", hf::SECTOR_SHIFT.offset,
                     "major version " + std::to_string(major) + " with "
                         + std::to_string(1u << shift) + "-byte sectors");
    }
    if (h.mini_sector_shift != 6) {
        context.fail("header", hf::MINI_SECTOR_SHIFT.offset,
                     "mini sector shift " + std::to_string(h.mini_sector_shift) + " (expected 6)");
    }
    if (h.transaction_signature != 0) {
        context.warn("header", hf::TRANSACTION_SIGNATURE.offset,
                     "non-zero transaction signature (ignored)");
    }
    if (major == 3 && h.directory_sectors != 0) {
        context.warn("header", hf::DIRECTORY_SECTORS.offset,
                     "version 3 file with a non-zero number of directory sectors (ignored)");
    }
    if (h.mini_stream_cutoff != MINI_STREAM_CUTOFF) {
        context.warn(
            "header", hf::MINI_STREAM_CUTOFF.offset,
            "mini stream cutoff " + std::to_string(h.mini_stream_cutoff) + " (expected 4096)");
    }
    return h;
}

}  // namespace msgforge::cfb::detail
