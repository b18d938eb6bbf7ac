// The TNEF streams of the corpus (../shared/corpus/eml) decoded by msgforge and by Debian's
// tnef and ytnef: the attachments each writes (names and bytes), the bodies tnef saves, and
// the subject, class and date tnef prints; the same for the TNEF parts of the corpus's .eml
// files, which from_mime() decodes into the message. Each difference is stated with its reason in
// KNOWN; any other fails. An absent corpus skips visibly; a tool that is not installed fails
// unless MSGFORGE_INTEROP_SKIP names it (then it skips visibly), as for the other peers.
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/mime/tnef.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace msgforge;

/// Attachments a peer does not write that msgforge does, per file, and why.
struct Known {
    std::string_view peer;
    std::string_view file;  ///< below the corpus's eml folder
    size_t ours_only;
    std::string_view why;
};

constexpr std::string_view NO_OBJECTS =
    "ytnef writes no file for an attachment whose data is a PtypObject value "
    "(PidTagAttachDataObject); msgforge keeps it";

constexpr std::array<Known, 6> KNOWN = {{
    {"tnef", "mimekit/panic.tnef", 1,
     "tnef aborts (an assertion) at the attribute of level 75 before it writes the third "
     "attachment; msgforge warns there and keeps the three attachments before it"},
    {"tnef", "mimekit/winmail.tnef", 1,
     "both OLE objects are named \"Untitled Attachment\": tnef writes the second over the first"},
    {"ytnef", "mimekit/panic.tnef", 3,
     "ytnef stops at the attribute of level 75 and writes nothing; msgforge warns and keeps the "
     "three attachments before it"},
    {"ytnef", "mimekit/winmail.tnef", 2, NO_OBJECTS},
    {"ytnef", "tnef/MAPI_ATTACH_DATA_OBJ.tnef", 3, NO_OBJECTS},
    {"ytnef", "tnef/MAPI_OBJECT.tnef", 1, NO_OBJECTS},
}};

/// tnef writes an OLE object as its PtypObject value: the interface id, then the compound
/// file. msgforge keeps the compound file as the attachment's storage.
constexpr std::array<uint8_t, 16> IID_ISTORAGE = {0x0B, 0, 0, 0, 0, 0, 0, 0,
                                                  0xC0, 0, 0, 0, 0, 0, 0, 0x46};

