#include "reading.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string_view>
#include <thread>
#include <utility>

namespace msgforge::cli {

namespace {

struct LimitOption {
    const char* name;
    const char* value_name;
    const char* help;
};

constexpr LimitOption LIMITS[] = {
    {"max-depth", "N", "embedded messages inside each other (default 32)"},
    {"max-entries", "N", "directory entries of the compound file (default 1000000)"},
    {"max-properties", "N", "properties of one object (default 65536)"},
    {"max-recipients", "N", "recipients of one message (default 65536)"},
    {"max-attachments", "N", "attachments of one message (default 65536)"},
    {"max-bytes", "BYTES", "bytes taken out of the file, in all (default 16 x its size + 16 MiB)"},
};

constexpr LimitOption BODY_LIMITS[] = {
    {"max-rtf-size", "BYTES", "decompressed RTF body (default 256 x compressed size, min. 64 MiB)"},
};

template <class T>
void apply(const ParsedArgs& args, const char* name, T& field) {
    const auto text = args.value(name);
    if (!text) {
        return;
    }
    T n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc{} || end != text->data() + text->size() || n == 0) {
        throw UsageError(std::string("--") + name + " needs a positive whole number below 2^"
                         + std::to_string(std::numeric_limits<T>::digits) + " (got '" + *text
                         + "')");
    }
    field = n;
}

template <size_t N>
std::vector<OptionSpec> specs(const LimitOption (&limits)[N]) {
    std::vector<OptionSpec> out;
    for (const LimitOption& l : limits) {
        out.push_back({l.name, 0, l.value_name, l.help});
    }
    return out;
}

std::vector<OptionSpec> read_limit_options() {
    return specs(LIMITS);
}

std::vector<OptionSpec> body_limit_options() {
    return specs(BODY_LIMITS);
}

}  // namespace

std::vector<OptionSpec> with_limits(std::vector<OptionSpec> own) {
    std::vector<OptionSpec> options = std::move(own);
    const std::vector<OptionSpec> limits = read_limit_options();
    options.insert(options.end(), limits.begin(), limits.end());
    options.push_back({"strict", 0, "",
                       "refuse a message with any oddity a lenient reading tolerates (a value "
                       "stream that cannot be read, say)"});
    return options;
}

std::vector<OptionSpec> with_body_limits(std::vector<OptionSpec> own) {
    std::vector<OptionSpec> options = with_limits(std::move(own));
    const std::vector<OptionSpec> body = body_limit_options();
    options.insert(options.end(), body.begin(), body.end());
    return options;
}

msg::ReadOptions read_options(const ParsedArgs& args) {
    msg::ReadOptions options;
    apply(args, "max-depth", options.limits.max_embedding_depth);
    apply(args, "max-entries", options.cfb.limits.max_directory_entries);
    apply(args, "max-properties", options.limits.max_properties);
    apply(args, "max-recipients", options.limits.max_recipients);
    apply(args, "max-attachments", options.limits.max_attachments);
    apply(args, "max-bytes", options.limits.max_total_bytes);
    apply(args, "max-rtf-size", options.limits.max_rtf_output);
    options.strict = args.has("strict");
    options.cfb.strict = options.strict;
    return options;
}

std::string required_output(const ParsedArgs& args, const char* what) {
    const auto output = args.value("output");
    if (!output) {
        throw UsageError(std::string("missing -o ") + what);
    }
    return *output;
}

unsigned parse_threads(const ParsedArgs& args) {
    const auto text = args.value("threads");
    if (!text) {
        return std::max(1U, std::thread::hardware_concurrency());
    }
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc{} || end != text->data() + text->size() || n == 0 || n > 256) {
        throw UsageError("--threads needs a whole number from 1 to 256 (got '" + *text + "')");
    }
    return n;
}

bool several_inputs(const std::vector<std::string>& paths) {
    std::error_code ec;
    return paths.size() > 1 || (paths.size() == 1 && std::filesystem::is_directory(paths[0], ec));
}

msg::Message read_message(const std::string& file, const msg::ReadOptions& options) {
    return naming_file(file, [&] { return msg::Message::read_file(file, options); });
}

}  // namespace msgforge::cli
