// Message reader tests: values of every type, named properties, recipients, attachments and
// embedded messages, on files assembled here stream by stream.
#include "built_msg.hpp"
#include "support/support.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace msgforge;
using namespace msgforge::msg;
using namespace msgforge::msg::built;
using enum PropertyType;

TEST_CASE("Fixed-length values of every type are decoded from the 8-byte slot",
          "[msg][read][types]") {
    auto top = top_level();
    top.fixed(0x66000002, 0xFFFFFFFFFFFF8001ull);  // Int16: only the low 2 bytes count
    top.fixed(0x66010003, 0xDEADBEEFFFFFFFFEull);  // Int32 -2, garbage above
    top.fixed(0x66020004, 0x3FC00000ull);          // Float32 1.5
    top.fixed(0x66030005, double_bits(-2.25));
    top.fixed(0x66040006, static_cast<uint64_t>(int64_t{-123456}));  // Currency -12.3456
    top.fixed(0x66050007, double_bits(45000.5));                     // FloatingTime
    top.fixed(0x6606000A, 0x80004005ull);                            // ErrorCode
    top.fixed(0x6607000B, 0x35B7A5D6B7350001ull);                    // Boolean true with garbage
    top.fixed(0x6608000B, 0x35B7A5D6B7350000ull);                    // Boolean false with garbage
    top.fixed(0x66090014, 0x8000000000000001ull);                    // Int64
    top.fixed(0x660A0040, 0x01DA9B5F3C2B1A00ull);                    // Time
    const Message m = read(build(top, {}));
    const auto& p = m.properties;
    CHECK(*p.get_as<int16_t>(PropertyTag::from_u32(0x66000002)) == int16_t{-32767});
    CHECK(*p.get_as<int32_t>(PropertyTag::from_u32(0x66010003)) == -2);
    CHECK(*p.get_as<float>(PropertyTag::from_u32(0x66020004)) == 1.5f);
    CHECK(*p.get_as<double>(PropertyTag::from_u32(0x66030005)) == -2.25);
    CHECK(p.get_as<Currency>(PropertyTag::from_u32(0x66040006))->scaled == -123456);
    CHECK(p.get_as<FloatingTime>(PropertyTag::from_u32(0x66050007))->days == 45000.5);
    CHECK(p.get_as<ErrorCode>(PropertyTag::from_u32(0x6606000A))->code == 0x80004005u);
    CHECK(*p.get_as<bool>(PropertyTag::from_u32(0x6607000B)) == true);
    CHECK(*p.get_as<bool>(PropertyTag::from_u32(0x6608000B)) == false);
    CHECK(*p.get_as<int64_t>(PropertyTag::from_u32(0x66090014)) == INT64_MIN + 1);
    CHECK(p.get_as<FileTime>(PropertyTag::from_u32(0x660A0040))->ticks == 0x01DA9B5F3C2B1A00ull);
    CHECK(m.warnings.empty());
}

TEST_CASE("Variable-length values are read from their streams, terminators stripped",
          "[msg][read][types]") {
    auto top = top_level();
    top.variable(0x0037001F, utf16le(u"Hello \u4e16\u754c \U0001F600"), 0);
    auto with_nul = utf16le(u"Terminated");
    with_nul.push_back(0);
    with_nul.push_back(0);
    top.variable(0x0070001F, with_nul, static_cast<uint32_t>(with_nul.size()));
    top.variable(0x001A001E, bytes("IPM.Note"), 9);
    top.variable(0x66100102, {1, 2, 3, 0, 5}, 5);
    const auto guid = *Guid::parse("{00020329-0000-0000-C000-000000000046}");
    top.variable(0x66110048, std::vector<uint8_t>(guid.bytes.begin(), guid.bytes.end()), 16);
    top.variable(0x661200FB, {2, 0, 0xAA, 0xBB}, 4);
    const Message m = read(build(top, {}));
    CHECK(m.subject() == "Hello \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80");
    CHECK(m.string(tags::PidTagConversationTopic) == "Terminated");
    CHECK(m.message_class() == "IPM.Note");
    const auto* bin = m.properties.get_as<cfb::Blob>(PropertyTag::from_u32(0x66100102));
    REQUIRE(bin != nullptr);
    CHECK(std::vector<uint8_t>(bin->begin(), bin->end()) == std::vector<uint8_t>{1, 2, 3, 0, 5});
    CHECK(*m.properties.get_as<Guid>(PropertyTag::from_u32(0x66110048)) == guid);
    CHECK(m.properties.get_as<ServerId>(PropertyTag::from_u32(0x661200FB))->bytes.size() == 4);
}

