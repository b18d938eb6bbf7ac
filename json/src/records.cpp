// One normalised record per message (docs/records.md): the Recorder, behind file_records and
// bytes_records.
#include "encodings.hpp"
#include "records_read.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/base/text.hpp>
#include <msgforge/json/records.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/html_text.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/media.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::json {

namespace {

using detail::address_json;
using detail::Json;
using detail::READ_WHOLE_LIMIT;
namespace tags = msg::tags;
namespace flags = msg::flags;

/// RFC 3339 in UTC: seconds, with the fraction only when there is one.
Json time_json(const FileTime* t) {
    if (t == nullptr || t->is_zero()) {
        return nullptr;
    }
    std::string s = t->to_iso();
    if (t->ticks % 10'000'000 == 0) {
        s = s.substr(0, 19) + "Z";
    }
    return s;
}

Json time_json(const std::optional<FileTime>& t) {
    return t ? time_json(&*t) : Json(nullptr);
}

Json text_or_null(const std::optional<std::string>& s) {
    return s ? Json(*s) : Json(nullptr);
}

Json person_json(const std::optional<msg::Address>& a) {
    return a ? address_json(*a) : Json(nullptr);
}

Json party_json(const oms::Party& p) {
    return Json{{"number", p.number}, {"name", p.name}};
}

Json parties_json(const std::vector<oms::Party>& parties) {
    Json list = Json::array();
    for (const oms::Party& p : parties) {
        list.push_back(party_json(p));
    }
    return list;
}

/// True when an attachment of `m` has a Content-ID, which the HTML body may reference.
bool has_content_id(const msg::Message& m) {
    for (const msg::Attachment& a : m.attachments) {
        if (const auto cid = a.string(tags::PidTagAttachContentId); cid && !cid->empty()) {
            return true;
        }
    }
    return false;
}

/// The bodies a record needs, the compressed RTF decompressed at most once for all of them; a
/// corrupt RTF body is one warning. The HTML body is read (and restored from the RTF body when
/// the message stores none) only when there is no text body or an attachment has a Content-ID:
/// nothing else uses it, and restoring it from the RTF body costs more than the rest of such a
/// record. A corrupt RTF body next to a text body is therefore a warning only when the HTML is
/// needed.
struct Bodies {
    msg::BodyReader reader;
    std::optional<std::string> text;
    std::optional<std::string> html;
    msg::BodyKind kind = msg::BodyKind::none;
    bool failed = false;

    Bodies(const msg::Message& m, std::vector<std::string>& warnings) : reader(m) {
        try {
            text = reader.text();
            if (!text || has_content_id(m)) {
                html = reader.html();
            }
        } catch (const FormatError& e) {
            warnings.push_back(std::string("body: ") + e.what());
            failed = true;
        }
        kind = text   ? msg::BodyKind::text
               : html ? msg::BodyKind::html
                      : (m.properties.find_id(tags::PidTagRtfCompressed) != nullptr
                             ? msg::BodyKind::rtf
                             : msg::BodyKind::none);
    }

    /// The body as plain text: the text body, else the HTML's text, else the RTF's text.
    std::optional<std::string> plain(std::vector<std::string>& warnings) {
        if (text) {
            return text;
        }
        if (html) {
            return msg::html_to_text(*html);
        }
        if (kind == msg::BodyKind::rtf && !failed) {
            try {
                if (const auto& rtf = reader.rtf()) {
                    return msg::rtf::to_text(*rtf);
                }
            } catch (const FormatError& e) {
                warnings.push_back(std::string("body: ") + e.what());
            }
        }
        return std::nullopt;
    }
};

class Recorder {
public:
    Recorder(const RecordOptions& options, std::string path, std::vector<std::string>& lines)
        : options_(options), path_(std::move(path)), lines_(lines) {}

