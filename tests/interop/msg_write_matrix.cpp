// Messages written by msgforge's writer, read back by independent readers. The matrix of
// msg_write_cases.cpp (bodies, Unicode, ANSI code pages, recipients, attachments up to 10 MB,
// nested embedded messages, named and multi-valued properties) is written into a temporary
// folder; then one CTest test per reader opens every file in one process and compares what it
// reports with what was written:
//   [msgforge]    msgforge's own reader, in process: the summary fields plus the HTML body,
//                 the bodies restored from RTF, named and multi-valued properties, embedded
//                 subjects and PidTagStoreSupportMask
//   [msgreader]   @kenjiuno/msgreader   (msg_msgreader_summary.js, msg_write_bodies.js)
//   [msgconvert]  Email::Outlook::Message (msg_msgconvert_summary.pl, msg_write_bodies.pl)
//   [poi]         Apache POI HSMF       (msg_poi_summary.java, msg_write_bodies.java)
//   [extract_msg] extract_msg           (msg_extract_msg_summary.py, bodies included)
// The msg_write_bodies runners add the HTML body and the decompressed RTF body to the summary.
//   [olefile]     python3-olefile, CFB level: every storage and stream of the written tree
//                 listed, every stream byte-equal (SHA-256)
//   [gsf]         libgsf's gsf, CFB level, the same check
// A difference passes only when the table below explains it, with who is right per the spec;
// a case-specific table entry that no longer applies fails, so the table stays true.
#define CATCH_CONFIG_RUNNER
#include "listing.hpp"
#include "msg_compare.hpp"
#include "msg_summary_json.hpp"
#include "msg_write_cases.hpp"
#include "peers.hpp"
#include "support/support.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::test {
namespace {

namespace tags = msg::tags;

using nlohmann::json;

// ---- writing the matrix -----------------------------------------------------------------------

struct Written {
    Spec spec;
    std::filesystem::path file;
    json expected;
    Listing listing;  ///< every storage and stream of the tree the writer wrote
};

std::vector<Written> write_matrix(const std::filesystem::path& dir) {
    std::vector<Written> out;
    for (const Spec& spec : write_matrix_specs()) {
        const msg::Message m = build_message(spec);
        Written w{spec, dir / (spec.name + ".msg"), expected_summary(spec),
                  list_tree(m.to_tree().root())};
        msg::WriteOptions options;
        options.version = spec.version;
        options.durable = false;
        m.write_file(w.file, options);
        out.push_back(std::move(w));
    }
    return out;
}

// ---- known differences ------------------------------------------------------------------------

bool peer_has_none(const std::string&, const std::string& theirs) {
    return theirs.empty();
}

bool only_peer_has(const std::string& ours, const std::string& theirs) {
    return ours.empty() && !theirs.empty();
}

/// Without the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F), which some peers drop.
std::string without_c1(const std::string& utf8) {
    std::string out;
    for (size_t i = 0; i < utf8.size(); ++i) {
        const auto next = i + 1 < utf8.size() ? static_cast<unsigned char>(utf8[i + 1]) : 0U;
        if (static_cast<unsigned char>(utf8[i]) == 0xC2 && next >= 0x80 && next <= 0x9F) {
            ++i;
        } else {
            out += utf8[i];
        }
    }
    return out;
}

/// The peer shows ours encoded in code page 1252 or 1251 (as written) and then decoded as
/// ISO-8859-1, C1 controls aside: it ignored PidTagMessageCodepage.
bool read_as_latin1(const std::string& ours, const std::string& theirs) {
    for (const uint32_t cp : {1252U, 1251U}) {
        const auto bytes = msg::encode_codepage(ours, cp);
        if (!bytes) {
            continue;
        }
        std::string latin1;
        for (const char b : *bytes) {
            const auto u = static_cast<unsigned char>(b);
            if (u < 0x80) {
                latin1 += b;
            } else {
                latin1 += static_cast<char>(0xC0 | (u >> 6));
                latin1 += static_cast<char>(0x80 | (u & 0x3F));
            }
        }
        if (ours != theirs && without_c1(latin1) == without_c1(theirs)) {
            return true;
        }
    }
    return false;
}

/// The peer shows the UTF-8 bytes of ours decoded as Windows-1252.
bool utf8_read_as_cp1252(const std::string& ours, const std::string& theirs) {
    return ours != theirs && msg::decode_codepage(ours, 1252) == theirs;
}

/// The peer's RTF has LF CR where ours has CR LF (ours normalised to LF by text()).
bool lf_cr_for_cr_lf(const std::string& ours, const std::string& theirs) {
    std::string fixed;
    for (size_t i = 0; i < theirs.size(); ++i) {
        fixed += theirs[i];
        if (theirs[i] == '\n' && i + 1 < theirs.size() && theirs[i + 1] == '\r') {
            ++i;
        }
    }
    return ours != theirs && fixed == ours;
}

// MS-OXCMSG / MS-OXMSG: PtypString8 values are in the code page of
// PidTagMessageCodepage (here 1252 and 1251). Peers that decode them as ISO-8859-1 are wrong.
constexpr std::string_view LATIN1_VERDICT =
    "String8 decoded as ISO-8859-1 instead of the message's code page (PidTagMessageCodepage); "
    "ours right";
// MS-OXRTFCP ("Dictionary"): the initial dictionary holds "\blue0" CR LF "\par"; Microsoft's own
// implementation (microsoft/outlook-pst-rs, crates/compressed-rtf) has CR LF too. POI's
// CompressedRTF.LZW_RTF_PRELOAD and Email::Outlook::Message's $BASE_BUFFER have LF CR, so every
// reference into those bytes comes out swapped. Harmless for RTF readers (CR and LF are
// ignored in RTF), but not the RTF that was compressed.
constexpr std::string_view RTF_PRELOAD_VERDICT =
    "decompressed with an initial dictionary holding LF CR instead of MS-OXRTFCP's CR LF: "
    "\\par CR LF comes out as \\par LF CR; ours right (matches msgreader and the spec)";
constexpr std::string_view POI_HTML_VERDICT =
    "PidTagHtml bytes decoded as Windows-1252 even after guess7BitEncoding(), ignoring "
    "PidTagInternetCodepage 65001 (written by apply_outlook_defaults; it names the code page of "
    "the HTML body, MS-OXCMSG) and the document's <meta charset=\"utf-8\">; ours right";
constexpr std::string_view POI_ATTACH_VERDICT =
    "HSMF's guess7BitEncoding() re-decodes the message's and recipients' String8 chunks but not "
    "the attachments' (left in its default cp1252); ours right";

const std::vector<Known>& known_differences() {
    static const std::vector<Known> table = {
        // @kenjiuno/msgreader: no ansiEncoding given, so String8 is ISO-8859-1 to it.
        {"msgreader", "subject", "ansi-cp1252", read_as_latin1, LATIN1_VERDICT},
        {"msgreader", "body_text", "ansi-cp1252", read_as_latin1, LATIN1_VERDICT},
        {"msgreader", "subject", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgreader", "sender_name", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgreader", "body_text", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgreader", "recipients.name", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgreader", "attachments.name", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},

        {"poi", "attachments.name", "ansi-cp1251", read_as_latin1, POI_ATTACH_VERDICT},
        {"poi", "body_html", "html", utf8_read_as_cp1252, POI_HTML_VERDICT},
        {"poi", "body_html", "html-only", utf8_read_as_cp1252, POI_HTML_VERDICT},
        {"poi", "body_html", "unicode-html", utf8_read_as_cp1252, POI_HTML_VERDICT},
        {"poi", "rtf", "rtf-from-text", lf_cr_for_cr_lf, RTF_PRELOAD_VERDICT},
        {"msgconvert", "rtf", "rtf-from-text", lf_cr_for_cr_lf, RTF_PRELOAD_VERDICT},

        // extract_msg's body property falls back to the text of the RTF body.
        {"extract_msg", "body_text", "rtf-from-text", only_peer_has,
         "no PidTagBody written; extract_msg makes the text from the RTF body. Not comparable"},

        // msgconvert writes an .eml: what MIME cannot carry is lost or replaced.
        {"msgconvert", "class", "", peer_has_none,
         "an .eml has no message class (PidTagMessageClass); not comparable"},
        // Header fields from String8 are decoded as ISO-8859-1; the body's bytes are passed on
        // labelled charset=CP1252 whatever PidTagMessageCodepage says.
        {"msgconvert", "subject", "ansi-cp1252", read_as_latin1, LATIN1_VERDICT},
        {"msgconvert", "subject", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgconvert", "sender_name", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgconvert", "body_text", "ansi-cp1251", read_as_latin1,
         "String8 body labelled charset=CP1252 instead of the message's code page 1251; ours "
         "right"},
        {"msgconvert", "attachments.name", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgconvert", "recipients.name", "ansi-cp1251", read_as_latin1, LATIN1_VERDICT},
        {"msgconvert", "attachments.mime", "attachments-20", only_peer_has,
         "no PidTagAttachMimeTag written; msgconvert fills in application/octet-stream. Ours "
         "reports the absence, right"},
        {"msgconvert", "attachments.mime", "embedded-nested", only_peer_has,
         "embedded message (method 5) has no PidTagAttachMimeTag; msgconvert writes it as "
         "message/rfc822. Not comparable"},
        {"msgconvert", "attachments.size", "embedded-nested", only_peer_has,
         "embedded message (method 5) has no PidTagAttachDataBinary; msgconvert's size is its "
         "RFC 822 rendering. Not comparable"},
    };
    return table;
}

// ---- the readers ------------------------------------------------------------------------------

/// Why `peer` cannot run here, or empty when it can.
std::string missing(const std::string& peer) {
    if (peer == "poi") {
        const std::string why = java_missing(MSGFORGE_POI_CLASSPATH, "MsgPoiSummary");
        return why.empty() ? java_missing(MSGFORGE_POI_CLASSPATH, "MsgWriteBodies") : why;
    }
    return peer_missing(peer);
}

/// The peer's summary runner, then its msg_write_bodies runner, whose body_html and rtf are
/// added to the summary (extract_msg's runner gives them itself).
std::map<std::string, Read> peer_summaries(const std::string& peer,
                                           const std::vector<std::filesystem::path>& files) {
    auto out = reads(
        runner_command(peer, "msg_" + peer + "_summary", "MsgPoiSummary", MSGFORGE_POI_CLASSPATH),
        files);
    if (peer == "extract_msg") {
        return out;
    }
    const auto body_files = json_files(
        runner_command(peer, "msg_write_bodies", "MsgWriteBodies", MSGFORGE_POI_CLASSPATH), files);
    for (auto& [file, r] : out) {
        if (!r.error.empty()) {
            continue;
        }
        const auto b = body_files.find(file);
        for (const char* field : {"body_html", "rtf"}) {
            if (b == body_files.end() || b->second.at("error").is_string()) {
                r.summary[field] = "refuses: "
                                   + (b == body_files.end() ? std::string("no entry")
                                                            : b->second.at("error").dump());
            } else {
                r.summary[field] = b->second.at(field);
            }
        }
    }
    return out;
}

/// Latin-1 bytes as UTF-8, as the runners print the RTF.
std::string latin1_to_utf8(std::span<const uint8_t> bytes) {
    std::string out;
    for (const uint8_t b : bytes) {
        if (b < 0x80) {
            out += static_cast<char>(b);
        } else {
            out += static_cast<char>(0xC0 | (b >> 6));
            out += static_cast<char>(0x80 | (b & 0x3F));
        }
    }
    return out;
}

/// msg_summary's fields from msgforge's reader, plus what only msgforge exposes: the HTML
/// body, the bodies restored from RTF, named and multi-valued properties, the subjects of the
/// embedded chain and the store support mask.
json msgforge_summary(const msg::Message& m) {
    json embedded_subjects = json::array();
    for (const msg::Attachment& a : m.attachments) {
        for (const msg::Message* e = a.embedded.get(); e != nullptr;
             e = e->attachments.empty() ? nullptr : e->attachments.front().embedded.get()) {
            embedded_subjects.push_back(or_null(e->subject()));
        }
    }
    const auto* mask = m.properties.get_as<int32_t>(tags::PidTagStoreSupportMask);
    const auto rtf = msg::body_rtf(m);
    json named = nullptr;
    if (const auto* v = m.named_value(named_string_key())) {
        const auto* s = v->as<std::u16string>();
        named = s != nullptr ? json(utf16_to_utf8(*s)) : json("wrong type");
    }
    json named_int = nullptr;
    if (const auto* v = m.named_value(named_int_key())) {
        const auto* i = v->as<int32_t>();
        named_int = i != nullptr ? json(*i) : json("wrong type");
    }
    json multi_int = nullptr;
    if (const auto* v = m.properties.get_as<std::vector<int32_t>>(
            msg::PropertyTag{MV_INT32_ID, msg::PropertyType::PtypMultipleInteger32})) {
        multi_int = *v;
    }
    json multi_string = nullptr;
    if (const auto* v = m.properties.get_as<std::vector<std::u16string>>(
            msg::PropertyTag{MV_STRING_ID, msg::PropertyType::PtypMultipleString})) {
        multi_string = json::array();
        for (const auto& s : *v) {
            multi_string.push_back(utf16_to_utf8(s));
        }
    }
    json out = msg_summary(m);
    out.update(
        {{"body_html", or_null(m.properties.find_id(tags::PidTagHtml) != nullptr ? msg::body_html(m)
                                                                                 : std::nullopt)},
         {"rtf", rtf ? json(latin1_to_utf8(*rtf)) : json(nullptr)},
         {"body_from_rtf", m.properties.find_id(tags::PidTagRtfCompressed) != nullptr
                               ? json(msg::best_body(m).content)
                               : json(nullptr)},
         {"embedded_subjects", embedded_subjects},
         {"store_unicode_ok", mask != nullptr ? json((*mask & 0x00040000) != 0) : json(nullptr)},
         {"named_string", named},
         {"named_int", named_int},
         {"multi_int32", multi_int},
         {"multi_string", multi_string}});
    return out;
}

std::map<std::string, Read> msgforge_summaries(const std::vector<std::filesystem::path>& files) {
    std::map<std::string, Read> out;
    for (const auto& f : files) {
        Read& r = out[f.string()];
        try {
            r.summary = msgforge_summary(msg::Message::read_file(f));
        } catch (const Error& e) {
            r.error = e.what();
        }
    }
    return out;
}

/// What msgforge alone is asked beyond the summary, per case.
json msgforge_expected_extras(const Spec& spec) {
    json subjects = json::array();
    for (const std::string& s : spec.embedded_chain) {
        subjects.push_back(s);
    }
    json from_rtf = nullptr;
    if (spec.body_kind == BodyKind::rtf_from_text) {
        from_rtf = spec.body;
    } else if (spec.body_kind == BodyKind::rtf_from_html) {
        from_rtf = spec.html;
    }
    json multi_string = nullptr;
    if (spec.multi_valued) {
        multi_string = multi_string_values();
    }
    return {{"body_from_rtf", from_rtf},
            {"embedded_subjects", subjects},
            {"store_unicode_ok", spec.ansi_codepage == 0},
            {"named_string", spec.named ? json(NAMED_STRING_VALUE) : json(nullptr)},
            {"named_int", spec.named ? json(NAMED_INT_VALUE) : json(nullptr)},
            {"multi_int32", spec.multi_valued ? json(multi_int32_values()) : json(nullptr)},
            {"multi_string", multi_string}};
}

// ---- comparison -------------------------------------------------------------------------------

/// An .eml's headers carry no Bcc (RFC 5322 3.6.3: Bcc is removed before transmission), so
/// msgconvert is compared with the To and Cc recipients; the Bcc ones are counted as known.
/// Its list is the To header, then the Cc header: ours is put in that order too.
json visible_recipients(Comparison& c, const json& recipients) {
    if (c.peer != "msgconvert") {
        return recipients;
    }
    json out = json::array();
    for (const char* type : {"1", "2"}) {
        for (const json& r : recipients) {
            if (text(r.at("type")) == type) {
                out.push_back(r);
            }
        }
    }
    for (const json& r : recipients) {
        if (text(r.at("type")) == "3") {
            ++c.known_used
                  ["Bcc recipient not shown: an .eml has no Bcc header (RFC 5322 3.6.3); the file "
                   "has it (MS-OXOMSG PidTagRecipientType 3); not comparable"];
        }
    }
    return out;
}

void compare_case(Comparison& c, const Written& w, const Read& theirs) {
    const std::string& name = w.spec.name;
    compare_values(c, name, "opens", {"opens"},
                   {theirs.error.empty() ? "opens" : "refuses: " + theirs.error});
    if (!theirs.error.empty()) {
        return;
    }
    json mine = w.expected;
    mine["recipients"] = visible_recipients(c, mine.at("recipients"));
    const json& t = theirs.summary;
    compare_summaries(
        c, name, mine, t,
        {"class", "subject", "sender_name", "sender_email", "body_text", "body_html", "rtf"});
    if (c.peer == "msgforge") {
        const json extras = msgforge_expected_extras(w.spec);
        for (const auto& [field, value] : extras.items()) {
            compare_values(c, name, field, {value.dump()}, {t.at(field).dump()});
        }
    }
}

void report(const Comparison& c, const std::vector<Written>& written) {
    std::cout
        << "\n## msgforge's writer read by " << c.peer << ": " << written.size()
        << " files\n\n| case | agree | known difference | unexpected |\n|---|---:|---:|---:|\n";
    for (const Written& w : written) {
        const auto it = c.by_where.find(w.spec.name);
        const Tally t = it == c.by_where.end() ? Tally{} : it->second;
        std::cout << "| " << w.spec.name << " | " << t.agree << " | " << t.known << " | "
                  << t.unexpected << " |\n";
    }
    std::cout << "\n| field | agree | known difference | unexpected |\n|---|---:|---:|---:|\n";
    for (const auto& [field, t] : c.by_field) {
        std::cout << "| " << field << " | " << t.agree << " | " << t.known << " | " << t.unexpected
                  << " |\n";
    }
    std::cout << "\nKnown differences used:\n";
    for (const auto& [verdict, n] : c.known_used) {
        std::cout << "- " << n << " x " << verdict << '\n';
    }
}

void finish(const Comparison& c) {
    for (const std::string& f : failures(c)) {
        FAIL_CHECK(f);
    }
}

std::vector<std::filesystem::path> files_of(const std::vector<Written>& written) {
    std::vector<std::filesystem::path> out;
    for (const Written& w : written) {
        out.push_back(w.file);
    }
    return out;
}

void run_message_peer(const std::string& peer) {
    const TempDir dir;
    const auto written = write_matrix(dir.path());
    const auto files = files_of(written);
    const auto theirs =
        peer == "msgforge" ? msgforge_summaries(files) : peer_summaries(peer, files);
    Comparison c(peer, "written", known_differences());
    for (const Written& w : written) {
        const auto t = theirs.find(w.file.string());
        INFO(w.file.string());
        REQUIRE(t != theirs.end());
        compare_case(c, w, t->second);
    }
    report(c, written);
    finish(c);
}

/// CFB level: the peer lists every storage and stream the writer wrote, streams byte-equal.
void run_cfb_peer(const std::string& peer) {
    const TempDir dir;
    const auto written = write_matrix(dir.path());
    std::map<std::string, PeerListing> listings;
    if (peer == "olefile") {
        listings = olefile_listings(files_of(written));
    } else {
        for (const Written& w : written) {
            listings[w.file.string()] = gsf_listing(w.file);
        }
    }
    Comparison c(peer, "written", known_differences());
    for (const Written& w : written) {
        const PeerListing& p = listings[w.file.string()];
        compare_values(c, w.spec.name, "opens", {"opens"},
                       {p.error.empty() ? "opens" : "refuses: " + p.error});
        std::vector<std::string> problems = differences(w.listing, p.listing);
        for (const Listed& e : p.listing) {
            for (const std::string& issue : e.issues) {
                problems.push_back(e.path + ": " + issue);
            }
        }
        compare_values(c, w.spec.name, "entries", {std::to_string(w.listing.size())},
                       {std::to_string(p.listing.size())});
        compare_values(c, w.spec.name, "streams byte-equal", {""},
                       {problems.empty() ? "" : problems.front()});
    }
    report(c, written);
    finish(c);
}

TEST_CASE("msgforge reads back every message its writer wrote", "[msgforge]") {
    run_message_peer("msgforge");
}

TEST_CASE("@kenjiuno/msgreader reads what msgforge writes", "[msgreader]") {
    run_message_peer("msgreader");
}

TEST_CASE("msgconvert reads what msgforge writes", "[msgconvert]") {
    run_message_peer("msgconvert");
}

TEST_CASE("Apache POI HSMF reads what msgforge writes", "[poi]") {
    run_message_peer("poi");
}

TEST_CASE("extract_msg reads what msgforge writes", "[extract_msg]") {
    run_message_peer("extract_msg");
}

TEST_CASE("olefile lists every stream msgforge writes, byte-equal", "[olefile]") {
    run_cfb_peer("olefile");
}

TEST_CASE("gsf lists every stream msgforge writes, byte-equal", "[gsf]") {
    run_cfb_peer("gsf");
}

}  // namespace
}  // namespace msgforge::test

/// The only argument CTest passes is the peer's tag. A peer missing from this machine fails,
/// unless MSGFORGE_INTEROP_SKIP (comma-separated tags) names it: then the test exits 77.
int main(int argc, char** argv) {
    if (const auto code = msgforge::test::missing_peer_exit(argc, argv, msgforge::test::missing)) {
        return *code;
    }
    return Catch::Session().run(argc, argv);
}
