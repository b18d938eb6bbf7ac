// The SMS and MMS objects of the oms interop tests: what each is built or imported from, and the
// message msgforge makes of it.
#include "oms_interop_cases.hpp"

#include "sbr/sbr_generator.hpp"
#include "support/support.hpp"

#include <msgforge/base/filetime.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/sbr.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace msgforge::test {
namespace {

namespace gen = ::msgforge::test::sbr;  // the archive generator

constexpr std::string_view SAMPLE_CONTENT_ID_SUFFIX = "AB1B43B2B0594564.B94EF7ABB12B49BA";

std::vector<uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

std::vector<uint8_t> photo() {
    return read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg");
}

/// A 1x1 RGB PNG: signature, IHDR, IDAT, IEND.
std::vector<uint8_t> tiny_png() {
    return {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
            0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9C, 0x63, 0xF8, 0xDF, 0xC0, 0x00, 0x00, 0x04, 0x01, 0x01, 0x80, 0xC5, 0x2A, 0x18,
            0x5D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
}

/// AMR narrow band in its file format (RFC 4867 section 5): "#!AMR\n", then frames. Each frame
/// is the header byte 0x3C (F=0, FT=7: 12.2 kbit/s, Q=1) and that mode's 31 bytes of speech
/// bits (here a fixed pattern).
std::vector<uint8_t> amr_clip() {
    std::vector<uint8_t> out = bytes_of("#!AMR\n");
    for (uint8_t frame = 0; frame < 4; ++frame) {
        out.push_back(0x3C);
        for (uint8_t i = 0; i < 31; ++i) {
            out.push_back(static_cast<uint8_t>(frame * 31 + i * 7));
        }
    }
    return out;
}

oms::Slide slide(std::string text, std::optional<oms::Media> visual,
                 std::optional<oms::Media> audio, uint32_t duration_ms) {
    oms::Slide s;
    s.text = std::move(text);
    s.visual = std::move(visual);
    s.audio = std::move(audio);
    s.duration_ms = duration_ms;
    return s;
}

FileTime at(std::string_view iso) {
    return FileTime::parse(iso).value();
}

Case sms_case(std::string name, const oms::Sms& sms, msg::Message message) {
    Case c;
    c.name = std::move(name);
    c.message = std::move(message);
    c.service = oms::ServiceType::sms;
    c.text = sms.text;
    c.from = sms.envelope.from;
    c.to = sms.envelope.to;
    return c;
}

Case mms_case(std::string name, const oms::Mms& mms, msg::Message message,
              std::string content_id_suffix = "") {
    Case c;
    c.name = std::move(name);
    c.message = std::move(message);
    c.service = oms::ServiceType::mms;
    c.subject = mms.subject;
    c.content_id_suffix = std::move(content_id_suffix);
    c.from = mms.envelope.from;
    c.to = mms.envelope.to;
    for (const oms::Slide& s : mms.slides) {
        if (!s.text.empty()) {
            c.slide_texts.push_back(s.text);
        }
        for (const auto* media : {&s.visual, &s.audio}) {
            if (*media) {
                c.files.push_back((*media)->data);
            }
        }
    }
    for (const oms::Media& e : mms.extra) {
        c.files.push_back(e.data);
    }
    return c;
}

}  // namespace

std::vector<Case> build_cases() {
    std::vector<Case> out;

    oms::Sms sample_sms;
    sample_sms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    sample_sms.text = "What time is the meeting?";
    out.push_back(sms_case("sms-sample", sample_sms, oms::build(sample_sms)));

    oms::Sms sent;
    sent.envelope.from = oms::Party{"+15550001", ""};
    sent.envelope.to = {{"+15550002", "Zo\xC3\xAB Example"}, {"+15550003", "Bob Example"}};
    sent.envelope.state = oms::State::sent;
    sent.envelope.time = at("2024-05-01T09:30:00Z");
    sent.envelope.schedule = at("2024-05-01T09:29:00Z");
    sent.envelope.model = "Lumia 950";
    sent.envelope.account = "{c200e360-38c5-11ae-ae62-08002b2b79ef}";
    // "Grüße 👋 — 5 €"
    sent.text =
        "Gr\xC3\xBC\xC3\x9F"
        "e \xF0\x9F\x91\x8B \xE2\x80\x94 5 \xE2\x82\xAC";
    out.push_back(sms_case("sms-sent", sent, oms::build(sent)));

    oms::Mms sample_mms;
    // The 4.2 sample's account, {01234567-0123-0123-0123456789abc}, is no GUID (8-4-4-13
    // digits) and build() refuses it; the 4.1 sample's stands in.
    sample_mms.envelope.account = "{01234567-0123-0123-0123-0123456789ab}";
    sample_mms.subject = "Here's the photo.";
    sample_mms.slides.push_back(slide("This is the photo you asked for.",
                                      oms::Media{"photo.jpg", photo(), ""}, std::nullopt, 5000));
    oms::BuildOptions sample_options;
    sample_options.content_id_suffix = SAMPLE_CONTENT_ID_SUFFIX;
    out.push_back(mms_case("mms-sample", sample_mms, oms::build(sample_mms, sample_options),
                           sample_options.content_id_suffix));

    oms::Mms received;
    received.envelope.from = oms::Party{"+15550004", "Carol Example"};
    received.envelope.to = {{"+15550001", "Me"}};
    received.envelope.state = oms::State::received;
    received.envelope.time = at("2024-05-02T18:00:00Z");
    received.envelope.sent_time = at("2024-05-02T17:59:58Z");
    received.envelope.read = false;
    received.subject = "Weekend";
    received.slides.push_back(slide("Caf\xC3\xA9 at 5? Here is the place.",
                                    oms::Media{"photo.jpg", photo(), ""}, std::nullopt, 4000));
    received.slides.push_back(
        slide("Second slide.\r\nTwo lines.", std::nullopt, std::nullopt, 3000));
    received.slides.push_back(slide("", oms::Media{"map.png", tiny_png(), ""},
                                    oms::Media{"hello.amr", amr_clip(), ""}, 6000));
    received.extra.push_back(oms::Media{
        "contact.vcf", bytes_of("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Test\r\nEND:VCARD\r\n"), ""});
    out.push_back(mms_case("mms-received", received, oms::build(received)));
    return out;
}

std::vector<Case> import_cases() {
    gen::GeneratorOptions generator;
    generator.sms = 18;
    generator.mms = 8;
    generator.jpeg = photo();
    std::stringstream archive;
    gen::generate(archive, generator);
    msgforge::sbr::ImportOptions options;
    options.me = gen::OWNER;
    msgforge::sbr::Reader reader(archive, "generated.xml");
    std::vector<Case> out;
    while (const std::optional<msgforge::sbr::Record> record = reader.next()) {
        std::string name = "sbr_" + std::to_string(out.size() + 1);
        msg::Message message = msgforge::sbr::to_message(*record, options);
        const std::variant<oms::Sms, oms::Mms> object = msgforge::sbr::to_object(*record, options);
        if (const auto* sms = std::get_if<oms::Sms>(&object)) {
            out.push_back(sms_case(std::move(name), *sms, std::move(message)));
        } else {
            out.push_back(
                mms_case(std::move(name), std::get<oms::Mms>(object), std::move(message)));
        }
    }
    REQUIRE(out.size() == generator.sms + generator.mms);
    return out;
}

}  // namespace msgforge::test