    /// Appends the record of `m` and those of its embedded messages; `id` names it.
    void message(const msg::Message& m, const std::string& id, const Json& parent,
                 const Json& file_sha256) {
        std::vector<std::string> warnings;
        if (!m.is_embedded) {
            for (const auto* list : {&m.container_warnings, &m.warnings}) {
                for (const msg::Warning& w : *list) {
                    warnings.push_back(w.to_string());
                }
            }
        }
        Bodies bodies(m, warnings);
        Json j = head(m, id, parent, file_sha256);
        people(m, j);
        j["sent"] = time_json(m.properties.get_as(tags::PidTagClientSubmitTime));
        j["received"] = time_json(m.properties.get_as(tags::PidTagMessageDeliveryTime));
        j["body_kind"] = msg::body_kind_name(bodies.kind);
        if (options_.bodies) {
            j["body"] = text_or_null(bodies.plain(warnings));
        }
        std::vector<std::pair<const msg::Message*, std::string>> embedded;
        j["attachments"] = attachments(m, id, bodies.html, embedded);
        phone(m, j, warnings);
        j["warnings"] = warnings;
        lines_.push_back(j.dump(-1, ' ', false, Json::error_handler_t::replace));
        for (const auto& [child, child_id] : embedded) {
            message(*child, child_id, id, nullptr);
        }
    }

private:
    Json head(const msg::Message& m, const std::string& id, const Json& parent,
              const Json& file_sha256) const {
        Json j = Json::object();
        j["path"] = path_;
        j["id"] = id;
        j["parent"] = parent;
        j["sha256"] = file_sha256;
        j["class"] = text_or_null(m.message_class());
        j["internet_message_id"] = text_or_null(m.string(tags::PidTagInternetMessageId));
        j["in_reply_to"] = text_or_null(m.string(tags::PidTagInReplyToId));
        j["conversation_topic"] = text_or_null(m.string(tags::PidTagConversationTopic));
        const auto* index = m.properties.get_as(tags::PidTagConversationIndex);
        j["conversation_index"] = index != nullptr ? Json(hex_lower(*index)) : Json(nullptr);
        j["subject"] = text_or_null(m.subject());
        return j;
    }

    static void people(const msg::Message& m, Json& j) {
        j["sender"] = person_json(m.sender());
        j["sent_representing"] = person_json(m.sent_representing());
        Json to = Json::array(), cc = Json::array(), bcc = Json::array(), other = Json::array();
        for (const msg::Recipient& r : m.recipients) {
            const auto* type = r.properties.get_as(tags::PidTagRecipientType);
            const int32_t kind = type == nullptr ? 0 : (*type & flags::RECIPIENT_TYPE_MASK);
            Json& list = kind == flags::MAPI_TO    ? to
                         : kind == flags::MAPI_CC  ? cc
                         : kind == flags::MAPI_BCC ? bcc
                                                   : other;
            list.push_back(address_json(r.address()));
        }
        j["to"] = std::move(to);
        j["cc"] = std::move(cc);
        j["bcc"] = std::move(bcc);
        if (!other.empty()) {
            j["other_recipients"] = std::move(other);
        }
    }

    Json attachments(const msg::Message& m, const std::string& id,
                     const std::optional<std::string>& html,
                     std::vector<std::pair<const msg::Message*, std::string>>& embedded) const {
        Json list = Json::array();
        for (size_t i = 0; i < m.attachments.size(); ++i) {
            const msg::Attachment& a = m.attachments[i];
            Json ja = Json::object();
            const auto name = a.file_name();
            ja["name"] = text_or_null(name);
            const bool hidden = [&] {
                const bool* h = a.properties.get_as(tags::PidTagAttachmentHidden);
                return h != nullptr && *h;
            }();
            const auto cid = a.string(tags::PidTagAttachContentId);
            const bool referenced =
                cid && !cid->empty() && html && html->find("cid:" + *cid) != std::string::npos;
            if (a.embedded) {
                const std::string child = id + (m.is_embedded ? "." : "#") + std::to_string(i);
                ja["kind"] = "message";
                ja["message"] = child;
                embedded.emplace_back(a.embedded.get(), child);
            } else if (a.object_storage) {
                ja["kind"] = "ole";
            } else {
                file(a, name, ja);
            }
            ja["content_id"] = text_or_null(cid);
            ja["inline"] = hidden || referenced;
            list.push_back(std::move(ja));
        }
        return list;
    }

