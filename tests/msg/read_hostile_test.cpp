// Message reader tests: oddities of real files read with warnings, broken structures and
// limits, on files assembled here stream by stream.
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

TEST_CASE("Oddities of real files are read with warnings", "[msg][read][tolerance]") {
    SECTION("an entry without its stream is kept as it is, and written back so") {
        auto top = top_level();
        ByteWriter(top.entries).u32(0x0037001F);
        ByteWriter(top.entries).u32(3);
        ByteWriter(top.entries).u64(10);
        const Message m = read(build(top, {}));
        CHECK_FALSE(m.subject());
        CHECK(has_warning(m,
                          "property 0x0037001F has no stream __substg1.0_0037001F (kept as "
                          "an entry without a value)"));
        const Property* p = m.properties.find(PropertyTag::from_u32(0x0037001F));
        REQUIRE(p != nullptr);
        CHECK(p->flags == 3);
        const auto* raw = p->value.as<RawValue>();
        REQUIRE(raw != nullptr);
        CHECK(raw->inline_slot);
        CHECK(std::vector<uint8_t>(raw->bytes.begin(), raw->bytes.end())
              == std::vector<uint8_t>{10, 0, 0, 0, 0, 0, 0, 0});

        const auto again = m.write();
        const cfb::Reader reader = cfb::Reader::from_bytes(again);
        CHECK_FALSE(reader.find("__substg1.0_0037001F"));
        const cfb::Blob props = reader.read(*reader.find("__properties_version1.0"));
        REQUIRE(props.size() == 32 + 16);
        CHECK(std::vector<uint8_t>(props.begin() + 32, props.end())
              == std::vector<uint8_t>{0x1F, 0, 0x37, 0, 3, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0});
        CHECK(compare(m, Message::read(reader)).empty());
    }
    SECTION("a value stream without an entry is read as a property") {
        auto top = top_level();
        top.stream("__substg1.0_0037001F", utf16le(u"orphan"));
        const Message m = read(build(top, {}));
        CHECK(m.subject() == "orphan");
        CHECK(has_warning(m, "stream without a property-stream entry"));
    }
    SECTION("an unknown type is kept as raw bytes") {
        auto top = top_level();
        top.fixed(0x66000099, 0x0102030405060708ull);
        const Message m = read(build(top, {}));
        const auto* raw = m.properties.get_as<RawValue>(PropertyTag::from_u32(0x66000099));
        REQUIRE(raw != nullptr);
        CHECK(raw->inline_slot);
        CHECK(raw->bytes.size() == 8);
        CHECK(raw->bytes.data()[0] == 0x08);
        CHECK(has_warning(m, "unknown type Ptyp0x0099"));
    }
    SECTION("entries out of tag order are sorted; a repeated tag keeps its first value") {
        auto top = top_level();
        top.fixed(0x0E070003, 1);
        top.fixed(0x00170003, 2);
        top.fixed(0x0E070003, 5);
        top.fixed(0x10800003, 3);
        top.fixed(0x00170003, 6);
        top.fixed(0x00020003, 4);
        const Message m = read(build(top, {}));
        std::vector<uint32_t> tags;
        std::vector<int32_t> values;
        for (const Property& p : m.properties) {
            tags.push_back(p.tag.u32());
            values.push_back(*p.value.as<int32_t>());
        }
        CHECK(tags == std::vector<uint32_t>{0x00020003, 0x00170003, 0x0E070003, 0x10800003});
        CHECK(values == std::vector<int32_t>{4, 2, 1, 3});
        // One warning per repetition, in the order of the stream, at the repeated entry.
        std::vector<std::string> repeats;
        for (const auto& w : m.warnings) {
            if (w.message.find("is listed twice (first kept)") != std::string::npos) {
                repeats.push_back(w.to_string());
            }
        }
        REQUIRE(repeats.size() == 2);
        CHECK(repeats[0].find("0x0E070003") != std::string::npos);
        CHECK(repeats[1].find("0x00170003") != std::string::npos);
    }
    SECTION("a trailing partial entry is ignored") {
        auto top = top_level();
        top.fixed(0x0E070003, 1);
        top.entries.insert(top.entries.end(), 4, 0);
        const Message m = read(build(top, {}));
        CHECK(m.properties.size() == 1);
        CHECK(has_warning(m, "4 trailing bytes after the last 16-byte entry"));
    }
    SECTION("header counts that disagree with the storages") {
        auto top = top_level(3, 0);
        const Message m = read(build(top, {}));
        CHECK(has_warning(m, "header counts 3 recipients and 0 attachments"));
    }
    SECTION("a missing named-property map") {
        auto top = top_level();
        const Message m = read(build(top, {}, false));
        CHECK(has_warning(m, "__nameid_version1.0: missing"));
    }
    SECTION("unknown storages and streams are kept") {
        auto top = top_level();
        const Message m =
            read(build(top, {cfb::Node::stream("\x05SummaryInformation", cfb::Blob::owned({1}))}));
        REQUIRE(m.unknown_children.size() == 1);
        CHECK(m.unknown_children[0].utf8_name() == "\x05SummaryInformation");
    }
    SECTION("stream names are matched whatever the case of their letters") {
        auto top = top_level();
        ByteWriter(top.entries).u32(0x0037001F);
        ByteWriter(top.entries).u32(6);
        ByteWriter(top.entries).u64(8);
        top.stream("__SubStg1.0_0037001f", utf16le(u"case"));
        ByteWriter(top.entries).u32(0x8001101F);
        ByteWriter(top.entries).u32(6);
        ByteWriter(top.entries).u64(8);
        top.stream("__substg1.0_8001101f", std::vector<uint8_t>(8, 0));
        top.stream("__substg1.0_8001101F-00000000", utf16le(u"a"));
        top.stream("__SUBSTG1.0_8001101f-00000001", utf16le(u"b"));
        const Message m = read(build(top, {}));
        CHECK(m.subject() == "case");
        const auto* values =
            m.properties.get_as<std::vector<std::u16string>>(PropertyTag::from_u32(0x8001101F));
        REQUIRE(values != nullptr);
        CHECK(*values == std::vector<std::u16string>{u"a", u"b"});
        CHECK(m.warnings.empty());
        CHECK(m.unknown_children.empty());
    }
    SECTION("strict reading turns a warning into an error") {
        auto top = top_level();
        top.stream("__substg1.0_0037001F", utf16le(u"orphan"));
        ReadOptions strict;
        strict.strict = true;
        REQUIRE_THROWS_AS(read(build(top, {}), strict), FormatError);
    }
}

