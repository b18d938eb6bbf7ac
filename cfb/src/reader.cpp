// Compound file reader: opens the file structure by structure (header.cpp, fat.cpp,
// directory.cpp, mini_stream.cpp), then reads streams. Everything is checked once at open
// except stream chains, which are checked when a stream is read. Memory stays bounded by the
// file's size.
#include "chain.hpp"
#include "directory.hpp"
#include "direntry.hpp"
#include "fat.hpp"
#include "header.hpp"
#include "mini_stream.hpp"
#include "read_context.hpp"
#include "sectors.hpp"
#include "source.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/cfb/reader.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace msgforge::cfb {

using detail::Run;
using detail::Runs;

struct Reader::Impl {
    Impl(std::string name, const ReadOptions& options) : context(std::move(name), options) {}

    detail::ReadContext context;
    detail::Sectors sectors;
    Version version = Version::V3;
    detail::AllocationTable fat;
    detail::Directory directory;
    detail::MiniStream mini;

    // Reads every structure of `file` but the stream chains; errors carry the file's name.
    // `owner`, when set, keeps `file` alive.
    void open(std::shared_ptr<const void> owner, std::span<const uint8_t> file) {
        const detail::Header header = detail::read_header(file, context);
        version = static_cast<Version>(header.major_version);
        sectors = detail::read_sectors(std::move(owner), file, header, context);
        fat = detail::read_fat(header, sectors, context);
        directory.read(header, sectors, fat, context);
        directory.build_tree(context);
        mini.read(header, sectors, fat, directory, context);
        mini.check_chains(directory, sectors, context);
    }

    void require_in_tree(EntryId id) const {
        if (!directory.in_tree(id)) {
            throw UsageError("msgforge::cfb::Reader: no entry " + std::to_string(id));
        }
    }

    const Entry& checked_stream(EntryId id) const {
        require_in_tree(id);
        const Entry& e = directory[id];
        if (e.type != EntryType::Stream) {
            throw UsageError("msgforge::cfb::Reader: entry " + directory.path_of(id)
                             + " is not a stream");
        }
        return e;
    }

    Runs stream_runs(EntryId id) const {
        const Entry& e = checked_stream(id);
        if (e.size == 0) {
            return {};
        }
        if (mini.holds(e)) {
            return mini.chain(id, directory, context);
        }
        const uint64_t needed = detail::ceil_div(e.size, sectors.size);
        if (needed > sectors.count) {
            context.fail("FAT chain of stream " + directory.path_of(id),
                         directory.offset(id) + detail::entry_field::STREAM_SIZE.offset,
                         "stream size " + std::to_string(e.size) + " exceeds the file ("
                             + std::to_string(sectors.file.size()) + " bytes)");
        }
        return detail::walk_chain(fat, detail::sector_units(sectors), e.start_sector, needed,
                                  detail::ChainName("FAT chain of stream ", directory, id),
                                  context);
    }
};

namespace {

std::shared_ptr<Reader::Impl> open_impl(std::shared_ptr<const void> owner,
                                        std::span<const uint8_t> file, std::string name,
                                        const ReadOptions& options) {
    auto impl = std::make_shared<Reader::Impl>(std::move(name), options);
    impl->open(std::move(owner), file);
    return impl;
}

}  // namespace

Reader Reader::open(const std::filesystem::path& path, const ReadOptions& options) {
    auto mapping = detail::map_file(path);
    return Reader(open_impl(std::move(mapping.owner), mapping.bytes, path.string(), options));
}

Reader Reader::from_blob(Blob bytes, const ReadOptions& options, std::string name) {
    const std::span<const uint8_t> file = bytes.span();
    // Keep the Blob (and whatever it keeps alive) for as long as the reader and its views live.
    auto owner = std::make_shared<const Blob>(std::move(bytes));
    return Reader(open_impl(std::move(owner), file, std::move(name), options));
}

Reader Reader::from_bytes(std::span<const uint8_t> bytes, const ReadOptions& options,
                          std::string name) {
    return Reader(open_impl(nullptr, bytes, std::move(name), options));
}

Version Reader::version() const {
    return impl_->version;
}

uint32_t Reader::sector_size() const {
    return impl_->sectors.size;
}

uint64_t Reader::file_size() const {
    return impl_->sectors.file.size();
}

const std::string& Reader::file_name() const {
    return impl_->context.name();
}

size_t Reader::entry_count() const {
    return impl_->directory.size();
}

const Entry& Reader::entry(EntryId id) const {
    impl_->require_in_tree(id);
    return impl_->directory[id];
}

std::span<const EntryId> Reader::children(EntryId storage) const {
    impl_->require_in_tree(storage);
    return impl_->directory.children(storage);
}

bool Reader::children_in_name_order(EntryId storage) const {
    impl_->require_in_tree(storage);
    return impl_->directory.children_sorted(storage);
}

