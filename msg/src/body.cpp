#include <msgforge/base/error.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>

namespace msgforge::msg {

namespace {

// The structure errors from decompressing the RTF body name.
const std::string RTF_STRUCTURE = "compressed RTF of PidTagRtfCompressed";

// The content the decompressed RTF body encapsulates, when it encapsulates `kind`.
std::optional<std::string> restored(const std::optional<std::vector<uint8_t>>& rtf_bytes,
                                    rtf::Encapsulated kind) {
    if (!rtf_bytes || rtf::detect(*rtf_bytes) != kind) {
        return std::nullopt;
    }
    auto r = rtf::deencapsulate(*rtf_bytes);
    if (!r || r->kind != kind) {
        return std::nullopt;
    }
    return std::move(r->content);
}

std::optional<std::string> stored_html(const Message& m) {
    if (const cfb::Blob* b = m.properties.get_as(tags::PidTagHtml)) {
        const std::string bytes(b->begin(), b->end());
        if (auto s = decode_codepage(bytes, m.body_codepage)) {
            return s;
        }
        return m.decode(tags::PidTagHtml.id, String8{bytes});
    }
    return m.string(tags::PidTagBodyHtml);
}

}  // namespace

const char* body_kind_name(BodyKind kind) {
    switch (kind) {
        case BodyKind::text:
            return "text";
        case BodyKind::html:
            return "html";
        case BodyKind::rtf:
            return "rtf";
        default:
            return "none";
    }
}

std::optional<std::vector<uint8_t>> body_rtf(const Message& m) {
    const cfb::Blob* b = m.properties.get_as(tags::PidTagRtfCompressed);
    if (b == nullptr) {
        return std::nullopt;
    }
    // The errors of rtf::decompress name the value only; these name the property too.
    try {
        return rtf::decompress(b->span(), {.max_output = m.max_rtf_output});
    } catch (const LimitError& e) {
        throw LimitError(Location{{}, RTF_STRUCTURE, e.location().offset}, e.detail());
    } catch (const FormatError& e) {
        throw FormatError(Location{{}, RTF_STRUCTURE, e.location().offset}, e.detail());
    }
}

const std::optional<std::vector<uint8_t>>& BodyReader::rtf() {
    if (!decompressed_) {
        decompressed_ = true;
        try {
            rtf_ = body_rtf(m_);
        } catch (const Error&) {
            error_ = std::current_exception();
        }
    }
    if (error_) {
        std::rethrow_exception(error_);
    }
    return rtf_;
}

std::optional<std::string> BodyReader::text() {
    if (auto s = m_.string(tags::PidTagBody)) {
        return s;
    }
    return restored(rtf(), rtf::Encapsulated::text);
}

std::optional<std::string> BodyReader::html() {
    if (auto s = stored_html(m_)) {
        return s;
    }
    return restored(rtf(), rtf::Encapsulated::html);
}

std::optional<std::string> body_text(const Message& m) {
    return BodyReader(m).text();
}

std::optional<std::string> body_html(const Message& m) {
    return BodyReader(m).html();
}

Body best_body(const Message& m) {
    BodyReader reader(m);
    return best_body(reader);
}

Body best_body(BodyReader& reader) {
    const Message& m = reader.message();
    Body body;
    static const std::optional<std::vector<uint8_t>> NO_RTF;
    const std::optional<std::vector<uint8_t>>* rtf_read = &NO_RTF;
    try {
        rtf_read = &reader.rtf();
    } catch (const LimitError&) {
        throw;
    } catch (const FormatError& e) {
        body.notes.push_back(std::string("RTF body unreadable: ") + e.what());
    }
    const std::optional<std::vector<uint8_t>>& rtf_bytes = *rtf_read;
    const rtf::Encapsulated wrapped = rtf_bytes ? rtf::detect(*rtf_bytes) : rtf::Encapsulated::none;
    auto restore = [&](rtf::Encapsulated kind) { return restored(rtf_bytes, kind); };
    auto html = [&]() -> std::optional<Body> {
        if (auto s = stored_html(m)) {
            return Body{BodyKind::html, std::move(*s), false, {}};
        }
        if (auto s = restore(rtf::Encapsulated::html)) {
            return Body{BodyKind::html, std::move(*s), true, {}};
        }
        return std::nullopt;
    };
    auto native_rtf = [&]() -> std::optional<Body> {
        if (rtf_bytes && wrapped == rtf::Encapsulated::none) {
            return Body{
                BodyKind::rtf, std::string(rtf_bytes->begin(), rtf_bytes->end()), false, {}};
        }
        return std::nullopt;
    };
    auto text = [&]() -> std::optional<Body> {
        if (auto s = m.string(tags::PidTagBody)) {
            return Body{BodyKind::text, std::move(*s), false, {}};
        }
        if (auto s = restore(rtf::Encapsulated::text)) {
            return Body{BodyKind::text, std::move(*s), true, {}};
        }
        return std::nullopt;
    };
    std::optional<Body> chosen;
    if (const int32_t* native = m.properties.get_as(tags::PidTagNativeBody)) {
        // The format the body was written in (MS-OXCMSG 2.2.1.58.2).
        if (*native == flags::NATIVE_BODY_PLAIN) {
            chosen = text();
        } else if (*native == flags::NATIVE_BODY_RTF) {
            chosen = native_rtf();
        } else if (*native == flags::NATIVE_BODY_HTML) {
            chosen = html();
        }
    }
    if (!chosen) {
        chosen = html();
    }
    if (!chosen) {
        chosen = native_rtf();
    }
    if (!chosen) {
        chosen = text();
    }
    if (chosen) {
        chosen->notes = std::move(body.notes);
        return std::move(*chosen);
    }
    return body;
}

}  // namespace msgforge::msg
