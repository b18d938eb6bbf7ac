// What extract and tnef extract share: the messages of FILE arguments written into a folder,
// attachments (and bodies) by name, safely and atomically (cmd_msg_extract.cpp).
#pragma once

#include "args.hpp"
#include "commands.hpp"
#include "safe_name.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/msg/message.hpp>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace msgforge::cli {

/// What extract does with a file of the same name already in the folder.
enum class Existing { number, overwrite, skip };

/// Writes files below one folder: names made safe and distinct, each file checked to land
/// directly in the folder, written atomically (and flushed to disk when `durable`). Names that
/// collide with each other are numbered; names of files already in the folder are numbered,
/// replaced or skipped as `existing` says (a link or folder of the name is never replaced: the
/// new file is numbered).
class OutputFolder {
public:
    OutputFolder(const std::filesystem::path& dir, Existing existing, bool durable)
        : existing_(existing), durable_(durable) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            throw IoError(dir.string(), "cannot create the folder", ec.value());
        }
        root_ = std::filesystem::canonical(dir, ec);
        if (ec || !std::filesystem::is_directory(root_)) {
            throw IoError(dir.string(), "cannot resolve the folder", ec ? ec.value() : ENOTDIR);
        }
        // The allocator holds copies, not this: a folder may be moved (subfolder() returns one).
        names_ = NameAllocator([root = root_, existing = existing_](const std::string& name) {
            return taken(root, existing, name);
        });
    }

    /// The subfolder `name` (a safe name) of this folder, which must resolve directly in it.
    OutputFolder subfolder(const std::string& name) const {
        OutputFolder sub(root_ / name, existing_, durable_);
        if (sub.root_.parent_path() != root_) {
            throw IoError((root_ / name).string(), "resolves outside " + root_.string(), 0);
        }
        return sub;
    }

    struct Written {
        std::string name;
        bool skipped;
    };

    /// Writes `bytes` under a safe form of `wanted`, unless the name is skipped because a file
    /// has it already; returns the name.
    Written write(const std::string& wanted, std::span<const uint8_t> bytes) {
        const std::string name = names_.allocate(safe_name(wanted));
        if (existing_ == Existing::skip && exists(name)) {
            return {name, true};
        }
        const std::filesystem::path target = root_ / name;
        std::error_code ec;
        if (target.parent_path() != root_ || target.filename() != name
            || std::filesystem::weakly_canonical(target, ec).parent_path() != root_ || ec) {
            throw IoError(target.string(), "resolves outside " + root_.string(), 0);
        }
        AtomicFile file(target, durable_);
        file.write(bytes);
        file.commit();
        return {name, false};
    }

private:
    bool exists(const std::string& name) const {
        std::error_code e;
        return std::filesystem::symlink_status(root_ / name, e).type()
               != std::filesystem::file_type::not_found;
    }

    /// Whether `name` must not be used: any entry of that name when numbering, one that is
    /// not a regular file (a link, a folder) when overwriting.
    static bool taken(const std::filesystem::path& root, Existing existing,
                      const std::string& name) {
        std::error_code e;
        const std::filesystem::file_type type =
            std::filesystem::symlink_status(root / name, e).type();
        switch (existing) {
            case Existing::number:
                return type != std::filesystem::file_type::not_found;
            case Existing::overwrite:
                return type != std::filesystem::file_type::not_found
                       && type != std::filesystem::file_type::regular;
            case Existing::skip:
                return false;
        }
        return true;
    }

    Existing existing_;
    bool durable_;
    std::filesystem::path root_;
    NameAllocator names_;
};

/// Reads each of `files` with `read` and writes its attachments into -o DIR as extract does
/// (one subfolder per message when the arguments name several), going on past a file that
/// fails. Returns the exit status.
int extract_messages(const ParsedArgs& args, const Context& ctx,
                     const std::vector<std::string>& files,
                     const std::function<msg::Message(const std::string& file)>& read);

/// The options of extract_messages(): -o DIR, --bodies, --overwrite, --skip-existing, --fsync.
std::vector<OptionSpec> extract_options();

}  // namespace msgforge::cli
