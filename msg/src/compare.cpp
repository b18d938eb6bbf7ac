#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <map>

namespace msgforge::msg {

namespace {

// A property's identity independent of the named-property ids of its file.
struct Key {
    PropertyTag tag;  // the id is 0 for named properties
    std::optional<NamedKey> named;

    bool operator<(const Key& o) const {
        if (tag.u32() != o.tag.u32()) {
            return tag.u32() < o.tag.u32();
        }
        if (named.has_value() != o.named.has_value()) {
            return !named.has_value();
        }
        if (!named) {
            return false;
        }
        if (named->set != o.named->set) {
            return named->set < o.named->set;
        }
        return named->name < o.named->name;
    }
};

std::string describe(const Key& k) {
    if (k.named) {
        std::string out = "named property " + k.named->set.to_string();
        if (k.named->is_lid()) {
            out += " LID ";
            out += hex(std::get<uint32_t>(k.named->name));
        } else {
            out += " \"";
            out += utf16_to_utf8(std::get<std::u16string>(k.named->name));
            out += '"';
        }
        out += " (";
        out += type_name(k.tag.type);
        out += ')';
        return out;
    }
    std::string s = "property " + k.tag.to_string();
    if (const auto n = tag_name(k.tag)) {
        s += ' ';
        s += *n;
    }
    return s;
}

std::map<Key, const Property*> keyed(const PropertyBag& bag, const NamedPropertyMap* map) {
    std::map<Key, const Property*> out;
    for (const Property& p : bag) {
        Key k{p.tag, std::nullopt};
        if (p.tag.is_named() && map != nullptr) {
            if (const NamedKey* nk = map->key_for(p.tag.id)) {
                k = Key{PropertyTag{0, p.tag.type}, *nk};
            }
        }
        out.emplace(std::move(k), &p);
    }
    return out;
}

// The child of `parent` with the name of `child` under the CFB rule. By the stored UTF-16
// name, not the UTF-8 one: a name with an unpaired surrogate has no exact UTF-8 form.
const cfb::Node* same_child(const cfb::Node& parent, const cfb::Node& child) {
    for (const cfb::Node& c : parent.children) {
        if (cfb::compare_names(c.name, child.name) == 0) {
            return &c;
        }
    }
    return nullptr;
}

void compare_nodes(const cfb::Node& a, const cfb::Node& b, const std::string& path,
                   std::vector<Difference>& out) {
    if (a.type != b.type || a.clsid != b.clsid || a.state_bits != b.state_bits) {
        out.push_back({path, "", "type, CLSID or state bits differ"});
    }
    if (!std::equal(a.data.begin(), a.data.end(), b.data.begin(), b.data.end())) {
        out.push_back({path, "", "bytes differ"});
    }
    for (const auto& c : a.children) {
        const cfb::Node* other = same_child(b, c);
        if (other == nullptr) {
            out.push_back({path + "/" + c.utf8_name(), "", "only in the first"});
        } else {
            compare_nodes(c, *other, path + "/" + c.utf8_name(), out);
        }
    }
    for (const auto& c : b.children) {
        if (same_child(a, c) == nullptr) {
            out.push_back({path + "/" + c.utf8_name(), "", "only in the second"});
        }
    }
}

void compare_unknown(const std::vector<cfb::Node>& a, const std::vector<cfb::Node>& b,
                     const std::string& path, std::vector<Difference>& out) {
    cfb::Node sa = cfb::Node::storage("x");
    cfb::Node sb = cfb::Node::storage("x");
    sa.children = a;
    sb.children = b;
    compare_nodes(sa, sb, path.empty() ? "(storage)" : path, out);
}

void compare_bags(const ObjectBase& a, const ObjectBase& b, const NamedPropertyMap* ma,
                  const NamedPropertyMap* mb, const std::string& path,
                  std::vector<Difference>& out) {
    const auto ka = keyed(a.properties, ma);
    const auto kb = keyed(b.properties, mb);
    for (const auto& [k, p] : ka) {
        const auto it = kb.find(k);
        const Property* other = it == kb.end() ? nullptr : it->second;
        std::string how;
        if (other == nullptr) {
            how = "only in the first";
        } else if (!(p->value == other->value)) {
            how = "values differ";
        } else if (p->flags != other->flags) {
            how = "flags differ";
        } else {
            continue;
        }
        out.push_back({path, describe(k), how, &a, p, other != nullptr ? &b : nullptr, other});
    }
    for (const auto& [k, p] : kb) {
        if (ka.find(k) == ka.end()) {
            out.push_back({path, describe(k), "only in the second", nullptr, nullptr, &b, p});
        }
    }
    compare_unknown(a.unknown_children, b.unknown_children, path, out);
}

void compare_messages(const Message& a, const Message& b, const std::string& path,
                      std::vector<Difference>& out) {
    compare_bags(a, b, a.named.get(), b.named.get(), path, out);
    if (a.recipients.size() != b.recipients.size()) {
        out.push_back({path,
                       std::to_string(a.recipients.size()) + " recipients against "
                           + std::to_string(b.recipients.size()),
                       ""});
    }
    for (size_t i = 0; i < std::min(a.recipients.size(), b.recipients.size()); ++i) {
        const std::string p = (path.empty() ? "" : path + "/") + "recipient #"
                              + std::to_string(a.recipients[i].number);
        if (a.recipients[i].number != b.recipients[i].number) {
            out.push_back({p, "", "storage numbers differ"});
        }
        compare_bags(a.recipients[i], b.recipients[i], a.named.get(), b.named.get(), p, out);
    }
    if (a.attachments.size() != b.attachments.size()) {
        out.push_back({path,
                       std::to_string(a.attachments.size()) + " attachments against "
                           + std::to_string(b.attachments.size()),
                       ""});
    }
    for (size_t i = 0; i < std::min(a.attachments.size(), b.attachments.size()); ++i) {
        const Attachment& x = a.attachments[i];
        const Attachment& y = b.attachments[i];
        const std::string p =
            (path.empty() ? "" : path + "/") + "attachment #" + std::to_string(x.number);
        if (x.number != y.number) {
            out.push_back({p, "", "storage numbers differ"});
        }
        compare_bags(x, y, a.named.get(), b.named.get(), p, out);
        if ((x.embedded == nullptr) != (y.embedded == nullptr)) {
            out.push_back({p, "", "an embedded message in only one"});
        } else if (x.embedded) {
            compare_messages(*x.embedded, *y.embedded, p + "/embedded", out);
        }
        if (x.object_storage.has_value() != y.object_storage.has_value()) {
            out.push_back({p, "", "an OLE storage in only one"});
        } else if (x.object_storage) {
            compare_nodes(*x.object_storage, *y.object_storage, p + "/object", out);
        }
    }
}

}  // namespace

std::string Difference::to_string() const {
    std::string out;
    for (const std::string* part : {&path, &what, &how}) {
        if (!part->empty()) {
            out += (out.empty() ? "" : ": ") + *part;
        }
    }
    return out;
}

std::vector<Difference> differences(const Message& a, const Message& b) {
    std::vector<Difference> out;
    compare_messages(a, b, "", out);
    return out;
}

std::vector<std::string> compare(const Message& a, const Message& b) {
    std::vector<std::string> out;
    for (const Difference& d : differences(a, b)) {
        out.push_back(d.to_string());
    }
    return out;
}

}  // namespace msgforge::msg
