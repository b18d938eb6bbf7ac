#include <msgforge/base/error.hpp>
#include <msgforge/msg/named.hpp>

namespace msgforge::msg {

namespace {

char16_t ascii_lower(char16_t c) {
    return (c >= u'A' && c <= u'Z') ? static_cast<char16_t>(c + 0x20) : c;
}

}  // namespace

bool NamedKey::matches(const NamedKey& other) const {
    if (set != other.set || name.index() != other.name.index()) {
        return false;
    }
    if (is_lid() || set != ps::PS_INTERNET_HEADERS) {
        return name == other.name;
    }
    const auto& a = std::get<std::u16string>(name);
    const auto& b = std::get<std::u16string>(other.name);
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

const NamedKey* NamedPropertyMap::key_for(uint16_t id) const {
    if (id < FIRST_ID) {
        return nullptr;
    }
    const size_t index = static_cast<size_t>(id - FIRST_ID);
    return index < keys_.size() ? &keys_[index] : nullptr;
}

std::optional<uint16_t> NamedPropertyMap::id_for(const NamedKey& key) const {
    // Exact matches first, so that a map holding both "Content-Class" and "content-class"
    // resolves each to its own id.
    for (size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == key) {
            return static_cast<uint16_t>(FIRST_ID + i);
        }
    }
    for (size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i].matches(key)) {
            return static_cast<uint16_t>(FIRST_ID + i);
        }
    }
    return std::nullopt;
}

uint16_t NamedPropertyMap::assign(const NamedKey& key) {
    if (const auto id = id_for(key)) {
        return *id;
    }
    if (keys_.size() > LAST_ID - FIRST_ID) {
        throw LimitError(Location{{}, "named property map", {}},
                         "all 32,767 named property ids are in use");
    }
    keys_.push_back(key);
    return static_cast<uint16_t>(FIRST_ID + keys_.size() - 1);
}

}  // namespace msgforge::msg
