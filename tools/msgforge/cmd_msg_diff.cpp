// The .msg command that compares two messages: diff.
#include "commands.hpp"
#include "reading.hpp"
#include "text.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/message.hpp>

#include <string>
#include <vector>

namespace msgforge::cli {

namespace {

/// The value of one side of a property difference, as dump prints it; "(absent)" without one.
std::string side(const msg::ObjectBase* object, const msg::Property* p, bool full) {
    if (object == nullptr || p == nullptr) {
        return "(absent)";
    }
    return msg::type_name(p->tag.type) + " "
           + json::value_text(p->value, *object, p->tag.id, json::Options{full})
           + (p->flags != (msg::PROPATTR_READABLE | msg::PROPATTR_WRITABLE)
                  ? " (flags " + std::to_string(p->flags) + ")"
                  : "");
}

int msg_diff(const ParsedArgs& args, const Context& ctx) {
    const std::string& first = args.positionals()[0];
    const std::string& second = args.positionals()[1];
    const msg::ReadOptions options = read_options(args);
    msg::Message a;
    msg::Message b;
    try {
        a = read_message(first, options);
        b = read_message(second, options);
    } catch (const FormatError& e) {
        // Like diff(1): 1 means "different", so input that cannot be compared is trouble.
        ctx.err << "msgforge: " << e.what() << '\n';
        return ExitTrouble;
    }
    const bool full = args.has("full");
    const std::vector<msg::Difference> found = msg::differences(a, b);
    for (const msg::Difference& d : found) {
        ctx.out << d.to_string() << '\n';
        if (d.first != nullptr || d.second != nullptr) {
            ctx.out << "  < " << side(d.first_object, d.first, full) << '\n'
                    << "  > " << side(d.second_object, d.second, full) << '\n';
        }
    }
    if (found.empty()) {
        ctx.out << first << " and " << second << ": no differences\n";
        return ExitOk;
    }
    ctx.out << plural(found.size(), "difference") << '\n';
    return ExitInvalid;
}

}  // namespace

std::vector<Command> msg_compare_commands() {
    return {
        {"", "diff", "compare two .msg files property by property", "[--full] A.msg B.msg",
         "Reads both files and prints every difference, one line each: the object (empty for\n"
         "the message, \"recipient #0\", \"attachment #1/embedded\"...), the property (tag and\n"
         "name; a named property by its property set and name, so that files whose named\n"
         "ids differ compare by meaning) and how it differs, then for a property its type\n"
         "and value in A (<) and in B (>), binary values cut after 64 bytes unless --full.\n"
         "Recipients and attachments compare by storage number, embedded messages\n"
         "recursively. Exit status 0 when the messages are equal, 1 when they differ, 2\n"
         "when a file cannot be read or is not a message.\n",
         with_limits({{"full", 0, "", "print long binary values in full"}}), 2, msg_diff},
    };
}

}  // namespace msgforge::cli
