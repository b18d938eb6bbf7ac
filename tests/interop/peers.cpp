#include "peers.hpp"

#include "support/support.hpp"

#include <msgforge/base/sha256.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace msgforge::test {

namespace {

std::string joined(const std::vector<std::filesystem::path>& files) {
    std::string out;
    for (const auto& f : files) {
        out += ' ' + shell_quote(f.string());
    }
    return out;
}

std::map<std::string, PeerListing> script_listings(const std::string& command) {
    const CommandResult run = run_command(command);
    if (run.status != 0) {
        throw std::runtime_error("failed (exit " + std::to_string(run.status) + "): " + command);
    }
    std::map<std::string, PeerListing> out;
    const nlohmann::json parsed = nlohmann::json::parse(run.output);
    for (const auto& f : parsed.at("files")) {
        PeerListing& p = out[f.at("file").get<std::string>()];
        if (f.at("error").is_string()) {
            p.error = f.at("error").get<std::string>();
        }
        p.listing = listing_from_json(f.at("entries"));
    }
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        out.push_back(line);
    }
    return out;
}

bool available(const std::string& command) {
    return run_command(command + " >/dev/null 2>&1").status == 0;
}

}  // namespace

std::string peer_missing(const std::string& peer) {
    if (peer == "msgforge") {
        return "";
    }
    if (peer == "olefile") {
        return available(std::string(MSGFORGE_PYTHON) + " -c 'import olefile'")
                   ? ""
                   : std::string(MSGFORGE_PYTHON) + " cannot import olefile (apt-get install "
                                                    "python3-olefile)";
    }
    if (peer == "gsf") {
        return available("command -v gsf") ? "" : "gsf not found (apt-get install libgsf-bin)";
    }
    if (peer == "7z") {
        return available("command -v 7z") ? "" : "7z not found (apt-get install p7zip-full)";
    }
    if (peer == "msgreader") {
        return available("node -e \"require(" + shell_quote(MSGFORGE_INTEROP_DIR)
                         + " + '/node_modules/@kenjiuno/msgreader')\"")
                   ? ""
                   : "node or @kenjiuno/msgreader missing (apt-get install nodejs npm; npm ci "
                     "--prefix tests/interop)";
    }
    if (peer == "msgconvert") {
        // Every module the msgconvert runners use.
        return available(
                   "perl -MEmail::Outlook::Message -MEmail::Address::XS -MEmail::MIME "
                   "-MDigest::SHA -e 1")
                   ? ""
                   : "Email::Outlook::Message missing (apt-get install "
                     "libemail-outlook-message-perl)";
    }
    if (peer == "extract_msg") {
        return available(std::string(MSGFORGE_PYTHON) + " " + shell_quote(MSGFORGE_EXTRACT_MSG_DIR)
                         + "/xm.py --versions")
                   ? ""
                   : "the extract_msg peer in " + std::string(MSGFORGE_EXTRACT_MSG_DIR)
                         + " does not import (run its setup.sh as root)";
    }
    if (peer == "sheetjs") {
        return available("node -e \"require(" + shell_quote(MSGFORGE_INTEROP_DIR)
                         + " + '/node_modules/cfb')\"")
                   ? ""
                   : "node or SheetJS cfb missing (apt-get install nodejs npm; npm ci --prefix "
                     "tests/interop)";
    }
    return "unknown peer " + peer;
}

std::string java_missing(const std::string& classpath, const std::string& main_class) {
    return available("java -cp " + shell_quote(classpath) + " " + main_class)
               ? ""
               : "java, javac or Apache POI missing (apt-get install default-jdk-headless "
                 "libapache-poi-java, then reconfigure)";
}

std::optional<int> missing_peer_exit(
    int argc, char** argv, const std::function<std::string(const std::string& peer)>& missing) {
    if (argc != 2 || argv[1][0] != '[') {
        return std::nullopt;
    }
    const std::string arg = argv[1];
    const std::string tag = arg.substr(1, arg.find(']') - 1);
    if (tag == "extract_msg" && !std::filesystem::is_directory(MSGFORGE_EXTRACT_MSG_DIR)) {
        report_skip(std::string(MSGFORGE_EXTRACT_MSG_DIR) + " is absent: extract_msg not compared");
        return 77;
    }
    const std::string why = missing(tag);
    if (why.empty()) {
        return std::nullopt;
    }
    const char* skip = std::getenv("MSGFORGE_INTEROP_SKIP");
    const bool skipped =
        skip != nullptr
        && ("," + std::string(skip) + ",").find("," + tag + ",") != std::string::npos;
    std::cerr << (skipped ? "SKIP: " : "FAIL: ") << why
              << (skipped ? " (skipped by MSGFORGE_INTEROP_SKIP)"
                          : " (CI installs it; MSGFORGE_INTEROP_SKIP=" + tag + " skips it locally)")
              << '\n';
    return skipped ? 77 : 1;
}

std::string runner_command(const std::string& peer, const std::string& script,
                           const std::string& java_class, const std::string& classpath) {
    const std::string dir = MSGFORGE_INTEROP_DIR;
    if (peer == "msgreader") {
        return "node " + shell_quote(dir + "/" + script + ".js");
    }
    if (peer == "msgconvert") {
        return "perl " + shell_quote(dir + "/" + script + ".pl");
    }
    if (peer == "extract_msg") {
        return "MSGFORGE_EXTRACT_MSG=" + shell_quote(MSGFORGE_EXTRACT_MSG_DIR) + " "
               + MSGFORGE_PYTHON + " " + shell_quote(dir + "/" + script + ".py");
    }
    return "java -cp " + shell_quote(classpath) + " " + java_class;
}

