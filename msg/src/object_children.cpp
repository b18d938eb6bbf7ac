// The children of an object storage (MS-OXMSG 2.2): classified by name once, looked up by name
// or by property tag, numbered recipient and attachment storages, duplicates set aside, and the
// children nobody interprets copied verbatim.
#include "object_reader.hpp"

#include <msgforge/base/text.hpp>
#include <msgforge/cfb/names.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msgforge::msg::reading {
namespace {

// ASCII order of the upper-cased names, the order in which unknown children are kept.
bool upper_less(std::string_view a, std::string_view b) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        const char x = ascii_upper(a[i]);
        const char y = ascii_upper(b[i]);
        if (x != y) {
            return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
        }
    }
    return a.size() < b.size();
}

}  // namespace

ObjectReader::ObjectReader(Context& ctx, cfb::EntryId storage, ObjectKind kind)
    : ctx_(ctx), kind_(kind), storage_(storage) {
    const auto kids = ctx.reader.children(storage);
    children_.reserve(kids.size());
    for (cfb::EntryId id : kids) {
        Child c{&ctx.reader.entry(id), id};
        if (const auto v = parse_substg_value_name(c.entry->name)) {
            c.key = substg_key(v->first, v->second.value_or(NO_INDEX));
            c.substg = true;
        }
        children_.push_back(c);
    }
    set_aside_duplicates();
    by_key_.reserve(children_.size());
    for (uint32_t i = 0; i < children_.size(); ++i) {
        if (children_[i].substg && !children_[i].used) {
            by_key_.push_back(i);
        }
    }
    std::sort(by_key_.begin(), by_key_.end(),
              [&](uint32_t a, uint32_t b) { return children_[a].key < children_[b].key; });
}

std::vector<std::pair<uint32_t, cfb::EntryId>> ObjectReader::numbered(std::string_view prefix) {
    std::vector<std::pair<uint32_t, cfb::EntryId>> out;
    for (Child& c : children_) {
        if (c.substg || c.used || !c.entry->is_storage()) {
            continue;
        }
        if (const auto n = parse_numbered(c.entry->name, prefix)) {
            out.emplace_back(*n, c.id);
            c.used = true;
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

Child* ObjectReader::child(std::string_view name) {
    for (Child& c : children_) {
        if (!c.substg && equal_ci(c.entry->name, name)) {
            return &c;
        }
    }
    return nullptr;
}

Child* ObjectReader::substg(PropertyTag tag, uint32_t index) {
    const uint64_t key = substg_key(tag, index);
    const auto it = std::lower_bound(by_key_.begin(), by_key_.end(), key,
                                     [&](uint32_t i, uint64_t k) { return children_[i].key < k; });
    return it != by_key_.end() && children_[*it].key == key ? &children_[*it] : nullptr;
}

std::vector<cfb::Node> ObjectReader::unknown_children() const {
    std::vector<const Child*> unknown;
    for (const Child& c : children_) {
        if (!c.used) {
            unknown.push_back(&c);
        }
    }
    std::sort(unknown.begin(), unknown.end(), [](const Child* a, const Child* b) {
        return upper_less(a->entry->name, b->entry->name);
    });
    std::vector<cfb::Node> out;
    out.reserve(unknown.size());
    for (const Child* c : unknown) {
        out.push_back(copy_node(c->id));
    }
    return out;
}

cfb::Node ObjectReader::copy_node(cfb::EntryId id) const {
    const cfb::Entry& e = ctx_.reader.entry(id);
    cfb::Node node;
    if (e.is_storage()) {
        charge_streams_below(id);
        node = std::move(cfb::Tree::from_reader(ctx_.reader, id).root());
        node.type = cfb::EntryType::Storage;
        node.created = e.created;
        node.modified = e.modified;
    } else {
        // A stream's CLSID and times must be zero (MS-CFB 2.6.1); the writer writes them so.
        node.type = cfb::EntryType::Stream;
        ctx_.budget.charge_stream(id);
        node.data = ctx_.reader.read(id);
        node.state_bits = e.state_bits;
    }
    node.name = e.raw_name;
    return node;
}

std::string ObjectReader::display_path() const {
    return storage_ == ctx_.reader.root() ? "message" : ctx_.reader.path_of(storage_);
}

void ObjectReader::charge_streams_below(cfb::EntryId storage) const {
    std::vector<cfb::EntryId> pending{storage};
    while (!pending.empty()) {
        const cfb::EntryId at = pending.back();
        pending.pop_back();
        for (const cfb::EntryId id : ctx_.reader.children(at)) {
            const cfb::Entry& e = ctx_.reader.entry(id);
            if (e.is_storage()) {
                pending.push_back(id);
            } else if (e.is_stream()) {
                ctx_.budget.charge_stream(id);
            }
        }
    }
}

void ObjectReader::set_aside_duplicates() {
    if (ctx_.reader.children_in_name_order(storage_)) {
        return;
    }
    std::vector<uint32_t> order(children_.size());
    for (uint32_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    const auto name = [&](uint32_t i) -> std::u16string_view {
        return children_[i].entry->raw_name;
    };
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return cfb::compare_names(name(a), name(b)) < 0;
    });
    for (size_t i = 1; i < order.size(); ++i) {
        if (cfb::compare_names(name(order[i - 1]), name(order[i])) == 0) {
            children_[order[i]].used = true;
        }
    }
}

std::string ObjectReader::describe(std::string_view name) const {
    return storage_ == ctx_.reader.root() ? std::string(name)
                                          : ctx_.reader.path_of(storage_) + "/" + std::string(name);
}

}  // namespace msgforge::msg::reading
