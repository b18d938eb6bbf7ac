// An independent reading of a file the writer made, for the writer's tests: the header, FAT,
// DIFAT, directory, mini FAT and every stream, parsed by offset as MS-CFB gives them and not
// through msgforge's own descriptions, REQUIRing what MS-CFB 10 asks of writers.
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/cfb/types.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::test {

inline std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
    std::vector<uint8_t> out(size);
    for (size_t i = 0; i < size; ++i) {
        out[i] = static_cast<uint8_t>((i * 31 + seed) % 251);
    }
    return out;
}

struct RawEntry {
    std::u16string name;
    uint8_t type = 0;
    uint8_t color = 0;
    uint32_t left = 0;
    uint32_t right = 0;
    uint32_t child = 0;
    std::vector<uint8_t> clsid;
    uint32_t state_bits = 0;
    uint64_t created = 0;
    uint64_t modified = 0;
    uint32_t start = 0;
    uint64_t size = 0;
};

/// An independent reading of a written file that REQUIREs what MS-CFB §10 asks of writers:
/// the header fields, a FAT that covers every sector (cfb::FREESECT past the end) and every
/// sector used exactly once (by the FAT, the DIFAT or one chain).
class Parsed {
public:
    explicit Parsed(const std::vector<uint8_t>& file) : file_(file) {
        REQUIRE(file.size() >= 512);
        const uint8_t* h = file.data();
        REQUIRE(std::equal(std::begin(cfb::SIGNATURE), std::end(cfb::SIGNATURE), h));
        REQUIRE(std::all_of(h + 0x08, h + 0x18, [](uint8_t b) { return b == 0; }));
        REQUIRE(load_u16(h + 0x18) == 0x003E);
        major_ = load_u16(h + 0x1A);
        REQUIRE((major_ == 3 || major_ == 4));
        REQUIRE(load_u16(h + 0x1C) == 0xFFFE);
        REQUIRE(load_u16(h + 0x1E) == (major_ == 3 ? 9 : 12));
        REQUIRE(load_u16(h + 0x20) == 6);
        REQUIRE(std::all_of(h + 0x22, h + 0x28, [](uint8_t b) { return b == 0; }));
        REQUIRE(load_u32(h + 0x34) == 0);
        REQUIRE(load_u32(h + 0x38) == 4096);
        ss_ = major_ == 3 ? 512 : 4096;
        REQUIRE(file.size() % ss_ == 0);
        REQUIRE(std::all_of(h + 512, h + ss_, [](uint8_t b) { return b == 0; }));
        sectors_ = file.size() / ss_ - 1;
        uses_.assign(sectors_, 0);

        const uint32_t per = ss_ / 4;
        const uint32_t fat_count = load_u32(h + 0x2C);
        for (uint32_t i = 0; i < cfb::HEADER_DIFAT_ENTRIES; ++i) {
            const uint32_t s = load_u32(h + 0x4C + 4 * i);
            if (i < fat_count) {
                fat_sectors.push_back(s);
            } else {
                REQUIRE(s == cfb::FREESECT);
            }
        }
        uint32_t difat = load_u32(h + 0x44);
        const uint32_t difat_count = load_u32(h + 0x48);
        for (uint32_t k = 0; k < difat_count; ++k) {
            REQUIRE(difat < sectors_);
            difat_sectors.push_back(difat);
            use(difat);
            const uint8_t* d = sector(difat);
            for (uint32_t i = 0; i + 1 < per; ++i) {
                const uint32_t s = load_u32(d + 4 * i);
                if (fat_sectors.size() < fat_count) {
                    fat_sectors.push_back(s);
                } else {
                    REQUIRE(s == cfb::FREESECT);
                }
            }
            difat = load_u32(d + ss_ - 4);
        }
        REQUIRE(difat == cfb::ENDOFCHAIN);
        REQUIRE(fat_sectors.size() == fat_count);
        for (const uint32_t s : fat_sectors) {
            REQUIRE(s < sectors_);
            use(s);
            for (uint32_t i = 0; i < per; ++i) {
                fat.push_back(load_u32(sector(s) + 4 * i));
            }
        }
        REQUIRE(fat.size() >= sectors_);
        for (size_t i = sectors_; i < fat.size(); ++i) {
            REQUIRE(fat[i] == cfb::FREESECT);
        }
        for (const uint32_t s : fat_sectors) {
            REQUIRE(fat[s] == cfb::FATSECT);
        }
        for (const uint32_t s : difat_sectors) {
            REQUIRE(fat[s] == cfb::DIFSECT);
        }

        const std::vector<uint8_t> dir = chain_bytes(load_u32(h + 0x30), UINT64_MAX);
        directory_sectors = dir.size() / ss_;
        REQUIRE(load_u32(h + 0x28) == (major_ == 3 ? 0 : directory_sectors));
        for (size_t at = 0; at < dir.size(); at += 128) {
            entries.push_back(parse_entry(dir.data() + at));
        }
        REQUIRE(!entries.empty());
        const RawEntry& root = entries[0];
        REQUIRE(root.name == u"Root Entry");
        REQUIRE(root.type == 5);
        REQUIRE(root.left == cfb::NOSTREAM);
        REQUIRE(root.right == cfb::NOSTREAM);
        REQUIRE(root.size % 64 == 0);
        mini_stream = chain_bytes(root.start, root.size);
        mini_fat_sectors = load_u32(h + 0x40);
        const std::vector<uint8_t> mf = chain_bytes(load_u32(h + 0x3C), UINT64_MAX);
        REQUIRE(mf.size() == uint64_t{mini_fat_sectors} * ss_);
        for (size_t at = 0; at < mf.size(); at += 4) {
            mini_fat.push_back(load_u32(mf.data() + at));
        }
        REQUIRE(mini_fat.size() >= root.size / 64);
        for (size_t i = root.size / 64; i < mini_fat.size(); ++i) {
            REQUIRE(mini_fat[i] == cfb::FREESECT);
        }
        for (RawEntry& e : entries) {
            if (e.type == 0) {
                REQUIRE(e.name.empty());
                REQUIRE(e.left == cfb::NOSTREAM);
                REQUIRE(e.right == cfb::NOSTREAM);
                REQUIRE(e.child == cfb::NOSTREAM);
                REQUIRE(e.start == 0);
                REQUIRE(e.size == 0);
            }
            if (e.type == 2) {
                REQUIRE(e.child == cfb::NOSTREAM);
                streams_[&e] = read_stream(e);
            }
        }
        for (size_t s = 0; s < sectors_; ++s) {
            INFO("sector " << s);
            REQUIRE(uses_[s] == 1);
        }
    }

