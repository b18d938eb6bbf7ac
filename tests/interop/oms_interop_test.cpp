// SMS and MMS objects (MS-OXOSMMS) written by msgforge::oms, read back by independent readers.
// Four messages are built (oms_interop_cases.cpp) and written into a temporary folder:
//   sms-sample    MS-OXOSMMS 4.1: a draft SMS with the sample's account GUID and text
//   sms-sent      a sent SMS with non-ASCII text (a surrogate pair too) from +15550001 to two
//                 named numbers, with submit and schedule times and a mobile model
//   mms-sample    MS-OXOSMMS 4.2: "Here's the photo.", one slide (text and photo.jpg), the
//                 sample's Content-ID suffix
//   mms-received  a received MMS: text + JPEG, text only, PNG + AMR audio, and a vCard
// The same checks run on a second set: the 26 elements of a synthetic "SMS Backup & Restore"
// archive (tests/oms/sbr_generator.hpp) imported as `msgforge import sbr` does, each file
// named as the command names it (oms_interop_cases.hpp lists what they cover).
// Each message is first checked against the inputs it was built from (for an imported one, the
// object sbr::to_object makes of its element); every expectation below is then computed from
// the message. One CTest test per reader opens the files of each set in one process:
//   [olefile]     python3-olefile (tests/corpus/olefile_listing.py): every storage and stream of
//                 the written tree listed, every stream byte-equal (SHA-256)
//   [msgreader]   @kenjiuno/msgreader (oms_msgreader_summary.js): class, subject, plain and HTML
//                 body; sender and recipients (name, number, address type MOBILE, recipient
//                 type); per attachment the file name, size, SHA-256, MIME tag, Content-ID and
//                 hidden flag; the named properties by id and name, with their values. Not
//                 shown: the property set of a string-named property (getFileData keeps only
//                 the name), so PS_PUBLIC_STRINGS and PS_INTERNET_HEADERS are not told apart.
//                 No peer here shows the sets: check_built() checks them on the built message.
//   [poi]         Apache POI HSMF 4.0.1 (oms_poi_summary.java): the same fields as msgreader,
//                 the hidden flag from the attachment's property stream; named properties by
//                 id and value only (HSMF keeps __nameid_version1.0 as raw chunks: no set, no
//                 name).
//   [msgconvert]  Email::Outlook::Message (oms_msgconvert_summary.pl: the .eml msgconvert
//                 makes): subject, plain and HTML body, From (name and number), To (name,
//                 type), per attachment the file name, size, SHA-256, content type (lower
//                 case) and Content-ID (as written: msgconvert leaves out the angle brackets of
//                 RFC 2045's msg-id). Not shown: the class, address types, the hidden flag (every
//                 part becomes Content-Disposition: attachment) and named properties (Base.pm skips
//                 __nameid_version1.0, a TODO there). The runner stops at as_string, as
//                 msg_msgconvert_summary.pl does: /usr/bin/msgconvert does not start on
//                 Debian 12 (it needs Email::Address, which the package does not depend on),
//                 and its `print OUT $mail->as_string` encodes the 8-bit bodies as UTF-8 a
//                 second time when a header holds a character above U+00FF (sms-sent's subject).
//   [extract_msg] extract_msg (oms_extract_msg_summary.py, the test peer in
//                 ../shared/peers/extract_msg): class, subject, plain and HTML body, sender
//                 name, recipients (name, number, type), per attachment the file name, size,
//                 SHA-256, MIME type, Content-ID and hidden flag. Not shown: address types and
//                 named properties; the sender's address is PidTagSenderSmtpAddress only.
// A peer's known quirks are applied to the expectation (peer_view() below, with who is right),
// so that a peer that changes fails the comparison until its entry is updated.
#define CATCH_CONFIG_RUNNER
#include "listing.hpp"
#include "oms_interop_cases.hpp"
#include "peers.hpp"
#include "support/support.hpp"

