// The extension module msgforge._msgforge; the package msgforge (python/msgforge) re-exports it.
#include "values.hpp"

#include <msgforge/version.hpp>

PYBIND11_MODULE(_msgforge, m) {
    m.doc() = "msgforge: Outlook .msg files (the C++ library's Python binding)";
    m.attr("__version__") = std::string(msgforge::version());
    msgforge::python::register_errors(m);
    msgforge::python::register_message(m);
    msgforge::python::register_oms_views(m);
    msgforge::python::register_builders(m);
    msgforge::python::register_mime(m);
    msgforge::python::register_records(m);
}
