// The compound-file commands: cfb ls, cat, check, pack and unpack.
#include "cfb_metadata.hpp"
#include "commands.hpp"
#include "name_codec.hpp"
#include "text.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/blob.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

/// An entry of a compound file with its path from the root, as stored (names in UTF-8) and
/// as a relative file path (names percent-encoded).
struct Listed {
    cfb::EntryId id;
    std::string path;
    std::string file_path;
};

cfb::Reader open_reader(const std::string& file, const cfb::ReadOptions& options = {}) {
    try {
        return cfb::Reader::open(file, options);
    } catch (Error& e) {
        e.set_file(file);
        throw;
    }
}

void list_below(const cfb::Reader& reader, cfb::EntryId storage, const Listed& parent,
                std::vector<Listed>& out) {
    for (const cfb::EntryId id : reader.children(storage)) {
        const cfb::Entry& entry = reader.entry(id);
        const std::string separator = parent.path.empty() ? "" : "/";
        out.push_back({id, parent.path + separator + std::string(entry.name),
                       parent.file_path + separator + encode_name(entry.name)});
        if (entry.is_storage()) {
            const Listed self = out.back();
            list_below(reader, id, self, out);
        }
    }
}

/// Every entry below the root, depth-first in tree order (parents before their children).
std::vector<Listed> list_entries(const cfb::Reader& reader) {
    std::vector<Listed> out;
    list_below(reader, reader.root(), Listed{reader.root(), "", ""}, out);
    return out;
}

/// Reads a whole regular file without following a symbolic link. Throws IoError.
std::vector<uint8_t> read_whole_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        throw IoError(path.string(), "cannot open", errno);
    }
    std::vector<uint8_t> bytes;

    struct stat st {};

    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        bytes.reserve(static_cast<size_t>(st.st_size));
    }
    uint8_t buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw IoError(path.string(), "cannot read", err);
        }
        if (n == 0) {
            break;
        }
        bytes.insert(bytes.end(), buffer, buffer + n);
    }
    ::close(fd);
    return bytes;
}

[[noreturn]] void refuse(const fs::path& path, const std::string& detail) {
    throw FormatError(Location{path.string(), {}, {}}, detail);
}

/// Orders UTF-16 names as CFB compares them (shorter first, then upper-cased code units).
struct CfbNameLess {
    bool operator()(const std::u16string& a, const std::u16string& b) const {
        return cfb::compare_names(a, b) < 0;
    }
};

/// The entry name (UTF-16) a file or folder in a pack input stands for. Throws FormatError.
std::u16string entry_name_of(const fs::path& path) {
    const std::string file_name = path.filename().string();
    const auto decoded = decode_name(file_name);
    if (!decoded) {
        refuse(path, "'%' in a file name must start %XX (two hex digits); write '%' itself as %25");
    }
    const auto utf16 = utf8_to_utf16(*decoded);
    if (!utf16) {
        refuse(path, "the name is not valid UTF-8 after percent-decoding");
    }
    const std::string problem = cfb::name_problem(*utf16);
    if (!problem.empty()) {
        refuse(path, "not a valid entry name: " + problem);
    }
    return *utf16;
}

/// Adds the files and folders of `dir` to `storage`, recursively.
void pack_folder(const fs::path& dir, cfb::Node& storage, uint32_t depth) {
    if (depth > cfb::Limits{}.max_storage_depth) {
        refuse(dir, "folders are nested deeper than "
                        + std::to_string(cfb::Limits{}.max_storage_depth) + " levels");
    }
    std::error_code ec;
    std::vector<fs::path> paths;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        paths.push_back(it->path());
    }
    if (ec) {
        throw IoError(dir.string(), "cannot list the folder", ec.value());
    }
    std::sort(paths.begin(), paths.end());
    std::map<std::u16string, fs::path, CfbNameLess> seen;
    for (const fs::path& path : paths) {
        if (depth == 0 && path.filename() == METADATA_FILE) {
            continue;
        }
        const std::u16string name = entry_name_of(path);
        const auto [other, inserted] = seen.emplace(name, path);
        if (!inserted) {
            refuse(path,
                   "same entry name as " + other->second.string() + " (entry names ignore case)");
        }
        const fs::file_status status = fs::symlink_status(path, ec);
        if (ec) {
            throw IoError(path.string(), "cannot stat", ec.value());
        }
        if (fs::is_symlink(status)) {
            refuse(path, "is a symbolic link; pack does not follow links");
        }
        // Built field by field rather than by Node::stream and Node::storage, which refuse
        // the empty name %00 stands for.
        cfb::Node child;
        child.name = name;
        if (fs::is_directory(status)) {
            child.type = cfb::EntryType::Storage;
            pack_folder(path, child, depth + 1);
        } else if (fs::is_regular_file(status)) {
            child.data = cfb::Blob::owned(read_whole_file(path));
        } else {
            refuse(path, "is neither a regular file nor a folder");
        }
        storage.put(std::move(child));
    }
}

