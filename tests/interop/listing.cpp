#include "listing.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/sha256.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <sys/wait.h>
#include <utility>

namespace msgforge::test {

void sort_listing(Listing& listing) {
    std::sort(listing.begin(), listing.end(),
              [](const Listed& a, const Listed& b) { return a.path < b.path; });
}

Listing list_with_reader(const cfb::Reader& reader) {
    Listing out;
    std::vector<std::pair<cfb::EntryId, std::string>> pending{{reader.root(), ""}};
    while (!pending.empty()) {
        const auto [storage, prefix] = pending.back();
        pending.pop_back();
        for (const cfb::EntryId id : reader.children(storage)) {
            const cfb::Entry& e = reader.entry(id);
            Listed item;
            item.path = prefix.empty() ? std::string(e.name) : prefix + "/" + std::string(e.name);
            if (e.is_storage()) {
                item.type = "storage";
                pending.emplace_back(id, item.path);
            } else if (e.is_stream()) {
                item.type = "stream";
                item.size = e.size;
                try {
                    const cfb::Blob data = reader.read(id);
                    item.sha256 = Sha256::hex(data.span());
                    if (data.size() != e.size) {
                        item.issues.push_back("read " + std::to_string(data.size()) + " bytes of "
                                              + std::to_string(e.size));
                    }
                } catch (const FormatError& error) {
                    item.issues.emplace_back(error.what());
                }
            } else {
                item.type = "type " + std::to_string(static_cast<int>(e.type));
            }
            out.push_back(std::move(item));
        }
    }
    sort_listing(out);
    return out;
}

namespace {

void list_node(const cfb::Node& node, const std::string& prefix, Listing& out) {
    for (const cfb::Node& child : node.children) {
        Listed item;
        item.path = prefix.empty() ? child.utf8_name() : prefix + "/" + child.utf8_name();
        if (child.is_storage()) {
            item.type = "storage";
            list_node(child, item.path, out);
        } else {
            item.type = "stream";
            item.size = child.data.size();
            item.sha256 = Sha256::hex(child.data.span());
        }
        out.push_back(std::move(item));
    }
}

}  // namespace

Listing list_tree(const cfb::Node& root) {
    Listing out;
    list_node(root, "", out);
    sort_listing(out);
    return out;
}

Listing listing_from_json(const nlohmann::json& entries) {
    Listing out;
    for (const auto& j : entries) {
        Listed item;
        item.path = j.at("path").get<std::string>();
        item.type = j.at("type").get<std::string>();
        item.size = j.at("size").get<uint64_t>();
        if (j.contains("sha256") && j.at("sha256").is_string()) {
            item.sha256 = j.at("sha256").get<std::string>();
        }
        if (j.contains("issues")) {
            item.issues = j.at("issues").get<std::vector<std::string>>();
        }
        out.push_back(std::move(item));
    }
    sort_listing(out);
    return out;
}

nlohmann::json listing_to_json(const Listing& listing) {
    nlohmann::json out = nlohmann::json::array();
    for (const Listed& item : listing) {
        nlohmann::json j = {{"path", item.path}, {"type", item.type}, {"size", item.size}};
        j["sha256"] = item.sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.sha256);
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<std::string> differences(const Listing& expected, const Listing& actual) {
    std::map<std::string, const Listed*> by_path;
    for (const Listed& item : actual) {
        by_path.emplace(item.path, &item);
    }
    std::vector<std::string> out;
    for (const Listed& want : expected) {
        const auto it = by_path.find(want.path);
        if (it == by_path.end()) {
            out.push_back("missing " + want.type + " " + want.path);
            continue;
        }
        const Listed& got = *it->second;
        by_path.erase(it);
        if (got.type != want.type) {
            out.push_back(want.path + ": type " + got.type + ", expected " + want.type);
        } else if (want.type == "stream") {
            if (got.size != want.size) {
                out.push_back(want.path + ": size " + std::to_string(got.size) + ", expected "
                              + std::to_string(want.size));
            }
            if (got.sha256 != want.sha256) {
                out.push_back(want.path + ": sha256 " + got.sha256 + ", expected " + want.sha256);
            }
        }
    }
    for (const auto& [path, item] : by_path) {
        out.push_back("unexpected " + item->type + " " + path);
    }
    return out;
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

CommandResult run_command(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot run: " + command);
    }
    CommandResult result;
    std::array<char, 65536> buffer;
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.output.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    result.status = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string file_sha256(const std::filesystem::path& path) {
    const std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) {
        throw std::runtime_error("cannot open " + path.string());
    }
    Sha256 hash;
    std::vector<uint8_t> buffer(1 << 20);
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
        hash.update(std::span<const uint8_t>(buffer.data(), n));
    }
    std::string hex;
    static constexpr char digits[] = "0123456789abcdef";
    for (const uint8_t b : hash.finish()) {
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    return hex;
}

}  // namespace msgforge::test