TEST_CASE("Unreadable structures and limits give clear errors", "[msg][read][hostile]") {
    SECTION("a property stream shorter than its header") {
        auto top = top_level();
        top.header_bytes.resize(20);
        REQUIRE_THROWS_WITH(read(build(top, {})),
                            Catch::StartsWith("test.msg: __properties_version1.0 at 0x")
                                && Catch::Contains("shorter than its 32-byte header"));
    }
    SECTION("too many properties") {
        auto top = top_level();
        for (uint32_t i = 0; i < 10; ++i) {
            top.fixed(0x66000003 + (i << 16), i);
        }
        ReadOptions few;
        few.limits.max_properties = 5;
        REQUIRE_THROWS_AS(read(build(top, {}), few), LimitError);
    }
    SECTION("embedded messages nested beyond the limit") {
        // Each attachment holds a message holding an attachment, 4 deep.
        ObjectStorage innermost;
        innermost.header_bytes.assign(24, 0);
        cfb::Node inner = innermost.node("__substg1.0_3701000D");
        for (int depth = 0; depth < 4; ++depth) {
            ObjectStorage att;
            att.fixed(0x37050003, 5);
            cfb::Node a = att.node("__attach_version1.0_#00000000");
            a.put(inner);
            ObjectStorage msg;
            msg.header_bytes.assign(24, 0);
            inner = msg.node("__substg1.0_3701000D");
            inner.put(a);
        }
        auto top = top_level(0, 1);
        ObjectStorage att;
        att.fixed(0x37050003, 5);
        cfb::Node a = att.node("__attach_version1.0_#00000000");
        a.put(inner);
        ReadOptions shallow;
        shallow.limits.max_embedding_depth = 3;
        REQUIRE_THROWS_AS(read(build(top, {a}), shallow), LimitError);
        CHECK_NOTHROW(read(build(top, {a})));
    }
}