/// Creates the folder `path` and checks that it is a folder, not a link to one.
void make_folder(const fs::path& path, const std::string& file) {
    std::error_code ec;
    fs::create_directory(path, ec);
    if (ec) {
        throw IoError(path.string(), "cannot create the folder", ec.value());
    }
    const fs::file_status status = fs::symlink_status(path, ec);
    if (ec || !fs::is_directory(status)) {
        throw IoError(path.string(), "exists and is not a folder (unpacking " + file + ")", 0);
    }
}

int cfb_ls(const ParsedArgs& args, const Context& ctx) {
    const std::string& file = args.positionals()[0];
    const cfb::Reader reader = open_reader(file);
    const std::vector<Listed> entries = list_entries(reader);
    if (!args.has("json")) {
        for (const Listed& l : entries) {
            const cfb::Entry& e = reader.entry(l.id);
            ctx.out << std::left << std::setw(7) << (e.is_storage() ? "storage" : "stream") << ' '
                    << std::right << std::setw(10) << e.size << "  " << l.file_path << '\n';
        }
        return ExitOk;
    }
    nlohmann::ordered_json json;
    json["version"] = static_cast<int>(reader.version());
    json["sector_size"] = reader.sector_size();
    json["entries"] = nlohmann::ordered_json::array();
    for (const Listed& l : entries) {
        const cfb::Entry& e = reader.entry(l.id);
        nlohmann::ordered_json item;
        item["path"] = l.path;
        item["type"] = e.is_storage() ? "storage" : "stream";
        item["size"] = e.size;
        item["clsid"] = e.clsid.to_string();
        if (e.is_storage()) {
            if (!e.created.is_zero()) {
                item["created"] = e.created.to_iso();
            }
            if (!e.modified.is_zero()) {
                item["modified"] = e.modified.to_iso();
            }
            if (e.state_bits != 0) {
                item["state_bits"] = e.state_bits;
            }
        }
        json["entries"].push_back(std::move(item));
    }
    ctx.out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return ExitOk;
}

int cfb_cat(const ParsedArgs& args, const Context& ctx) {
    const std::string& file = args.positionals()[0];
    const std::string& path = args.positionals()[1];
    const cfb::Reader reader = open_reader(file);
    std::optional<cfb::EntryId> id = reader.find(path);
    if (!id && path.find('%') != std::string::npos) {
        // Each component decoded on its own and looked up as one name: a decoded name may
        // hold '/' itself (%2F), which MS-CFB forbids but real files have.
        id = reader.root();
        size_t start = 0;
        while (id) {
            const size_t slash = path.find('/', start);
            const auto part = decode_name(path.substr(start, slash - start));
            id = part ? reader.find_child(*id, *part) : std::nullopt;
            if (slash == std::string::npos) {
                break;
            }
            start = slash + 1;
        }
    }
    if (!id) {
        throw msgforge::UsageError(file + ": no entry at '" + path + "'");
    }
    if (!reader.entry(*id).is_stream()) {
        throw msgforge::UsageError(file + ": '" + path + "' is a storage, not a stream");
    }
    cfb::Blob data;
    try {
        data = reader.read(*id);
    } catch (Error& e) {
        e.set_file(file);
        throw;
    }
    ctx.out.write(reinterpret_cast<const char*>(data.data()),
                  static_cast<std::streamsize>(data.size()));
    ctx.out.flush();
    if (!ctx.out) {
        throw IoError("standard output", "write failed", 0);
    }
    return ExitOk;
}

