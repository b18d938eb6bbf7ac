// msgforge.Note(), Sms() and Mms(): messages built from Python values, with the library's
// Outlook defaults; msgforge.validate().
#include "values.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>

#include <filesystem>
#include <memory>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <vector>

namespace msgforge::python {

namespace {

namespace tags = msg::tags;

std::vector<uint8_t> bytes_arg(const py::handle& h) {
    const std::string s = py::bytes(py::reinterpret_borrow<py::object>(h));
    return {s.begin(), s.end()};
}

/// "Name <address>", an Address, or a (name, address) pair.
msg::Address address_arg(const py::handle& h) {
    if (py::isinstance<msg::Address>(h)) {
        return h.cast<msg::Address>();
    }
    if (py::isinstance<py::tuple>(h)) {
        const auto t = h.cast<py::tuple>();
        if (t.size() != 2) {
            throw UsageError("an address pair is (name, address)");
        }
        return msg::Address{t[0].cast<std::string>(), t[1].cast<std::string>()};
    }
    return msg::parse_address(h.cast<std::string>());
}

/// "number", a (number, name) pair, or a Party.
oms::Party party_arg(const py::handle& h) {
    if (py::isinstance<oms::Party>(h)) {
        return h.cast<oms::Party>();
    }
    if (py::isinstance<py::tuple>(h)) {
        const auto t = h.cast<py::tuple>();
        if (t.size() != 2) {
            throw UsageError("a phone pair is (number, name)");
        }
        return oms::Party{t[0].cast<std::string>(), t[1].cast<std::string>()};
    }
    return oms::Party{h.cast<std::string>(), ""};
}

std::vector<oms::Party> parties_arg(const py::iterable& list) {
    std::vector<oms::Party> out;
    for (const py::handle h : list) {
        out.push_back(party_arg(h));
    }
    return out;
}

/// (name, bytes) or (name, bytes, mime_type).
oms::Media media_arg(const py::handle& h) {
    const auto t = h.cast<py::tuple>();
    if (t.size() != 2 && t.size() != 3) {
        throw UsageError("a file is (name, bytes) or (name, bytes, mime_type)");
    }
    return oms::Media{t[0].cast<std::string>(), bytes_arg(t[1]),
                      t.size() == 3 ? t[2].cast<std::string>() : ""};
}

oms::State state_arg(const std::string& s) {
    for (const oms::State state : {oms::State::draft, oms::State::sent, oms::State::received}) {
        if (oms::to_string(state) == s) {
            return state;
        }
    }
    throw UsageError("state must be draft, sent or received (got '" + s + "')");
}

oms::Envelope envelope_arg(const py::iterable& to, const std::string& state,
                           const py::object& sender, const py::object& time, bool read) {
    oms::Envelope e;
    e.to = parties_arg(to);
    e.state = state_arg(state);
    if (!sender.is_none()) {
        e.from = party_arg(sender);
    }
    if (!time.is_none()) {
        e.time = filetime_of(time);
    }
    e.read = read;
    return e;
}

MessagePtr note(const std::string& message_class, const py::object& subject,
                const py::object& sender, const py::iterable& to, const py::iterable& cc,
                const py::iterable& bcc, const py::object& body, const py::object& html,
                const py::iterable& attachments, const py::object& sent) {
    msg::Message m;
    msg::set(m, tags::PidTagMessageClass, message_class);
    if (!subject.is_none()) {
        msg::set(m, tags::PidTagSubject, subject.cast<std::string>());
    }
    if (!sender.is_none()) {
        msg::set_sender(m, address_arg(sender));
    }
    for (const auto& [list, type] :
         {std::pair{&to, msg::RecipientType::to}, std::pair{&cc, msg::RecipientType::cc},
          std::pair{&bcc, msg::RecipientType::bcc}}) {
        for (const py::handle h : *list) {
            msg::add_recipient(m, type, address_arg(h));
        }
    }
    if (!body.is_none()) {
        msg::set(m, tags::PidTagBody, body.cast<std::string>());
    }
    if (!html.is_none()) {
        const std::string h = html.cast<std::string>();
        msg::set(m, tags::PidTagHtml, std::vector<uint8_t>(h.begin(), h.end()));
        msg::set(m, tags::PidTagInternetCodepage, int32_t{65001});
    }
    for (const py::handle h : attachments) {
        oms::Media f = media_arg(h);
        msg::add_attachment(m, f.file_name, cfb::Blob::owned(std::move(f.data)), f.mime_type);
    }
    if (!sent.is_none()) {
        msg::set(m, tags::PidTagClientSubmitTime, filetime_of(sent));
    }
    const py::gil_scoped_release release;
    msg::apply_outlook_defaults(m);
    return std::make_shared<msg::Message>(std::move(m));
}

MessagePtr sms(const py::iterable& to, const std::string& text, const std::string& state,
               const py::object& sender, const py::object& time, bool read) {
    oms::Sms s;
    s.envelope = envelope_arg(to, state, sender, time, read);
    s.text = text;
    const py::gil_scoped_release release;
    return std::make_shared<msg::Message>(oms::build(s));
}

oms::Slide slide_arg(const py::handle& h) {
    const auto d = h.cast<py::dict>();
    oms::Slide s;
    for (const auto& [key, value] : d) {
        const std::string k = key.cast<std::string>();
        if (k == "text") {
            s.text = value.cast<std::string>();
        } else if (k == "image" || k == "video") {
            s.visual = media_arg(value);
        } else if (k == "audio") {
            s.audio = media_arg(value);
        } else if (k == "duration_ms") {
            s.duration_ms = value.cast<uint32_t>();
        } else {
            throw UsageError("a slide has text, image, video, audio and duration_ms (got '" + k
                             + "')");
        }
    }
    return s;
}

MessagePtr mms(const py::iterable& to, const py::iterable& slides, const std::string& subject,
               const py::iterable& extra, const std::string& state, const py::object& sender,
               const py::object& time, bool read) {
    oms::Mms m;
    m.envelope = envelope_arg(to, state, sender, time, read);
    m.subject = subject;
    for (const py::handle h : slides) {
        m.slides.push_back(slide_arg(h));
    }
    for (const py::handle h : extra) {
        m.extra.push_back(media_arg(h));
    }
    const py::gil_scoped_release release;
    return std::make_shared<msg::Message>(oms::build(m));
}

py::list validate(const msg::Message& m) {
    std::vector<oms::Finding> findings;
    {
        const py::gil_scoped_release release;
        findings = oms::validate(m);
    }
    py::list out;
    for (const oms::Finding& f : findings) {
        out.append(py::dict(py::arg("severity") = std::string(oms::to_string(f.severity)),
                            py::arg("section") = f.section, py::arg("message") = f.message));
    }
    return out;
}

}  // namespace

void register_builders(py::module_& m) {
    m.def("Note", &note, py::kw_only(), py::arg("message_class") = "IPM.Note",
          py::arg("subject") = py::none(), py::arg("sender") = py::none(),
          py::arg("to") = py::list(), py::arg("cc") = py::list(), py::arg("bcc") = py::list(),
          py::arg("body") = py::none(), py::arg("html") = py::none(),
          py::arg("attachments") = py::list(), py::arg("sent") = py::none(),
          "A mail message with Outlook's defaults. Addresses are 'Name <address>' strings, "
          "(name, address) pairs or Address objects; attachments (name, bytes[, mime_type]).");
    m.def("Sms", &sms, py::kw_only(), py::arg("to"), py::arg("text"), py::arg("state") = "draft",
          py::arg("sender") = py::none(), py::arg("time") = py::none(), py::arg("read") = true,
          "An SMS object (MS-OXOSMMS). Phones are numbers, (number, name) pairs or Party objects; "
          "state is "
          "draft, sent or received (sent and received need sender and time).");
    m.def("Mms", &mms, py::kw_only(), py::arg("to"), py::arg("slides"), py::arg("subject") = "",
          py::arg("extra") = py::list(), py::arg("state") = "draft", py::arg("sender") = py::none(),
          py::arg("time") = py::none(), py::arg("read") = true,
          "An MMS object with a SMIL layout. Each slide is a dict with text, image or video, audio "
          "((name, bytes[, mime_type])) and duration_ms.");
    m.def("validate", &validate, py::arg("message"),
          "Checks an SMS or MMS message against MS-OXOSMMS: a list of findings (severity, section, "
          "message).");
}

}  // namespace msgforge::python
