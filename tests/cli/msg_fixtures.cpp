#include "msg_fixtures.hpp"

#include <msgforge/cfb/tree.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/tags.hpp>

#include <limits>
#include <vector>

namespace msgforge::test {

namespace fs = std::filesystem;
namespace tags = msg::tags;

namespace {

using PT = msg::PropertyType;

msg::Recipient recipient(uint32_t number, int32_t type, const std::u16string& name,
                         const std::u16string& address) {
    msg::Recipient r;
    r.number = number;
    r.properties.set(tags::PidTagRecipientType, type);
    r.properties.set(tags::PidTagDisplayName, name);
    r.properties.set(tags::PidTagEmailAddress, address);
    return r;
}

}  // namespace

msgforge::cfb::Blob blob(const std::string& s) {
    return msgforge::cfb::Blob::owned(std::vector<uint8_t>(s.begin(), s.end()));
}

msg::PropertyTag tag(uint16_t id, msg::PropertyType type) {
    return msg::PropertyTag{id, type};
}

msg::Attachment by_value(uint32_t number, const std::u16string& name, const std::string& data) {
    msg::Attachment a;
    a.number = number;
    a.properties.set(tags::PidTagAttachMethod, msg::flags::afByValue);
    a.properties.set(tags::PidTagAttachLongFilename, name);
    a.properties.set(tags::PidTagAttachMimeTag, std::u16string(u"text/plain"));
    a.properties.set(tags::PidTagAttachDataBinary, blob(data));
    return a;
}

msg::Message sample() {
    msg::Message m;
    auto& p = m.properties;
    p.set(tags::PidTagMessageClass, std::u16string(u"IPM.Note"));
    p.set(tags::PidTagSubject, std::u16string(u"Hello \u2713"));
    p.set(tags::PidTagSenderName, std::u16string(u"Alice"));
    p.set(tags::PidTagSenderEmailAddress, std::u16string(u"alice@example.com"));
    p.set(tags::PidTagClientSubmitTime, FileTime::parse("2024-05-01T09:30:00Z").value());
    p.set(tags::PidTagBody, std::u16string(u"line one\nline two\n"));
    p.set(tag(0x6601, PT::PtypInteger16), int16_t{-2});
    p.set(tag(0x6602, PT::PtypFloating32), std::numeric_limits<float>::quiet_NaN());
    p.set(tag(0x6603, PT::PtypFloating64), 0.1);
    p.set(tag(0x6604, PT::PtypCurrency), msg::Currency{-123456789});
    p.set(tag(0x6605, PT::PtypFloatingTime), msg::FloatingTime{45000.25});
    p.set(tag(0x6606, PT::PtypErrorCode), msg::ErrorCode{0x8004010F});
    p.set(tag(0x6607, PT::PtypBoolean), true);
    p.set(tag(0x6608, PT::PtypInteger64), int64_t{0x7FFFFFFFFFFFFFFF});
    p.set(tag(0x6609, PT::PtypString8), msg::String8{"caf\xE9 \x81"});
    p.set(tag(0x660A, PT::PtypString), std::u16string(u"lone \xD800 surrogate"));
    p.set(tag(0x660B, PT::PtypGuid), msg::ps::PS_PUBLIC_STRINGS);
    p.set(tag(0x660C, PT::PtypBinary), msgforge::cfb::Blob::owned(std::vector<uint8_t>(70'000, 7)));
    p.set(tag(0x660D, PT::PtypMultipleString), std::vector<std::u16string>{u"a", u"", u"b"});
    p.set(tag(0x660E, PT::PtypMultipleInteger32), std::vector<int32_t>{1, -1});
    p.set(tag(0x660F, PT::PtypFloating64), -std::numeric_limits<double>::infinity());
    p.set(tag(0x6610, PT::PtypRestriction),
          msg::RawValue{PT::PtypRestriction, blob("\x01\x02"), false});
    p.set(tag(0x6611, PT::PtypInteger32), int32_t{7}, msg::PROPATTR_READABLE);
    const uint16_t account = m.named->assign(msg::names::PidNameOMSAccountGuid.key());
    p.set(tag(account, PT::PtypString), std::u16string(u"{guid}"));
    const uint16_t smart = m.named->assign(msg::names::PidLidSmartNoAttach.key());
    p.set(tag(smart, PT::PtypBoolean), false);

    m.recipients.push_back(recipient(0, 1, u"Bob", u"bob@example.com"));
    m.recipients.push_back(recipient(1, 2, u"Carol", u"carol@example.com"));
    m.recipients.push_back(recipient(2, 3, u"Dan", u"dan@example.com"));
    m.attachments.push_back(by_value(0, u"report.txt", "hello"));
    m.attachments.push_back(by_value(1, u"../../evil.txt", "evil"));

    msg::Attachment embedded;
    embedded.number = 2;
    embedded.properties.set(tags::PidTagAttachMethod, msg::flags::afEmbeddedMessage);
    embedded.properties.set(tags::PidTagAttachDataObject, msg::ObjectRef{});
    embedded.properties.set(tags::PidTagDisplayName, std::u16string(u"Inner"));
    embedded.embedded = std::make_unique<msg::Message>();
    msg::Message& inner = *embedded.embedded;
    inner.is_embedded = true;
    inner.named = m.named;
    inner.properties.set(tags::PidTagSubject, std::u16string(u"Inner subject"));
    inner.properties.set(tag(account, PT::PtypString), std::u16string(u"{inner}"));
    inner.attachments.push_back(by_value(0, u"deep.txt", "deep"));
    inner.next_attachment_id = 1;
    m.attachments.push_back(std::move(embedded));

    msg::Attachment ole;
    ole.number = 3;
    ole.properties.set(tags::PidTagAttachMethod, msg::flags::afStorage);
    ole.properties.set(tags::PidTagAttachDataObject, msg::ObjectRef{});
    ole.properties.set(tags::PidTagAttachLongFilename, std::u16string(u"Package"));
    msgforge::cfb::Node storage = msgforge::cfb::Node::storage("__substg1.0_3701000D");
    storage.clsid = msg::ps::PS_MAPI;
    storage.put(msgforge::cfb::Node::stream("\x01Ole10Native", blob("native bytes")));
    ole.object_storage = std::move(storage);
    m.attachments.push_back(std::move(ole));

    m.next_recipient_id = 3;
    m.next_attachment_id = 4;
    return m;
}

fs::path write_message(const TempDir& dir, const msg::Message& m, const std::string& name) {
    const fs::path path = dir / name;
    msgforge::test::write_file(path, m.write());
    return path;
}

fs::path write_text(const TempDir& dir, const std::string& name, const std::string& text) {
    const fs::path path = dir / name;
    msgforge::test::write_file(path, std::vector<uint8_t>(text.begin(), text.end()));
    return path;
}

std::string text_of(const fs::path& file) {
    const std::vector<uint8_t> bytes = read_file(file);
    return {bytes.begin(), bytes.end()};
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

}  // namespace msgforge::test