int cfb_check(const ParsedArgs& args, const Context& ctx) {
    const std::string& file = args.positionals()[0];
    cfb::ReadOptions options;
    options.strict = args.has("strict");
    std::optional<cfb::Reader> reader;
    try {
        reader = open_reader(file, options);
    } catch (const FormatError& e) {
        ctx.out << file << ": error: " << without_file(e, file) << '\n';
        ctx.out << file << ": invalid: " << without_file(e, file) << '\n';
        return ExitInvalid;
    }
    std::vector<std::string> errors;
    size_t streams = 0;
    size_t storages = 0;
    for (const Listed& l : list_entries(*reader)) {
        if (reader->entry(l.id).is_storage()) {
            ++storages;
            continue;
        }
        ++streams;
        try {
            reader->read(l.id);
        } catch (FormatError& e) {
            e.set_file(file);
            errors.push_back(without_file(e, file));
        }
    }
    const auto& warnings = reader->warnings();
    for (const cfb::Warning& w : warnings) {
        ctx.out << file << ": warning: " << w.to_string() << '\n';
    }
    for (const std::string& e : errors) {
        ctx.out << file << ": error: " << e << '\n';
    }
    if (!errors.empty()) {
        ctx.out << file << ": invalid: " << errors.front();
        if (errors.size() > 1) {
            ctx.out << " (and " << plural(errors.size() - 1, "more error") << ")";
        }
        ctx.out << '\n';
        return ExitInvalid;
    }
    ctx.out << file << ": valid, " << plural(warnings.size(), "warning") << " ("
            << plural(storages, "storage") << ", " << plural(streams, "stream") << ")\n";
    return ExitOk;
}

int cfb_pack(const ParsedArgs& args, const Context&) {
    const fs::path dir = args.positionals()[0];
    const auto output = args.value("output");
    if (!output) {
        throw UsageError("missing -o FILE");
    }
    std::error_code ec;
    const fs::file_status status = fs::status(dir, ec);
    if (ec) {
        throw IoError(dir.string(), "cannot open the folder", ec.value());
    }
    if (!fs::is_directory(status)) {
        throw IoError(dir.string(), "not a folder", ENOTDIR);
    }
    cfb::Tree tree;
    pack_folder(dir, tree.root(), 0);
    std::optional<cfb::Version> version;
    if (const fs::path metadata = dir / METADATA_FILE; fs::exists(metadata, ec)) {
        version = apply_metadata(metadata, tree);
    }
    cfb::WriteOptions options;
    options.version = args.has("v4") ? cfb::Version::V4 : version.value_or(cfb::Version::V3);
    cfb::write_file(tree, *output, options);
    return ExitOk;
}

int cfb_unpack(const ParsedArgs& args, const Context&) {
    const std::string& file = args.positionals()[0];
    const auto output = args.value("output");
    if (!output) {
        throw UsageError("missing -o DIR");
    }
    const cfb::Reader reader = open_reader(file);
    std::error_code ec;
    fs::create_directories(*output, ec);
    if (ec) {
        throw IoError(*output, "cannot create the folder", ec.value());
    }
    const fs::path root = fs::canonical(*output, ec);
    if (ec) {
        throw IoError(*output, "cannot resolve the folder", ec.value());
    }
    if (!fs::is_empty(root, ec) || ec) {
        throw IoError(*output, "the folder is not empty; unpack needs an empty folder", 0);
    }
    std::set<std::string> written;
    const std::vector<Listed> entries = list_entries(reader);
    for (const Listed& l : entries) {
        const cfb::Entry& entry = reader.entry(l.id);
        if (!written.insert(l.file_path).second) {
            throw FormatError(Location{file, l.path, {}},
                              "two entries map to the same file name '" + l.file_path + "'");
        }
        const fs::path target = root / fs::path(l.file_path);
        if (fs::weakly_canonical(target.parent_path(), ec) != target.parent_path() || ec) {
            throw IoError(target.string(), "resolves outside " + root.string(), 0);
        }
        if (entry.is_storage()) {
            make_folder(target, file);
            continue;
        }
        cfb::Blob data;
        try {
            data = reader.read(l.id);
        } catch (Error& e) {
            e.set_file(file);
            throw;
        }
        AtomicFile out(target, false);
        out.write(data.span());
        out.commit();
    }
    std::vector<std::pair<cfb::EntryId, std::string>> paths;
    for (const Listed& l : entries) {
        paths.emplace_back(l.id, l.file_path);
    }
    const std::string metadata = metadata_json(reader, paths);
    AtomicFile out(root / METADATA_FILE, false);
    out.write(as_bytes(metadata));
    out.commit();
    return ExitOk;
}

}  // namespace

