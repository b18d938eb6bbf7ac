#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/cfb/tree.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>

namespace msgforge::cfb {

namespace {

/// `name` (UTF-8) as UTF-16, checked against the MS-CFB 2.6.1 name rules; not empty, since
/// these names come from paths.
std::u16string checked_name(std::string_view name) {
    const std::optional<std::u16string> utf16 = utf8_to_utf16(name);
    if (!utf16) {
        throw UsageError("entry name is not valid UTF-8");
    }
    if (utf16->empty()) {
        throw UsageError("entry name is empty");
    }
    if (const std::string problem = name_problem(*utf16); !problem.empty()) {
        throw UsageError("invalid entry name \"" + std::string(name) + "\": " + problem);
    }
    return *utf16;
}

/// The non-empty '/'-separated parts of `path`.
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        const size_t slash = path.find('/');
        const std::string_view part = path.substr(0, slash);
        if (!part.empty()) {
            parts.push_back(part);
        }
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return parts;
}

template <typename NodeT>
NodeT* find_child(NodeT& parent, std::string_view name) {
    const std::optional<std::u16string> utf16 = utf8_to_utf16(name);
    if (!utf16) {
        return nullptr;
    }
    for (auto& child : parent.children) {
        if (compare_names(child.name, *utf16) == 0) {
            return &child;
        }
    }
    return nullptr;
}

template <typename NodeT>
NodeT* find_path(NodeT& root, std::string_view path) {
    NodeT* node = &root;
    for (const std::string_view part : split_path(path)) {
        node = node->find(part);
        if (node == nullptr) {
            return nullptr;
        }
    }
    return node;
}

/// `path` without its last part, and the last part.
std::pair<std::string_view, std::string_view> split_last(std::string_view path) {
    while (!path.empty() && path.back() == '/') {
        path.remove_suffix(1);
    }
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) {
        return {std::string_view{}, path};
    }
    return {path.substr(0, slash), path.substr(slash + 1)};
}

}  // namespace

Node Node::stream(std::string_view name, Blob data) {
    Node n;
    n.name = checked_name(name);
    n.type = EntryType::Stream;
    n.data = std::move(data);
    return n;
}

Node Node::storage(std::string_view name) {
    Node n;
    n.name = checked_name(name);
    n.type = EntryType::Storage;
    return n;
}

std::string Node::utf8_name() const {
    return utf16_to_utf8(name);
}

Node* Node::find(std::string_view child_name) {
    return find_child(*this, child_name);
}

const Node* Node::find(std::string_view child_name) const {
    return find_child(*this, child_name);
}

Node& Node::put(Node child) {
    if (!is_storage()) {
        throw UsageError("cannot add \"" + child.utf8_name() + "\" to \"" + utf8_name()
                         + "\": it is not a storage");
    }
    const auto same = std::find_if(children.begin(), children.end(), [&](const Node& c) {
        return compare_names(c.name, child.name) == 0;
    });
    if (same != children.end()) {
        *same = std::move(child);
        return *same;
    }
    return children.emplace_back(std::move(child));
}

bool Node::remove(std::string_view child_name) {
    const Node* found = find(child_name);
    if (found == nullptr) {
        return false;
    }
    children.erase(children.begin() + (found - children.data()));
    return true;
}

Tree::Tree() {
    root_.name = u"Root Entry";
    root_.type = EntryType::Root;
}

Node* Tree::find(std::string_view path) {
    return find_path(root_, path);
}

const Node* Tree::find(std::string_view path) const {
    return find_path(root_, path);
}

Node& Tree::make_storages(std::string_view path) {
    Node* node = &root_;
    std::string walked;
    for (const std::string_view part : split_path(path)) {
        walked += walked.empty() ? "" : "/";
        walked += part;
        Node* next = node->find(part);
        if (next == nullptr) {
            next = &node->put(Node::storage(part));
        } else if (!next->is_storage()) {
            throw UsageError("\"" + walked + "\" is a stream, not a storage");
        }
        node = next;
    }
    return *node;
}

Node& Tree::put_stream(std::string_view path, Blob data) {
    const auto [parent, name] = split_last(path);
    if (name.empty()) {
        throw UsageError("stream path \"" + std::string(path) + "\" has no name");
    }
    Node stream = Node::stream(name, std::move(data));
    return make_storages(parent).put(std::move(stream));
}

bool Tree::remove(std::string_view path) {
    const auto [parent, name] = split_last(path);
    if (name.empty()) {
        return false;
    }
    Node* storage = find(parent);
    return storage != nullptr && storage->remove(name);
}

Tree Tree::from_reader(const Reader& reader, EntryId top) {
    const Entry& top_entry = reader.entry(top);
    if (!top_entry.is_storage()) {
        throw UsageError("entry \"" + std::string(top_entry.name) + "\" is not a storage");
    }
    Tree tree;
    tree.root_.clsid = top_entry.clsid;
    tree.root_.state_bits = top_entry.state_bits;
    if (top == reader.root()) {
        tree.root_.created = top_entry.created;
        tree.root_.modified = top_entry.modified;
    }
    // A node's children are complete before any of them is visited, so the pointers on the
    // stack stay valid.
    std::vector<std::pair<EntryId, Node*>> pending{{top, &tree.root_}};
    while (!pending.empty()) {
        const auto [id, node] = pending.back();
        pending.pop_back();
        const std::span<const EntryId> ids = reader.children(id);
        node->children.reserve(ids.size());
        std::vector<std::pair<EntryId, size_t>> storages;
        for (const EntryId child_id : ids) {
            const Entry& e = reader.entry(child_id);
            if (!e.is_storage() && !e.is_stream()) {
                continue;
            }
            Node child;
            child.name = e.raw_name;
            child.type = e.is_stream() ? EntryType::Stream : EntryType::Storage;
            child.state_bits = e.state_bits;
            if (e.is_stream()) {
                // A stream's CLSID and times must be zero (MS-CFB 2.6.1); the writer writes
                // them so, and so does the copy.
                child.data = reader.read(child_id);
            } else {
                child.clsid = e.clsid;
                child.created = e.created;
                child.modified = e.modified;
                storages.emplace_back(child_id, node->children.size());
            }
            node->children.push_back(std::move(child));
        }
        for (const auto& [storage_id, index] : storages) {
            pending.emplace_back(storage_id, &node->children[index]);
        }
    }
    return tree;
}

}  // namespace msgforge::cfb