#include <msgforge/base/filetime.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::test {
namespace {

namespace tags = msg::tags;

using nlohmann::json;

// ---- what the built message holds -------------------------------------------------------------

json or_null(const std::optional<std::string>& s) {
    return s ? json(*s) : json(nullptr);
}

/// A time as the runners print it: UTC, whole seconds.
std::string iso_seconds(FileTime t) {
    return t.to_iso().substr(0, 19) + "Z";
}

json value_json(const msg::PropertyValue& v) {
    if (const auto* s = v.as<std::u16string>()) {
        return utf16_to_utf8(*s);
    }
    if (const auto* i = v.as<int32_t>()) {
        return *i;
    }
    if (const auto* t = v.as<FileTime>()) {
        return iso_seconds(*t);
    }
    // No runner prints another type the same way: the comparison then fails, naming it.
    return "unexpected property type " + std::to_string(v.variant().index());
}

/// The summary every runner prints, from the message as built:
///   {class, subject, body_text, body_html, sender:{name, email, address_type},
///    recipients:[{name, email, address_type, type}],
///    attachments:[{name, size, sha256, mime, content_id, hidden}],
///    named:[{id, set, name, value}] (sorted by id)}
json expected_summary(const msg::Message& m) {
    json html = nullptr;
    if (const auto* blob = m.properties.get_as<cfb::Blob>(tags::PidTagHtml)) {
        html = std::string(blob->begin(), blob->end());
    }
    json recipients = json::array();
    for (const msg::Recipient& r : m.recipients) {
        const auto* type = r.properties.get_as<int32_t>(tags::PidTagRecipientType);
        recipients.push_back({{"name", or_null(r.string(tags::PidTagDisplayName))},
                              {"email", or_null(r.string(tags::PidTagEmailAddress))},
                              {"address_type", or_null(r.string(tags::PidTagAddressType))},
                              {"type", type != nullptr ? json(*type) : json(nullptr)}});
    }
    json attachments = json::array();
    for (const msg::Attachment& a : m.attachments) {
        const auto data = a.data();
        REQUIRE(data.has_value());
        const bool* hidden = a.properties.get_as<bool>(tags::PidTagAttachmentHidden);
        attachments.push_back({{"name", or_null(a.string(tags::PidTagAttachLongFilename))},
                               {"size", data->size()},
                               {"sha256", Sha256::hex(data->span())},
                               {"mime", or_null(a.mime_type())},
                               {"content_id", or_null(a.string(tags::PidTagAttachContentId))},
                               {"hidden", hidden != nullptr ? json(*hidden) : json(nullptr)}});
    }
    json named = json::array();
    for (const msg::Property& p : m.properties) {
        if (p.tag.id < msg::NamedPropertyMap::FIRST_ID) {
            continue;
        }
        const msg::NamedKey* key = m.named_key(p.tag.id);
        REQUIRE(key != nullptr);
        REQUIRE_FALSE(key->is_lid());
        named.push_back({{"id", p.tag.id},
                         {"set", key->set.to_string()},
                         {"name", utf16_to_utf8(std::get<std::u16string>(key->name))},
                         {"value", value_json(p.value)}});
    }
    std::sort(named.begin(), named.end(),
              [](const json& a, const json& b) { return a.at("id") < b.at("id"); });
    return {{"class", or_null(m.message_class())},
            {"subject", or_null(m.subject())},
            {"body_text", or_null(m.string(tags::PidTagBody))},
            {"body_html", html},
            {"sender",
             {{"name", or_null(m.string(tags::PidTagSenderName))},
              {"email", or_null(m.string(tags::PidTagSenderEmailAddress))},
              {"address_type", or_null(m.string(tags::PidTagSenderAddressType))}}},
            {"recipients", recipients},
            {"attachments", attachments},
            {"named", named}};
}

/// The built message carries what the case's inputs call for, so that the expectations drawn
/// from it are the right ones: class and content class, the OMS named properties in their
/// property sets, the text, the parties as MOBILE addresses and, for an MMS, every file given
/// and every slide's text among the parts, and the Content-ID suffix asked for.
void check_built(const Case& c) {
    INFO(c.name);
    const bool sms = c.service == oms::ServiceType::sms;
    const json e = expected_summary(c.message);
    CHECK(e.at("class") == (sms ? "IPM.Note.Mobile.SMS" : "IPM.Note.Mobile.MMS"));

    std::map<std::string, json> named;
    for (const json& n : e.at("named")) {
        named[n.at("set").get<std::string>() + " " + n.at("name").get<std::string>()] =
            n.at("value");
    }
    const std::string pub = msg::ps::PS_PUBLIC_STRINGS.to_string() + " ";
    const std::string headers = msg::ps::PS_INTERNET_HEADERS.to_string() + " ";
    CHECK(named[pub + "OMSServiceType"] == static_cast<int32_t>(c.service));
    CHECK(named[pub + "OMSSourceType"] == 0);
    CHECK(named.count(pub + "OMSMobileModel") == 1);
    CHECK(named[headers + "content-class"] == (sms ? "MS-OMS-SMS" : "MS-OMS-MMS"));

    if (sms) {
        CHECK(e.at("body_text") == c.text);
        CHECK(e.at("subject") == oms::abbreviate(c.text));
        CHECK(e.at("attachments").empty());
    } else {
        // Without a subject, none (MS-OXOSMMS 2.2.2.4 abbreviates SMS text only).
        CHECK(e.at("subject") == (c.subject.empty() ? json(nullptr) : json(c.subject)));
        REQUIRE(e.at("body_html").is_string());
        // The layout, one text part per slide text, then the files.
        REQUIRE(e.at("attachments").size() == 1 + c.slide_texts.size() + c.files.size());
        CHECK(e.at("attachments")[0].at("mime") == "application/smil");
        size_t text_parts = 0;
        std::multiset<std::string> digests;
        for (size_t i = 0; i < c.message.attachments.size(); ++i) {
            const auto data = *c.message.attachments[i].data();
            if (e.at("attachments")[i].at("mime") == "text/plain") {
                ++text_parts;
            } else if (i > 0) {
                digests.insert(Sha256::hex(data.span()));
            }
        }
        CHECK(text_parts == c.slide_texts.size());
        // Each text part read back in the charset it declares.
        const auto view = oms::view(c.message);
        REQUIRE(view);
        CHECK(view->warnings.empty());
        std::multiset<std::string> texts;
        for (const oms::SlideView& slide : view->slides) {
            if (slide.text_part) {
                texts.insert(slide.text);
            }
        }
        CHECK(texts == std::multiset<std::string>(c.slide_texts.begin(), c.slide_texts.end()));
        std::multiset<std::string> given;
        for (const auto& f : c.files) {
            given.insert(Sha256::hex(f));
        }
        CHECK(digests == given);
        if (!c.content_id_suffix.empty()) {
            for (const json& a : e.at("attachments")) {
                CHECK(a.at("content_id").get<std::string>().ends_with("@" + c.content_id_suffix));
            }
        }
    }

    const json& sender = e.at("sender");
    CHECK(sender.at("name")
          == (!c.from                ? json(nullptr)
              : c.from->name.empty() ? json(c.from->number)
                                     : json(c.from->name)));
    CHECK(sender.at("email") == (c.from ? json(c.from->number) : json(nullptr)));
    CHECK(sender.at("address_type") == (c.from ? json("MOBILE") : json(nullptr)));
    REQUIRE(e.at("recipients").size() == c.to.size());
    for (size_t i = 0; i < c.to.size(); ++i) {
        const json& r = e.at("recipients")[i];
        CHECK(r.at("email") == c.to[i].number);
        CHECK(r.at("name") == (c.to[i].name.empty() ? c.to[i].number : c.to[i].name));
        CHECK(r.at("address_type") == "MOBILE");
    }
}

std::vector<Case> write_cases(std::vector<Case> cases, const std::filesystem::path& dir) {
    for (Case& c : cases) {
        check_built(c);
        c.file = dir / (c.name + ".msg");
        msg::WriteOptions options;
        options.durable = false;
        c.message.write_file(c.file, options);
    }
    return cases;
}

std::vector<std::filesystem::path> files_of(const std::vector<Case>& cases) {
    std::vector<std::filesystem::path> out;
    for (const Case& c : cases) {
        out.push_back(c.file);
    }
    return out;
}

// ---- what each peer shows, quirks included ----------------------------------------------------

/// The peer's view of the expected summary: the fields it cannot show removed, its known
/// quirks applied.
json peer_view(const std::string& peer, json e) {
    if (peer == "msgreader") {
        for (json& n : e.at("named")) {
            n.erase("set");
        }
        return e;
    }
    if (peer == "poi") {
        for (json& n : e.at("named")) {
            n.erase("set");
            n.erase("name");
        }
        // HSMF 4.0.1's getHtmlBody() reads the PidTagHtml chunk with ByteChunk.getAs7bitString(),
        // which decodes CP1252 whatever PidTagInternetCodepage (65001 here, MS-OXCMSG: the code
        // page of the HTML body) says; guess7BitEncoding() only touches string chunks. Ours
        // right; non-ASCII HTML comes out as UTF-8 bytes read as CP1252.
        if (e.at("body_html").is_string()) {
            e["body_html"] =
                msg::decode_codepage(e.at("body_html").get<std::string>(), 1252).value();
        }
        return e;
    }
    if (peer == "extract_msg") {
        e.erase("named");
        // Its sender is "Name <PidTagSenderSmtpAddress>": a phone number is no SMTP address, so
        // it shows the name alone. Ours right: MS-OXOSMMS senders are MOBILE addresses.
        e.at("sender").erase("address_type");
        if (e.at("sender").at("email").is_string()) {
            e.at("sender")["email"] = nullptr;
        }
        for (json& r : e.at("recipients")) {
            r.erase("address_type");
        }
        return e;
    }
    // msgconvert: an .eml has no class, address types, hidden flags or named properties.
    e.erase("class");
    e.erase("named");
    e.at("sender").erase("address_type");
    for (json& r : e.at("recipients")) {
        // The To header shows "Name <>" for a recipient without an SMTP address
        // (AddressInfo::display_address takes PidTagSmtpAddress, or PidTagEmailAddress when
        // PidTagAddressType is SMTP). Ours right: a MOBILE recipient has no SMTP address.
        if (r.at("address_type") != "SMTP") {
            r["email"] = "";
        }
        r.erase("address_type");
    }
    for (json& a : e.at("attachments")) {
        a.erase("hidden");
        // Email::Outlook::Message::Attachment makes the part's Content-Type with
        // Email::MIME::ContentType's parse_content_type, which lower-cases type and subtype:
        // an archive's text/x-vCard becomes text/x-vcard. Ours right: the archive's type is
        // kept as written, and type names are case-insensitive (RFC 2045 5.1).
        if (a.at("mime").is_string()) {
            std::string mime = a.at("mime").get<std::string>();
            std::transform(mime.begin(), mime.end(), mime.begin(), [](char ch) {
                return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
            });
            a["mime"] = mime;
        }
    }
    return e;
}

/// Compares `actual` with `expected` field by field: every key of `expected` must be in
/// `actual`; lists must have the same length and are compared element by element (up to the
/// shorter one when they do not).
void compare(const std::string& where, const json& expected, const json& actual) {
    INFO(where);
    if (expected.is_object()) {
        REQUIRE(actual.is_object());
        for (const auto& [key, value] : expected.items()) {
            REQUIRE(actual.contains(key));
            compare(where + "." + key, value, actual.at(key));
        }
    } else if (expected.is_array()) {
        REQUIRE(actual.is_array());
        CHECK(actual.size() == expected.size());
        for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
            compare(where + "[" + std::to_string(i) + "]", expected[i], actual[i]);
        }
    } else {
        CHECK(actual == expected);
    }
}