TEST_CASE("Multi-valued properties of every type are read", "[msg][read][types]") {
    auto top = top_level();
    std::vector<uint8_t> ints;
    ByteWriter(ints).u32(7);
    ByteWriter(ints).u32(0xFFFFFFFF);
    top.variable(0x66201003, ints, 8);
    std::vector<uint8_t> shorts = {1, 0, 2, 0, 3, 0};
    top.variable(0x66211002, shorts, 6);
    std::vector<uint8_t> times;
    ByteWriter(times).u64(1);
    ByteWriter(times).u64(2);
    top.variable(0x66221040, times, 16);
    std::vector<uint8_t> int64s;
    ByteWriter(int64s).u64(static_cast<uint64_t>(-5));
    top.variable(0x66231014, int64s, 8);

    // PtypMultipleString: a length stream (4 bytes per value, terminator included) and one
    // stream per value.
    std::vector<uint8_t> lengths;
    ByteWriter(lengths).u32(6);
    ByteWriter(lengths).u32(2);
    top.variable(0x6624101F, lengths, 8);
    auto ab = utf16le(u"ab");
    ab.insert(ab.end(), {0, 0});
    top.stream("__substg1.0_6624101F-00000000", ab);
    top.stream("__substg1.0_6624101F-00000001", {0, 0});

    std::vector<uint8_t> lengths8;
    ByteWriter(lengths8).u32(4);
    top.variable(0x6625101E, lengths8, 4);
    top.stream("__substg1.0_6625101E-00000000", {'x', 'y', 'z', 0});

    std::vector<uint8_t> bin_lengths;
    ByteWriter(bin_lengths).u32(3);
    ByteWriter(bin_lengths).u32(0);
    ByteWriter(bin_lengths).u32(0);
    ByteWriter(bin_lengths).u32(0);
    top.variable(0x66261102, bin_lengths, 16);
    top.stream("__substg1.0_66261102-00000000", {9, 8, 7});
    top.stream("__substg1.0_66261102-00000001", {});

    const Message m = read(build(top, {}));
    const auto& p = m.properties;
    CHECK(*p.get_as<std::vector<int32_t>>(PropertyTag::from_u32(0x66201003))
          == std::vector<int32_t>{7, -1});
    CHECK(*p.get_as<std::vector<int16_t>>(PropertyTag::from_u32(0x66211002))
          == std::vector<int16_t>{1, 2, 3});
    CHECK(p.get_as<std::vector<FileTime>>(PropertyTag::from_u32(0x66221040))->size() == 2);
    CHECK(*p.get_as<std::vector<int64_t>>(PropertyTag::from_u32(0x66231014))
          == std::vector<int64_t>{-5});
    CHECK(*p.get_as<std::vector<std::u16string>>(PropertyTag::from_u32(0x6624101F))
          == std::vector<std::u16string>{u"ab", u""});
    CHECK(p.get_as<std::vector<String8>>(PropertyTag::from_u32(0x6625101E))->at(0).bytes == "xyz");
    const auto* bins = p.get_as<std::vector<cfb::Blob>>(PropertyTag::from_u32(0x66261102));
    REQUIRE(bins != nullptr);
    REQUIRE(bins->size() == 2);
    CHECK(std::vector<uint8_t>(bins->at(0).begin(), bins->at(0).end())
          == std::vector<uint8_t>{9, 8, 7});
    CHECK(bins->at(1).empty());
    CHECK(m.warnings.empty());
}

