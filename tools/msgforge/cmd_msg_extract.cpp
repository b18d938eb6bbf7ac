// extract: the attachments (and bodies) of one or more .msg files written into a folder.
#include "batch.hpp"
#include "commands.hpp"
#include "extract.hpp"
#include "reading.hpp"
#include "safe_name.hpp"
#include "text.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/message.hpp>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

bool has_extension(const std::string& name, std::string_view ext) {
    if (name.size() < ext.size()) {
        return false;
    }
    return std::equal(ext.begin(), ext.end(), name.end() - static_cast<std::ptrdiff_t>(ext.size()),
                      [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? b + 32 : b); });
}

/// An embedded message as a top-level message: 32-byte header, the parent's named map.
msg::Message standalone(const msg::Message& embedded, const msg::Message& parent) {
    msg::Message m = embedded;
    m.is_embedded = false;
    m.named = parent.named;
    return m;
}

Existing existing_mode(const ParsedArgs& args) {
    const bool overwrite = args.has("overwrite");
    const bool skip = args.has("skip-existing");
    if (overwrite && skip) {
        throw UsageError("--overwrite and --skip-existing exclude each other");
    }
    return overwrite ? Existing::overwrite : skip ? Existing::skip : Existing::number;
}

/// What a clear-signed message signs, its signature last (docs/mime.md, "Clear-signed
/// messages"), or nullopt for any other message and, with a warning, for an entity that
/// cannot be read (then extracted as it is stored).
std::optional<msg::Message> signed_parts(const std::string& file, const msg::Message& m,
                                         const Context& ctx) {
    const msg::Attachment* entity = mime::signed_entity_attachment(m);
    if (entity == nullptr) {
        return std::nullopt;
    }
    try {
        mime::FromMimeResult parts = mime::read_signed_entity(entity->data()->span(), file);
        for (const msg::Warning& w : parts.warnings) {
            ctx.err << "msgforge: " << file << ": warning: " << w.to_string() << '\n';
        }
        return std::move(parts.message);
    } catch (const FormatError& e) {
        ctx.err << "msgforge: warning: " << e.what() << "; extracted as stored\n";
        return std::nullopt;
    }
}

/// Writes the attachments (and with --bodies the bodies) of the message in `file` into
/// `folder`; each line printed starts with `prefix` and the name. A clear-signed message gives
/// the parts of its signed entity instead of the entity.
void extract_file(const std::string& file, OutputFolder& folder, const std::string& prefix,
                  const msg::Message& m, const ParsedArgs& args, const Context& ctx) {
    const auto write = [&](const std::string& name, std::span<const uint8_t> bytes) {
        const OutputFolder::Written w = folder.write(name, bytes);
        ctx.out << prefix << w.name << "  "
                << (w.skipped ? std::string("skipped (exists)") : plural(bytes.size(), "byte"))
                << '\n';
    };
    const std::optional<msg::Message> signed_content = signed_parts(file, m, ctx);
    const msg::Message& owner = signed_content ? *signed_content : m;
    for (const msg::Attachment& a : owner.attachments) {
        std::string name = a.file_name().value_or("");
        if (a.embedded) {
            if (name.empty()) {
                name = a.embedded->subject().value_or("");
            }
            if (!has_extension(name, ".msg")) {
                name += ".msg";
            }
            write(name, standalone(*a.embedded, owner).write());
        } else if (a.object_storage) {
            cfb::Tree tree;
            const std::u16string root_name = tree.root().name;
            tree.root() = *a.object_storage;
            tree.root().name = root_name;
            tree.root().type = cfb::EntryType::Root;
            if (name.find('.') == std::string::npos) {
                name += ".bin";
            }
            write(name, cfb::write(tree));
        } else if (const auto data = a.data()) {
            write(name, data->span());
        } else {
            ctx.err << "msgforge: " << file << ": attachment #" << a.number
                    << ": no data to extract (attach method " << a.method() << ")\n";
        }
    }
    if (args.has("bodies")) {
        naming_file(file, [&] {
            if (const auto text = msg::body_text(m)) {
                write("body.txt", as_bytes(*text));
            }
            if (const auto html = msg::body_html(m)) {
                write("body.html", as_bytes(*html));
            }
            if (const auto rtf = msg::body_rtf(m)) {
                write("body.rtf", *rtf);
            }
        });
    }
}