    uint32_t sector_size() const { return ss_; }

    uint64_t sector_count() const { return sectors_; }

    const std::vector<uint8_t>& data(const RawEntry& e) const { return streams_.at(&e); }

    /// Every stream and storage by path ("a/b"), the root excluded.
    std::map<std::string, const RawEntry*> paths() const {
        std::map<std::string, const RawEntry*> out;
        std::vector<std::pair<uint32_t, std::string>> todo{{0, ""}};
        while (!todo.empty()) {
            const auto [id, prefix] = todo.back();
            todo.pop_back();
            for (const uint32_t c : in_order(entries[id].child)) {
                const std::string path = prefix + utf16_to_utf8(entries[c].name);
                REQUIRE(out.emplace(path, &entries[c]).second);
                if (entries[c].type == 1) {
                    todo.emplace_back(c, path + "/");
                }
            }
        }
        return out;
    }

    /// The ids of a child tree in order, checking that the walk never revisits an entry.
    std::vector<uint32_t> in_order(uint32_t top) const {
        std::vector<uint32_t> out;
        std::vector<uint32_t> stack;
        std::set<uint32_t> seen;
        uint32_t at = top;
        while (at != cfb::NOSTREAM || !stack.empty()) {
            while (at != cfb::NOSTREAM) {
                REQUIRE(at < entries.size());
                REQUIRE(seen.insert(at).second);
                stack.push_back(at);
                at = entries[at].left;
            }
            at = stack.back();
            stack.pop_back();
            out.push_back(at);
            at = entries[at].right;
        }
        return out;
    }

    /// Black height of the subtree at `id`, REQUIRing no red-red pair and equal heights.
    int black_height(uint32_t id) const {
        if (id == cfb::NOSTREAM) {
            return 1;
        }
        const RawEntry& e = entries[id];
        REQUIRE(e.color <= 1);
        if (e.color == 0) {
            REQUIRE((e.left == cfb::NOSTREAM || entries[e.left].color == 1));
            REQUIRE((e.right == cfb::NOSTREAM || entries[e.right].color == 1));
        }
        const int left = black_height(e.left);
        const int right = black_height(e.right);
        REQUIRE(left == right);
        return left + e.color;
    }

    std::vector<uint32_t> fat;
    std::vector<uint32_t> fat_sectors;
    std::vector<uint32_t> difat_sectors;
    std::vector<uint32_t> mini_fat;
    std::vector<uint8_t> mini_stream;
    std::vector<RawEntry> entries;
    uint64_t directory_sectors = 0;
    uint32_t mini_fat_sectors = 0;

private:
    const uint8_t* sector(uint64_t s) const { return file_.data() + (s + 1) * ss_; }

