#include "reading.hpp"

#include <msgforge/error.hpp>

#include <charconv>
#include <cstdint>

namespace msgforge::cli {

namespace {

struct LimitOption {
    const char* name;
    const char* help;
};

constexpr LimitOption LIMITS[] = {
    {"max-depth", "embedded messages inside each other (default 32)"},
    {"max-entries", "directory entries of the compound file (default 1000000)"},
    {"max-properties", "properties of one object (default 65536)"},
    {"max-recipients", "recipients of one message (default 65536)"},
    {"max-attachments", "attachments of one message (default 65536)"},
};

void apply(const ParsedArgs& args, const char* name, uint32_t& field) {
    const auto text = args.value(name);
    if (!text) {
        return;
    }
    uint32_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc{} || end != text->data() + text->size() || n == 0) {
        throw UsageError(std::string("--") + name
                         + " needs a positive whole number below 2^32 (got '" + *text + "')");
    }
    field = n;
}

}  // namespace

std::vector<OptionSpec> read_limit_options() {
    std::vector<OptionSpec> out;
    for (const LimitOption& l : LIMITS) {
        out.push_back({l.name, 0, "N", l.help});
    }
    return out;
}

msg::ReadOptions read_options(const ParsedArgs& args) {
    msg::ReadOptions options;
    apply(args, "max-depth", options.limits.max_embedding_depth);
    apply(args, "max-entries", options.cfb.limits.max_directory_entries);
    apply(args, "max-properties", options.limits.max_properties);
    apply(args, "max-recipients", options.limits.max_recipients);
    apply(args, "max-attachments", options.limits.max_attachments);
    return options;
}

msg::Message read_message(const std::string& file, const msg::ReadOptions& options) {
    try {
        return msg::Message::read_file(file, options);
    } catch (Error& e) {
        e.set_file(file);
        throw;
    }
}

}  // namespace msgforge::cli
