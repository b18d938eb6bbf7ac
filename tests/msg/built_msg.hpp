// Helpers of the message reader tests: .msg files assembled stream by stream (cfb::Tree plus
// property streams built by hand, independently of any msgforge .msg writer).
#pragma once

#include <msgforge/base/bytes.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/message.hpp>

#include <bit>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::msg::built {

using enum PropertyType;

inline std::vector<uint8_t> utf16le(std::u16string_view s) {
    std::vector<uint8_t> out;
    ByteWriter w(out);
    w.utf16(s);
    return out;
}

inline std::vector<uint8_t> bytes(std::string_view s) {
    return {s.begin(), s.end()};
}

inline std::string hex8(uint32_t v) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string s(8, '0');
    for (int i = 7; i >= 0; --i) {
        s[static_cast<size_t>(i)] = digits[v & 0xF];
        v >>= 4;
    }
    return s;
}

// One object's storage under construction: a property stream plus value streams.
struct ObjectStorage {
    size_t header = 8;
    std::vector<uint8_t> header_bytes = std::vector<uint8_t>(8, 0);
    std::vector<uint8_t> entries;
    std::vector<cfb::Node> streams;

    void fixed(uint32_t tag, uint64_t slot, uint32_t flags = 6) {
        ByteWriter w(entries);
        w.u32(tag);
        w.u32(flags);
        w.u64(slot);
    }

    void variable(uint32_t tag, std::vector<uint8_t> data, uint32_t size_field) {
        ByteWriter w(entries);
        w.u32(tag);
        w.u32(6);
        w.u32(size_field);
        w.u32(0);
        stream("__substg1.0_" + hex8(tag), std::move(data));
    }

    void stream(const std::string& name, std::vector<uint8_t> data) {
        streams.push_back(cfb::Node::stream(name, cfb::Blob::owned(std::move(data))));
    }

    cfb::Node node(const std::string& name) const {
        cfb::Node n;
        n.type = cfb::EntryType::Storage;
        if (!name.empty()) {
            n = cfb::Node::storage(name);
        }
        std::vector<uint8_t> props = header_bytes;
        props.insert(props.end(), entries.begin(), entries.end());
        n.put(cfb::Node::stream("__properties_version1.0", cfb::Blob::owned(props)));
        for (const auto& s : streams) {
            n.put(s);
        }
        return n;
    }
};

inline ObjectStorage top_level(uint32_t recipients = 0, uint32_t attachments = 0) {
    ObjectStorage o;
    o.header_bytes.assign(32, 0);
    store_u32(o.header_bytes.data() + 8, recipients);
    store_u32(o.header_bytes.data() + 12, attachments);
    store_u32(o.header_bytes.data() + 16, recipients);
    store_u32(o.header_bytes.data() + 20, attachments);
    return o;
}

// An empty named-property map with the three streams.
inline cfb::Node empty_nameid() {
    cfb::Node n = cfb::Node::storage("__nameid_version1.0");
    for (const char* s : {"__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"}) {
        n.put(cfb::Node::stream(s, cfb::Blob::owned({})));
    }
    return n;
}

// Builds a file whose root holds `top` (with its streams) and the given extra children.
inline std::vector<uint8_t> build(const ObjectStorage& top, std::vector<cfb::Node> extra,
                                  bool with_nameid = true) {
    cfb::Tree tree;
    const cfb::Node props = top.node("");
    for (const auto& c : props.children) {
        tree.root().put(c);
    }
    if (with_nameid) {
        tree.root().put(empty_nameid());
    }
    for (auto& c : extra) {
        tree.root().put(std::move(c));
    }
    return cfb::write(tree);
}

// The reader keeps its own copy of the bytes: the message's binary values are views into it
// and outlive the temporary `file`.
inline Message read(const std::vector<uint8_t>& file, const ReadOptions& options = {}) {
    const cfb::Reader reader =
        cfb::Reader::from_blob(cfb::Blob::owned(file), options.cfb, "test.msg");
    return Message::read(reader, options);
}

inline bool has_warning(const Message& m, const std::string& text) {
    for (const auto& w : m.warnings) {
        if (w.to_string().find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

inline uint64_t double_bits(double d) {
    return std::bit_cast<uint64_t>(d);
}

}  // namespace msgforge::msg::built
