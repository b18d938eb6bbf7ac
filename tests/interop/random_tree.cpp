#include "random_tree.hpp"

#include <msgforge/base/sha256.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <utility>

namespace msgforge::test {

namespace {

/// splitmix64: small, fast and good enough to drive a test generator.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}

    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    /// Uniform in [lo, hi].
    uint64_t between(uint64_t lo, uint64_t hi) { return lo + next() % (hi - lo + 1); }

    /// True with probability percent / 100.
    bool chance(unsigned percent) { return next() % 100 < percent; }

private:
    uint64_t state_;
};

struct Proto {
    std::u16string name;
    bool storage = false;
    size_t parent = 0;  ///< index into the proto list; 0 is the root
    uint32_t depth = 0;
    uint64_t size = 0;
    uint64_t content_seed = 0;
    std::vector<size_t> children;
    std::set<std::u16string> taken;  ///< upper-cased names of the children
};

std::u16string upper(std::u16string_view name) {
    std::u16string out(name);
    std::transform(out.begin(), out.end(), out.begin(), cfb::upper_unit);
    return out;
}

bool only_msi_range(const std::u16string& name) {
    return std::all_of(name.begin(), name.end(),
                       [](char16_t c) { return c >= 0x3800 && c <= 0x4840; });
}

char16_t pick(Rng& rng, std::initializer_list<std::pair<char16_t, char16_t>> ranges) {
    const auto& r = *(ranges.begin() + static_cast<ptrdiff_t>(rng.next() % ranges.size()));
    return static_cast<char16_t>(rng.between(r.first, r.second));
}

std::u16string random_name(Rng& rng) {
    const uint64_t roll = rng.next() % 100;
    const size_t length = roll < 50   ? rng.between(1, 12)
                          : roll < 80 ? rng.between(13, 24)
                                      : rng.between(25, 31);
    std::u16string name;
    while (name.size() < length) {
        const uint64_t kind = rng.next() % 100;
        if (kind < 55) {
            char16_t c = 0;
            do {
                c = static_cast<char16_t>(rng.between(0x20, 0x7E));
            } while (c == u'/' || c == u'\\' || c == u':' || c == u'!');
            name += c;
        } else if (kind < 70) {
            name += pick(rng, {{0x00C0, 0x024F}, {0x0391, 0x03C9}, {0x0410, 0x044F}});
        } else if (kind < 80) {
            name += pick(rng, {{0x4E00, 0x9FFF}});
        } else if (kind < 90) {
            name += pick(rng, {{0x0621, 0x064A}, {0x3041, 0x30FF}, {0xAC00, 0xD7A3}});
        } else if (name.size() + 2 <= length) {
            const uint64_t cp =
                rng.chance(50) ? rng.between(0x1F300, 0x1FAFF) : rng.between(0x20000, 0x2A6DF);
            name += static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
            name += static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
        }
    }
    if (name == u"." || name == u".." || only_msi_range(name)) {
        name += u'x';
    }
    return name;
}

uint64_t random_size(Rng& rng, uint64_t& budget, uint64_t max_stream) {
    static constexpr std::array<uint64_t, 11> boundaries = {0,   1,   63,   64,   65,  511,
                                                            512, 513, 4095, 4096, 4097};
    const uint64_t roll = rng.next() % 100;
    uint64_t size = 0;
    if (roll < 40) {
        size = rng.between(0, 600);
    } else if (roll < 60) {
        size = rng.between(601, 4095);
    } else if (roll < 70) {
        size = boundaries[rng.next() % boundaries.size()];
    } else if (roll < 95) {
        size = rng.between(4097, 100'000);
    } else {
        size = rng.between(100'001, std::max<uint64_t>(100'001, max_stream));
    }
    if (size > budget) {
        size = rng.between(0, std::min<uint64_t>(budget, 600));
    }
    budget -= size;
    return size;
}

std::vector<uint8_t> content(uint64_t seed, uint64_t size) {
    std::vector<uint8_t> out(size);
    Rng rng(seed);
    for (size_t i = 0; i < out.size(); i += 8) {
        const uint64_t v = rng.next();
        for (size_t k = 0; k < 8 && i + k < out.size(); ++k) {
            out[i + k] = static_cast<uint8_t>(v >> (8 * k));
        }
    }
    return out;
}

class Builder {
public:
    explicit Builder(const TreeSpec& spec) : spec_(spec), rng_(spec.seed) {
        protos_.emplace_back();
        protos_[0].storage = true;
    }

