// A compound file laid out by hand, sector by sector, independently of msgforge's writer, so
// reader tests know the offset of every structure and can corrupt any of them.
//
// Layout (sector numbers; v3 sectors are 512 bytes, v4 4096):
//   0      FAT
//   1      directory: 0 Root Entry, 1 storage "Store", 2 stream "Big", 3 stream "small"
//          (inside Store); the rest of the sector holds unused entries
//   2      mini FAT
//   3      mini stream (the root entry's stream): "small" in mini sectors 0 and 1
//   4..    "Big": big_size bytes in consecutive sectors
// Root's tree: Big (black) with right child Store (red). Store's tree: small.
#pragma once

#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace msgforge::test {

struct Handmade {
    cfb::Version version = cfb::Version::V3;
    uint32_t big_size = 5000;
    uint32_t small_size = 100;
    uint32_t padding_sectors = 0;  ///< extra zero sectors at the end (marked free in the FAT)

    uint32_t sector_size() const { return version == cfb::Version::V3 ? 512u : 4096u; }

    uint32_t big_sectors() const { return (big_size + sector_size() - 1) / sector_size(); }

    uint32_t sector_count() const { return 4 + big_sectors() + padding_sectors; }

    /// File offset of sector n.
    size_t sector_offset(uint32_t n) const { return (size_t{n} + 1) * sector_size(); }

    /// File offset of FAT entry n (the FAT is sector 0).
    size_t fat_entry(uint32_t n) const { return sector_offset(0) + 4 * size_t{n}; }

    /// File offset of directory entry n (the directory is sector 1).
    size_t dir_entry(uint32_t n) const { return sector_offset(1) + 128 * size_t{n}; }

    /// File offset of mini FAT entry n (the mini FAT is sector 2).
    size_t mini_fat_entry(uint32_t n) const { return sector_offset(2) + 4 * size_t{n}; }

    /// Byte i of "Big" and of "small" (so tests can check contents).
    static uint8_t big_byte(size_t i) { return static_cast<uint8_t>((i * 7 + i / 256) & 0xFF); }

    static uint8_t small_byte(size_t i) { return static_cast<uint8_t>(0xA0 ^ i); }

    std::vector<uint8_t> build() const {
        const uint32_t ss = sector_size();
        std::vector<uint8_t> f(sector_offset(sector_count()), 0);
        // Header (MS-CFB 2.2).
        const uint8_t sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
        patch(f, 0, sig);
        patch_u16(f, 0x18, 0x003E);
        patch_u16(f, 0x1A, static_cast<uint16_t>(version));
        patch_u16(f, 0x1C, 0xFFFE);
        patch_u16(f, 0x1E, version == cfb::Version::V3 ? 9 : 12);
        patch_u16(f, 0x20, 6);
        patch_u32(f, 0x28, version == cfb::Version::V3 ? 0 : 1);
        patch_u32(f, 0x2C, 1);
        patch_u32(f, 0x30, 1);
        patch_u32(f, 0x38, 4096);
        patch_u32(f, 0x3C, 2);
        patch_u32(f, 0x40, 1);
        patch_u32(f, 0x44, cfb::ENDOFCHAIN);
        patch_u32(f, 0x48, 0);
        patch_u32(f, 0x4C, 0);
        for (uint32_t i = 1; i < 109; ++i) {
            patch_u32(f, 0x4C + 4 * i, cfb::FREESECT);
        }
        // FAT.
        for (uint32_t i = 0; i < ss / 4; ++i) {
            patch_u32(f, fat_entry(i), cfb::FREESECT);
        }
        patch_u32(f, fat_entry(0), cfb::FATSECT);
        patch_u32(f, fat_entry(1), cfb::ENDOFCHAIN);
        patch_u32(f, fat_entry(2), cfb::ENDOFCHAIN);
        patch_u32(f, fat_entry(3), cfb::ENDOFCHAIN);
        for (uint32_t i = 0; i < big_sectors(); ++i) {
            patch_u32(f, fat_entry(4 + i), i + 1 < big_sectors() ? 5 + i : cfb::ENDOFCHAIN);
        }
        // Directory.
        for (uint32_t i = 0; i < ss / 128; ++i) {
            patch_u32(f, dir_entry(i) + 0x44, cfb::NOSTREAM);
            patch_u32(f, dir_entry(i) + 0x48, cfb::NOSTREAM);
            patch_u32(f, dir_entry(i) + 0x4C, cfb::NOSTREAM);
        }
        const uint32_t mini_sectors = (small_size + 63) / 64;
        entry(f, 0, u"Root Entry", 5, 1, cfb::NOSTREAM, cfb::NOSTREAM, 2, 3, mini_sectors * 64);
        entry(f, 1, u"Store", 1, 0, cfb::NOSTREAM, cfb::NOSTREAM, 3, 0, 0);
        entry(f, 2, u"Big", 2, 1, cfb::NOSTREAM, 1, cfb::NOSTREAM, 4, big_size);
        entry(f, 3, u"small", 2, 1, cfb::NOSTREAM, cfb::NOSTREAM, cfb::NOSTREAM, 0, small_size);
        // Store carries a CLSID, state bits and times.
        for (uint8_t i = 0; i < 16; ++i) {
            f[dir_entry(1) + 0x50 + i] = static_cast<uint8_t>(i + 1);
        }
        patch_u32(f, dir_entry(1) + 0x60, 0x12345678);
        patch_u64(f, dir_entry(1) + 0x64, 0x01D0000000000000ull);
        patch_u64(f, dir_entry(1) + 0x6C, 0x01D0000000000001ull);
        // Mini FAT.
        for (uint32_t i = 0; i < ss / 4; ++i) {
            patch_u32(f, mini_fat_entry(i), cfb::FREESECT);
        }
        for (uint32_t i = 0; i < mini_sectors; ++i) {
            patch_u32(f, mini_fat_entry(i), i + 1 < mini_sectors ? i + 1 : cfb::ENDOFCHAIN);
        }
        // Contents.
        for (size_t i = 0; i < small_size; ++i) {
            f[sector_offset(3) + i] = small_byte(i);
        }
        for (size_t i = 0; i < big_size; ++i) {
            f[sector_offset(4) + i] = big_byte(i);
        }
        return f;
    }

    void entry(std::vector<uint8_t>& f, uint32_t n, std::u16string name, uint8_t type,
               uint8_t color, uint32_t left, uint32_t right, uint32_t child, uint32_t start,
               uint64_t size) const {
        const size_t at = dir_entry(n);
        for (size_t i = 0; i < name.size(); ++i) {
            patch_u16(f, at + 2 * i, static_cast<uint16_t>(name[i]));
        }
        patch_u16(f, at + 0x40, static_cast<uint16_t>(2 * (name.size() + 1)));
        f[at + 0x42] = type;
        f[at + 0x43] = color;
        patch_u32(f, at + 0x44, left);
        patch_u32(f, at + 0x48, right);
        patch_u32(f, at + 0x4C, child);
        patch_u32(f, at + 0x74, start);
        patch_u64(f, at + 0x78, size);
    }
};

}  // namespace msgforge::test
