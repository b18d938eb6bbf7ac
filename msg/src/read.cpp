// Reading a message from a compound file (MS-OXMSG 2.2 storages, 2.4 property streams, 2.2.3
// named-property mapping). Tolerant of what real writers do (see docs/reading.md): every
// oddity becomes a warning, only what cannot be read at all is an error.
#include "object_reader.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/tags.hpp>

namespace msgforge::msg {

namespace {

using namespace reading;

// Sets the code pages of an object read from `r` by its properties and `inherited`, with a
// warning for each code page named that msgforge cannot decode.
void set_codepages(Context& ctx, const ObjectReader& r, ObjectBase& o, uint32_t inherited) {
    const Codepages pages = codepages_of(o.properties, inherited);
    for (const uint32_t unknown : pages.unknown) {
        ctx.warn(r.display_path(), std::nullopt,
                 "unknown code page " + std::to_string(unknown)
                     + " (passed over); PtypString8 values are read as code page "
                     + std::to_string(pages.strings));
    }
    o.codepage = pages.strings;
    o.body_codepage = pages.bodies;
}

void read_message(Context& ctx, cfb::EntryId storage, ObjectKind kind, uint32_t depth,
                  uint32_t inherited_codepage, Message& m);

void read_attachment(Context& ctx, cfb::EntryId storage, uint32_t depth, uint32_t codepage,
                     Attachment& a) {
    ObjectReader r(ctx, storage, ObjectKind::attachment);
    r.read_properties(a, nullptr);
    set_codepages(ctx, r, a, codepage);
    Child* data = r.substg(tags::PidTagAttachDataObject);
    if (data != nullptr && data->entry->is_storage()) {
        data->used = true;
        const cfb::EntryId object = data->id;
        const auto method = static_cast<int32_t>(a.method());
        const bool looks_like_message =
            ctx.reader.find_child(object, PROPERTIES_STREAM).has_value();
        if (method == flags::afEmbeddedMessage
            || (method != flags::afStorage && looks_like_message)) {
            if (depth + 1 > ctx.options.limits.max_embedding_depth) {
                throw LimitError(Location{ctx.reader.file_name(), ctx.reader.path_of(object), {}},
                                 "embedded messages nest deeper than the limit of "
                                     + std::to_string(ctx.options.limits.max_embedding_depth));
            }
            a.embedded = std::make_unique<Message>();
            read_message(ctx, object, ObjectKind::embedded, depth + 1, a.codepage, *a.embedded);
        } else {
            a.object_storage = r.copy_node(object);
        }
    }
    a.unknown_children = r.unknown_children();
}

void read_message(Context& ctx, cfb::EntryId storage, ObjectKind kind, uint32_t depth,
                  uint32_t inherited_codepage, Message& m) {
    m.named = ctx.named;
    m.is_embedded = kind == ObjectKind::embedded;
    m.max_rtf_output = ctx.options.limits.max_rtf_output;
    m.storage_clsid = ctx.reader.entry(storage).clsid;
    ObjectReader r(ctx, storage, kind);
    if (kind == ObjectKind::top_level) {
        if (Child* nameid = r.child(NAMEID_STORAGE)) {
            nameid->used = true;
        }
    }
    r.read_properties(m, &m);
    set_codepages(ctx, r, m, inherited_codepage);

    const auto recipients = r.numbered(RECIPIENT_PREFIX);
    if (recipients.size() > ctx.options.limits.max_recipients) {
        ctx.limit(r.display_path(), std::to_string(recipients.size())
                                        + " recipients, more than the limit of "
                                        + std::to_string(ctx.options.limits.max_recipients));
    }
    const auto attachments = r.numbered(ATTACHMENT_PREFIX);
    if (attachments.size() > ctx.options.limits.max_attachments) {
        ctx.limit(r.display_path(), std::to_string(attachments.size())
                                        + " attachments, more than the limit of "
                                        + std::to_string(ctx.options.limits.max_attachments));
    }
    if (r.recipient_count() != recipients.size() || r.attachment_count() != attachments.size()) {
        ctx.warn(r.display_path(), std::nullopt,
                 "property stream header counts " + std::to_string(r.recipient_count())
                     + " recipients and " + std::to_string(r.attachment_count())
                     + " attachments, the storage holds " + std::to_string(recipients.size())
                     + " and " + std::to_string(attachments.size()));
    }
    m.recipients.reserve(recipients.size());
    for (const auto& [number, id] : recipients) {
        Recipient& rec = m.recipients.emplace_back();
        rec.number = number;
        ObjectReader rr(ctx, id, ObjectKind::recipient);
        rr.read_properties(rec, nullptr);
        set_codepages(ctx, rr, rec, m.codepage);
        rec.unknown_children = rr.unknown_children();
    }
    m.attachments.reserve(attachments.size());
    for (const auto& [number, id] : attachments) {
        Attachment& a = m.attachments.emplace_back();
        a.number = number;
        read_attachment(ctx, id, depth, m.codepage, a);
    }
    m.unknown_children = r.unknown_children();
}

// What a compound file without a message at its root seems to be, by its root CLSID or its
// streams; empty when neither tells.
std::string what_it_seems(const cfb::Reader& reader) {
    struct Sign {
        std::optional<Guid> clsid;
        std::string_view stream;
        std::string_view kind;
    };

    constexpr auto office = [](uint32_t data1) {
        return Guid::from_fields(data1, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46});
    };
    const Sign signs[] = {
        {office(0x00020906), "WordDocument", "a Word document"},
        {office(0x00020900), "", "a Word document"},
        {office(0x00020820), "Workbook", "an Excel workbook"},
        {office(0x00020810), "Book", "an Excel workbook"},
        {Guid::from_fields(0x64818D10, 0x4F9B, 0x11CF,
                           {0x86, 0xEA, 0x00, 0xAA, 0x00, 0xB9, 0x29, 0xE8}),
         "PowerPoint Document", "a PowerPoint presentation"},
        {office(0x000C1084), "", "a Windows Installer package (MSI)"},
        {office(0x000C1086), "", "a Windows Installer patch (MSP)"},
        {office(0x000C1082), "", "a Windows Installer transform (MST)"},
        {std::nullopt, "VisioDocument", "a Visio drawing"},
        {std::nullopt, "EncryptedPackage", "an encrypted Office document"},
        {std::nullopt, "Catalog", "a Windows thumbnail cache (Thumbs.db)"},
    };
    const Guid& clsid = reader.entry(reader.root()).clsid;
    for (const Sign& sign : signs) {
        if (sign.clsid && *sign.clsid == clsid) {
            return std::string(sign.kind) + " by its root CLSID " + clsid.to_string();
        }
    }
    for (const Sign& sign : signs) {
        if (!sign.stream.empty() && reader.find_child(reader.root(), sign.stream)) {
            return std::string(sign.kind) + " by its stream " + std::string(sign.stream);
        }
    }
    return {};
}

// A root storage holds a message when it has a property stream, or at least the value
// streams, recipients or attachments of one (a message that lost its property stream).
void check_message_root(const cfb::Reader& reader) {
    if (reader.find_child(reader.root(), PROPERTIES_STREAM)) {
        return;
    }
    for (const cfb::EntryId id : reader.children(reader.root())) {
        const std::string_view name = reader.entry(id).name;
        if (name.starts_with(SUBSTG_PREFIX) || name.starts_with(RECIPIENT_PREFIX)
            || name.starts_with(ATTACHMENT_PREFIX)) {
            return;
        }
    }
    const std::string seems = what_it_seems(reader);
    throw FormatError(Location{reader.file_name(), "", std::nullopt},
                      "not an Outlook message (the root storage has no "
                          + std::string(PROPERTIES_STREAM)
                          + (seems.empty() ? ")" : "; it seems to be " + seems + ")"));
}

}  // namespace

Message Message::read_file(const std::filesystem::path& path, const ReadOptions& options) {
    const cfb::Reader reader = cfb::Reader::open(path, options.cfb);
    return read(reader, options);
}

Message Message::read(const cfb::Reader& reader, const ReadOptions& options) {
    check_message_root(reader);
    Message m;
    Context ctx{reader, options, m.warnings, std::make_shared<NamedPropertyMap>(),
                ByteBudget(reader, options.limits)};
    m.container_warnings = reader.warnings();
    if (const auto nameid = reader.find_child(reader.root(), NAMEID_STORAGE)) {
        read_named_map(ctx.reader, *nameid, options, m.warnings, ctx.budget, *ctx.named);
    } else {
        ctx.warn(std::string(NAMEID_STORAGE), std::nullopt,
                 "missing; named properties keep their ids only");
    }
    read_message(ctx, reader.root(), ObjectKind::top_level, 0, CP_WINDOWS_1252, m);
    return m;
}

}  // namespace msgforge::msg
