#include <msgforge/cfb/names.hpp>
#include <msgforge/cfb/types.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <utility>

namespace msgforge::cfb {

namespace {

// Unicode simple upper-case mapping of the BMP, sorted by the first member.
constexpr std::pair<char16_t, char16_t> upper_pairs[] = {
#include "upper_table.inc"
};

constexpr std::span<const std::pair<char16_t, char16_t>> upper_table{upper_pairs};

}  // namespace

char16_t upper_unit(char16_t c) {
    if (c < 0x80) {
        return (c >= u'a' && c <= u'z') ? static_cast<char16_t>(c - 0x20) : c;
    }
    const auto it =
        std::lower_bound(upper_table.begin(), upper_table.end(), c,
                         [](const auto& pair, char16_t unit) { return pair.first < unit; });
    return (it != upper_table.end() && it->first == c) ? it->second : c;
}

int compare_names(std::u16string_view a, std::u16string_view b) {
    if (a.size() != b.size()) {
        return a.size() < b.size() ? -1 : 1;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] == b[i]) {
            continue;
        }
        const char16_t x = upper_unit(a[i]);
        const char16_t y = upper_unit(b[i]);
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

std::string name_problem(std::u16string_view name) {
    if (name.size() > MAX_NAME_UNITS) {
        return "name has " + std::to_string(name.size()) + " UTF-16 code units, more than 31";
    }
    for (char16_t c : name) {
        if (c == u'\0') {
            return "name contains U+0000, which would end it";
        }
        if (c == u'/' || c == u'\\' || c == u':' || c == u'!') {
            return "name contains one of / \\ : !";
        }
    }
    return {};
}

}  // namespace msgforge::cfb
