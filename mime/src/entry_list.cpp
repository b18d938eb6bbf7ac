// FlatEntryList and One-Off EntryID (MS-OXCDATA 2.3.3, 2.2.5.1), written and read with the
// bounds-checked byte reader.
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/mime/entry_list.hpp>
#include <msgforge/msg/codepage.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace msgforge::mime {

namespace {

/// MAPI_ONE_OFF_UID, the provider of One-Off EntryIDs.
constexpr std::array<uint8_t, 16> ONE_OFF_UID = {0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19,
                                                 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02};
/// The provider of Address Book EntryIDs (MS-OXCDATA 2.2.5.2): Exchange directory entries.
constexpr std::array<uint8_t, 16> ADDRESS_BOOK_UID = {
    0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82};
constexpr uint16_t MAPI_ONE_OFF_UNICODE = 0x8000;
constexpr uint16_t MAPI_ONE_OFF_NO_RICH_INFO = 0x0001;

void put_utf16z(ByteWriter& w, std::string_view utf8) {
    w.utf16(utf8_to_utf16(utf8).value_or(u""));
    w.u16(0);
}

// A NUL-terminated string of the entry: UTF-16LE or 8-bit in `codepage`.
std::string string_at(ByteReader& r, bool unicode, uint32_t codepage) {
    if (unicode) {
        std::u16string text;
        for (;;) {
            const uint16_t unit = r.u16();
            if (unit == 0) {
                return utf16_to_utf8(text);
            }
            text.push_back(static_cast<char16_t>(unit));
        }
    }
    std::string bytes;
    for (;;) {
        const uint8_t byte = r.u8();
        if (byte == 0) {
            return msg::decode_codepage(bytes, codepage).value_or(bytes);
        }
        bytes.push_back(static_cast<char>(byte));
    }
}

std::optional<msg::Address> read_entry_id(ByteReader& r, uint32_t codepage) {
    if (r.remaining() < 20) {
        return std::nullopt;
    }
    r.skip(4);
    const auto uid = r.bytes(16);
    if (std::equal(uid.begin(), uid.end(), ADDRESS_BOOK_UID.begin())) {
        r.skip(8);  // version, type
        msg::Address a;
        a.address_type = "EX";
        a.address = string_at(r, false, codepage);
        return a;
    }
    if (!std::equal(uid.begin(), uid.end(), ONE_OFF_UID.begin())) {
        return std::nullopt;
    }
    r.u16();  // version
    const bool unicode = (r.u16() & MAPI_ONE_OFF_UNICODE) != 0;
    msg::Address a;
    a.name = string_at(r, unicode, codepage);
    a.address_type = string_at(r, unicode, codepage);
    a.address = string_at(r, unicode, codepage);
    if (equal_ci(a.address_type, "SMTP")) {
        a.smtp = a.address;
    }
    return a;
}

}  // namespace

std::vector<uint8_t> one_off_entry_id(const msg::Address& address) {
    std::vector<uint8_t> out;
    ByteWriter w(out);
    w.u32(0);
    w.bytes(ONE_OFF_UID);
    w.u16(0);
    w.u16(MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO);
    put_utf16z(w, address.name);
    put_utf16z(w, address.address_type);
    put_utf16z(w, address.address);
    return out;
}

std::vector<uint8_t> flat_entry_list(const std::vector<std::vector<uint8_t>>& entry_ids) {
    std::vector<uint8_t> entries;
    ByteWriter e(entries);
    for (const auto& id : entry_ids) {
        e.u32(static_cast<uint32_t>(id.size()));
        e.bytes(id);
        e.zeros((4 - id.size() % 4) % 4);
    }
    std::vector<uint8_t> out;
    ByteWriter w(out);
    w.u32(static_cast<uint32_t>(entry_ids.size()));
    w.u32(static_cast<uint32_t>(entries.size()));
    w.bytes(entries);
    return out;
}

std::vector<std::optional<msg::Address>> read_flat_entry_list(std::span<const uint8_t> bytes,
                                                              std::string_view structure,
                                                              uint32_t codepage) {
    ByteReader list(bytes, std::string(structure));
    const uint32_t count = list.u32();
    const uint32_t size = list.u32();
    ByteReader entries = list.sub(size, std::string(structure) + " entries");
    std::vector<std::optional<msg::Address>> out;
    for (uint32_t i = 0; i < count; ++i) {
        // Every entry takes at least its 4-byte size: a count past that is refused before
        // anything grows with it.
        const std::string name = std::string(structure) + " entry " + std::to_string(i + 1);
        const uint32_t entry_size = entries.u32();
        ByteReader entry = entries.sub(entry_size, name);
        out.push_back(read_entry_id(entry, codepage));
        const size_t padding = std::min<size_t>((4 - entry_size % 4) % 4, entries.remaining());
        entries.skip(padding);
    }
    return out;
}

}  // namespace msgforge::mime
