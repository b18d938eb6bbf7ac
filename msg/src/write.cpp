// Writing a message as MS-OXMSG lays it out: property streams (2.4), value streams (2.1.4),
// recipient and attachment storages (2.2.1, 2.2.2), embedded messages and the named-property
// mapping with its hash buckets (2.2.3). Deterministic: the bag's tag order, the map's id order
// and the CFB writer's sorted directory give the same bytes for the same message.
#include "stream_names.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <stdexcept>

namespace msgforge::msg {

namespace {

constexpr uint32_t OBJECT_SIZE = 0xFFFFFFFF;

const Guid MESSAGE_CLSID = *Guid::parse("{00020D0B-0000-0000-C000-000000000046}");

std::vector<uint8_t> utf16_bytes(std::u16string_view s, bool terminate) {
    std::vector<uint8_t> out;
    out.reserve(2 * s.size() + 2);
    ByteWriter w(out);
    w.utf16(s);
    if (terminate) {
        w.u16(0);
    }
    return out;
}

template <class What>
uint32_t size32(size_t n, const What& what) {
    if (n > std::numeric_limits<uint32_t>::max() - 2) {
        throw UsageError(what() + " is " + std::to_string(n)
                         + " bytes, too large for a .msg property");
    }
    return static_cast<uint32_t>(n);
}

template <typename T, typename F>
std::vector<uint8_t> pack(const std::vector<T>& values, F put) {
    std::vector<uint8_t> out;
    ByteWriter w(out);
    for (const auto& v : values) {
        put(w, v);
    }
    return out;
}

// Writes the properties of one object into `node`: the property stream and a stream (or
// several) per stream-stored value.
class PropertyWriter {
public:
    PropertyWriter(cfb::Node& node, std::string path) : node_(node), path_(std::move(path)) {}

    void write(const PropertyBag& bag, std::span<const uint8_t> header) {
        std::vector<uint8_t> stream(header.begin(), header.end());
        ByteWriter w(stream);
        for (const Property& p : bag) {
            const uint32_t tag = p.tag.u32();
            w.u32(tag);
            w.u32(p.flags);
            std::array<uint8_t, 8> slot{};
            value(p, slot);
            w.bytes(slot);
        }
        node_.put(cfb::Node::stream(PROPERTIES_STREAM, cfb::Blob::owned(std::move(stream))));
    }

private:
    void put_stream(const std::string& name, cfb::Blob data) {
        node_.put(cfb::Node::stream(name, std::move(data)));
    }

    void put_stream(const std::string& name, std::vector<uint8_t> data) {
        put_stream(name, cfb::Blob::owned(std::move(data)));
    }

