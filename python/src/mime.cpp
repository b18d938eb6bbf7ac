// Internet mail from Python: Message.to_eml() and msgforge.from_eml(), through the mime
// component as `msgforge convert` does it.
#include "values.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/files.hpp>
#include <msgforge/mime/from_mime.hpp>
#include <msgforge/mime/to_mime.hpp>

#include <filesystem>
#include <memory>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <utility>
#include <vector>

namespace msgforge::python {

namespace {

/// The message of a MIME reading; its warnings join the message's, where Message.warnings
/// finds them.
MessagePtr message_of(mime::FromMimeResult result) {
    auto message = std::make_shared<msg::Message>(std::move(result.message));
    message->warnings.insert(message->warnings.end(), result.warnings.begin(),
                             result.warnings.end());
    return message;
}

MessagePtr from_eml_bytes(const py::buffer& data) {
    const std::vector<uint8_t> bytes = buffer_bytes(data);
    const py::gil_scoped_release release;
    return message_of(mime::from_mime(bytes, "<bytes>"));
}

MessagePtr from_eml_path(const std::filesystem::path& path) {
    const py::gil_scoped_release release;
    const std::vector<uint8_t> bytes = read_file_bytes(path);
    return message_of(mime::from_mime(bytes, path.string()));
}

py::bytes to_eml(const msg::Message& message, bool transport_headers) {
    std::string eml;
    {
        const py::gil_scoped_release release;
        eml = mime::to_mime(message, mime::ToMimeOptions{transport_headers});
    }
    return {eml.data(), eml.size()};
}

}  // namespace

void register_mime(py::module_& m) {
    py::class_<msg::Message, MessagePtr> message =
        py::reinterpret_borrow<py::class_<msg::Message, MessagePtr>>(m.attr("Message"));
    message.def("to_eml", &to_eml, py::kw_only(), py::arg("transport_headers") = true,
                "The message as an .eml file's bytes (RFC 5322, CRLF line ends), as `msgforge "
                "convert IN.msg -o OUT.eml` writes it. transport_headers=False leaves out the "
                "headers of the stored transport headers that no property gives.");
    // Bytes first: pybind11 would also take bytes as a path.
    m.def("from_eml", &from_eml_bytes, py::arg("source"),
          "Reads an .eml file's bytes (bytes, bytearray, memoryview).");
    m.def("from_eml", &from_eml_path, py::arg("source"),
          "Reads an .eml file (a path) into a Message with Outlook's defaults, as `msgforge "
          "convert IN.eml -o OUT.msg` does; what was tolerated is in .warnings.");
}

}  // namespace msgforge::python