TEST_CASE("Named properties resolve through __nameid_version1.0", "[msg][read][named]") {
    auto top = top_level();
    // Entry 0: PS_PUBLIC_STRINGS "OMSServiceType"; entry 1: PSETID_Common LID 0x8514;
    // entry 2: PS_INTERNET_HEADERS "content-class"; entry 3: PS_MAPI LID 0x0037.
    cfb::Node nameid = cfb::Node::storage("__nameid_version1.0");
    const auto common = *Guid::parse("{00062008-0000-0000-C000-000000000046}");
    const auto headers = *Guid::parse("{00020386-0000-0000-C000-000000000046}");
    std::vector<uint8_t> guids(common.bytes.begin(), common.bytes.end());
    guids.insert(guids.end(), headers.bytes.begin(), headers.bytes.end());
    std::vector<uint8_t> strings;
    ByteWriter sw(strings);
    const auto oms = utf16le(u"OMSServiceType");
    sw.u32(static_cast<uint32_t>(oms.size()));
    sw.bytes(oms);
    const uint32_t second = static_cast<uint32_t>(strings.size());
    const auto cc = utf16le(u"content-class");
    sw.u32(static_cast<uint32_t>(cc.size()));
    sw.bytes(cc);
    std::vector<uint8_t> entries;
    ByteWriter ew(entries);
    ew.u32(0);
    ew.u32((0u << 16) | (2u << 1) | 1u);
    ew.u32(0x8514);
    ew.u32((1u << 16) | (3u << 1));
    ew.u32(second);
    ew.u32((2u << 16) | (4u << 1) | 1u);
    ew.u32(0x0037);
    ew.u32((3u << 16) | (1u << 1));
    nameid.put(cfb::Node::stream("__substg1.0_00020102", cfb::Blob::owned(guids)));
    nameid.put(cfb::Node::stream("__substg1.0_00030102", cfb::Blob::owned(entries)));
    nameid.put(cfb::Node::stream("__substg1.0_00040102", cfb::Blob::owned(strings)));
    top.fixed(0x80000003, 1);
    top.fixed(0x8001000B, 1);
    top.variable(0x8002001F, utf16le(u"MS-OMS-SMS"), 22);

    cfb::Tree tree;
    for (const auto& c : top.node("").children) {
        tree.root().put(c);
    }
    tree.root().put(nameid);
    const Message m = read(cfb::write(tree));
    REQUIRE(m.named->size() == 4);
    const NamedKey* k0 = m.named_key(0x8000);
    REQUIRE(k0 != nullptr);
    CHECK(k0->set == ps::PS_PUBLIC_STRINGS);
    CHECK(std::get<std::u16string>(k0->name) == u"OMSServiceType");
    CHECK(m.named_key(0x8001)->set == common);
    CHECK(std::get<uint32_t>(m.named_key(0x8001)->name) == 0x8514u);
    CHECK(m.named_key(0x8003)->set == ps::PS_MAPI);
    const int32_t* service = m.named_value(names::PidNameOMSServiceType);
    REQUIRE(service != nullptr);
    CHECK(*service == 1);
    // Internet header names match without regard to case.
    const auto* cls = m.named_value(NamedKey::string(headers, u"Content-Class"));
    REQUIRE(cls != nullptr);
    CHECK(*cls->as<std::u16string>() == u"MS-OMS-SMS");
    CHECK(m.named_value(NamedKey::string(ps::PS_PUBLIC_STRINGS, u"omsservicetype")) == nullptr);
    CHECK(m.warnings.empty());
}