    // Fills the 8-byte slot and writes the value's streams.
    void value(const Property& p, std::array<uint8_t, 8>& slot) {
        const std::string name = substg_name(p.tag);
        // Named only when a value is too large.
        const auto what = [&] {
            return (path_.empty() ? "" : path_ + "/") + "property " + p.tag.to_string();
        };
        auto set_size = [&](size_t n) { store_u32(slot.data(), size32(n, what)); };
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, int16_t>) {
                    store_u16(slot.data(), static_cast<uint16_t>(v));
                } else if constexpr (std::is_same_v<T, int32_t>) {
                    store_u32(slot.data(), static_cast<uint32_t>(v));
                } else if constexpr (std::is_same_v<T, float>) {
                    store_u32(slot.data(), std::bit_cast<uint32_t>(v));
                } else if constexpr (std::is_same_v<T, double>) {
                    store_u64(slot.data(), std::bit_cast<uint64_t>(v));
                } else if constexpr (std::is_same_v<T, Currency>) {
                    store_u64(slot.data(), static_cast<uint64_t>(v.scaled));
                } else if constexpr (std::is_same_v<T, FloatingTime>) {
                    store_u64(slot.data(), std::bit_cast<uint64_t>(v.days));
                } else if constexpr (std::is_same_v<T, ErrorCode>) {
                    store_u32(slot.data(), v.code);
                } else if constexpr (std::is_same_v<T, bool>) {
                    slot[0] = v ? 1 : 0;
                } else if constexpr (std::is_same_v<T, int64_t>) {
                    store_u64(slot.data(), static_cast<uint64_t>(v));
                } else if constexpr (std::is_same_v<T, FileTime>) {
                    store_u64(slot.data(), v.ticks);
                } else if constexpr (std::is_same_v<T, std::u16string>) {
                    // MS-OXMSG 2.1.4.1.1: the stream holds no terminator; Size counts it.
                    set_size(2 * v.size() + 2);
                    put_stream(name, utf16_bytes(v, false));
                } else if constexpr (std::is_same_v<T, String8>) {
                    set_size(v.bytes.size() + 1);
                    put_stream(name, std::vector<uint8_t>(v.bytes.begin(), v.bytes.end()));
                } else if constexpr (std::is_same_v<T, Guid>) {
                    set_size(16);
                    put_stream(name, std::vector<uint8_t>(v.bytes.begin(), v.bytes.end()));
                } else if constexpr (std::is_same_v<T, ServerId>) {
                    set_size(v.bytes.size());
                    put_stream(name, v.bytes);
                } else if constexpr (std::is_same_v<T, cfb::Blob>) {
                    set_size(v.size());
                    put_stream(name, v);
                } else if constexpr (std::is_same_v<T, ObjectRef>) {
                    store_u32(slot.data(), OBJECT_SIZE);
                } else if constexpr (std::is_same_v<T, RawValue>) {
                    if (v.inline_slot) {
                        std::copy_n(v.bytes.begin(), std::min<size_t>(8, v.bytes.size()),
                                    slot.begin());
                    } else {
                        set_size(v.bytes.size());
                        put_stream(name, v.bytes);
                    }
                } else {
                    multi(v, name, set_size);
                }
            },
            p.value.variant());
    }

    // Multi-valued values (MS-OXMSG 2.1.4.2).
    template <typename V, typename SetSize>
    void multi(const V& values, const std::string& name, SetSize set_size) {
        using T = typename V::value_type;
        if constexpr (
            std::is_same_v<
                T, std::u16string> || std::is_same_v<T, String8> || std::is_same_v<T, cfb::Blob>) {
            // A length stream and one stream per value. Strings carry their terminator, and
            // the length counts it (2.1.4.2.1.1); binary lengths are 8-byte entries.
            std::vector<uint8_t> lengths;
            ByteWriter lw(lengths);
            for (size_t i = 0; i < values.size(); ++i) {
                std::vector<uint8_t> bytes;
                if constexpr (std::is_same_v<T, std::u16string>) {
                    bytes = utf16_bytes(values[i], true);
                } else if constexpr (std::is_same_v<T, String8>) {
                    bytes.assign(values[i].bytes.begin(), values[i].bytes.end());
                    bytes.push_back(0);
                } else {
                    bytes.assign(values[i].begin(), values[i].end());
                }
                lw.u32(size32(bytes.size(), [&] { return name; }));
                if constexpr (std::is_same_v<T, cfb::Blob>) {
                    lw.u32(0);
                }
                put_stream(name + "-" + hex8(static_cast<uint32_t>(i)), std::move(bytes));
            }
            set_size(lengths.size());
            put_stream(name, std::move(lengths));
        } else {
            std::vector<uint8_t> data;
            if constexpr (std::is_same_v<T, int16_t>) {
                data =
                    pack(values, [](ByteWriter& w, int16_t v) { w.u16(static_cast<uint16_t>(v)); });
            } else if constexpr (std::is_same_v<T, int32_t>) {
                data =
                    pack(values, [](ByteWriter& w, int32_t v) { w.u32(static_cast<uint32_t>(v)); });
            } else if constexpr (std::is_same_v<T, float>) {
                data =
                    pack(values, [](ByteWriter& w, float v) { w.u32(std::bit_cast<uint32_t>(v)); });
            } else if constexpr (std::is_same_v<T, double>) {
                data = pack(values,
                            [](ByteWriter& w, double v) { w.u64(std::bit_cast<uint64_t>(v)); });
            } else if constexpr (std::is_same_v<T, Currency>) {
                data = pack(values, [](ByteWriter& w, Currency v) {
                    w.u64(static_cast<uint64_t>(v.scaled));
                });
            } else if constexpr (std::is_same_v<T, FloatingTime>) {
                data = pack(values, [](ByteWriter& w, FloatingTime v) {
                    w.u64(std::bit_cast<uint64_t>(v.days));
                });
            } else if constexpr (std::is_same_v<T, int64_t>) {
                data =
                    pack(values, [](ByteWriter& w, int64_t v) { w.u64(static_cast<uint64_t>(v)); });
            } else if constexpr (std::is_same_v<T, FileTime>) {
                data = pack(values, [](ByteWriter& w, FileTime v) { w.u64(v.ticks); });
            } else {
                data = pack(values, [](ByteWriter& w, const Guid& v) { w.bytes(v.bytes); });
            }
            set_size(data.size());
            put_stream(name, std::move(data));
        }
    }

    cfb::Node& node_;
    std::string path_;
};

