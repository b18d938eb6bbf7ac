#include "cfb_metadata.hpp"

#include "name_codec.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace msgforge::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view FORMAT = "msgforge cfb metadata 1";

Json entry_json(const std::string& path, const cfb::Entry& e) {
    Json j;
    j["path"] = path;
    if (!e.clsid.is_null()) {
        j["clsid"] = e.clsid.to_string();
    }
    if (e.state_bits != 0) {
        j["state_bits"] = e.state_bits;
    }
    if (!e.created.is_zero()) {
        j["created"] = e.created.to_iso();
    }
    if (!e.modified.is_zero()) {
        j["modified"] = e.modified.to_iso();
    }
    return j;
}

bool has_metadata(const cfb::Entry& e) {
    return !e.clsid.is_null() || e.state_bits != 0 || !e.created.is_zero() || !e.modified.is_zero();
}

class Applying {
public:
    explicit Applying(std::filesystem::path file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& detail) const {
        throw FormatError(Location{file_.string(), where, std::nullopt}, detail);
    }

    std::string text(const Json& j, const std::string& where) const {
        if (!j.is_string()) {
            fail(where, "expected a string");
        }
        return j.get<std::string>();
    }

    // The node a '/'-separated file path names ("" is the root).
    cfb::Node& node(cfb::Tree& tree, const std::string& path, const std::string& where) const {
        cfb::Node* n = &tree.root();
        size_t at = 0;
        while (at < path.size()) {
            const size_t slash = std::min(path.find('/', at), path.size());
            const auto name = decode_name(std::string_view(path).substr(at, slash - at));
            cfb::Node* child = name ? n->find(*name) : nullptr;
            if (child == nullptr) {
                fail(where, "'" + path + "' names no entry of the folder");
            }
            n = child;
            at = slash + 1;
        }
        return *n;
    }

    void apply(const Json& e, const std::string& where, cfb::Tree& tree) const {
        if (!e.is_object() || !e.contains("path")) {
            fail(where, "expected an object with a \"path\"");
        }
        cfb::Node& n = node(tree, text(e.at("path"), where + ".path"), where + ".path");
        if (e.contains("clsid")) {
            const auto g = Guid::parse(text(e.at("clsid"), where + ".clsid"));
            if (!g) {
                fail(where + ".clsid", "not a GUID {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}");
            }
            n.clsid = *g;
        }
        if (e.contains("state_bits")) {
            const Json& bits = e.at("state_bits");
            if (!bits.is_number_unsigned() || bits.get<uint64_t>() > UINT32_MAX) {
                fail(where + ".state_bits", "expected an integer from 0 to 4294967295");
            }
            n.state_bits = bits.get<uint32_t>();
        }
        for (const auto& [key, time] :
             {std::pair{"created", &n.created}, std::pair{"modified", &n.modified}}) {
            if (e.contains(key)) {
                const auto t = FileTime::parse(text(e.at(key), where + "." + key));
                if (!t) {
                    fail(where + "." + key, "not an RFC 3339 time");
                }
                *time = *t;
            }
        }
    }

private:
    std::filesystem::path file_;
};

}  // namespace

std::string metadata_json(const cfb::Reader& reader,
                          const std::vector<std::pair<cfb::EntryId, std::string>>& entries) {
    Json j;
    j["format"] = FORMAT;
    j["version"] = static_cast<int>(reader.version());
    Json list = Json::array();
    if (has_metadata(reader.entry(reader.root()))) {
        list.push_back(entry_json("", reader.entry(reader.root())));
    }
    for (const auto& [id, path] : entries) {
        if (has_metadata(reader.entry(id))) {
            list.push_back(entry_json(path, reader.entry(id)));
        }
    }
    j["entries"] = std::move(list);
    return j.dump(2) + "\n";
}

std::optional<cfb::Version> apply_metadata(const std::filesystem::path& file, cfb::Tree& tree) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw IoError(file.string(), "cannot open", errno);
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Applying applying(file);
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::exception& e) {
        applying.fail("JSON", e.what());
    }
    if (!j.is_object() || j.value("format", "") != FORMAT) {
        applying.fail("format", "not a metadata file of cfb unpack (\"format\": \""
                                    + std::string(FORMAT) + "\")");
    }
    std::optional<cfb::Version> version;
    if (j.contains("version")) {
        const Json& v = j.at("version");
        if (v != 3 && v != 4) {
            applying.fail("version", "expected 3 or 4");
        }
        version = v == 4 ? cfb::Version::V4 : cfb::Version::V3;
    }
    if (j.contains("entries")) {
        const Json& entries = j.at("entries");
        if (!entries.is_array()) {
            applying.fail("entries", "expected an array");
        }
        for (size_t i = 0; i < entries.size(); ++i) {
            applying.apply(entries[i], "entries[" + std::to_string(i) + "]", tree);
        }
    }
    return version;
}

}  // namespace msgforge::cli
