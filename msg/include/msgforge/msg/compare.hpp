// Comparing two messages property by property: the check behind `msgforge roundtrip` and
// `msgforge diff`.
#pragma once

#include <msgforge/msg/message.hpp>

#include <string>
#include <vector>

namespace msgforge::msg {

/// One difference between two messages.
struct Difference {
    /// The object: empty for the message, "recipient #0", "attachment #1/embedded", or the path
    /// of a storage entry.
    std::string path;
    /// What differs: "property 0x0037001F PidTagSubject", "named property {…} \"Keywords\"
    /// (PtypMultipleString)", "3 recipients against 2"; empty when `path` says it.
    std::string what;
    /// How: "values differ", "flags differ", "only in the first", "only in the second",
    /// "bytes differ"…; empty when `what` says it.
    std::string how;
    /// For a property, its object and entry in each message (null where it is absent). They
    /// point into the messages compared, which must outlive them.
    const ObjectBase* first_object = nullptr;
    const Property* first = nullptr;
    const ObjectBase* second_object = nullptr;
    const Property* second = nullptr;

    /// "path: what: how", the parts that are not empty.
    std::string to_string() const;
};

/// Every difference between `a` and `b`, in the order compare() lists them.
std::vector<Difference> differences(const Message& a, const Message& b);

/// Every difference between `a` and `b`, one line each ("attachment #1/embedded: property
/// 0x0037001F PidTagSubject: values differ"); empty when they are equal. Properties compare by
/// tag, exact value and flags; named properties (ids from 0x8000) by property set and name
/// rather than id; recipients and attachments by storage number; embedded messages
/// recursively; OLE storages and unknown children by names, types, CLSIDs and bytes.
std::vector<std::string> compare(const Message& a, const Message& b);

}  // namespace msgforge::msg