std::vector<uint8_t> message_header(const Message& m) {
    std::vector<uint8_t> h(m.is_embedded ? 24 : 32, 0);
    uint32_t next_recipient = m.next_recipient_id;
    for (const auto& r : m.recipients) {
        next_recipient = std::max(next_recipient, r.number + 1);
    }
    uint32_t next_attachment = m.next_attachment_id;
    for (const auto& a : m.attachments) {
        next_attachment = std::max(next_attachment, a.number + 1);
    }
    store_u32(h.data() + 8, next_recipient);
    store_u32(h.data() + 12, next_attachment);
    store_u32(h.data() + 16, static_cast<uint32_t>(m.recipients.size()));
    store_u32(h.data() + 20, static_cast<uint32_t>(m.attachments.size()));
    return h;
}

void put_unknown(cfb::Node& node, const std::vector<cfb::Node>& unknown) {
    for (const auto& c : unknown) {
        node.put(c);
    }
}

void write_message(const Message& m, cfb::Node& node, const std::string& path);

void check_unique_numbers(const std::vector<uint32_t>& numbers, const std::string& what) {
    std::vector<uint32_t> sorted = numbers;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
        throw UsageError(what + ": two objects share a storage number");
    }
}

void write_attachment(const Attachment& a, cfb::Node& node, const std::string& path) {
    static const std::array<uint8_t, 8> header{};
    PropertyWriter(node, path).write(a.properties, header);
    const std::string object_name = substg_name(tags::PidTagAttachDataObject);
    if (a.embedded) {
        cfb::Node inner = cfb::Node::storage(object_name);
        inner.clsid = a.embedded->storage_clsid;
        write_message(*a.embedded, inner, path + "/" + object_name);
        node.put(std::move(inner));
    } else if (a.object_storage) {
        cfb::Node inner = *a.object_storage;
        inner.name = utf8_to_utf16(object_name).value();
        inner.type = cfb::EntryType::Storage;
        node.put(std::move(inner));
    }
    put_unknown(node, a.unknown_children);
}

void write_message(const Message& m, cfb::Node& node, const std::string& path) {
    const std::string where = path.empty() ? "message" : path;
    if (m.recipients.size() > MAX_RECIPIENTS) {
        throw UsageError(where + " has " + std::to_string(m.recipients.size())
                         + " recipients; Outlook accepts at most 2,048");
    }
    if (m.attachments.size() > MAX_ATTACHMENTS) {
        throw UsageError(where + " has " + std::to_string(m.attachments.size())
                         + " attachments; Outlook accepts at most 2,048");
    }
    std::vector<uint32_t> numbers;
    for (const auto& r : m.recipients) {
        numbers.push_back(r.number);
    }
    check_unique_numbers(numbers, where + " recipients");
    numbers.clear();
    for (const auto& a : m.attachments) {
        numbers.push_back(a.number);
    }
    check_unique_numbers(numbers, where + " attachments");

    PropertyWriter(node, path).write(m.properties, message_header(m));
    static const std::array<uint8_t, 8> object_header{};
    for (const auto& r : m.recipients) {
        const std::string name = std::string(RECIPIENT_PREFIX) + hex8(r.number);
        cfb::Node child = cfb::Node::storage(name);
        PropertyWriter(child, path.empty() ? name : path + "/" + name)
            .write(r.properties, object_header);
        put_unknown(child, r.unknown_children);
        node.put(std::move(child));
    }
    for (const auto& a : m.attachments) {
        const std::string name = std::string(ATTACHMENT_PREFIX) + hex8(a.number);
        cfb::Node child = cfb::Node::storage(name);
        write_attachment(a, child, path.empty() ? name : path + "/" + name);
        node.put(std::move(child));
    }
    put_unknown(node, m.unknown_children);
}