void run_message_peer(const std::string& peer, std::vector<Case> unwritten) {
    const TempDir dir;
    const std::vector<Case> cases = write_cases(std::move(unwritten), dir.path());
    const auto shown = json_files(
        runner_command(peer, "oms_" + peer + "_summary", "OmsPoiSummary", MSGFORGE_POI_CLASSPATH),
        files_of(cases));
    for (const Case& c : cases) {
        INFO(peer << " reading " << c.name);
        const auto it = shown.find(c.file.string());
        REQUIRE(it != shown.end());
        REQUIRE(it->second.at("error") == nullptr);
        json actual = it->second.at("summary");
        if (actual.contains("named")) {
            // msgreader lists them in the order of the property stream and value streams.
            std::sort(actual["named"].begin(), actual["named"].end(),
                      [](const json& a, const json& b) { return a.at("id") < b.at("id"); });
        }
        compare(c.name, peer_view(peer, expected_summary(c.message)), actual);
    }
}

void run_olefile(std::vector<Case> unwritten) {
    const TempDir dir;
    const std::vector<Case> cases = write_cases(std::move(unwritten), dir.path());
    const auto listings = olefile_listings(files_of(cases));
    for (const Case& c : cases) {
        INFO(c.name);
        const auto it = listings.find(c.file.string());
        REQUIRE(it != listings.end());
        CHECK(it->second.error.empty());
        const Listing written = list_tree(c.message.to_tree().root());
        CHECK(it->second.listing.size() == written.size());
        CHECK(differences(written, it->second.listing).empty());
        for (const Listed& e : it->second.listing) {
            INFO(e.path);
            CHECK(e.issues.empty());
        }
    }
}