TEST_CASE("Small files claiming huge sizes fail within a memory limit", "[msg][read][hostile]") {
    if (test::address_sanitized()) {
        test::report_skip("AddressSanitizer needs more address space than the limit allows");
        return;
    }
    // 64 MiB beyond what the test process already has: each file below is under 10 KB, so
    // anything sized from its claims instead of its bytes runs out. Size fields of the property
    // stream are not trusted (the value stream's own size counts, bounded by the file), so
    // those files read to the end; the CFB and RTF claims are refused.
    constexpr size_t HEADROOM = 64u << 20;
    // The limit bites: 256 MiB is out of reach.
    CHECK(test::under_memory_limit(HEADROOM,
                                   [] {
                                       std::vector<uint8_t> big(256u << 20);
                                       big.back() = 1;
                                       if (big.back() != 1) {
                                           throw std::logic_error("unreachable");
                                       }
                                   })
          == test::Outcome::out_of_memory);
    const auto read_everything = [](const std::vector<uint8_t>& file) {
        return [file] {
            const Message m = read(file);
            (void)best_body(m);
            (void)body_text(m);
            (void)body_html(m);
            (void)body_rtf(m);
            for (const Attachment& a : m.attachments) {
                (void)a.data();
            }
        };
    };
    const auto expect = [&](const std::vector<uint8_t>& file, test::Outcome expected) {
        const test::Outcome got = test::under_memory_limit(HEADROOM, read_everything(file));
        INFO("outcome: " << test::to_string(got));
        CHECK(got == expected);
    };
    const auto base = [] {
        auto top = top_level();
        top.variable(0x0037001F, utf16le(u"subject"), 16);
        return top;
    };

    SECTION("a string size field of 0xFFFFFFF0") {
        auto top = base();
        top.variable(0x1000001F, utf16le(u"ab"), 0xFFFFFFF0);
        expect(build(top, {}), test::Outcome::completed);
    }
    SECTION("a binary size field of 0x7FFFFFFF") {
        auto top = base();
        top.variable(0x10130102, bytes("<p>"), 0x7FFFFFFF);
        expect(build(top, {}), test::Outcome::completed);
    }
    SECTION("a multi-valued string claiming 2^29 values") {
        auto top = base();
        top.variable(0x8001101F, std::vector<uint8_t>(8, 0), 0x7FFFFFF8);
        expect(build(top, {}), test::Outcome::completed);
    }
    SECTION("a multi-valued integer array claiming 2^29 values") {
        auto top = base();
        top.variable(0x80021003, std::vector<uint8_t>(8, 0), 0x7FFFFFFC);
        expect(build(top, {}), test::Outcome::completed);
    }
    SECTION("a property stream header counting 2^32-1 recipients and attachments") {
        auto top = top_level(0xFFFFFFFF, 0xFFFFFFFF);
        top.variable(0x0037001F, utf16le(u"subject"), 16);
        expect(build(top, {}), test::Outcome::completed);
    }
    SECTION("a named-property string claiming 4 GB") {
        auto top = base();
        top.fixed(0x80000003, 1);
        cfb::Node nameid = cfb::Node::storage("__nameid_version1.0");
        std::vector<uint8_t> entry(8, 0);
        store_u32(entry.data(), 0);                  // offset 0 in the string stream
        store_u32(entry.data() + 4, (2u << 1) | 1);  // PS_PUBLIC_STRINGS, string name, index 0
        std::vector<uint8_t> strings(8, 0);
        store_u32(strings.data(), 0xFFFFFFF0);
        nameid.put(cfb::Node::stream("__substg1.0_00020102", cfb::Blob::owned({})));
        nameid.put(cfb::Node::stream("__substg1.0_00030102", cfb::Blob::owned(entry)));
        nameid.put(cfb::Node::stream("__substg1.0_00040102", cfb::Blob::owned(strings)));
        expect(build(top, {nameid}, false), test::Outcome::completed);
    }
    SECTION("4096 named-property names that all point at one 32 KB string") {
        // 128 MiB of names from a 100 KB file; the default byte limit stops them at 16 times
        // the file's size plus 16 MiB.
        auto top = base();
        cfb::Node nameid = cfb::Node::storage("__nameid_version1.0");
        std::vector<uint8_t> entries(8 * 4096, 0);
        for (uint32_t i = 0; i < 4096; ++i) {
            store_u32(entries.data() + 8 * i + 4, (i << 16) | (2u << 1) | 1);
        }
        std::vector<uint8_t> strings(4 + 32768, 'a');
        store_u32(strings.data(), 32768);
        nameid.put(cfb::Node::stream("__substg1.0_00020102", cfb::Blob::owned({})));
        nameid.put(cfb::Node::stream("__substg1.0_00030102", cfb::Blob::owned(entries)));
        nameid.put(cfb::Node::stream("__substg1.0_00040102", cfb::Blob::owned(strings)));
        expect(build(top, {nameid}, false), test::Outcome::format_error);
    }
    SECTION("compressed RTF claiming a 4 GB result") {
        auto top = base();
        std::vector<uint8_t> rtf(16 + 4, 0);
        store_u32(rtf.data(), static_cast<uint32_t>(rtf.size() - 4));
        store_u32(rtf.data() + 4, 0xFFFFFFF0);
        store_u32(rtf.data() + 8, 0x75465A4C);  // "LZFu"
        top.variable(0x10090102, rtf, static_cast<uint32_t>(rtf.size()));
        expect(build(top, {}), test::Outcome::format_error);
    }
    SECTION("a FAT of 2^31 sectors in the header") {
        auto file = build(base(), {});
        test::patch_u32(file, 0x2C, 0x7FFFFFFF);
        expect(file, test::Outcome::format_error);
    }
    SECTION("a directory entry claiming a 4 GB stream") {
        auto file = build(base(), {});
        // Every directory entry of the v3 file: patch the size of the one named
        // __properties_version1.0.
        const std::vector<uint8_t> name = utf16le(u"__properties_version1.0");
        const auto at = std::search(file.begin(), file.end(), name.begin(), name.end());
        REQUIRE(at != file.end());
        const auto entry = static_cast<size_t>(at - file.begin());
        test::patch_u32(file, entry + 0x78, 0xFFFFFFF0);
        // Salvaged within the limit: the stream is refused by its size, the message read
        // without it (a warning); a strict reading refuses the message.
        expect(file, test::Outcome::completed);
        CHECK_FALSE(read(file).warnings.empty());
        ReadOptions strict;
        strict.strict = true;
        CHECK_THROWS_AS(read(file, strict), FormatError);
    }
}

