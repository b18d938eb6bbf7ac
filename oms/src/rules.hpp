// Forms that the builder refuses to write and the validator reports: the message class
// (MS-OXCMSG 2.2.1.3, which MS-OXOSMMS 2.2.2.2 includes) and the account GUID (MS-OXOSMMS
// 2.2.1.1).
#pragma once

#include <msgforge/oms.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::oms {

/// What is wrong with the form of message class `cls` (UTF-8), each with its severity and a
/// text that completes "the message class …": a character outside ASCII 0x20-0x7F, a trailing
/// period, more than 255 characters (MUST); an empty group between two periods, more than 127
/// characters (SHOULD). Whether it is an SMS or MMS class (and so not empty) is checked apart.
std::vector<std::pair<Severity, std::string>> class_form_problems(std::string_view cls);

/// True for "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" with hex digits (MS-OXOSMMS 2.2.1.1).
bool is_braced_guid(std::string_view s);

}  // namespace msgforge::oms
