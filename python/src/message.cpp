// msgforge.read() and the Message, Address and Attachment classes.
#include "values.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/json.hpp>
#include <msgforge/msg/body.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/tags.hpp>

#include <filesystem>
#include <memory>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <variant>
#include <vector>

namespace msgforge::python {

namespace {

namespace tags = msg::tags;
namespace flags = msg::flags;

py::object address_of(const msg::Address& a) {
    return py::cast(a);
}

py::list addresses_of(const msg::Message& m, int32_t type) {
    py::list out;
    for (const msg::Recipient& r : m.recipients) {
        const auto* t = r.properties.get_as(tags::PidTagRecipientType);
        if (t != nullptr && (*t & flags::RECIPIENT_TYPE_MASK) == type) {
            out.append(address_of(r.address()));
        }
    }
    return out;
}

py::object time_of(const msg::Message& m, msg::TypedTag<msg::PropertyType::PtypTime> tag) {
    const FileTime* t = m.properties.get_as(tag);
    return t != nullptr && !t->is_zero() ? datetime_of(*t) : py::none();
}

py::object key_of(const msg::Message& m, uint16_t id) {
    const msg::NamedKey* key = id >= msg::NamedPropertyMap::FIRST_ID ? m.named_key(id) : nullptr;
    if (key == nullptr) {
        return py::none();
    }
    if (const auto* lid = std::get_if<uint32_t>(&key->name)) {
        return py::make_tuple(key->set.to_string(), *lid);
    }
    return py::make_tuple(key->set.to_string(), utf16_to_utf8(std::get<std::u16string>(key->name)));
}

/// PropertyTag -> value; a named property by (set, name or LID) instead of its tag.
py::dict properties_of(const msg::Message& m, const msg::ObjectBase& object) {
    py::dict out;
    for (const msg::Property& p : object.properties) {
        py::object key = key_of(m, p.tag.id);
        if (key.is_none()) {
            key = py::int_(p.tag.u32());
        }
        out[key] = value_of(p.value, object, p.tag.id);
    }
    return out;
}

/// A body of `m` decoded by `decode` (decompressing RTF, restoring HTML) without the GIL.
template <typename Decode>
auto body_of(const msg::Message& m, Decode decode) {
    const py::gil_scoped_release release;
    return decode(m);
}

MessagePtr read_path(const std::filesystem::path& path, bool strict) {
    msg::ReadOptions options;
    options.strict = strict;
    options.cfb.strict = strict;
    const py::gil_scoped_release release;
    return std::make_shared<msg::Message>(msg::Message::read_file(path, options));
}

MessagePtr read_bytes(const py::buffer& data, bool strict) {
    msg::ReadOptions options;
    options.strict = strict;
    options.cfb.strict = strict;
    std::vector<uint8_t> bytes = buffer_bytes(data);
    const py::gil_scoped_release release;
    const cfb::Reader reader =
        cfb::Reader::from_blob(cfb::Blob::owned(std::move(bytes)), options.cfb, "<bytes>");
    return std::make_shared<msg::Message>(msg::Message::read(reader, options));
}

void bind_address(py::module_& m) {
    py::class_<msg::Address>(m, "Address", "A person or phone as a message names them.")
        .def_readonly("name", &msg::Address::name, "display name")
        .def_property_readonly(
            "smtp",
            [](const msg::Address& a) {
                return a.smtp.empty() ? py::object(py::none()) : py::object(py::str(a.smtp));
            },
            "the SMTP address, or None when the message stores none")
        .def_readonly("address", &msg::Address::address,
                      "native address (SMTP, EX, a phone number...)")
        .def_readonly("address_type", &msg::Address::address_type, "type of .address")
        .def("__repr__", [](const msg::Address& a) {
            return "Address(name=" + py::repr(py::str(a.name)).cast<std::string>()
                   + ", smtp=" + py::repr(py::str(a.smtp)).cast<std::string>() + ")";
        });
}

void bind_attachment(py::module_& m) {
    py::class_<SharedBytes>(m, "_SharedBytes", py::buffer_protocol())
        .def_buffer([](SharedBytes& b) {
            return py::buffer_info(const_cast<uint8_t*>(b.data), 1,
                                   py::format_descriptor<uint8_t>::format(), 1, {b.size},
                                   {size_t{1}}, true);
        });
    py::class_<AttachmentRef>(m, "Attachment", "An attachment of a message.")
        .def_property_readonly(
            "name", [](const AttachmentRef& a) { return text_or_none(a.attachment->file_name()); },
            "the file name (long file name, else short, else display name), or None")
        .def_property_readonly(
            "mime_type",
            [](const AttachmentRef& a) { return text_or_none(a.attachment->mime_type()); },
            "the MIME type (PidTagAttachMimeTag), or None")
        .def_property_readonly(
            "content_id",
            [](const AttachmentRef& a) {
                return text_or_none(a.attachment->string(tags::PidTagAttachContentId));
            },
            "the Content-ID an HTML body refers to it by (cid:), or None")
        .def_property_readonly(
            "hidden",
            [](const AttachmentRef& a) {
                const bool* h = a.attachment->properties.get_as(tags::PidTagAttachmentHidden);
                return h != nullptr && *h;
            },
            "PidTagAttachmentHidden: an inline picture or a part of an MMS, not a file to show")
        .def_property_readonly(
            "method", [](const AttachmentRef& a) { return a.attachment->method(); },
            "PidTagAttachMethod: 1 by value, 5 an embedded message, 6 an OLE object...")
        .def_property_readonly(
            "size",
            [](const AttachmentRef& a) {
                const auto d = a.attachment->data();
                return d ? d->size() : size_t{0};
            },
            "the number of bytes of .data (0 when it has none)")
        .def_property_readonly(
            "data", [](const AttachmentRef& a) { return attachment_data(*a.attachment); },
            "the attachment's bytes as a read-only memoryview (no copy when the file stores them "
            "in one piece)")
        .def_property_readonly(
            "message",
            [](const AttachmentRef& a) -> py::object {
                if (!a.attachment->embedded) {
                    return py::none();
                }
                return py::cast(MessagePtr(a.message, a.attachment->embedded.get()));
            },
            "the embedded message, or None")
        .def_property_readonly(
            "properties",
            [](const AttachmentRef& a) { return properties_of(*a.message, *a.attachment); },
            "property tag (int) -> value; a named property by (set GUID, name or LID)")
        .def("__repr__", [](const AttachmentRef& a) {
            return "<Attachment "
                   + py::repr(text_or_none(a.attachment->file_name())).cast<std::string>() + ">";
        });
}

void bind_message_fields(py::class_<msg::Message, MessagePtr>& c) {
    c.def_property_readonly(
         "message_class", [](const msg::Message& m) { return text_or_none(m.message_class()); },
         "PidTagMessageClass ('IPM.Note', 'IPM.Note.Mobile.SMS', ...), or None")
        .def_property_readonly(
            "subject", [](const msg::Message& m) { return text_or_none(m.subject()); },
            "the subject, or None")
        .def_property_readonly(
            "sender",
            [](const msg::Message& m) { return m.sender() ? address_of(*m.sender()) : py::none(); },
            "the sender (an Address resolved as `msgforge show` does), or None")
        .def_property_readonly(
            "sent_representing",
            [](const msg::Message& m) {
                return m.sent_representing() ? address_of(*m.sent_representing()) : py::none();
            },
            "the one the message was sent on behalf of (an Address), or None")
        .def_property_readonly(
            "to", [](const msg::Message& m) { return addresses_of(m, flags::MAPI_TO); },
            "the To recipients (Addresses)")
        .def_property_readonly(
            "cc", [](const msg::Message& m) { return addresses_of(m, flags::MAPI_CC); },
            "the Cc recipients (Addresses)")
        .def_property_readonly(
            "bcc", [](const msg::Message& m) { return addresses_of(m, flags::MAPI_BCC); },
            "the Bcc recipients (Addresses)")
        .def_property_readonly(
            "sent", [](const msg::Message& m) { return time_of(m, tags::PidTagClientSubmitTime); },
            "when it was sent (PidTagClientSubmitTime), aware (UTC), or None")
        .def_property_readonly(
            "received",
            [](const msg::Message& m) { return time_of(m, tags::PidTagMessageDeliveryTime); },
            "when it was delivered (PidTagMessageDeliveryTime), aware (UTC), or None")
        .def_property_readonly(
            "body", [](const msg::Message& m) { return text_or_none(body_of(m, msg::body_text)); },
            "the plain-text body (from the HTML or RTF body when only they are stored), or None")
        .def_property_readonly(
            "html", [](const msg::Message& m) { return text_or_none(body_of(m, msg::body_html)); },
            "the HTML body (restored from RTF when only RTF is stored), or None")
        .def_property_readonly(
            "rtf",
            [](const msg::Message& m) -> py::object {
                const auto rtf = body_of(m, msg::body_rtf);
                if (!rtf) {
                    return py::none();
                }
                const std::string_view chars = as_chars(*rtf);
                return py::bytes(chars.data(), chars.size());
            },
            "the RTF body, decompressed, or None");
}

void bind_message(py::module_& m) {
    py::class_<msg::Message, MessagePtr> c(m, "Message",
                                           "An Outlook message read from a .msg file.");
    bind_message_fields(c);
    c.def_property_readonly(
         "attachments",
         [](const MessagePtr& self) {
             py::list out;
             for (const msg::Attachment& a : self->attachments) {
                 out.append(py::cast(AttachmentRef{self, &a}));
             }
             return out;
         },
         "the attachments (Attachment objects), in order")
        .def_property_readonly(
            "properties", [](const msg::Message& self) { return properties_of(self, self); },
            "property tag (int) -> value; a named property by (set GUID, name or LID)")
        .def_property_readonly(
            "warnings",
            [](const msg::Message& self) {
                std::vector<std::string> out;
                for (const auto* list : {&self.container_warnings, &self.warnings}) {
                    for (const msg::Warning& w : *list) {
                        out.push_back(w.to_string());
                    }
                }
                return out;
            },
            "what the reader tolerated (and what reading MIME left out), one line each")
        .def_property_readonly(
            "sms", [](const MessagePtr& self) { return oms_view(self, false); },
            "the SMS view (SmsView), or None for another kind of message")
        .def_property_readonly(
            "mms", [](const MessagePtr& self) { return oms_view(self, true); },
            "the MMS view (MmsView), or None for another kind of message")
        .def(
            "to_json",
            [](const msg::Message& self, bool full) {
                return json::encode(self, json::Options{full});
            },
            py::arg("full") = false, "the message as `msgforge dump --json` writes it")
        .def(
            "to_bytes",
            [](const msg::Message& self) {
                std::vector<uint8_t> bytes;
                {
                    const py::gil_scoped_release release;
                    bytes = self.write();
                }
                const std::string_view chars = as_chars(bytes);
                return py::bytes(chars.data(), chars.size());
            },
            "the .msg file's bytes (the same message gives the same bytes)")
        .def(
            "save",
            [](const msg::Message& self, const std::filesystem::path& path) {
                const py::gil_scoped_release release;
                self.write_file(path);
            },
            py::arg("path"), "writes the .msg file atomically")
        .def("__repr__", [](const msg::Message& self) {
            return "<Message " + py::repr(text_or_none(self.subject())).cast<std::string>() + ">";
        });
}

}  // namespace

void register_message(py::module_& m) {
    bind_address(m);
    bind_attachment(m);
    bind_message(m);
    // Bytes first: pybind11 would also take bytes as a path.
    m.def("read", &read_bytes, py::arg("source"), py::arg("strict") = false,
          "Reads a .msg file's bytes (bytes, bytearray, memoryview).");
    m.def("read", &read_path, py::arg("source"), py::arg("strict") = false,
          "Reads a .msg file (a path). With strict, any oddity the reader would tolerate is an "
          "error.");
}

}  // namespace msgforge::python
