// The render command: --conversations renders phone conversations (cmd_render_conv.cpp).
#include "commands.hpp"

namespace msgforge::cli {

namespace {

int render(const ParsedArgs& args, const Context& ctx) {
    if (args.has("conversations")) {
        return render_conversations(args, ctx);
    }
    throw UsageError("render needs --conversations");
}

}  // namespace

std::vector<Command> render_commands() {
    std::vector<OptionSpec> options = {
        {"conversations", 0, "", "render SMS/MMS conversations, see docs/conversations.md"},
        {"output", 'o', "OUT_DIR", "the folder to write into (required)"}};
    for (const OptionSpec& o : render_conversation_options()) {
        options.push_back(o);
    }
    return {{"", "render", "render messages as HTML pages", "--conversations DIR... -o OUT_DIR",
             "Writes one page per conversation of the SMS and MMS .msg files in DIR and an\n"
             "index.html into OUT_DIR (docs/conversations.md).",
             options, ONE_OR_MORE, render}};
}

}  // namespace msgforge::cli
