// The message class and account GUID forms shared by the builder and the validator.
#include "rules.hpp"

#include <cctype>
#include <cstdio>

namespace msgforge::oms {

namespace {

// MS-OXCMSG 2.2.1.3: fewer than 256 characters (MUST), fewer than 128 (SHOULD, room for the
// qualifiers some operations append).
constexpr size_t CLASS_LIMIT = 255;
constexpr size_t CLASS_ADVISED = 127;

}  // namespace

std::vector<std::pair<Severity, std::string>> class_form_problems(std::string_view cls) {
    std::vector<std::pair<Severity, std::string>> problems;
    for (size_t i = 0; i < cls.size(); ++i) {
        const auto c = static_cast<unsigned char>(cls[i]);
        if (c < 0x20 || c > 0x7F) {
            char detail[64];
            std::snprintf(detail, sizeof detail, " (byte 0x%02X at offset %zu)", c, i);
            problems.emplace_back(Severity::must,
                                  std::string("holds a character outside ASCII 0x20-0x7F") + detail
                                      + " (MS-OXCMSG 2.2.1.3)");
            break;
        }
    }
    if (!cls.empty() && cls.back() == '.') {
        problems.emplace_back(Severity::must, "ends with a period (MS-OXCMSG 2.2.1.3)");
    }
    size_t characters = 0;
    for (const char c : cls) {
        characters += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0U : 1U;
    }
    if (characters > CLASS_LIMIT) {
        problems.emplace_back(Severity::must, "has " + std::to_string(characters)
                                                  + " characters, more than 255 (MS-OXCMSG "
                                                    "2.2.1.3)");
    } else if (characters > CLASS_ADVISED) {
        problems.emplace_back(Severity::should, "has " + std::to_string(characters)
                                                    + " characters; fewer than 128 leave room "
                                                      "for qualifiers (MS-OXCMSG 2.2.1.3)");
    }
    if (cls.find("..") != std::string_view::npos) {
        problems.emplace_back(Severity::should,
                              "has an empty group between two periods; each group names a type "
                              "(MS-OXCMSG 2.2.1.3)");
    }
    return problems;
}

bool is_braced_guid(std::string_view s) {
    static constexpr std::string_view SHAPE = "{________-____-____-____-____________}";
    if (s.size() != SHAPE.size()) {
        return false;
    }
    for (size_t i = 0; i < s.size(); ++i) {
        if (SHAPE[i] == '_' ? std::isxdigit(static_cast<unsigned char>(s[i])) == 0
                            : s[i] != SHAPE[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace msgforge::oms
