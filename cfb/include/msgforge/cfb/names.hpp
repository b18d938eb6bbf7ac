// Entry name rules and ordering (MS-CFB 2.6.1 names, 2.6.4 comparison).
#pragma once

#include <string>
#include <string_view>

namespace msgforge::cfb {

/// CFB name order: shorter names first; equal lengths compare code unit by code unit after
/// simple upper-casing. Returns <0, 0 or >0.
int compare_names(std::u16string_view a, std::u16string_view b);

/// The simple upper-case mapping applied to one UTF-16 code unit by compare_names().
char16_t upper_unit(char16_t c);

/// Empty when `name` may name an entry; otherwise why not (too long, or holds U+0000, which
/// would end it, or one of '/', '\\', ':', '!'). The empty name is allowed: MS-CFB 2.6.1 lets a
/// name be only its terminator (Name Length 2), and real files have one. Such an entry cannot
/// be reached by a path, so the path-taking functions of Tree refuse to create one.
std::string name_problem(std::u16string_view name);

}  // namespace msgforge::cfb