std::string quoted(const fs::path& p) {
    std::string out = "'";
    for (const char c : p.string()) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

bool installed(const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

/// Whether the peer `tool` (the command of the package `package`) can run. When it cannot, the
/// test fails, as for the other interop peers, unless MSGFORGE_INTEROP_SKIP (comma-separated
/// tags) names `tool`: then it is skipped visibly.
bool peer_ready(const std::string& tool, const std::string& package) {
    if (installed(tool)) {
        return true;
    }
    const char* skip = std::getenv("MSGFORGE_INTEROP_SKIP");
    const std::string why = tool + " is not installed (apt-get install " + package + ")";
    if (skip != nullptr
        && ("," + std::string(skip) + ",").find("," + tool + ",") != std::string::npos) {
        test::report_skip(why + ", skipped by MSGFORGE_INTEROP_SKIP");
    } else {
        FAIL(why + " (CI installs it; MSGFORGE_INTEROP_SKIP=" + tool + " skips it locally)");
    }
    return false;
}

/// What `command` prints on standard output (its exit status does not matter: the peers
/// crash on some files, and what they printed before counts).
std::string output_of(const std::string& command) {
    std::string out;
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    pclose(pipe);
    return out;
}

/// The TNEF files of the corpus, or none (with the skip reported) when it is absent.
std::vector<fs::path> tnef_files() {
    const fs::path corpus = test::corpus_dir();
    if (corpus.empty() || !fs::is_directory(corpus / "eml")) {
        test::report_skip("../shared/corpus/eml is absent");
        return {};
    }
    std::vector<fs::path> files;
    for (const fs::path& p : test::files_below(corpus / "eml")) {
        if (p.extension() == ".tnef" || p.extension() == ".dat") {
            files.push_back(p);
        }
    }
    return files;
}

std::string corpus_name(const fs::path& file) {
    return file.lexically_relative(test::corpus_dir() / "eml").generic_string();
}

/// A name as both sides are compared: every character but ASCII letters, digits, '.' and '-'
/// becomes '_' (tnef and ytnef replace spaces and brackets, each in its own way).
std::string normalized(std::string_view name) {
    std::string out;
    for (const char c : name) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                          || c == '.' || c == '-';
        out += keep ? c : '_';
    }
    return out;
}

/// Every stream below `node` by path, with its bytes.
void streams(const cfb::Node& node, const std::string& path,
             std::map<std::string, std::vector<uint8_t>>& out) {
    for (const cfb::Node& child : node.children) {
        const std::string p = path + "/" + std::string(child.name.begin(), child.name.end());
        if (child.type == cfb::EntryType::Stream) {
            out[p] = {child.data.begin(), child.data.end()};
        } else {
            streams(child, p, out);
        }
    }
}

/// Whether a peer's file holds what msgforge has for `a`: the same bytes, or for an OLE
/// object the interface id and a compound file with the same streams.
bool same_content(const msg::Attachment& a, const std::vector<uint8_t>& peer) {
    if (a.object_storage) {
        if (peer.size() < 16
            || !std::equal(IID_ISTORAGE.begin(), IID_ISTORAGE.end(), peer.begin())) {
            return false;
        }
        const std::vector<uint8_t> compound(peer.begin() + 16, peer.end());
        const cfb::Tree tree = cfb::Tree::from_reader(cfb::Reader::from_bytes(compound));
        std::map<std::string, std::vector<uint8_t>> theirs;
        std::map<std::string, std::vector<uint8_t>> ours;
        streams(tree.root(), "", theirs);
        streams(*a.object_storage, "", ours);
        return theirs == ours;
    }
    const auto data = a.data();
    return data && std::vector<uint8_t>(data->begin(), data->end()) == peer;
}

/// Runs `extract` (a command with DIR and FILE to fill in) on every corpus TNEF file and
/// compares the files it writes with msgforge's attachments.
void compare_attachments(
    const std::string& peer,
    const std::function<std::string(const fs::path& dir, const fs::path& file)>& extract) {
    if (!peer_ready(peer, peer == "ytnef" ? "ytnef-tools" : peer)) {
        return;
    }
    const std::vector<fs::path> files = tnef_files();
    size_t compared = 0;
    for (const fs::path& file : files) {
        const std::string name = corpus_name(file);
        CAPTURE(name);
        const std::vector<uint8_t> bytes = test::read_file(file);
        const msg::Message m = mime::from_tnef(bytes, file.string()).message;
        std::vector<const msg::Attachment*> unmatched;
        for (const msg::Attachment& a : m.attachments) {
            unmatched.push_back(&a);
        }
        test::TempDir dir;
        (void)std::system(extract(dir.path(), file).c_str());
        for (const fs::path& written : test::files_below(dir.path())) {
            const std::string written_name = normalized(written.filename().string());
            CAPTURE(written_name);
            const std::vector<uint8_t> content = test::read_file(written);
            const auto match = std::find_if(unmatched.begin(), unmatched.end(), [&](auto* a) {
                return normalized(a->file_name().value_or("")) == written_name
                       && same_content(*a, content);
            });
            CHECK(match != unmatched.end());
            if (match != unmatched.end()) {
                unmatched.erase(match);
                ++compared;
            }
        }
        size_t expected = 0;
        for (const Known& k : KNOWN) {
            if (k.peer == peer && k.file == name) {
                expected = k.ours_only;
                INFO("known difference: " << k.why);
            }
        }
        CHECK(unmatched.size() == expected);
    }
    INFO(compared << " attachments of " << files.size() << " files agree with " << peer);
    CHECK(compared > 0);
}

/// The value of `(MESS) LABEL <...> [...] = VALUE` in tnef --debug's output, if printed.
std::optional<std::string> debug_value(const std::string& debug, const std::string& label) {
    const size_t at = debug.find("(MESS) " + label + " <");
    if (at == std::string::npos) {
        return std::nullopt;
    }
    const size_t eq = debug.find("] =", at);
    const size_t end = debug.find('\n', at);
    return debug.substr(eq + 3, end - eq - 3);
}

/// tnef --debug prints attMessageClass as little-endian 16-bit words: "0x5049 0x2e4d ...".
std::string words_to_text(const std::string& words) {
    std::string out;
    size_t at = 0;
    while ((at = words.find("0x", at)) != std::string::npos) {
        const auto word = static_cast<uint16_t>(std::stoul(words.substr(at + 2, 4), nullptr, 16));
        for (const char c : {static_cast<char>(word & 0xFF), static_cast<char>(word >> 8)}) {
            if (c != '\0') {
                out += c;
            }
        }
        at += 2;
    }
    return out;
}

/// Whether the files tnef writes for the stream `file` (attachments into `dir`/files, bodies
/// into `dir`/bodies) are attachments and bodies of `m`; returns how many were compared.
size_t compare_with_tnef_output(const fs::path& file, const fs::path& dir, const msg::Message& m) {
    const fs::path files = dir / "files";
    const fs::path bodies = dir / "bodies";
    fs::create_directories(files);
    fs::create_directories(bodies);
    (void)std::system(("tnef --overwrite -C " + quoted(files) + " " + quoted(file)
                       + " >/dev/null 2>&1 && tnef --save-body --body-pref=ALL -C " + quoted(bodies)
                       + " " + quoted(file) + " >/dev/null 2>&1")
                          .c_str());
    size_t compared = 0;
    for (const fs::path& written : test::files_below(files)) {
        const std::string name = normalized(written.filename().string());
        CAPTURE(name);
        const std::vector<uint8_t> content = test::read_file(written);
        CHECK(std::any_of(m.attachments.begin(), m.attachments.end(), [&](const auto& a) {
            return normalized(a.file_name().value_or("")) == name && same_content(a, content);
        }));
        ++compared;
    }
    for (const fs::path& saved : test::files_below(bodies)) {
        const std::string kind = saved.filename().string();
        const std::vector<uint8_t> theirs = test::read_file(saved);
        CAPTURE(kind);
        std::optional<std::string> ours;
        if (kind == "message.rtf") {
            const auto rtf = msg::body_rtf(m);
            ours = rtf ? std::optional<std::string>(std::string(rtf->begin(), rtf->end()))
                       : std::nullopt;
        } else if (kind == "message.html") {
            // tnef saves PidTagHtml as the stream stores it (koi8-r in ukr.eml); the message
            // has it in UTF-8, as msgforge decodes the stream's.
            const msg::Message stream =
                mime::from_tnef(test::read_file(file), file.string()).message;
            const cfb::Blob* html = stream.properties.get_as(msg::tags::PidTagHtml);
            REQUIRE(html != nullptr);
            CHECK(std::vector<uint8_t>(html->begin(), html->end()) == theirs);
            ours = msg::body_html(stream);
            CHECK(msg::body_html(m) == ours);
            ++compared;
            continue;
        } else if (kind == "message.txt") {
            ours = msg::body_text(m);
        } else {
            continue;
        }
        REQUIRE(ours);
        CHECK(std::vector<uint8_t>(ours->begin(), ours->end()) == theirs);
        ++compared;
    }
    return compared;
}

/// Runs `check` on each TNEF file of the corpus with the message msgforge decodes from it,
/// when tnef is installed (else the test is skipped); `check` returns how many values it
/// compared, which must come to more than none.
void each_decoded_with_tnef(
    const std::string& what,
    const std::function<size_t(const fs::path& file, const msg::Message& m)>& check) {
    if (!peer_ready("tnef", "tnef")) {
        return;
    }
    size_t compared = 0;
    for (const fs::path& file : tnef_files()) {
        const std::string name = corpus_name(file);
        CAPTURE(name);
        compared += check(file, mime::from_tnef(test::read_file(file), file.string()).message);
    }
    INFO(compared << " " << what << " compared");
    CHECK(compared > 0);
}

}  // namespace

