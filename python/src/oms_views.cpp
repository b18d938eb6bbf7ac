// Message.sms and Message.mms: the typed views of SMS and MMS objects (oms::view()) as Python
// classes: Party, SmsView, MmsView with its Slide and Part objects.
#include "values.hpp"

#include <msgforge/oms.hpp>

#include <optional>
#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::python {

namespace {

/// The view of a message, keeping the message alive for the parts' bytes.
struct ViewRef {
    MessagePtr message;
    oms::OmsMessage view;
};

struct SmsViewRef : ViewRef {};

struct MmsViewRef : ViewRef {};

/// A part of an MMS and, for a slide's text part, the text the view decoded from it.
struct PartRef {
    MessagePtr message;
    oms::PartView part;
    std::optional<std::string> text;
};

struct SlideRef {
    MessagePtr message;
    oms::SlideView slide;
};

py::object time_or_none(const std::optional<FileTime>& t) {
    return t ? datetime_of(*t) : py::none();
}

py::object string_or_none(const std::string& s) {
    return s.empty() ? py::object(py::none()) : py::object(py::str(s));
}

py::object part_or_none(const MessagePtr& message, const std::optional<oms::PartView>& part,
                        std::optional<std::string> text = std::nullopt) {
    if (!part) {
        return py::none();
    }
    return py::cast(PartRef{message, *part, std::move(text)});
}

py::list parts_of(const MessagePtr& message, const std::vector<oms::PartView>& parts) {
    py::list out;
    for (const oms::PartView& p : parts) {
        out.append(PartRef{message, p, std::nullopt});
    }
    return out;
}

void bind_party(py::module_& m) {
    py::class_<oms::Party>(m, "Party", "A phone of an SMS or MMS: its number and display name.")
        .def(py::init([](std::string number, std::string name) {
                 return oms::Party{std::move(number), std::move(name)};
             }),
             py::arg("number"), py::arg("name") = "")
        .def_readonly("number", &oms::Party::number, "the phone number (a MOBILE address)")
        .def_readonly("name", &oms::Party::name, "the display name, '' when there is none")
        .def(py::self == py::self)
        .def("__hash__",
             [](const oms::Party& p) { return py::hash(py::make_tuple(p.number, p.name)); })
        .def("__repr__", [](const oms::Party& p) {
            return "Party(" + py::repr(py::str(p.number)).cast<std::string>() + ", "
                   + py::repr(py::str(p.name)).cast<std::string>() + ")";
        });
}

void bind_part(py::module_& m) {
    py::class_<PartRef>(m, "Part", "A part of an MMS (an attachment the SMIL layout shows).")
        .def_property_readonly(
            "index", [](const PartRef& p) { return p.part.attachment; },
            "the index of its attachment in Message.attachments")
        .def_property_readonly(
            "attachment",
            [](const PartRef& p) {
                return AttachmentRef{p.message, &p.message->attachments.at(p.part.attachment)};
            },
            "its Attachment")
        .def_property_readonly(
            "mime_type", [](const PartRef& p) { return p.part.mime_type; },
            "the content type (\"image/jpeg\", \"text/plain\", \"application/smil\")")
        .def_property_readonly(
            "name", [](const PartRef& p) { return p.part.file_name; }, "the file name")
        .def_property_readonly(
            "content_id", [](const PartRef& p) { return p.part.content_id; },
            "the Content-ID the SMIL refers to it by")
        .def_property_readonly(
            "hidden", [](const PartRef& p) { return p.part.hidden; },
            "whether the attachment is hidden, as MS-OXOSMMS wants the parts of an MMS")
        .def_property_readonly(
            "data",
            [](const PartRef& p) {
                return attachment_data(p.message->attachments.at(p.part.attachment));
            },
            "the bytes as a read-only memoryview (no copy when the file stores them in one piece), "
            "or None")
        .def_property_readonly(
            "text", [](const PartRef& p) { return p.text; },
            "a slide's text part: its text, decoded in its charset; None for other parts")
        .def("__repr__", [](const PartRef& p) {
            return "<Part " + py::repr(py::str(p.part.file_name)).cast<std::string>() + " "
                   + p.part.mime_type + ">";
        });
}

void bind_slide(py::module_& m) {
    py::class_<SlideRef>(m, "Slide", "A slide of an MMS: text, an image or a video, and audio.")
        .def_property_readonly(
            "text", [](const SlideRef& s) { return s.slide.text; }, "the text ('' when none)")
        .def_property_readonly(
            "text_charset", [](const SlideRef& s) { return string_or_none(s.slide.text_charset); },
            "the charset the text part declares (\"utf-16\", \"windows-1251\"), or None")
        .def_property_readonly(
            "text_part",
            [](const SlideRef& s) {
                return part_or_none(s.message, s.slide.text_part, s.slide.text);
            },
            "the Part holding the text, or None")
        .def_property_readonly(
            "visual", [](const SlideRef& s) { return part_or_none(s.message, s.slide.visual); },
            "the image or video Part, or None")
        .def_property_readonly(
            "audio", [](const SlideRef& s) { return part_or_none(s.message, s.slide.audio); },
            "the audio Part, or None")
        .def_property_readonly(
            "parts",
            [](const SlideRef& s) {
                py::list out;
                for (py::object p : {part_or_none(s.message, s.slide.text_part, s.slide.text),
                                     part_or_none(s.message, s.slide.visual),
                                     part_or_none(s.message, s.slide.audio)}) {
                    if (!p.is_none()) {
                        out.append(p);
                    }
                }
                return out;
            },
            "its parts: text, visual, audio, those it has")
        .def_property_readonly(
            "duration_ms", [](const SlideRef& s) { return s.slide.duration_ms; },
            "how long the SMIL shows it (milliseconds), or None")
        .def("__repr__", [](const SlideRef& s) {
            return "<Slide " + py::repr(py::str(s.slide.text)).cast<std::string>() + ">";
        });
}

py::list parties_of(const std::vector<oms::Party>& parties) {
    py::list out;
    for (const oms::Party& p : parties) {
        out.append(p);
    }
    return out;
}

void bind_views(py::module_& m) {
    py::class_<ViewRef>(m, "OmsView",
                        "What SMS and MMS objects (MS-OXOSMMS) have in common, read back.")
        .def_property_readonly(
            "state", [](const ViewRef& v) { return oms::to_string(v.view.state); },
            "\"draft\" (Drafts), \"sent\" (Sent Items) or \"received\" (Inbox)")
        .def_property_readonly(
            "direction",
            [](const ViewRef& v) {
                return v.view.state == oms::State::received ? "incoming" : "outgoing";
            },
            "\"incoming\" for a received message, else \"outgoing\"")
        .def_property_readonly(
            "message_class", [](const ViewRef& v) { return v.view.message_class; },
            "PidTagMessageClass (IPM.Note.Mobile.SMS, IPM.Note.Mobile.MMS or a subclass)")
        .def_property_readonly(
            "sender",
            [](const ViewRef& v) {
                return v.view.from ? py::cast(*v.view.from) : py::object(py::none());
            },
            "the sender: the phone's owner for a sent message, the other party for a received "
            "one; None when not known")
        .def_property_readonly(
            "to", [](const ViewRef& v) { return parties_of(v.view.to); },
            "the recipients (of a received message: the phone's owner and any other members of "
            "the group)")
        .def_property_readonly(
            "cc", [](const ViewRef& v) { return parties_of(v.view.cc); }, "the copy recipients")
        .def_property_readonly(
            "bcc", [](const ViewRef& v) { return parties_of(v.view.bcc); },
            "the blind-copy recipients")
        .def_property_readonly(
            "time", [](const ViewRef& v) { return time_or_none(v.view.time); },
            "submit time (sent) or delivery time (received), aware (UTC), or None")
        .def_property_readonly(
            "sent_time", [](const ViewRef& v) { return time_or_none(v.view.sent_time); },
            "received messages: when the other party sent it, or None")
        .def_property_readonly(
            "read", [](const ViewRef& v) { return v.view.read; },
            "has the user read it (received messages)")
        .def_property_readonly(
            "schedule", [](const ViewRef& v) { return time_or_none(v.view.schedule); },
            "when the send was requested (PidNameOMSScheduleTime), or None")
        .def_property_readonly(
            "account", [](const ViewRef& v) { return string_or_none(v.view.account); },
            "the account GUID \"{...}\" (PidNameOMSAccountGuid), or None")
        .def_property_readonly(
            "model", [](const ViewRef& v) { return string_or_none(v.view.model); },
            "the phone model (PidNameOMSMobileModel), or None")
        .def_property_readonly(
            "source", [](const ViewRef& v) { return v.view.source; },
            "PidNameOMSSourceType (0 written in Outlook, 1 a reminder, 2 a calendar summary, 3 a "
            "rule, 4 unknown), or None")
        .def_property_readonly(
            "subject", [](const ViewRef& v) { return v.view.subject; },
            "the subject (an SMS's is the abbreviation of its text)")
        .def_property_readonly(
            "text", [](const ViewRef& v) { return v.view.text; },
            "the text: the plain-text body, else the text of the HTML body")
        .def_property_readonly(
            "html", [](const ViewRef& v) { return v.view.html; }, "the HTML body, or None")
        .def_property_readonly(
            "warnings", [](const ViewRef& v) { return v.view.warnings; },
            "what reading the view had to guess or could not decode, one line each");
    py::class_<SmsViewRef, ViewRef>(m, "SmsView", "An SMS object read back (Message.sms).")
        .def("__repr__", [](const SmsViewRef& v) {
            return "<SmsView " + std::string(oms::to_string(v.view.state)) + " "
                   + py::repr(py::str(v.view.text)).cast<std::string>() + ">";
        });
    py::class_<MmsViewRef, ViewRef>(m, "MmsView", "An MMS object read back (Message.mms).")
        .def_property_readonly(
            "slides",
            [](const MmsViewRef& v) {
                py::list out;
                for (const oms::SlideView& s : v.view.slides) {
                    out.append(SlideRef{v.message, s});
                }
                return out;
            },
            "the slides, from the SMIL layout when there is one, else from the attachments")
        .def_property_readonly(
            "extra", [](const MmsViewRef& v) { return parts_of(v.message, v.view.extra); },
            "the parts no slide shows (a vCard, a document...)")
        .def_property_readonly(
            "smil", [](const MmsViewRef& v) { return part_or_none(v.message, v.view.smil); },
            "the SMIL layout's Part, or None")
        .def("__repr__", [](const MmsViewRef& v) {
            return "<MmsView " + std::string(oms::to_string(v.view.state)) + " "
                   + std::to_string(v.view.slides.size()) + " slides>";
        });
}

}  // namespace

void register_oms_views(py::module_& m) {
    bind_party(m);
    bind_part(m);
    bind_slide(m);
    bind_views(m);
}

py::object oms_view(const MessagePtr& message, bool mms) {
    std::optional<oms::OmsMessage> view;
    {
        const py::gil_scoped_release release;
        view = oms::view(*message);
    }
    const oms::ServiceType wanted = mms ? oms::ServiceType::mms : oms::ServiceType::sms;
    if (!view || view->service != wanted) {
        return py::none();
    }
    if (mms) {
        return py::cast(MmsViewRef{{message, std::move(*view)}});
    }
    return py::cast(SmsViewRef{{message, std::move(*view)}});
}

}  // namespace msgforge::python