TEST_CASE("What one reading materialises is limited, by default in proportion to the file",
          "[msg][read][hostile][limits]") {
    // Counted: the property stream (32 + 2 * 16 bytes), the 14-byte subject stream once read
    // and once decoded, the 1000-byte binary value once (a view is not decoded) and the
    // 5000-byte stream of an unknown storage, kept as it is.
    auto top = top_level();
    top.variable(0x0037001F, utf16le(u"subject"), 16);
    top.variable(0x66010102, std::vector<uint8_t>(1000, 7), 1000);
    cfb::Node kept = cfb::Node::storage("kept");
    kept.put(cfb::Node::stream("data", cfb::Blob::owned(std::vector<uint8_t>(5000, 1))));
    const auto file = build(top, {kept});
    constexpr uint64_t total = 64 + 14 + 14 + 1000 + 5000;

    ReadOptions exact;
    exact.limits.max_total_bytes = total;
    CHECK(read(file, exact).subject() == "subject");

    ReadOptions below_binary;
    below_binary.limits.max_total_bytes = 64 + 14 + 14 + 999;
    REQUIRE_THROWS_AS(read(file, below_binary), LimitError);
    REQUIRE_THROWS_WITH(read(file, below_binary),
                        Catch::StartsWith("test.msg: __substg1.0_66010102: materialising 1000 "
                                          "more bytes would pass the limit of 1091 bytes")
                            && Catch::EndsWith("(92 so far)"));
    ReadOptions below_kept;
    below_kept.limits.max_total_bytes = total - 1;
    REQUIRE_THROWS_WITH(read(file, below_kept),
                        Catch::StartsWith("test.msg: kept/data: materialising 5000 more bytes"));

    // The default allows 16 times the file's size plus 16 MiB; a real message needs far less
    // than even 4 times its size.
    CHECK(read(file).subject() == "subject");
    const auto path = std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "msg" / "hand_written.msg";
    ReadOptions four_times;
    four_times.limits.max_total_bytes = 4 * std::filesystem::file_size(path);
    CHECK_NOTHROW(Message::read_file(path, four_times));
}

