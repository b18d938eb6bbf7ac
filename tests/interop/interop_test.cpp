// Trees written by msgforge must read back equal (paths, types, sizes, SHA-256 of every stream)
// in msgforge's Reader and in every peer reader. One CTest test per reader runs this with the
// reader's tag ("[olefile]"); where a peer shows a name differently, the mapping is written
// out below with who is right per MS-CFB.
#define CATCH_CONFIG_RUNNER
#include "peers.hpp"
#include "random_tree.hpp"
#include "support/support.hpp"

#include <msgforge/base/sha256.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/writer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <sstream>

namespace msgforge::test {
namespace {

struct Case {
    TreeSpec spec;
    std::optional<uint32_t> difat_sectors;  ///< header field 0x48 the writer must produce
};

/// Names chosen to find where readers differ: control characters (real files start property
/// set streams with U+0005 and OLE streams with U+0001), 7-Zip's MSI range, "." and "..", edge
/// spaces, names equal under Python's lower() but not under the CFB rule (ß, ẞ), characters
/// Windows forbids in file names, and 31-unit names ending in or made of surrogate pairs.
std::vector<std::u16string> peculiar_names() {
    return {u"\u0001CompObj",
            u"\u0005SummaryInformation",
            u"\u4840\u3B3F\u4531",
            u".",
            u"..",
            u" lead",
            u"trail ",
            u"\u00DF",
            u"\u1E9E",
            u"a*?<>|\"",
            u"\u007F",
            u"abcdefghijklmnopqrstuvwxyz01234",
            u"abcdefghijklmnopqrstuvwxyz012\U0001F600",
            u"\U0001F600\U0001F601\U0001F602\U0001F603\U0001F604\U0001F605\U0001F606"
            u"\U0001F607\U0001F608\U0001F609\U0001F60A\U0001F60B\U0001F60C\U0001F60D"
            u"\U0001F60Ez"};
}

TreeSpec spec(std::string label, uint64_t seed, cfb::Version version, size_t entries,
              uint32_t depth, uint64_t byte_budget) {
    TreeSpec out;
    out.label = std::move(label);
    out.seed = seed;
    out.version = version;
    out.entries = entries;
    out.depth = depth;
    out.byte_budget = byte_budget;
    return out;
}

TreeSpec with_sizes(TreeSpec s, std::vector<uint64_t> sizes) {
    s.sizes = std::move(sizes);
    return s;
}

std::vector<Case> cases() {
    using cfb::Version;
    constexpr uint64_t MiB = 1 << 20;
    std::vector<Case> out;

    // Seeded random trees of mixed shapes: {seed, version, entries, depth, byte budget}.
    const struct {
        uint64_t seed;
        Version version;
        size_t entries;
        uint32_t depth;
        uint64_t budget;
    } seeded[] = {{1, Version::V3, 40, 3, 2 * MiB},   {2, Version::V4, 150, 8, 4 * MiB},
                  {3, Version::V3, 400, 8, 6 * MiB},  {4, Version::V4, 800, 5, 8 * MiB},
                  {5, Version::V3, 12, 2, 12 * MiB},  {6, Version::V4, 60, 8, 3 * MiB},
                  {7, Version::V3, 1200, 8, 2 * MiB}, {8, Version::V4, 5, 1, MiB}};

    for (const auto& s : seeded) {
        TreeSpec t =
            spec("seed-" + std::to_string(s.seed), s.seed, s.version, s.entries, s.depth, s.budget);
        t.max_stream = 10 * MiB;
        out.push_back({t, std::nullopt});
    }
    for (const Version v : {Version::V3, Version::V4}) {
        const std::string suffix = v == Version::V3 ? "-v3" : "-v4";
        out.push_back({spec("empty-root" + suffix, 10, v, 0, 0, 0), 0});
        out.push_back(
            {with_sizes(spec("mini-cutoff" + suffix, 11, v, 14, 0, 0),
                        {0, 1, 63, 64, 65, 511, 512, 513, 4095, 4096, 4097, 8191, 8192, 8193}),
             std::nullopt});
        // 20 MiB: 320 FAT sectors in v3, past the header's 109, so 2 DIFAT sectors. A v4
        // file needs DIFAT only beyond 109 * 1024 * 4096 bytes (~457 MB), not tried here.
        out.push_back({with_sizes(spec("difat-20MiB" + suffix, 12, v, 2, 0, 0), {20 * MiB, 4095}),
                       v == Version::V3 ? 2U : 0U});
    }
    // One stream of 13842 sectors plus the directory sector fills exactly 109 FAT sectors
    // (109 * 128 = 13952 = 13842 + 1 + 109); one byte more needs a 110th FAT sector and so a
    // DIFAT sector.
    out.push_back(
        {with_sizes(spec("difat-edge-below", 13, Version::V3, 1, 0, 0), {13842 * 512}), 0});
    out.push_back(
        {with_sizes(spec("difat-edge-above", 14, Version::V3, 1, 0, 0), {13842 * 512 + 1}), 1});
    TreeSpec many = spec("entries-2000", 15, Version::V3, 2000, 8, 2 * MiB);
    many.max_stream = 64 * 1024;
    out.push_back({many, std::nullopt});
    out.push_back({spec("depth-8", 16, Version::V4, 24, 8, 256 * 1024), std::nullopt});
    TreeSpec names = spec("names-peculiar", 17, Version::V3, 24, 2, 64 * 1024);
    names.names = peculiar_names();
    out.push_back({names, std::nullopt});
    return out;
}

struct WrittenTree {
    std::string label;
    std::filesystem::path file;
    Listing manifest;
    std::optional<uint32_t> difat_sectors;
};

/// Every case written once per process into a temporary folder: LABEL.cfb and its manifest
/// LABEL.json ([{path, type, size, sha256}]).
const std::vector<WrittenTree>& written_trees() {
    static const TempDir dir;
    static const std::vector<WrittenTree> trees = [] {
        const auto start = std::chrono::steady_clock::now();
        std::vector<WrittenTree> out;
        uint64_t bytes = 0;
        for (const Case& c : cases()) {
            GeneratedTree g = generate_tree(c.spec);
            WrittenTree w{c.spec.label, dir / (c.spec.label + ".cfb"), std::move(g.manifest),
                          c.difat_sectors};
            cfb::write_file(g.tree, w.file, {.version = c.spec.version, .durable = false});
            const std::string manifest = listing_to_json(w.manifest).dump(1) + "\n";
            write_file(dir / (c.spec.label + ".json"),
                       std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(manifest.data()),
                                                manifest.size()));
            bytes += std::filesystem::file_size(w.file);
            out.push_back(std::move(w));
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::cout << "interop: wrote " << out.size() << " trees, " << bytes << " bytes in "
                  << took.count() << " s\n";
        return out;
    }();
    return trees;
}

std::vector<std::filesystem::path> tree_files() {
    std::vector<std::filesystem::path> out;
    for (const WrittenTree& t : written_trees()) {
        out.push_back(t.file);
    }
    return out;
}

std::string summary(const std::vector<std::string>& diffs) {
    std::ostringstream out;
    for (size_t i = 0; i < diffs.size() && i < 12; ++i) {
        out << "\n  " << diffs[i];
    }
    if (diffs.size() > 12) {
        out << "\n  ... and " << diffs.size() - 12 << " more";
    }
    return out.str();
}

void expect_same(const std::string& what, const Listing& expected, const Listing& actual) {
    const std::vector<std::string> diffs = differences(expected, actual);
    INFO(what << ": " << diffs.size() << " differences" << summary(diffs));
    CHECK(diffs.empty());
}

/// The manifest with every path component passed through `rename`, digests kept.
template <typename Rename>
Listing renamed(const Listing& manifest, Rename rename) {
    Listing out;
    for (Listed item : manifest) {
        std::string path;
        std::string_view rest = item.path;
        while (true) {
            const size_t slash = rest.find('/');
            path += rename(std::string(rest.substr(0, slash)));
            if (slash == std::string_view::npos) {
                break;
            }
            path += '/';
            rest.remove_prefix(slash + 1);
        }
        item.path = path;
        out.push_back(std::move(item));
    }
    sort_listing(out);
    return out;
}

// How 7-Zip (p7zip 16.02 ComHandler) shows names. MS-CFB 2.6.1 makes a name any UTF-16 string
// without '/', '\\', ':' or '!', so msgforge, olefile, libgsf and SheetJS are right to show it
// as stored; 7-Zip rewrites two kinds of names:
// - a name made only of U+3800..U+4840 is decoded as an MSI (Windows Installer) packed name,
//   6 bits per character into "0-9A-Za-z._", '!' for the values above. That convention is
//   MSI's, not MS-CFB's: 7-Zip applies it to every compound file, which is wrong for others;
// - a control character U+0001..U+001F becomes "[N]" (decimal), so "\u0005Summary..." shows
//   as "[5]Summary...": a lossless-looking but ambiguous display choice.
std::string sevenzip_name(const std::string& name) {
    const std::u16string units = utf8_to_utf16(name).value();
    static constexpr char msi_chars[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";
    if (std::all_of(units.begin(), units.end(),
                    [](char16_t c) { return c >= 0x3800 && c <= 0x3800 + 64 * 65; })) {
        std::string out;
        for (const char16_t c : units) {
            const unsigned v = static_cast<unsigned>(c - 0x3800);
            if ((v >> 6) > 64) {
                out += '!';
                continue;
            }
            out += msi_chars[v & 63];
            if ((v >> 6) == 64) {
                break;
            }
            out += msi_chars[v >> 6];
        }
        return out;
    }
    std::string out;
    for (const char c : name) {
        if (c > 0 && c < 0x20) {
            out += "[" + std::to_string(static_cast<int>(c)) + "]";
        } else {
            out += c;
        }
    }
    return out;
}

// 7-Zip extracts "." and ".." as "_": they cannot be file names. That is right for an
// extractor; both land on the same file, so which of them survives is 7-Zip's business.
std::string sevenzip_file_name(const std::string& name) {
    return name == "." || name == ".." ? "_" : sevenzip_name(name);
}

/// Entries that land on one path are checked here (the path exists, with the bytes of one of
/// them) and removed from both listings.
void take_collisions(Listing& expected, Listing& actual) {
    for (size_t i = 0; i + 1 < expected.size();) {
        if (expected[i].path != expected[i + 1].path) {
            ++i;
            continue;
        }
        size_t end = i + 1;
        while (end < expected.size() && expected[end].path == expected[i].path) {
            ++end;
        }
        const auto got = std::find_if(actual.begin(), actual.end(),
                                      [&](const Listed& a) { return a.path == expected[i].path; });
        INFO("entries landing on " << expected[i].path);
        REQUIRE(got != actual.end());
        CHECK(std::any_of(expected.begin() + static_cast<ptrdiff_t>(i),
                          expected.begin() + static_cast<ptrdiff_t>(end),
                          [&](const Listed& e) { return e.sha256 == got->sha256; }));
        actual.erase(got);
        expected.erase(expected.begin() + static_cast<ptrdiff_t>(i),
                       expected.begin() + static_cast<ptrdiff_t>(end));
    }
}

// `gsf list` decides "d" or "f" by whether an entry has children, so an empty storage shows as
// a file of 0 bytes (and `gsf cat` gives nothing for it). MS-CFB 2.6.1 says it is a storage
// (object type 1); it is the listing tool's shortcut, libgsf itself knows it is a storage.
// And `gsf cat` cannot name a stream whose path starts with '-' (see gsf_listing): such
// streams are compared by type and size only, and counted in `uncatted`.
Listing gsf_view(const Listing& manifest, size_t& uncatted) {
    Listing out = manifest;
    for (Listed& item : out) {
        if (item.type == "stream" && item.path[0] == '-') {
            item.sha256.clear();
            ++uncatted;
        }
        const std::string prefix = item.path + "/";
        const bool empty_storage =
            item.type == "storage"
            && std::none_of(manifest.begin(), manifest.end(), [&](const Listed& other) {
                   return other.path.compare(0, prefix.size(), prefix) == 0;
               });
        if (empty_storage) {
            item.type = "stream";
            item.sha256 = Sha256::hex({});
        }
    }
    return out;
}

Listing without_digests(Listing listing) {
    for (Listed& item : listing) {
        item.sha256.clear();
    }
    return listing;
}

uint32_t header_u32(const std::filesystem::path& file, size_t offset) {
    const std::vector<uint8_t> bytes = read_file(file);
    return static_cast<uint32_t>(bytes.at(offset))
           | static_cast<uint32_t>(bytes.at(offset + 1)) << 8
           | static_cast<uint32_t>(bytes.at(offset + 2)) << 16
           | static_cast<uint32_t>(bytes.at(offset + 3)) << 24;
}

TEST_CASE("msgforge's Reader reads every written tree back equal", "[msgforge]") {
    for (const WrittenTree& t : written_trees()) {
        INFO(t.label);
        cfb::ReadOptions options;
        options.strict = true;
        const cfb::Reader strict = cfb::Reader::open(t.file, options);
        CHECK(strict.warnings().empty());
        expect_same(t.label, t.manifest, list_with_reader(strict));
        if (t.difat_sectors) {
            CHECK(header_u32(t.file, 0x48) == *t.difat_sectors);
        }
    }
}

TEST_CASE("olefile reads every written tree back equal", "[olefile]") {
    const auto listings = olefile_listings(tree_files());
    for (const WrittenTree& t : written_trees()) {
        const PeerListing& p = listings.at(t.file.string());
        INFO(t.label << ": " << p.error);
        CHECK(p.error.empty());
        expect_same(t.label, t.manifest, p.listing);
        for (const Listed& item : p.listing) {
            INFO(item.path);
            CHECK(item.issues.empty());
        }
    }
}

TEST_CASE("SheetJS cfb reads every written tree back equal", "[sheetjs]") {
    const auto listings = sheetjs_listings(tree_files());
    for (const WrittenTree& t : written_trees()) {
        const PeerListing& p = listings.at(t.file.string());
        INFO(t.label << ": " << p.error);
        CHECK(p.error.empty());
        expect_same(t.label, t.manifest, p.listing);
    }
}

TEST_CASE("libgsf reads every written tree back equal", "[gsf]") {
    size_t uncatted = 0;
    for (const WrittenTree& t : written_trees()) {
        const PeerListing p = gsf_listing(t.file);
        INFO(t.label << ": " << p.error);
        CHECK(p.error.empty());
        expect_same(t.label, gsf_view(t.manifest, uncatted), p.listing);
    }
    std::cout << "gsf: " << uncatted
              << " streams whose path starts with '-' compared without bytes\n";
}

TEST_CASE("7-Zip lists and extracts every written tree equal", "[7z]") {
    const TempDir out;
    for (const WrittenTree& t : written_trees()) {
        const PeerListing listed = sevenzip_listing(t.file);
        INFO(t.label << ": " << listed.error);
        CHECK(listed.error.empty());
        expect_same(t.label + " (7z l)", without_digests(renamed(t.manifest, sevenzip_name)),
                    listed.listing);
        PeerListing extracted = sevenzip_extracted(t.file, out / t.label);
        INFO(extracted.error);
        CHECK(extracted.error.empty());
        Listing expected = renamed(t.manifest, sevenzip_file_name);
        take_collisions(expected, extracted.listing);
        expect_same(t.label + " (7z x)", expected, extracted.listing);
    }
}

}  // namespace
}  // namespace msgforge::test

/// The only argument CTest passes is the reader's tag. A reader missing from this machine
/// fails its test, unless MSGFORGE_INTEROP_SKIP (comma-separated tags) names it: then the test
/// exits 77, which CTest shows as skipped.
int main(int argc, char** argv) {
    if (const auto code =
            msgforge::test::missing_peer_exit(argc, argv, msgforge::test::peer_missing)) {
        return *code;
    }
    return Catch::Session().run(argc, argv);
}