TEST_CASE("Recipients and attachments are read in number order, embedded messages recursively",
          "[msg][read][objects]") {
    auto top = top_level(2, 3);
    top.variable(0x0037001F, utf16le(u"outer"), 12);
    ObjectStorage r0;
    r0.variable(0x3001001F, utf16le(u"Ann"), 8);
    r0.fixed(0x0C150003, 1);
    ObjectStorage r5;
    r5.variable(0x3001001F, utf16le(u"Bob"), 8);
    ObjectStorage a0;
    a0.fixed(0x37050003, 1);
    a0.variable(0x3707001F, utf16le(u"a.txt"), 12);
    a0.variable(0x37010102, bytes("hello"), 5);
    // Attachment 1: an embedded message (24-byte header) holding one recipient.
    ObjectStorage a1;
    a1.fixed(0x37050003, 5);
    ByteWriter(a1.entries).u32(0x3701000D);
    ByteWriter(a1.entries).u32(6);
    ByteWriter(a1.entries).u64(0xFFFFFFFF);
    ObjectStorage inner;
    inner.header_bytes.assign(24, 0);
    store_u32(inner.header_bytes.data() + 16, 1);
    inner.variable(0x0037001F, utf16le(u"inner"), 12);
    ObjectStorage inner_r;
    inner_r.variable(0x3001001F, utf16le(u"Cy"), 6);
    cfb::Node inner_node = inner.node("__substg1.0_3701000D");
    inner_node.put(inner_r.node("__recip_version1.0_#00000000"));
    cfb::Node a1_node = a1.node("__attach_version1.0_#00000001");
    a1_node.put(inner_node);
    // Attachment 2: an OLE object (method 6), kept as a storage.
    ObjectStorage a2;
    a2.fixed(0x37050003, 6);
    ByteWriter(a2.entries).u32(0x3701000D);
    ByteWriter(a2.entries).u32(6);
    ByteWriter(a2.entries).u64(0xFFFFFFFF);
    cfb::Node ole = cfb::Node::storage("__substg1.0_3701000D");
    ole.clsid = *Guid::parse("{00020906-0000-0000-C000-000000000046}");
    ole.put(cfb::Node::stream("WordDocument", cfb::Blob::owned({1, 2, 3})));
    cfb::Node a2_node = a2.node("__attach_version1.0_#00000002");
    a2_node.put(ole);

    const Message m = read(build(
        top, {r5.node("__recip_version1.0_#00000005"), r0.node("__recip_version1.0_#00000000"),
              a0.node("__attach_version1.0_#00000000"), a1_node, a2_node}));
    REQUIRE(m.recipients.size() == 2);
    CHECK(m.recipients[0].number == 0);
    CHECK(m.recipients[0].string(tags::PidTagDisplayName) == "Ann");
    CHECK(m.recipients[1].number == 5);
    CHECK(m.recipients[1].string(tags::PidTagDisplayName) == "Bob");
    REQUIRE(m.attachments.size() == 3);
    const Attachment& a = m.attachments[0];
    CHECK(a.method() == 1);
    CHECK(a.file_name() == "a.txt");
    REQUIRE(a.data());
    CHECK(std::string(a.data()->begin(), a.data()->end()) == "hello");
    REQUIRE(m.attachments[1].embedded != nullptr);
    const Message& e = *m.attachments[1].embedded;
    CHECK(e.is_embedded);
    CHECK(e.subject() == "inner");
    REQUIRE(e.recipients.size() == 1);
    CHECK(e.recipients[0].string(tags::PidTagDisplayName) == "Cy");
    CHECK(e.named == m.named);
    REQUIRE(m.attachments[2].object_storage.has_value());
    CHECK(m.attachments[2].object_storage->clsid.to_string()
          == "{00020906-0000-0000-C000-000000000046}");
    CHECK(m.attachments[2].object_storage->find("WordDocument") != nullptr);
    CHECK(m.warnings.empty());

    // Copies are deep.
    const Message copy = m;
    CHECK(copy.attachments[1].embedded.get() != m.attachments[1].embedded.get());
    CHECK(copy.attachments[1].embedded->subject() == "inner");
}
