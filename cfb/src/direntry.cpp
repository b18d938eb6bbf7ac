#include "direntry.hpp"

#include <msgforge/base/error.hpp>

#include <algorithm>
#include <string>

namespace msgforge::cfb::detail {

std::array<uint8_t, DIRECTORY_ENTRY_SIZE> EntryRecord::serialize() const {
    namespace ef = entry_field;
    if (name.size() > MAX_NAME_UNITS) {
        throw Error(Errc::internal, Location{{}, "directory entry", {}},
                    "name of " + std::to_string(name.size()) + " units");
    }
    std::array<uint8_t, DIRECTORY_ENTRY_SIZE> b{};
    for (size_t i = 0; i < name.size(); ++i) {
        store_u16(&b[ef::NAME.offset + 2 * i], static_cast<uint16_t>(name[i]));
    }
    ef::NAME_LENGTH.store(b, name_length);
    ef::OBJECT_TYPE.store(b, object_type);
    ef::COLOR.store(b, color);
    ef::LEFT_SIBLING.store(b, left);
    ef::RIGHT_SIBLING.store(b, right);
    ef::CHILD.store(b, child);
    std::copy(clsid.bytes.begin(), clsid.bytes.end(), b.begin() + ef::CLSID.offset);
    ef::STATE_BITS.store(b, state_bits);
    ef::CREATION_TIME.store(b, created);
    ef::MODIFIED_TIME.store(b, modified);
    ef::STARTING_SECTOR.store(b, start);
    ef::STREAM_SIZE.store(b, size);
    return b;
}

}  // namespace msgforge::cfb::detail