std::optional<EntryId> Reader::find_child(EntryId storage, std::string_view name) const {
    const auto kids = children(storage);
    const auto wanted = utf8_to_utf16(name);
    if (!wanted) {
        return std::nullopt;
    }
    const detail::Directory& entries = impl_->directory;
    if (entries.children_sorted(storage)) {
        const auto it = std::lower_bound(kids.begin(), kids.end(), *wanted,
                                         [&](EntryId id, const std::u16string& n) {
                                             return compare_names(entries[id].raw_name, n) < 0;
                                         });
        if (it != kids.end() && compare_names(entries[*it].raw_name, *wanted) == 0) {
            return *it;
        }
        return std::nullopt;
    }
    for (EntryId id : kids) {
        if (compare_names(entries[id].raw_name, *wanted) == 0) {
            return id;
        }
    }
    return std::nullopt;
}

std::optional<EntryId> Reader::find(std::string_view path) const {
    EntryId at = root();
    while (!path.empty()) {
        const size_t slash = path.find('/');
        const std::string_view part = path.substr(0, slash);
        if (!part.empty()) {
            if (!impl_->directory[at].is_storage()) {
                return std::nullopt;
            }
            const auto next = find_child(at, part);
            if (!next) {
                return std::nullopt;
            }
            at = *next;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return at;
}

std::string Reader::path_of(EntryId id) const {
    impl_->require_in_tree(id);
    return impl_->directory.path_of(id);
}

Blob Reader::read(EntryId stream) const {
    const Impl& m = *impl_;
    const auto runs = m.stream_runs(stream);
    const Entry& e = m.directory[stream];
    if (e.size == 0) {
        return Blob::owned({});
    }
    if (!m.mini.holds(e)) {
        return m.sectors.gather(runs, e.size);
    }
    return m.mini.stream_bytes(runs, e.size);
}

size_t Reader::read_at(EntryId stream, uint64_t offset, std::span<uint8_t> out) const {
    const Impl& m = *impl_;
    const auto runs = m.stream_runs(stream);
    const Entry& e = m.directory[stream];
    const bool mini = m.mini.holds(e);
    const uint64_t size = mini ? m.mini.extent(runs, e.size).present : e.size;
    if (offset >= size || out.empty()) {
        return 0;
    }
    const uint64_t want = std::min<uint64_t>(out.size(), size - offset);
    const uint64_t unit = mini ? MINI_SECTOR_SIZE : m.sectors.size;
    uint64_t run_start = 0;  // stream offset of the current run
    uint64_t done = 0;
    for (const Run& r : runs) {
        const uint64_t run_bytes = static_cast<uint64_t>(r.count) * unit;
        const uint64_t pos = offset + done;
        if (pos < run_start + run_bytes) {
            uint64_t in_run = pos - run_start;
            while (done < want && in_run < run_bytes) {
                const auto index = static_cast<uint32_t>(in_run / unit);
                const uint64_t within = in_run % unit;
                const std::span<const uint8_t> unit_bytes =
                    mini ? m.mini.sector_bytes(r.first + index) : m.sectors.bytes(r.first + index);
                const uint64_t n = std::min<uint64_t>(unit - within, want - done);
                for (uint64_t k = 0; k < n; ++k) {
                    const uint64_t at = within + k;
                    out[static_cast<size_t>(done + k)] =
                        at < unit_bytes.size() ? unit_bytes[static_cast<size_t>(at)] : 0;
                }
                done += n;
                in_run += n;
            }
        }
        run_start += run_bytes;
        if (done == want) {
            break;
        }
    }
    return static_cast<size_t>(done);
}

std::optional<uint64_t> Reader::file_offset(EntryId stream, uint64_t offset) const {
    const Impl& m = *impl_;
    Runs runs;
    try {
        runs = m.stream_runs(stream);
    } catch (const FormatError&) {
        return std::nullopt;
    }
    const Entry& e = m.directory[stream];
    if (offset >= e.size) {
        return std::nullopt;
    }
    // Maps position `pos` of a chain of `unit`-byte pieces to the file through `offset_of`.
    auto locate = [](const Runs& chain, uint64_t unit, uint64_t pos,
                     const auto& offset_of) -> std::optional<uint64_t> {
        uint64_t start = 0;
        for (const Run& r : chain) {
            const uint64_t bytes = static_cast<uint64_t>(r.count) * unit;
            if (pos < start + bytes) {
                const uint64_t in_run = pos - start;
                return offset_of(r.first + static_cast<uint32_t>(in_run / unit)) + in_run % unit;
            }
            start += bytes;
        }
        return std::nullopt;
    };
    const auto in_file = [&](uint32_t s) { return m.sectors.offset(s); };
    if (!m.mini.holds(e)) {
        return locate(runs, m.sectors.size, offset, in_file);
    }
    const auto in_mini_stream = locate(runs, MINI_SECTOR_SIZE, offset,
                                       [&](uint32_t s) { return m.mini.units().offset(s); });
    if (!in_mini_stream) {
        return std::nullopt;
    }
    return locate(m.mini.runs(), m.sectors.size, *in_mini_stream, in_file);
}

const std::vector<Warning>& Reader::warnings() const {
    return impl_->context.warnings();
}

}  // namespace msgforge::cfb
