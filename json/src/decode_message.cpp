// The Builder's structure: the named-property map, messages, recipients, attachments,
// embedded messages, OLE storages and unknown storage entries; and json::decode.
#include "builder.hpp"

#include <msgforge/base/utf.hpp>
#include <msgforge/cfb/names.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/tags.hpp>

#include <algorithm>
#include <set>

namespace msgforge::json {

namespace detail {

namespace {

constexpr size_t MAX_PATH_DEPTH = 128;

}  // namespace

msg::Message Builder::top(const Json& j) {
    expect_object(j, "");
    named_ = std::make_shared<msg::NamedPropertyMap>();
    if (const Json* keys = member(j, "named_map")) {
        expect_array(*keys, "named_map");
        for (size_t i = 0; i < keys->size(); ++i) {
            const std::string path = index_path("named_map", i);
            expect_object((*keys)[i], path);
            named_->append(named_key((*keys)[i], path, false));
        }
    }
    return message(j, "", msg::CP_WINDOWS_1252, 0);
}

/// Reads "properties", "named_properties" and "unknown_children" of `j` into `o`, which
/// takes its code pages from its properties, else from `inherited`, its message's
/// (msg::codepages_of, as the reader does).
void Builder::object(const Json& j, const std::string& path, uint32_t inherited,
                     msg::ObjectBase& o) {
    std::vector<Pending> pending;
    if (const Json* props = member(j, "properties")) {
        const std::string p = member_path(path, "properties");
        expect_array(*props, p);
        for (size_t i = 0; i < props->size(); ++i) {
            pending.push_back(plain((*props)[i], index_path(p, i)));
        }
    }
    if (const Json* props = member(j, "named_properties")) {
        const std::string p = member_path(path, "named_properties");
        expect_array(*props, p);
        for (size_t i = 0; i < props->size(); ++i) {
            pending.push_back(named((*props)[i], index_path(p, i)));
        }
    }
    std::set<msg::PropertyTag> seen;
    for (const Pending& p : pending) {
        if (!seen.insert(p.tag).second) {
            fail(p.path, "a second property with tag " + p.tag.to_string());
        }
    }
    for (const Pending& p : pending) {
        if (p.tag == msg::tags::PidTagMessageCodepage || p.tag == msg::tags::PidTagMessageLocaleId
            || p.tag == msg::tags::PidTagInternetCodepage) {
            o.properties.set(p.tag, value(p, inherited), p.flags);
        }
    }
    const msg::Codepages pages = msg::codepages_of(o.properties, inherited);
    o.codepage = pages.strings;
    o.body_codepage = pages.bodies;
    for (const Pending& p : pending) {
        o.properties.set(p.tag, value(p, o.string8_codepage(p.tag.id)), p.flags);
    }
    if (const Json* children = member(j, "unknown_children")) {
        o.unknown_children = nodes(*children, member_path(path, "unknown_children"));
    }
}

cfb::Node Builder::make_node(const Json& e, const std::string& path, std::u16string name) const {
    cfb::Node n;
    n.name = std::move(name);
    const std::string& type = string(required(e, "type", path), member_path(path, "type"));
    if (type == "storage") {
        n.type = cfb::EntryType::Storage;
    } else if (type == "stream") {
        n.type = cfb::EntryType::Stream;
        const Json* data = member(e, "data");
        if (data == nullptr) {
            fail(path, e.contains("sha256")
                           ? "holds only the size and SHA-256 of a stream larger than 64 KB; "
                             "dump with --full to get its bytes"
                           : "a stream needs \"data\" (base64)");
        }
        n.data = blob(*data, member_path(path, "data"));
    } else {
        fail(member_path(path, "type"), "expected \"storage\" or \"stream\"");
    }
    node_header(e, path, n);
    return n;
}

void Builder::node_header(const Json& e, const std::string& path, cfb::Node& n) const {
    if (const Json* c = member(e, "clsid")) {
        n.clsid = guid(*c, member_path(path, "clsid"));
    }
    if (const Json* s = member(e, "state_bits")) {
        n.state_bits = static_cast<uint32_t>(
            integer(*s, member_path(path, "state_bits"), 0, UINT32_MAX, "state bits"));
    }
    if (const Json* t = member(e, "created")) {
        n.created = time(*t, member_path(path, "created"));
    }
    if (const Json* t = member(e, "modified")) {
        n.modified = time(*t, member_path(path, "modified"));
    }
}

/// Storage entries listed by path, parents before children, as top-level nodes.
std::vector<cfb::Node> Builder::nodes(const Json& list, const std::string& path) const {
    expect_array(list, path);
    cfb::Node holder = cfb::Node::storage("holder");
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string p = index_path(path, i);
        const Json& e = list[i];
        expect_object(e, p);
        const std::string pp = member_path(p, "path");
        const std::string& full = string(required(e, "path", p), pp);
        std::vector<std::u16string> parts;
        for (size_t start = 0;;) {
            const size_t slash = full.find('/', start);
            const auto part = utf8_to_utf16(full.substr(start, slash - start));
            if (!part || !cfb::name_problem(*part).empty() || parts.size() >= MAX_PATH_DEPTH) {
                fail(pp, "not a valid entry path ('/'-separated CFB names, at most "
                             + std::to_string(MAX_PATH_DEPTH) + " deep)");
            }
            parts.push_back(*part);
            if (slash == std::string::npos) {
                break;
            }
            start = slash + 1;
        }
        cfb::Node* parent = &holder;
        for (size_t k = 0; k + 1 < parts.size(); ++k) {
            const auto it = std::find_if(
                parent->children.begin(), parent->children.end(),
                [&](const cfb::Node& c) { return c.name == parts[k] && c.is_storage(); });
            if (it == parent->children.end()) {
                fail(pp, "its parent storage is not listed before it");
            }
            parent = &*it;
        }
        const bool duplicate = std::any_of(
            parent->children.begin(), parent->children.end(),
            [&](const cfb::Node& c) { return cfb::compare_names(c.name, parts.back()) == 0; });
        if (duplicate) {
            fail(pp, "a second entry with this name");
        }
        parent->children.push_back(make_node(e, p, parts.back()));
    }
    return std::move(holder.children);
}

cfb::Node Builder::ole_storage(const Json& j, const std::string& path) const {
    expect_object(j, path);
    cfb::Node n = cfb::Node::storage("__substg1.0_3701000D");
    node_header(j, path, n);
    if (const Json* entries = member(j, "entries")) {
        n.children = nodes(*entries, member_path(path, "entries"));
    }
    return n;
}

uint32_t Builder::number(const Json& j, const std::string& path, size_t index) const {
    const Json* n = member(j, "number");
    return n == nullptr ? static_cast<uint32_t>(index)
                        : static_cast<uint32_t>(integer(*n, member_path(path, "number"), 0,
                                                        UINT32_MAX, "a storage number"));
}

template <typename T>
void Builder::check_numbers(const std::vector<T>& items, const std::string& path) const {
    std::set<uint32_t> seen;
    for (size_t i = 0; i < items.size(); ++i) {
        if (!seen.insert(items[i].number).second) {
            fail(member_path(index_path(path, i), "number"),
                 "a second storage numbered " + std::to_string(items[i].number));
        }
    }
}

template <typename T>
uint32_t Builder::next_id(const Json& j, const std::string& path, std::string_view key,
                          const std::vector<T>& items) const {
    if (const Json* n = member(j, key)) {
        return static_cast<uint32_t>(
            integer(*n, member_path(path, key), 0, UINT32_MAX, "a storage number"));
    }
    uint32_t next = 0;
    for (const T& item : items) {
        next = std::max(next, item.number == UINT32_MAX ? UINT32_MAX : item.number + 1);
    }
    return next;
}

msg::Message Builder::message(const Json& j, const std::string& path, uint32_t inherited,
                              uint32_t depth) {
    expect_object(j, path);
    if (depth > msg::Limits{}.max_embedding_depth) {
        throw LimitError(Location{file_, path, {}},
                         "embedded messages nest deeper than the limit of "
                             + std::to_string(msg::Limits{}.max_embedding_depth));
    }
    msg::Message m;
    m.named = named_;
    m.is_embedded = depth > 0;
    if (const Json* c = member(j, "storage_clsid")) {
        m.storage_clsid = guid(*c, member_path(path, "storage_clsid"));
    }
    object(j, path, inherited, m);
    check_codepage(j, path, "codepage", m.codepage,
                   "PidTagMessageCodepage, else the code page of PidTagMessageLocaleId, else "
                   "PidTagInternetCodepage unless it is Unicode, else the enclosing "
                   "message's, else 1252; set PidTagMessageCodepage");
    check_codepage(j, path, "body_codepage", m.body_codepage,
                   "PidTagInternetCodepage, else the code page of the other strings; set "
                   "PidTagInternetCodepage");
    convenience(j, path, "subject", msg::tags::PidTagSubject, m);
    convenience(j, path, "message_class", msg::tags::PidTagMessageClass, m);
    if (const Json* recipients = member(j, "recipients")) {
        const std::string p = member_path(path, "recipients");
        expect_array(*recipients, p);
        for (size_t i = 0; i < recipients->size(); ++i) {
            const std::string rp = index_path(p, i);
            const Json& jr = (*recipients)[i];
            expect_object(jr, rp);
            msg::Recipient& r = m.recipients.emplace_back();
            r.number = number(jr, rp, i);
            object(jr, rp, m.codepage, r);
        }
        check_numbers(m.recipients, p);
    }
    shorthand(j, path, m);
    if (const Json* attachments = member(j, "attachments")) {
        const std::string p = member_path(path, "attachments");
        expect_array(*attachments, p);
        for (size_t i = 0; i < attachments->size(); ++i) {
            const std::string ap = index_path(p, i);
            const Json& ja = (*attachments)[i];
            expect_object(ja, ap);
            msg::Attachment& a = m.attachments.emplace_back();
            a.number = number(ja, ap, i);
            object(ja, ap, m.codepage, a);
            const Json* embedded = member(ja, "embedded_message");
            const Json* ole = member(ja, "ole_storage");
            if (embedded != nullptr && ole != nullptr) {
                fail(ap, "an attachment holds an embedded_message or an ole_storage, not both");
            }
            if (embedded != nullptr) {
                a.embedded = std::make_unique<msg::Message>(
                    message(*embedded, member_path(ap, "embedded_message"), m.codepage, depth + 1));
            }
            if (ole != nullptr) {
                a.object_storage = ole_storage(*ole, member_path(ap, "ole_storage"));
            }
        }
        check_numbers(m.attachments, p);
    }
    m.next_recipient_id = next_id(j, path, "next_recipient_id", m.recipients);
    m.next_attachment_id = next_id(j, path, "next_attachment_id", m.attachments);
    return m;
}

/// Refuses a `key` ("codepage", "body_codepage") that disagrees with the code page the
/// properties give, `derived` by the rule `how`.
void Builder::check_codepage(const Json& j, const std::string& path, const char* key,
                             uint32_t derived, const char* how) const {
    const Json* cp = member(j, key);
    if (cp == nullptr) {
        return;
    }
    const auto given = integer(*cp, member_path(path, key), 0, UINT32_MAX, "a code page");
    if (given != derived) {
        fail(member_path(path, key), std::to_string(given) + ", but the properties give code page "
                                         + std::to_string(derived) + " (" + how + ")");
    }
}

/// "subject" and "message_class" become PtypString properties when the message has no
/// property with that id.
void Builder::convenience(const Json& j, const std::string& path, std::string_view key,
                          msg::PropertyTag tag, msg::Message& m) const {
    const Json* v = member(j, key);
    if (v == nullptr || m.properties.find_id(tag) != nullptr) {
        return;
    }
    const auto s = utf8_to_utf16(string(*v, member_path(path, key)));
    m.properties.set(tag, s.value_or(u""));
}

}  // namespace detail

msg::Message decode(std::string_view text, const std::string& file) {
    using detail::Json;
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error& e) {
        throw FormatError(Location{file, "JSON", e.byte > 0 ? e.byte - 1 : 0}, e.what());
    } catch (const Json::exception& e) {
        // A number too large for its type (out_of_range 406) and the like.
        throw FormatError(Location{file, "JSON", {}}, e.what());
    }
    try {
        return detail::Builder(file).top(j);
    } catch (const Json::exception& e) {
        throw FormatError(Location{file, "JSON", {}}, e.what());
    }
}

}  // namespace msgforge::json