TEST_CASE("the attachments of the corpus's TNEF files agree with Debian's tnef",
          "[tnef][interop]") {
    compare_attachments("tnef", [](const fs::path& dir, const fs::path& file) {
        return "tnef --overwrite -C " + quoted(dir) + " " + quoted(file) + " >/dev/null 2>&1";
    });
}

TEST_CASE("the attachments of the corpus's TNEF files agree with ytnef", "[ytnef][interop]") {
    compare_attachments("ytnef", [](const fs::path& dir, const fs::path& file) {
        return "ytnef -f " + quoted(dir) + " " + quoted(file) + " >/dev/null 2>&1";
    });
}

TEST_CASE("the bodies tnef saves are the bodies msgforge decodes", "[tnef][interop]") {
    each_decoded_with_tnef("bodies", [](const fs::path& file, const msg::Message& m) {
        size_t compared = 0;
        test::TempDir dir;
        (void)std::system(("tnef --save-body --body-pref=ALL -C " + quoted(dir.path()) + " "
                           + quoted(file) + " >/dev/null 2>&1")
                              .c_str());
        for (const fs::path& saved : test::files_below(dir.path())) {
            const std::string kind = saved.filename().string();
            const std::vector<uint8_t> theirs = test::read_file(saved);
            CAPTURE(kind);
            if (kind == "message.rtf") {
                CHECK(msg::body_rtf(m) == theirs);
            } else if (kind == "message.html") {
                const auto html = msg::body_html(m);
                REQUIRE(html);
                CHECK(std::vector<uint8_t>(html->begin(), html->end()) == theirs);
            } else if (kind == "message.txt") {
                const auto text = msg::body_text(m);
                REQUIRE(text);
                CHECK(std::vector<uint8_t>(text->begin(), text->end()) == theirs);
            } else {
                continue;
            }
            ++compared;
        }
        return compared;
    });
}

