// JSON -> Message: the Builder behind json::decode. Its parts live in decode_primitives.cpp
// (JSON strings, numbers, times, GUIDs and bytes), decode_values.cpp (property entries and
// their values), decode_message.cpp (messages, recipients, attachments and storages) and
// decode_shorthand.cpp (the hand-written "from", "to", "body"...).
#pragma once

#include "encodings.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/named.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::json::detail {

/// `path` with "[i]" appended: the JSON path of an array element.
std::string index_path(const std::string& path, size_t i);

/// `path` with ".key" appended (or `key` alone at the top): the JSON path of a member.
std::string member_path(const std::string& path, std::string_view key);

/// A property entry whose tag is known and whose value is still to be built.
struct Pending {
    msg::PropertyTag tag;
    uint32_t flags = DEFAULT_FLAGS;
    const Json* entry = nullptr;
    std::string path;
};

/// Builds a message from its JSON form; every error is a FormatError naming the file and the
/// JSON path of the offending value.
class Builder {
public:
    explicit Builder(std::string file) : file_(std::move(file)) {}

    msg::Message top(const Json& j);

private:
    // decode_primitives.cpp
    [[noreturn]] void fail(const std::string& path, const std::string& detail) const;
    static const Json* member(const Json& obj, std::string_view key);
    const Json& required(const Json& obj, std::string_view key, const std::string& path) const;
    void expect_object(const Json& j, const std::string& path) const;
    void expect_array(const Json& j, const std::string& path) const;
    const std::string& string(const Json& j, const std::string& path) const;
    uint64_t integer(const Json& j, const std::string& path, int64_t min, uint64_t max,
                     const std::string& what) const;
    double real(const Json& j, const std::string& path, const std::string& what, bool single) const;
    FileTime time(const Json& j, const std::string& path) const;
    Guid guid(const Json& j, const std::string& path) const;
    std::vector<uint8_t> bytes(const Json& j, const std::string& path) const;
    cfb::Blob blob(const Json& j, const std::string& path) const;

    // decode_values.cpp
    template <typename T>
    T scalar(const Json& j, const std::string& path, PropertyType type, uint32_t codepage,
             const Json* exact) const;
    template <typename T>
    std::vector<T> multiple(const Json& j, const std::string& path, PropertyType type,
                            uint32_t codepage, const Json* exact) const;
    msg::PropertyValue value(const Pending& p, uint32_t codepage) const;
    msg::PropertyValue scalar_value(const Json& v, const std::string& path, PropertyType type,
                                    uint32_t codepage, const Json* exact) const;
    msg::PropertyValue multiple_value(const Json& v, const std::string& path, PropertyType type,
                                      uint32_t codepage, const Json* exact) const;
    PropertyType entry_type(const Json& e, const std::string& path) const;
    uint32_t flags(const Json& e, const std::string& path) const;
    std::optional<msg::PropertyTag> tag_of(const Json& e, const std::string& path) const;
    Pending plain(const Json& e, const std::string& path) const;
    msg::NamedKey named_key(const Json& e, const std::string& path, bool allow_canonical,
                            PropertyType* canonical_type = nullptr) const;
    Pending named(const Json& e, const std::string& path);

    // decode_message.cpp
    void object(const Json& j, const std::string& path, uint32_t inherited, msg::ObjectBase& o);
    cfb::Node make_node(const Json& e, const std::string& path, std::u16string name) const;
    void node_header(const Json& e, const std::string& path, cfb::Node& n) const;
    std::vector<cfb::Node> nodes(const Json& list, const std::string& path) const;
    cfb::Node ole_storage(const Json& j, const std::string& path) const;
    uint32_t number(const Json& j, const std::string& path, size_t index) const;
    template <typename T>
    void check_numbers(const std::vector<T>& items, const std::string& path) const;
    template <typename T>
    uint32_t next_id(const Json& j, const std::string& path, std::string_view key,
                     const std::vector<T>& items) const;
    msg::Message message(const Json& j, const std::string& path, uint32_t inherited,
                         uint32_t depth);
    void check_codepage(const Json& j, const std::string& path, const char* key, uint32_t derived,
                        const char* how) const;
    void convenience(const Json& j, const std::string& path, std::string_view key,
                     msg::PropertyTag tag, msg::Message& m) const;

    // decode_shorthand.cpp
    msg::Address address(const Json& j, const std::string& path) const;
    void shorthand(const Json& j, const std::string& path, msg::Message& m) const;

    std::string file_;
    std::shared_ptr<msg::NamedPropertyMap> named_;
};

}  // namespace msgforge::json::detail