    void file(const msg::Attachment& a, const std::optional<std::string>& name, Json& ja) const {
        ja["kind"] = "file";
        const auto mime = a.mime_type();
        ja["mime_type"] =
            mime && !mime->empty() ? *mime : oms::from_extension(name.value_or("")).mime;
        const auto data = a.data();
        if (!data) {
            ja["size"] = nullptr;
            ja["sha256"] = nullptr;
            return;
        }
        const std::string digest = Sha256::hex(data->span());
        ja["size"] = data->size();
        ja["sha256"] = digest;
        if (options_.on_attachment) {
            options_.on_attachment(digest, data->span());
        }
    }

    static void phone(const msg::Message& m, Json& j, std::vector<std::string>& warnings) {
        std::optional<oms::OmsMessage> v;
        try {
            v = oms::view(m);
        } catch (const Error& e) {
            warnings.push_back(std::string("phone message: ") + e.what());
        }
        if (!v) {
            return;
        }
        Json p = Json::object();
        p["service"] = v->service == oms::ServiceType::mms ? "mms" : "sms";
        p["state"] = oms::to_string(v->state);
        p["from"] = v->from ? party_json(*v->from) : Json(nullptr);
        p["to"] = parties_json(v->to);
        p["cc"] = parties_json(v->cc);
        p["bcc"] = parties_json(v->bcc);
        p["time"] = time_json(v->time);
        p["read"] = v->read;
        p["text"] = v->text;
        p["slides"] = v->slides.size();
        j["phone"] = std::move(p);
        for (const std::string& w : v->warnings) {
            warnings.push_back("phone message: " + w);
        }
    }

    const RecordOptions& options_;
    std::string path_;
    std::vector<std::string>& lines_;
};

FileRecords failure(const std::string& path, const std::string& error) {
    const Json j{{"path", path}, {"id", path}, {"error", error}};
    return FileRecords{{j.dump(-1, ' ', false, Json::error_handler_t::replace)}, true};
}

FileRecords records_of(const msg::Message& m, const std::string& path, const std::string& sha256,
                       const RecordOptions& options) {
    FileRecords out;
    Recorder(options, path, out.lines).message(m, path, nullptr, sha256);
    return out;
}

}  // namespace

FileRecords bytes_records(std::span<const uint8_t> bytes, const std::string& path,
                          const RecordOptions& options) {
    try {
        const cfb::Reader reader = cfb::Reader::from_bytes(bytes, options.read.cfb, path);
        const msg::Message m = msg::Message::read(reader, options.read);
        return records_of(m, path, Sha256::hex(bytes), options);
    } catch (const Error& e) {
        return failure(path, e.what());
    } catch (const std::exception& e) {
        return failure(path, path + ": " + e.what());
    }
}

namespace detail {

std::span<uint8_t> ReadBuffer::get(size_t size) {
    if (!data_) {
        data_ = std::make_unique_for_overwrite<uint8_t[]>(READ_WHOLE_LIMIT);
    }
    return {data_.get(), size};
}

FileRecords file_records(const std::filesystem::path& path, const RecordOptions& options,
                         ReadBuffer& buffer) {
    const std::string name = path.generic_string();
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
    if (!in) {
        return failure(name, name + ": cannot open the file: " + std::strerror(errno));
    }
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec && size <= READ_WHOLE_LIMIT) {
        const std::span<uint8_t> bytes = buffer.get(size);
        if (std::fread(bytes.data(), 1, bytes.size(), in.get()) != bytes.size()) {
            return failure(name, name + ": cannot read the file");
        }
        return bytes_records(bytes, name, options);
    }
    Sha256 hash;
    std::vector<uint8_t> chunk(1u << 20);
    for (size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), in.get())) > 0;) {
        hash.update(std::span(chunk).first(n));
    }
    const std::string digest = hex_lower(hash.finish());
    try {
        const msg::Message m = msg::Message::read_file(path, options.read);
        return records_of(m, name, digest, options);
    } catch (const Error& e) {
        return failure(name, e.what());
    } catch (const std::exception& e) {
        return failure(name, name + ": " + e.what());
    }
}

}  // namespace detail

FileRecords file_records(const std::filesystem::path& path, const RecordOptions& options) {
    detail::ReadBuffer buffer;
    return detail::file_records(path, options, buffer);
}

}  // namespace msgforge::json
