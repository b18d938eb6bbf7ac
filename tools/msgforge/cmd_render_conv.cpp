// render --conversations: the SMS and MMS .msg files of folders as one page per conversation
// and an index page (docs/conversations.md). The pages are built by the render library.
#include "commands.hpp"
#include "reading.hpp"
#include "safe_name.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/files.hpp>
#include <msgforge/render/conversation.hpp>

#include <charconv>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view INDEX = "index.html";

uint64_t max_inline(const ParsedArgs& args) {
    const std::optional<std::string> text = args.value("max-inline");
    if (!text) {
        return render::ConversationPageOptions{}.max_inline;
    }
    uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size()) {
        throw UsageError("--max-inline needs a whole number of bytes (got '" + *text + "')");
    }
    return n;
}

void write_file(const fs::path& path, std::span<const uint8_t> bytes) {
    AtomicFile file(path, false);
    file.write(bytes);
    file.commit();
}

}  // namespace

int render_conversations(const ParsedArgs& args, const Context& ctx) {
    const fs::path out_dir = required_output(args, "OUT_DIR");
    const msg::ReadOptions read = read_options(args);
    render::ConversationPageOptions page_options;
    page_options.max_inline = max_inline(args);
    render::ConversationGrouper grouper({.owner_numbers = args.values("me")});

    std::vector<std::string> sources;
    uint64_t skipped = 0;
    uint64_t failed = 0;
    for (const std::string& file : message_files(args.positionals())) {
        try {
            const msg::Message m = read_message(file, read);
            if (naming_file(file, [&] { return grouper.add(m, sources.size()); })) {
                sources.push_back(file);
            } else {
                ++skipped;
            }
        } catch (const Error& e) {
            if (e.code() == Errc::internal) {
                throw;
            }
            ctx.err << "msgforge: " << e.what() << '\n';
            ++failed;
        }
    }

    const std::vector<render::Conversation> conversations = grouper.conversations();
    fs::create_directories(out_dir);
    NameAllocator names;
    names.allocate(std::string(INDEX));
    std::vector<render::ConversationIndexEntry> index;
    std::vector<std::string> hrefs;
    uint64_t messages = 0;
    std::optional<msg::Message> current;
    const render::MessageSource source = [&](size_t i) -> const msg::Message& {
        current.emplace(read_message(sources[i], read));
        return *current;
    };
    for (const render::Conversation& c : conversations) {
        const std::string name =
            names.allocate(safe_name(c.title() + ".html", "conversation.html"));
        page_options.media_folder = name.substr(0, name.size() - 5) + ".files";
        try {
            const render::ConversationPage page =
                render::conversation_page(c, source, page_options);
            for (const render::PageFile& f : page.files) {
                const fs::path path = out_dir / f.path;
                fs::create_directories(path.parent_path());
                write_file(path, f.data);
            }
            write_file(out_dir / name, as_bytes(page.html));
            index.push_back({&c, name});
            messages += c.messages.size();
        } catch (const Error& e) {
            if (e.code() == Errc::internal) {
                throw;
            }
            ctx.err << "msgforge: " << name << ": " << e.what() << '\n';
            failed += c.messages.size();
        }
    }
    write_file(out_dir / INDEX, as_bytes(render::conversation_index(index)));
    ctx.out << index.size() << " conversations, " << messages << " messages, " << skipped
            << " skipped, " << failed << " failed\n";
    return failed > 0 ? ExitInvalid : ExitOk;
}

std::vector<OptionSpec> render_conversation_options() {
    return {{"me", 0, "NUMBER", "with --conversations: a number of the phone's owner (repeatable)"},
            {"max-inline", 0, "BYTES",
             "with --conversations: media larger than this go beside the page (default 1048576)"}};
}

}  // namespace msgforge::cli