TEST_CASE("olefile lists every stream of the SMS and MMS files, byte-equal", "[olefile]") {
    run_olefile(build_cases());
}

TEST_CASE("olefile lists every stream of the files imported from an archive, byte-equal",
          "[olefile]") {
    run_olefile(import_cases());
}

TEST_CASE("@kenjiuno/msgreader shows the SMS and MMS content msgforge wrote", "[msgreader]") {
    run_message_peer("msgreader", build_cases());
}

TEST_CASE("@kenjiuno/msgreader shows the SMS and MMS content imported from an archive",
          "[msgreader]") {
    run_message_peer("msgreader", import_cases());
}

TEST_CASE("msgconvert shows the SMS and MMS content msgforge wrote", "[msgconvert]") {
    run_message_peer("msgconvert", build_cases());
}

TEST_CASE("msgconvert shows the SMS and MMS content imported from an archive", "[msgconvert]") {
    run_message_peer("msgconvert", import_cases());
}

TEST_CASE("extract_msg shows the SMS and MMS content msgforge wrote", "[extract_msg]") {
    run_message_peer("extract_msg", build_cases());
}

TEST_CASE("extract_msg shows the SMS and MMS content imported from an archive", "[extract_msg]") {
    run_message_peer("extract_msg", import_cases());
}

TEST_CASE("Apache POI HSMF shows the SMS and MMS content msgforge wrote", "[poi]") {
    run_message_peer("poi", build_cases());
}

TEST_CASE("Apache POI HSMF shows the SMS and MMS content imported from an archive", "[poi]") {
    run_message_peer("poi", import_cases());
}

}  // namespace
}  // namespace msgforge::test

/// The only argument CTest passes is the peer's tag. A peer missing from this machine fails,
/// unless MSGFORGE_INTEROP_SKIP (comma-separated tags) names it: then the test exits 77.
int main(int argc, char** argv) {
    const auto missing = [](const std::string& peer) {
        return peer == "poi" ? msgforge::test::java_missing(MSGFORGE_POI_CLASSPATH, "OmsPoiSummary")
                             : msgforge::test::peer_missing(peer);
    };
    if (const auto code = msgforge::test::missing_peer_exit(argc, argv, missing)) {
        return *code;
    }
    return Catch::Session().run(argc, argv);
}