TEST_CASE("RTF bodies decompress within the limit the message was read with",
          "[msg][read][rtf][limits]") {
    std::string rtf = "{\\rtf1\\ansi ";
    rtf.append(1000, 'x');
    rtf += "}";
    const std::vector<uint8_t> compressed = rtf::compress(bytes(rtf));
    // The top-level message and an embedded one hold the same native RTF body.
    ObjectStorage inner;
    inner.header_bytes.assign(24, 0);
    inner.variable(0x10090102, compressed, static_cast<uint32_t>(compressed.size()));
    ObjectStorage att;
    att.fixed(0x37050003, 5);
    cfb::Node a = att.node("__attach_version1.0_#00000000");
    a.put(inner.node("__substg1.0_3701000D"));
    auto top = top_level(0, 1);
    top.variable(0x10090102, compressed, static_cast<uint32_t>(compressed.size()));
    const auto file = build(top, {a});

    const Message unlimited = read(file);
    CHECK(unlimited.max_rtf_output == 0);
    CHECK(body_rtf(unlimited) == bytes(rtf));

    ReadOptions exact;
    exact.limits.max_rtf_output = rtf.size();
    CHECK(body_rtf(read(file, exact)) == bytes(rtf));

    ReadOptions small;
    small.limits.max_rtf_output = rtf.size() - 1;
    const Message m = read(file, small);
    REQUIRE(m.attachments.size() == 1);
    REQUIRE(m.attachments[0].embedded);
    const Message& embedded = *m.attachments[0].embedded;
    CHECK(embedded.max_rtf_output == rtf.size() - 1);
    const std::string expected = "compressed RTF of PidTagRtfCompressed at 0x4: RAWSIZE "
                                 + std::to_string(rtf.size()) + " exceeds the output limit of "
                                 + std::to_string(rtf.size() - 1) + " bytes";
    for (const Message* each : {&m, &embedded}) {
        REQUIRE_THROWS_AS(body_rtf(*each), LimitError);
        REQUIRE_THROWS_WITH(body_rtf(*each), expected);
        REQUIRE_THROWS_AS(body_text(*each), LimitError);
        REQUIRE_THROWS_AS(body_html(*each), LimitError);
        // A limit is not corruption: best_body does not fall back past it.
        REQUIRE_THROWS_AS(best_body(*each), LimitError);
    }

    // A corrupt RTF body still falls back, with a note naming the property.
    auto bad = compressed;
    bad[12] ^= 0xFF;
    auto corrupt = top_level();
    corrupt.variable(0x10090102, bad, static_cast<uint32_t>(bad.size()));
    const Body body = best_body(read(build(corrupt, {})));
    CHECK(body.kind == BodyKind::none);
    REQUIRE(body.notes.size() == 1);
    CHECK_THAT(body.notes[0], Catch::Contains("compressed RTF of PidTagRtfCompressed at 0xC: CRC"));
}

TEST_CASE(
    "A compound file without a message at its root is refused, a message that lost its "
    "property stream is read",
    "[msg][read][hostile]") {
    cfb::Tree sheet;
    sheet.root().clsid = *Guid::parse("{00020820-0000-0000-C000-000000000046}");
    sheet.root().put(cfb::Node::stream("Workbook", cfb::Blob::owned({1, 2})));
    CHECK_THROWS_MATCHES(
        read(cfb::write(sheet)), FormatError,
        Catch::Matchers::Message("test.msg: not an Outlook message (the root storage has no "
                                 "__properties_version1.0; it seems to be an Excel workbook by its "
                                 "root CLSID {00020820-0000-0000-C000-000000000046})"));
    cfb::Tree bare;
    bare.root().put(cfb::Node::stream("Other", cfb::Blob::owned({1})));
    CHECK_THROWS_MATCHES(read(cfb::write(bare)), FormatError,
                         Catch::Matchers::Message("test.msg: not an Outlook message (the root "
                                                  "storage has no __properties_version1.0)"));
    cfb::Tree damaged;
    damaged.root().put(
        cfb::Node::stream("__substg1.0_0037001F", cfb::Blob::owned(utf16le(u"Still here"))));
    const Message m = read(cfb::write(damaged));
    CHECK(m.subject() == "Still here");
    CHECK_FALSE(m.warnings.empty());
}