    GeneratedTree build() {
        for (const std::u16string& name : spec_.names) {
            add(0, name, false, 100);
        }
        for (const uint64_t size : spec_.sizes) {
            add(0, random_name(rng_), false, size);
        }
        if (spec_.depth > 0 && spec_.entries >= protos_.size() + spec_.depth) {
            size_t parent = 0;
            for (uint32_t d = 0; d < spec_.depth; ++d) {
                parent = add(parent, random_name(rng_), true, 0);
            }
        }
        uint64_t budget = spec_.byte_budget;
        while (protos_.size() - 1 < spec_.entries) {
            const size_t at = pick_parent();
            const bool storage = protos_[at].depth < spec_.depth && rng_.chance(15);
            add(at, random_name(rng_), storage,
                storage ? 0 : random_size(rng_, budget, spec_.max_stream));
        }
        GeneratedTree out;
        for (const size_t child : protos_[0].children) {
            out.tree.root().children.push_back(node(child, "", out.manifest));
        }
        sort_listing(out.manifest);
        return out;
    }

private:
    size_t pick_parent() {
        // Favour recent storages so that deep storages get children too.
        if (storages_.empty() || rng_.chance(30)) {
            return 0;
        }
        const size_t back = std::min<size_t>(storages_.size(), 8);
        return storages_[storages_.size() - 1 - rng_.next() % back];
    }

    size_t add(size_t parent, std::u16string name, bool storage, uint64_t size) {
        while (!protos_[parent].taken.insert(upper(name)).second) {
            name = random_name(rng_);
        }
        Proto p;
        p.name = std::move(name);
        p.storage = storage;
        p.parent = parent;
        p.depth = protos_[parent].depth + 1;
        p.size = size;
        p.content_seed = rng_.next();
        protos_.push_back(std::move(p));
        const size_t index = protos_.size() - 1;
        protos_[parent].children.push_back(index);
        if (storage) {
            storages_.push_back(index);
        }
        return index;
    }

    cfb::Node node(size_t index, const std::string& prefix, Listing& manifest) const {
        const Proto& p = protos_[index];
        cfb::Node n;
        n.name = p.name;
        Listed item;
        item.path = (prefix.empty() ? "" : prefix + "/") + utf16_to_utf8(p.name);
        if (p.storage) {
            n.type = cfb::EntryType::Storage;
            item.type = "storage";
            for (const size_t child : p.children) {
                n.children.push_back(node(child, item.path, manifest));
            }
        } else {
            n.type = cfb::EntryType::Stream;
            std::vector<uint8_t> bytes = content(p.content_seed, p.size);
            item.type = "stream";
            item.size = p.size;
            item.sha256 = Sha256::hex(bytes);
            n.data = cfb::Blob::owned(std::move(bytes));
        }
        manifest.push_back(std::move(item));
        return n;
    }

    const TreeSpec& spec_;
    Rng rng_;
    std::vector<Proto> protos_;
    std::vector<size_t> storages_;
};

}  // namespace

GeneratedTree generate_tree(const TreeSpec& spec) {
    if (spec.names.size() + spec.sizes.size() > spec.entries) {
        throw std::invalid_argument("tree spec " + spec.label
                                    + ": more fixed streams than entries");
    }
    return Builder(spec).build();
}

}  // namespace msgforge::test
