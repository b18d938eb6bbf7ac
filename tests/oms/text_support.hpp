// What the tests of MMS text parts share: texts in many scripts (right-to-left scripts,
// combining marks, characters outside the Basic Multilingual Plane, emoji sequences, mixed
// scripts), their UTF-16 bytes, and one-slide MMS objects whose text part is any bytes.
#pragma once

#include <msgforge/base/utf.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::test {

struct TextSample {
    std::string name;
    std::string text;  ///< UTF-8, at most 160 bytes per line (what `msgforge show` prints whole)
};

inline const std::vector<TextSample>& text_samples() {
    static const std::vector<TextSample> samples = {
        {"Cyrillic", "Привет, мир! Съешь же ещё этих мягких французских булок."},
        {"Greek", "Καλημέρα κόσμε· ξεσκεπάζω την ψυχοφθόρα βδελυγμία."},
        {"Arabic", "مرحبا بالعالم! كيف حالك اليوم؟"},
        {"Hebrew", "שלום עולם! מה שלומך היום?"},
        {"Chinese", "你好，世界！今天天气很好。"},
        {"Japanese", "こんにちは世界。カタカナと漢字、ｶﾅ。"},
        {"Korean", "안녕하세요 세계! 반갑습니다."},
        // Consonant clusters with virama, vowel signs, anusvara and nukta: combining marks.
        {"Hindi", "नमस्ते दुनिया! क्षत्रिय, हिंदी, ज़िंदगी।"},
        // Skin tone modifier, ZWJ family, rainbow flag (VS16 + ZWJ), keycap, regional flags.
        {"Emoji", "👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️ 1️⃣ 🇯🇵"},
        {"Mixed",
         "Hi Ann! Привет 你好 こんにちは 안녕 مرحبا שלום नमस्ते "
         "👋🏾\n"
         "line two & <three>"},
    };
    return samples;
}

inline msg::Message reread(const msg::Message& m) {
    const auto bytes = m.write();
    return msg::Message::read(cfb::Reader::from_blob(cfb::Blob::owned(bytes)));
}

inline std::vector<uint8_t> bytes_of(std::string_view s) {
    return {s.begin(), s.end()};
}

/// `utf8` in UTF-16, little-endian or big-endian, without byte-order mark.
inline std::vector<uint8_t> utf16(std::string_view utf8, bool big_endian) {
    const std::u16string units = utf8_to_utf16(utf8).value();
    std::vector<uint8_t> out;
    for (const char16_t u : units) {
        const auto lo = static_cast<uint8_t>(u & 0xFF);
        const auto hi = static_cast<uint8_t>(u >> 8);
        out.push_back(big_endian ? hi : lo);
        out.push_back(big_endian ? lo : hi);
    }
    return out;
}

inline std::vector<uint8_t> concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// An MMS to +15550101000 with one slide of `text`, its part in `charset` (empty: the default).
inline oms::Mms one_slide(std::string text, std::string charset = "") {
    oms::Mms mms;
    mms.envelope.to = {oms::Party{"+15550101000", ""}};
    oms::Slide slide;
    slide.text = std::move(text);
    slide.text_charset = std::move(charset);
    mms.slides.push_back(std::move(slide));
    return mms;
}

inline std::vector<uint8_t> data_of(const msg::Attachment& a) {
    const auto data = a.data();
    REQUIRE(data);
    return {data->begin(), data->end()};
}

/// A built one-slide MMS whose text part (attachment #1, "1.txt") is replaced by `data` with
/// MIME type `mime` and, unless empty, PidTagTextAttachmentCharset `charset`, written and read
/// back, with PidTagMessageCodepage `codepage` when given.
inline msg::Message with_text_part(const std::vector<uint8_t>& data, const std::string& mime,
                                   const std::string& charset,
                                   std::optional<int32_t> codepage = {}) {
    namespace tags = msg::tags;
    msg::Message m = oms::build(one_slide("x"));
    msg::Attachment& part = m.attachments.at(1);
    msg::set(part, tags::PidTagAttachDataBinary, cfb::Blob::owned(data));
    msg::set(part, tags::PidTagAttachMimeTag, mime);
    if (const msg::Property* p = part.properties.find_id(tags::PidTagTextAttachmentCharset)) {
        part.properties.erase(p->tag);
    }
    if (!charset.empty()) {
        msg::set(part, tags::PidTagTextAttachmentCharset, charset);
    }
    if (codepage) {
        msg::set(m, tags::PidTagMessageCodepage, *codepage);
    }
    return reread(m);
}

/// The view of a one-slide MMS.
inline oms::OmsMessage view_of(const msg::Message& m) {
    auto v = oms::view(m);
    REQUIRE(v);
    REQUIRE(v->slides.size() == 1);
    return *v;
}

}  // namespace msgforge::test