int msg_extract(const ParsedArgs& args, const Context& ctx) {
    return extract_messages(
        args, ctx, message_files(args.positionals()),
        [&](const std::string& file) { return read_message(file, read_options(args)); });
}

}  // namespace

int extract_messages(const ParsedArgs& args, const Context& ctx,
                     const std::vector<std::string>& files,
                     const std::function<msg::Message(const std::string& file)>& read) {
    const std::string output = required_output(args, "DIR");
    const Existing existing = existing_mode(args);
    const bool durable = args.has("fsync");
    const bool several = several_inputs(args.positionals());
    std::optional<OutputFolder> root;
    NameAllocator stems;
    return each_file(files, several, ctx.out, ctx.err, [&](const std::string& file) {
        const std::string sub =
            several ? stems.allocate(safe_name(fs::path(file).stem().string(), "message")) : "";
        const msg::Message m = read(file);
        if (!root) {
            root.emplace(output, existing, durable);
        }
        if (!several) {
            extract_file(file, *root, "", m, args, ctx);
            return;
        }
        OutputFolder folder = root->subfolder(sub);
        extract_file(file, folder, sub + "/", m, args, ctx);
    });
}

std::vector<OptionSpec> extract_options() {
    return {{"output", 'o', "DIR", "the folder to write into (required)"},
            {"bodies", 0, "", "also write body.txt, body.html and body.rtf"},
            {"overwrite", 0, "", "replace files of the same name already in DIR"},
            {"skip-existing", 0, "", "leave files of the same name already in DIR alone"},
            {"fsync", 0, "", "flush each file to disk (durable against power loss)"}};
}

std::vector<Command> msg_extract_commands() {
    return {
        {"", "extract", "write the attachments of .msg files into a folder",
         "FILE|DIR... -o DIR [--bodies] [--overwrite | --skip-existing] [--fsync]",
         "Writes each attachment into DIR (created if needed) under its long file name:\n"
         "embedded messages as .msg files, OLE attachments as compound files (.bin when the\n"
         "name has no extension). Names are made safe (no path separators, \"..\", control\n"
         "characters or Windows device names; at most 255 bytes) and numbered when they\n"
         "collide with each other (\"a (2).txt\"); a file of the same name already in DIR is\n"
         "kept and the new one numbered too, unless --overwrite (replace it; a link or\n"
         "folder of that name stays, the new file is numbered) or --skip-existing (leave\n"
         "it, print \"NAME  skipped (exists)\"). Nothing is written outside DIR. Files are\n"
         "written atomically; --fsync also flushes each one to disk before it takes its name\n"
         "(about 5 times slower for many small files). Prints each file written with its\n"
         "size.\n"
         "A clear-signed message (IPM.Note.SMIME.MultipartSigned) gives the attachments of\n"
         "the content it signs and the signature (smime.p7s) instead of the signed entity.\n"
         "A folder argument is searched recursively for .msg and .oft files (in any case),\n"
         "in path order. With more than one FILE or a folder, each message's files go into a\n"
         "subfolder of DIR named after its file (\"a.msg\" into DIR/a, the next \"a.msg\" into\n"
         "DIR/\"a (2)\"), printed as \"a/NAME\"; a file that fails is reported on standard\n"
         "error and the others go on, then \"N files, M failed\" (standard error). Exit\n"
         "status 1 when a file is invalid, 2 when one could not be read at all.\n",
         with_body_limits(extract_options()), ONE_OR_MORE, msg_extract},
    };
}

}  // namespace msgforge::cli
