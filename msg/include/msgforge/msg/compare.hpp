// Comparing two messages property by property: the check behind `msgforge roundtrip`.
#pragma once

#include <msgforge/msg/message.hpp>

#include <string>
#include <vector>

namespace msgforge::msg {

/// Every difference between `a` and `b`, one line each ("attachment #1/embedded: property
/// 0x0037001F PidTagSubject: values differ"); empty when they are equal. Properties compare by
/// tag, exact value and flags; named properties (ids from 0x8000) by property set and name
/// rather than id; recipients and attachments by storage number; embedded messages
/// recursively; OLE storages and unknown children by names, types, CLSIDs and bytes.
std::vector<std::string> compare(const Message& a, const Message& b);

}  // namespace msgforge::msg