TEST_CASE("the TNEF parts of the corpus's .eml files give the message what tnef writes",
          "[tnef][interop]") {
    const fs::path corpus = test::corpus_dir();
    if (corpus.empty() || !fs::is_directory(corpus / "eml")) {
        test::report_skip("../shared/corpus/eml is absent");
        return;
    }
    if (!peer_ready("tnef", "tnef") || !peer_ready("python3", "python3")) {
        return;
    }
    size_t files = 0;
    size_t compared = 0;
    for (const fs::path& eml : test::files_below(corpus / "eml")) {
        if (eml.extension() != ".eml") {
            continue;
        }
        const std::vector<uint8_t> bytes = test::read_file(eml);
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        if (text.find("ms-tnef") == std::string_view::npos
            && text.find("winmail.dat") == std::string_view::npos) {
            continue;
        }
        const std::string name = corpus_name(eml);
        CAPTURE(name);
        // The TNEF parts as Python's email package decodes them, each into its own file.
        test::TempDir dir;
        (void)std::system(
            ("python3 -c 'import email,sys\n"
             "m=email.message_from_binary_file(open(sys.argv[1],\"rb\"))\n"
             "for i,p in enumerate(m.walk()):\n"
             " n=(p.get_filename() or \"\").lower()\n"
             " if p.get_content_type().endswith(\"ms-tnef\") or n==\"winmail.dat\":\n"
             "  open(sys.argv[2]+\"/part%d.dat\"%i,\"wb\").write(p.get_payload(decode=True))' "
             + quoted(eml) + " " + quoted(dir.path()))
                .c_str());
        mime::FromMimeOptions options;
        options.outlook_defaults = false;
        const mime::FromMimeResult r = mime::from_mime(bytes, eml.string(), options);
        for (const fs::path& part : test::files_below(dir.path())) {
            ++files;
            // No TNEF part stays an attachment: each is decoded into the message.
            CHECK(std::none_of(r.message.attachments.begin(), r.message.attachments.end(),
                               [](const auto& a) {
                                   const auto data = a.data();
                                   return data && mime::is_tnef(data->span());
                               }));
            test::TempDir out;
            compared += compare_with_tnef_output(part, out.path(), r.message);
        }
    }
    INFO(compared << " attachments and bodies of " << files << " TNEF parts agree with tnef");
    CHECK(files > 0);
    CHECK(compared > 0);
}

TEST_CASE("subject, class and date sent agree with what tnef --debug prints", "[tnef][interop]") {
    each_decoded_with_tnef("values", [](const fs::path& file, const msg::Message& m) {
        size_t compared = 0;
        const std::string debug = output_of("tnef --debug -t " + quoted(file));
        if (const auto subject = debug_value(debug, "Subject")) {
            // 'text', as the stream holds it (in code page 1252 in all of the corpus).
            CHECK(m.subject()
                  == msg::decode_codepage(subject->substr(1, subject->size() - 2), 1252));
            ++compared;
        }
        if (const auto words = debug_value(debug, "Message Class")) {
            // msgforge gives the MS Mail class its MAPI name (MS-OXTNEF 2.1.3.3.4) unless the
            // MAPI properties name the class themselves.
            const std::string legacy = words_to_text(*words);
            const std::string mapped = legacy == "IPM.Microsoft Mail.Note" ? "IPM.Note"
                                       : legacy == "IPM.Microsoft Mail.Read Receipt"
                                           ? "Report.IPM.Note.IPNRN"
                                           : legacy;
            CAPTURE(legacy);
            CHECK(m.message_class() == mapped);
            ++compared;
        }
        if (const auto sent = debug_value(debug, "Date Sent")) {
            // " Wed 1999/10/13 22:47:44": the sender's local time. msgforge takes the MAPI
            // PidTagClientSubmitTime (UTC) when the stream has it, else this time as UTC: the
            // two may differ by the sender's offset from UTC, in whole quarter hours.
            const auto legacy =
                FileTime::parse(sent->substr(5, 4) + "-" + sent->substr(10, 2) + "-"
                                + sent->substr(13, 2) + "T" + sent->substr(16, 8) + "Z");
            REQUIRE(legacy);
            const FileTime* ours = m.properties.get_as(msg::tags::PidTagClientSubmitTime);
            REQUIRE(ours != nullptr);
            // The MAPI time also has fractions of a second.
            const double seconds =
                static_cast<double>(static_cast<int64_t>(ours->ticks - legacy->ticks)) / 1e7;
            CAPTURE(ours->to_iso(), legacy->to_iso());
            CHECK(std::abs(seconds - std::round(seconds / 900) * 900) < 1.0);
            CHECK(std::abs(seconds) <= 14 * 3600 + 1);
            ++compared;
        }
        return compared;
    });
}