std::vector<Command> cfb_commands() {
    return {
        {"cfb",
         "ls",
         "list the storages and streams of a compound file",
         "[--json] FILE",
         "Lists every storage and stream below the root, depth-first in tree order: one line\n"
         "per entry with its type, size and path. Names in paths are percent-encoded as\n"
         "`cfb unpack` writes them (%01 for U+0001, %25 for '%', %2F for '/', %00 for an\n"
         "empty name). The size is the one the directory entry gives.\n"
         "With --json, prints {\"version\", \"sector_size\", \"entries\": [{\"path\", \"type\",\n"
         "\"size\", \"clsid\", ...}]} with names exactly as stored (UTF-8).\n",
         {{"json", 0, "", "print JSON instead of text"}},
         1,
         cfb_ls},
        {"cfb",
         "cat",
         "write one stream's bytes to standard output",
         "FILE PATH",
         "Writes the bytes of the stream at PATH ('/'-separated, as `cfb ls` shows it, either\n"
         "exact or percent-encoded) to standard output. A stream whose mini sectors run past\n"
         "the end of the mini stream gives the bytes before that point (`cfb check` warns).\n",
         {},
         2,
         cfb_cat},
        {"cfb",
         "check",
         "validate a compound file and read every stream",
         "[--strict] FILE",
         "Opens FILE, walks every entry and reads every stream. Prints each tolerated oddity\n"
         "as a warning and each error, then a summary line. Exit status 0 when the file is\n"
         "valid (warnings allowed), 1 when it is not, 2 when it cannot be read.\n",
         {{"strict", 0, "", "treat every warning as an error"}},
         1,
         cfb_check},
        {"cfb",
         "pack",
         "build a compound file from a folder tree",
         "DIR -o FILE [--v4]",
         "Writes the folder tree DIR as a compound file: folders become storages, files\n"
         "become streams. File names are percent-decoded (%01 -> U+0001, %25 -> '%', the\n"
         "whole name %00 -> the empty name); every other character is taken as it is\n"
         "(UTF-8). Names CFB forbids, symbolic links and special files are refused. A file\n"
         "DIR/.cfb.json (unpack writes it) gives the version, unless --v4, and the CLSIDs,\n"
         "state bits and times of the entries. FILE is replaced atomically.\n",
         {{"output", 'o', "FILE", "the compound file to write (required)"},
          {"v4", 0, "", "write version 4 (4096-byte sectors) instead of version 3"}},
         1,
         cfb_pack},
        {"cfb",
         "unpack",
         "write a compound file out as a folder tree",
         "FILE -o DIR",
         "Writes every storage of FILE as a folder and every stream as a file below DIR,\n"
         "which is created if needed and must be empty. Control characters, '/' and '%' in\n"
         "names are percent-encoded, as are the names \".\" and \"..\" (%2E, %2E%2E) and the\n"
         "empty name (%00), so that `cfb pack` gives the same tree back. DIR/.cfb.json keeps\n"
         "what a folder cannot show (version, CLSIDs, state bits, times) for `cfb pack`; an\n"
         "entry named .cfb.json is written as %2Ecfb.json. Files are written atomically but\n"
         "not synced to disk.\n",
         {{"output", 'o', "DIR", "the folder to write into (required)"}},
         1,
         cfb_unpack},
    };
}

}  // namespace msgforge::cli
