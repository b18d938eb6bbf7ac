// Conversation threads of imported phone messages: topic and PidTagConversationIndex
// (MS-OXOMSG 2.2.1.3), so that Outlook shows one thread per contact or group.
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/sbr.hpp>

#include <algorithm>

namespace msgforge::sbr {

namespace {

std::string key_of(const std::vector<std::string>& conversation) {
    std::string key;
    for (const std::string& n : conversation) {
        key += (key.empty() ? "" : "~") + n;
    }
    return key;
}

// The conversation's GUID: the first 16 bytes of a SHA-256 of its numbers, with the version and
// variant bits of a name-based GUID (RFC 9562 section 5.8), the same in every import.
std::array<uint8_t, 16> conversation_guid(const std::string& key) {
    Sha256 h;
    const std::string text = "msgforge sbr conversation " + key;
    h.update(as_bytes(text));
    const std::array<uint8_t, 32> digest = h.finish();
    std::array<uint8_t, 16> guid{};
    std::copy_n(digest.begin(), 16, guid.begin());
    guid[6] = static_cast<uint8_t>((guid[6] & 0x0F) | 0x80);
    guid[8] = static_cast<uint8_t>((guid[8] & 0x3F) | 0x80);
    return guid;
}

void put_be(std::vector<uint8_t>& out, uint64_t value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) {
        out.push_back(static_cast<uint8_t>(value >> (8 * i)));
    }
}

}  // namespace

std::vector<std::string> conversation_of(const Record& record) {
    std::vector<std::string> numbers = numbers_of(record.get("address").value_or(""));
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    return numbers;
}

void Threads::add(const Record& record) {
    std::optional<FileTime> time;
    try {
        time = time_of(record, "date");
    } catch (const FormatError&) {
        return;  // the import reports the date of this record
    }
    if (!time) {
        return;
    }
    const auto [it, added] = starts_.try_emplace(key_of(conversation_of(record)), *time);
    if (!added && time->ticks < it->second.ticks) {
        it->second = *time;
    }
}

std::optional<FileTime> Threads::start(const std::vector<std::string>& conversation) const {
    const auto it = starts_.find(key_of(conversation));
    return it == starts_.end() ? std::nullopt : std::optional(it->second);
}

std::vector<uint8_t> conversation_index(const std::vector<std::string>& conversation,
                                        FileTime start, FileTime time) {
    std::vector<uint8_t> out;
    out.push_back(0x01);
    // The FILETIME without its 24 least significant bits, big-endian.
    put_be(out, start.ticks >> 24, 5);
    const auto guid = conversation_guid(key_of(conversation));
    out.insert(out.end(), guid.begin(), guid.end());
    // One response level: the time since the header's. DC 0 keeps bits 18 to 48 of the
    // difference, DC 1 (for differences of 2^49 ticks, about 1.8 years, or more) bits 23 to 53.
    // Random and level are 0, so the same message always gets the same index.
    const uint64_t header_ticks = (start.ticks >> 24) << 24;
    const uint64_t delta = time.ticks > header_ticks ? time.ticks - header_ticks : 0;
    uint32_t level = 0;
    if (delta < (uint64_t{1} << 49)) {
        level = static_cast<uint32_t>(delta >> 18);
    } else {
        level = 0x80000000U | static_cast<uint32_t>(std::min<uint64_t>(delta >> 23, 0x7FFFFFFF));
    }
    put_be(out, level, 4);
    out.push_back(0x00);
    return out;
}

}  // namespace msgforge::sbr
