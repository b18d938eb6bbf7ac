// render: messages as self-contained, safe HTML pages (docs/render.md), attachments written
// beside them or inlined; several inputs into a folder with an index page.
#include "batch.hpp"
#include "commands.hpp"
#include "extract.hpp"
#include "reading.hpp"
#include "safe_name.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/files.hpp>
#include <msgforge/render/message.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

/// Renders the message in `file` as page `page_name` in `folder`, its attachments into the
/// subfolder "STEM_files" (unless inlined); returns what an index lists of it.
render::Summary render_file(const std::string& file, OutputFolder& folder,
                            const std::string& page_name, const ParsedArgs& args,
                            const Context& ctx) {
    const msg::Message m = read_message(file, read_options(args));
    render::MessageOptions options;
    options.inline_attachments = args.has("inline");
    options.remote_images = args.has("remote-images");
    const std::string files_dir = fs::path(page_name).stem().string() + "_files";
    std::optional<OutputFolder> attachments;
    options.attachment_file = [&](const msg::Attachment& a, const std::string& id) {
        const auto data = a.data();
        if (!attachments) {
            attachments.emplace(folder.subfolder(files_dir));
        }
        const std::string name =
            attachments->write(a.file_name().value_or("attachment " + id), data->span()).name;
        return std::optional<std::string>(files_dir + "/" + name);
    };
    const render::RenderedPage page =
        naming_file(file, [&] { return render::render_message(m, options); });
    for (const std::string& warning : page.warnings) {
        ctx.err << "msgforge: " << file << ": " << warning << '\n';
    }
    folder.write(page_name, as_bytes(page.html));
    ctx.out << page_name << '\n';
    return render::summarize(m);
}

int render_command(const ParsedArgs& args, const Context& ctx) {
    if (args.has("conversations")) {
        return render_conversations(args, ctx);
    }
    const std::string output = required_output(args, "OUT.html or DIR");
    const std::vector<std::string> files = message_files(args.positionals());
    const bool several = several_inputs(args.positionals());
    const bool durable = args.has("fsync");
    if (!several) {
        const fs::path out = output;
        const bool into_dir = fs::is_directory(out) || output.ends_with('/');
        OutputFolder folder(into_dir                    ? out
                            : out.parent_path().empty() ? "."
                                                        : out.parent_path(),
                            Existing::overwrite, durable);
        const std::string page =
            into_dir ? safe_name(fs::path(files.front()).stem().string() + ".html", "message.html")
                     : safe_name(out.filename().string(), "message.html");
        return each_file(files, false, ctx.out, ctx.err, [&](const std::string& file) {
            render_file(file, folder, page, args, ctx);
        });
    }
    OutputFolder folder(output, Existing::overwrite, durable);
    NameAllocator pages([](const std::string& name) { return name == "index.html"; });
    std::vector<render::IndexEntry> entries;
    const int status = each_file(files, true, ctx.out, ctx.err, [&](const std::string& file) {
        render::IndexEntry entry;
        entry.source = file;
        try {
            const std::string page =
                pages.allocate(safe_name(fs::path(file).stem().string() + ".html", "message.html"));
            entry.summary = render_file(file, folder, page, args, ctx);
            entry.href = page;
        } catch (const Error& e) {
            entry.error = e.what();
            entries.push_back(std::move(entry));
            throw;
        }
        entries.push_back(std::move(entry));
    });
    folder.write("index.html", as_bytes(render::render_index(entries)));
    ctx.out << "index.html\n";
    return status;
}

std::vector<OptionSpec> render_options() {
    std::vector<OptionSpec> options = with_body_limits(
        {{"output", 'o', "OUT.html|DIR", "the page, or the folder for the pages (required)"},
         {"inline", 0, "", "keep attachments in the page as data: URIs"},
         {"remote-images", 0, "", "show http: and https: images of HTML bodies"},
         {"fsync", 0, "", "flush each file to disk (durable against power loss)"},
         {"conversations", 0, "",
          "render SMS/MMS conversations instead, see docs/conversations.md"}});
    const std::vector<OptionSpec> conversation = render_conversation_options();
    options.insert(options.end(), conversation.begin(), conversation.end());
    return options;
}

}  // namespace

std::vector<Command> render_commands() {
    return {
        {"", "render", "messages as self-contained, safe HTML pages",
         "FILE|DIR... -o OUT.html|DIR [--inline] [--remote-images] [--fsync]",
         "Writes each message as an HTML page that shows it as a reading pane: subject, from,\n"
         "to, cc with names and SMTP addresses, date (UTC, and in the sender's offset when the\n"
         "Date header gives one), importance, the typed fields of appointments, contacts and\n"
         "tasks, the text and parts of SMS and MMS, the attachment list with sizes, then the\n"
         "body: HTML (stored or restored from RTF) made safe, else the RTF's text, else the\n"
         "plain text with its links. Embedded messages are shown nested, each in a section\n"
         "that opens and closes. Pages run no script and load nothing from the network: the\n"
         "HTML is rebuilt from an allowlist and the page carries a Content-Security-Policy;\n"
         "remote images are placeholders unless --remote-images; cid: images are inlined.\n"
         "Attachments are written beside the page into STEM_files/ (names made safe, never\n"
         "outside the output folder) and linked, or with --inline kept in the page as data:\n"
         "URIs. One FILE: -o names the page (or a folder to put it in). Several, or a folder\n"
         "(searched recursively for .msg and .oft files): -o DIR gets one STEM.html per\n"
         "message (numbered when stems collide) and index.html listing each with subject, from\n"
         "and date; a file that fails is reported on standard error, listed in the index with\n"
         "its error, and the others go on, then \"N files, M failed\". Files are written\n"
         "atomically and replace files of the same name. Prints each page written; what a page\n"
         "leaves out (removed elements, blocked images) goes to standard error. Exit status 1\n"
         "when a file is invalid, 2 when one could not be read at all. docs/render.md.\n"
         "With --conversations, the SMS and MMS messages under the DIRs become one page per\n"
         "conversation and an index in OUT_DIR instead (--me, --max-inline; see\n"
         "docs/conversations.md).\n",
         render_options(), ONE_OR_MORE, render_command},
    };
}

}  // namespace msgforge::cli