    void use(uint64_t s) {
        REQUIRE(s < sectors_);
        ++uses_[s];
    }

    std::vector<uint32_t> chain(uint32_t start, uint64_t max_sectors) {
        std::vector<uint32_t> out;
        for (uint32_t s = start; s != cfb::ENDOFCHAIN; s = fat[s]) {
            REQUIRE(s < sectors_);
            REQUIRE(out.size() < max_sectors);
            use(s);
            out.push_back(s);
        }
        return out;
    }

    /// A FAT chain's bytes; its length must be exactly what `size` needs (unless unbounded).
    std::vector<uint8_t> chain_bytes(uint32_t start, uint64_t size) {
        const uint64_t needed = size == UINT64_MAX ? UINT64_MAX : (size + ss_ - 1) / ss_;
        const std::vector<uint32_t> sectors = chain(start, needed);
        if (size != UINT64_MAX) {
            REQUIRE(sectors.size() == needed);
        }
        std::vector<uint8_t> out;
        for (const uint32_t s : sectors) {
            out.insert(out.end(), sector(s), sector(s) + ss_);
        }
        if (size != UINT64_MAX) {
            out.resize(size);
        }
        return out;
    }

    std::vector<uint8_t> read_stream(const RawEntry& e) {
        if (e.size == 0) {
            REQUIRE(e.start == cfb::ENDOFCHAIN);
            return {};
        }
        if (e.size >= 4096) {
            return chain_bytes(e.start, e.size);
        }
        std::vector<uint8_t> out;
        const uint64_t needed = (e.size + 63) / 64;
        for (uint32_t m = e.start; m != cfb::ENDOFCHAIN; m = mini_fat.at(m)) {
            REQUIRE(out.size() < needed * 64);
            REQUIRE(m < mini_stream.size() / 64);
            REQUIRE(++mini_uses_[m] == 1);
            out.insert(out.end(), mini_stream.begin() + m * 64, mini_stream.begin() + m * 64 + 64);
        }
        REQUIRE(out.size() == needed * 64);
        out.resize(e.size);
        return out;
    }

    RawEntry parse_entry(const uint8_t* p) const {
        RawEntry e;
        const uint16_t name_bytes = load_u16(p + 0x40);
        REQUIRE(name_bytes % 2 == 0);
        REQUIRE(name_bytes <= 64);
        for (uint16_t i = 0; i + 2 < name_bytes; i += 2) {
            e.name += static_cast<char16_t>(load_u16(p + i));
        }
        if (name_bytes > 0) {
            REQUIRE(load_u16(p + name_bytes - 2) == 0);
        }
        REQUIRE(std::all_of(p + name_bytes, p + 0x40, [](uint8_t b) { return b == 0; }));
        e.type = p[0x42];
        e.color = p[0x43];
        e.left = load_u32(p + 0x44);
        e.right = load_u32(p + 0x48);
        e.child = load_u32(p + 0x4C);
        e.clsid.assign(p + 0x50, p + 0x60);
        e.state_bits = load_u32(p + 0x60);
        e.created = load_u64(p + 0x64);
        e.modified = load_u64(p + 0x6C);
        e.start = load_u32(p + 0x74);
        e.size = load_u64(p + 0x78);
        if (major_ == 3) {
            REQUIRE(e.size <= 0x80000000);
        }
        return e;
    }

    const std::vector<uint8_t>& file_;
    uint16_t major_ = 0;
    uint32_t ss_ = 0;
    uint64_t sectors_ = 0;
    std::vector<int> uses_;
    std::map<uint32_t, int> mini_uses_;
    std::map<const RawEntry*, std::vector<uint8_t>> streams_;
};

/// Checks every storage's child tree: BST order under compare_names, black top node, no
/// red-red pair, equal black heights.
inline void require_red_black(const Parsed& p) {
    for (const RawEntry& e : p.entries) {
        if ((e.type != 1 && e.type != 5) || e.child == cfb::NOSTREAM) {
            continue;
        }
        const std::vector<uint32_t> order = p.in_order(e.child);
        for (size_t i = 1; i < order.size(); ++i) {
            REQUIRE(cfb::compare_names(p.entries[order[i - 1]].name, p.entries[order[i]].name) < 0);
        }
        REQUIRE(p.entries[e.child].color == 1);
        p.black_height(e.child);
    }
}

}  // namespace msgforge::test