// MS-OXMSG 2.2.3.2.4: the CRC of a string name for its hash bucket (reflected CRC-32 with
// initial value 0 and no final XOR, i.e. zlib's crc32 started from ~0 and inverted back).
uint32_t name_crc(std::span<const uint8_t> utf16) {
    const uLong crc = ::crc32(0xFFFFFFFFUL, utf16.data(), static_cast<uInt>(utf16.size()));
    return static_cast<uint32_t>(crc ^ 0xFFFFFFFFUL);
}

cfb::Node named_storage(const NamedPropertyMap& map) {
    cfb::Node node = cfb::Node::storage(NAMEID_STORAGE);
    std::vector<Guid> guids;
    std::vector<uint8_t> entries;
    std::vector<uint8_t> strings;
    std::array<std::vector<uint8_t>, 31> buckets;
    ByteWriter ew(entries);
    for (size_t i = 0; i < map.keys().size(); ++i) {
        const NamedKey& key = map.keys()[i];
        uint32_t guid_index = 0;
        if (key.set == ps::PS_MAPI) {
            guid_index = 1;
        } else if (key.set == ps::PS_PUBLIC_STRINGS) {
            guid_index = 2;
        } else {
            auto it = std::find(guids.begin(), guids.end(), key.set);
            if (it == guids.end()) {
                guids.push_back(key.set);
                it = guids.end() - 1;
            }
            guid_index = 3 + static_cast<uint32_t>(it - guids.begin());
        }
        const bool is_string = !key.is_lid();
        const uint32_t index_and_kind =
            (static_cast<uint32_t>(i) << 16) | (guid_index << 1) | (is_string ? 1u : 0u);
        uint32_t hash_key = 0;
        uint32_t bucket = 0;
        if (is_string) {
            const auto name = utf16_bytes(std::get<std::u16string>(key.name), false);
            // MS-OXMSG 2.2.3.1.3: length, UTF-16 name, padding to a multiple of 4.
            ew.u32(static_cast<uint32_t>(strings.size()));
            ByteWriter sw(strings);
            sw.u32(static_cast<uint32_t>(name.size()));
            sw.bytes(name);
            sw.zeros((4 - strings.size() % 4) % 4);
            hash_key = name_crc(name);
            bucket = (hash_key ^ ((guid_index << 1) | 1)) % 31;
        } else {
            hash_key = std::get<uint32_t>(key.name);
            ew.u32(hash_key);
            bucket = (hash_key ^ (guid_index << 1)) % 31;
        }
        ew.u32(index_and_kind);
        ByteWriter bw(buckets[bucket]);
        bw.u32(hash_key);
        bw.u32(index_and_kind);
    }
    std::vector<uint8_t> guid_bytes;
    for (const Guid& g : guids) {
        guid_bytes.insert(guid_bytes.end(), g.bytes.begin(), g.bytes.end());
    }
    node.put(cfb::Node::stream("__substg1.0_00020102", cfb::Blob::owned(std::move(guid_bytes))));
    node.put(cfb::Node::stream("__substg1.0_00030102", cfb::Blob::owned(std::move(entries))));
    node.put(cfb::Node::stream("__substg1.0_00040102", cfb::Blob::owned(std::move(strings))));
    for (uint32_t b = 0; b < buckets.size(); ++b) {
        if (!buckets[b].empty()) {
            node.put(
                cfb::Node::stream(substg_name(PropertyTag::from_u32(((0x1000 + b) << 16) | 0x0102)),
                                  cfb::Blob::owned(std::move(buckets[b]))));
        }
    }
    return node;
}

}  // namespace

cfb::Tree Message::to_tree() const {
    cfb::Tree tree;
    tree.root().clsid = storage_clsid.is_null() ? MESSAGE_CLSID : storage_clsid;
    if (!is_embedded) {
        tree.root().put(named_storage(named ? *named : NamedPropertyMap{}));
    }
    write_message(*this, tree.root(), "");
    return tree;
}

std::vector<uint8_t> Message::write(const WriteOptions& options) const {
    cfb::WriteOptions o;
    o.version = options.version;
    return cfb::write(to_tree(), o);
}

void Message::write_file(const std::filesystem::path& path, const WriteOptions& options) const {
    cfb::WriteOptions o;
    o.version = options.version;
    o.durable = options.durable;
    cfb::write_file(to_tree(), path, o);
}

}  // namespace msgforge::msg
