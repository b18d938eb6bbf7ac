// The write-side model of a compound file: a plain tree of storages and streams held in
// memory. Stream contents are Blobs (owned, a view into a Reader's file, or borrowed).
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/base/filetime.hpp>
#include <msgforge/base/guid.hpp>
#include <msgforge/cfb/blob.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/types.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::cfb {

/// A storage or stream. Children are kept in insertion order; the writer sorts them.
struct Node {
    std::u16string name;
    EntryType type = EntryType::Stream;  ///< Stream or Storage (Root only for Tree::root)
    Guid clsid;
    uint32_t state_bits = 0;
    FileTime created;
    FileTime modified;
    Blob data;                   ///< stream contents
    std::vector<Node> children;  ///< storage contents

    /// A stream named `name` (UTF-8). Throws UsageError for an invalid or empty
    /// name (an entry with an empty name, which paths cannot reach, is made by clearing `name`).
    static Node stream(std::string_view name, Blob data);

    /// An empty storage named `name` (UTF-8). Throws UsageError for an invalid or
    /// empty name.
    static Node storage(std::string_view name);

    bool is_storage() const { return type == EntryType::Storage || type == EntryType::Root; }

    /// Name in UTF-8.
    std::string utf8_name() const;

    /// Child named `name` (UTF-8) under the CFB comparison rule, or nullptr.
    Node* find(std::string_view name);
    const Node* find(std::string_view name) const;

    /// Adds a child, replacing one with an equal name. Throws UsageError if this
    /// node is not a storage. Returns the added child.
    Node& put(Node child);

    /// Removes the child named `name`; returns whether one was removed.
    bool remove(std::string_view name);
};

/// A whole compound file: the root storage and everything below it.
class Tree {
public:
    Tree();

    Node& root() { return root_; }

    const Node& root() const { return root_; }

    /// Node at a '/'-separated path ("" is the root), or nullptr.
    Node* find(std::string_view path);
    const Node* find(std::string_view path) const;

    /// Creates (or reuses) the storages along `path` and returns the last one.
    Node& make_storages(std::string_view path);

    /// Puts a stream at `path`, creating the storages above it.
    Node& put_stream(std::string_view path, Blob data);

    /// Removes the node at `path`; returns whether one was removed.
    bool remove(std::string_view path);

    /// A copy of everything below `top` in `reader` (the root by default); stream contents
    /// are views into the reader's file, so untouched streams are written out unchanged.
    /// Reads every stream: throws FormatError for a broken one.
    static Tree from_reader(const Reader& reader, EntryId top = 0);

private:
    Node root_;
};

}  // namespace msgforge::cfb