std::map<std::string, nlohmann::json> json_files(const std::string& command,
                                                 const std::vector<std::filesystem::path>& files) {
    const std::string full = command + joined(files);
    const CommandResult run = run_command(full);
    if (run.status != 0) {
        throw std::runtime_error("failed (exit " + std::to_string(run.status) + "): " + full);
    }
    std::map<std::string, nlohmann::json> out;
    const nlohmann::json parsed = nlohmann::json::parse(run.output);
    for (const auto& f : parsed.at("files")) {
        out[f.at("file").get<std::string>()] = f;
    }
    return out;
}

std::map<std::string, PeerListing> olefile_listings(
    const std::vector<std::filesystem::path>& files) {
    return script_listings(std::string(MSGFORGE_PYTHON) + " "
                           + shell_quote(MSGFORGE_OLEFILE_LISTING) + joined(files));
}

std::map<std::string, PeerListing> sheetjs_listings(
    const std::vector<std::filesystem::path>& files) {
    return script_listings("node " + shell_quote(MSGFORGE_SHEETJS_LISTING) + joined(files));
}

PeerListing gsf_listing(const std::filesystem::path& file) {
    // Each line is printf("%c %19s %12" size " %s"): type, modification time, size, path.
    // The first line names the file, the second is the root ("*root*").
    const CommandResult run = run_command("gsf list " + shell_quote(file.string()) + " 2>&1");
    PeerListing out;
    const std::vector<std::string> lines = lines_of(run.output);
    if (run.status != 0 || lines.size() < 2) {
        out.error = run.output;
        return out;
    }
    std::vector<size_t> files;
    for (size_t i = 2; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (line.size() < 36 || (line[0] != 'f' && line[0] != 'd') || line[34] != ' ') {
            out.error = "unexpected gsf list line: " + line;
            return out;
        }
        Listed item;
        item.path = line.substr(35);
        item.type = line[0] == 'd' ? "storage" : "stream";
        if (line[0] == 'f') {
            item.size = std::stoull(line.substr(22, 12));
            // gsf parses its arguments with GOption: "-name" is taken for an option, and after
            // "--" GOption keeps the "--" for gsf to take as a member name. So `gsf cat`
            // cannot reach a member whose path (its top-level name) starts with '-'.
            if (item.path[0] == '-') {
                item.issues.emplace_back("gsf cat cannot name it");
            } else {
                files.push_back(out.listing.size());
            }
        }
        out.listing.push_back(std::move(item));
    }
    // `gsf cat FILE PATH...` writes the members one after the other: split by the listed
    // sizes. Batches keep one process from getting thousands of arguments.
    constexpr size_t batch = 256;
    for (size_t first = 0; first < files.size(); first += batch) {
        const size_t last = std::min(files.size(), first + batch);
        std::string command = "gsf cat " + shell_quote(file.string());
        uint64_t total = 0;
        for (size_t i = first; i < last; ++i) {
            command += ' ' + shell_quote(out.listing[files[i]].path);
            total += out.listing[files[i]].size;
        }
        const CommandResult cat = run_command(command);
        if (cat.status != 0 || cat.output.size() != total) {
            out.error = "gsf cat exit " + std::to_string(cat.status) + ", "
                        + std::to_string(cat.output.size()) + " bytes for " + std::to_string(total)
                        + " listed";
            return out;
        }
        size_t at = 0;
        for (size_t i = first; i < last; ++i) {
            Listed& item = out.listing[files[i]];
            item.sha256 = Sha256::hex(std::span<const uint8_t>(
                reinterpret_cast<const uint8_t*>(cat.output.data()) + at, item.size));
            at += item.size;
        }
    }
    sort_listing(out.listing);
    return out;
}

PeerListing sevenzip_listing(const std::filesystem::path& file) {
    const CommandResult run =
        run_command("LC_ALL=C.UTF-8 7z l -slt -ba " + shell_quote(file.string()) + " 2>&1");
    PeerListing out;
    if (run.status != 0) {
        out.error = run.output;
        return out;
    }
    // -ba prints one block per item: "Path = ...", "Size = ..." (empty for a folder), ...
    Listed item;
    bool open = false;
    const auto flush = [&] {
        if (open) {
            out.listing.push_back(item);
        }
        item = Listed{};
        open = false;
    };
    for (const std::string& line : lines_of(run.output)) {
        if (line.rfind("Path = ", 0) == 0) {
            flush();
            item.path = line.substr(7);
            open = true;
        } else if (line.rfind("Size = ", 0) == 0) {
            const std::string size = line.substr(7);
            item.type = size.empty() ? "storage" : "stream";
            item.size = size.empty() ? 0 : std::stoull(size);
        }
    }
    flush();
    sort_listing(out.listing);
    return out;
}

PeerListing sevenzip_extracted(const std::filesystem::path& file,
                               const std::filesystem::path& into) {
    const CommandResult run =
        run_command("LC_ALL=C.UTF-8 7z x -y -bd -o" + shell_quote(into.string()) + " "
                    + shell_quote(file.string()) + " 2>&1");
    PeerListing out;
    if (run.status != 0) {
        out.error = run.output;
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(into, ec)) {
        return out;
    }
    for (const auto& e : std::filesystem::recursive_directory_iterator(into)) {
        Listed item;
        item.path = std::filesystem::relative(e.path(), into).generic_string();
        if (e.is_directory()) {
            item.type = "storage";
        } else {
            item.type = "stream";
            item.size = e.file_size();
            item.sha256 = file_sha256(e.path());
        }
        out.listing.push_back(std::move(item));
    }
    sort_listing(out.listing);
    return out;
}

}  // namespace msgforge::test
