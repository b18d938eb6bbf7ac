// The library's exceptions as Python exceptions: msgforge.Error and its subclasses, carrying
// the file, the structure and the offset.
#include "values.hpp"

#include <msgforge/base/error.hpp>

#include <exception>

namespace msgforge::python {

namespace {

/// The exception types, created once with the module and kept for the life of the process.
struct Types {
    PyObject* error = nullptr;
    PyObject* format = nullptr;
    PyObject* limit = nullptr;
    PyObject* usage = nullptr;
    PyObject* io = nullptr;
};

Types& types() {
    static Types t;
    return t;
}

PyObject* new_type(py::module_& m, const char* name, PyObject* base, const char* doc) {
    const std::string qualified = std::string("msgforge.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
    if (type == nullptr) {
        throw py::error_already_set();
    }
    m.add_object(name, py::reinterpret_borrow<py::object>(type));
    return type;
}

void raise(PyObject* type, const Error& e) {
    const py::object exc = py::reinterpret_borrow<py::object>(type)(e.what());
    exc.attr("file") = e.location().file;
    exc.attr("structure") = e.location().structure;
    exc.attr("offset") = e.location().offset ? py::cast(*e.location().offset) : py::none();
    exc.attr("detail") = e.detail();
    PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
    Types& t = types();
    t.error = new_type(m, "Error", PyExc_Exception,
                       "A msgforge error; .file, .structure, .offset (or None) and .detail say "
                       "where and what.");
    t.format = new_type(m, "FormatError", t.error, "The input is not what its format allows.");
    t.limit = new_type(m, "LimitError", t.format, "The input goes beyond a reading limit.");
    t.usage = new_type(m, "UsageError", t.error, "The call asks for what cannot be done.");
    t.io = new_type(m, "IoError", t.error, "A file could not be read or written.");
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) {
                std::rethrow_exception(p);
            }
        } catch (const LimitError& e) {
            raise(types().limit, e);
        } catch (const FormatError& e) {
            raise(types().format, e);
        } catch (const UsageError& e) {
            raise(types().usage, e);
        } catch (const IoError& e) {
            raise(types().io, e);
        } catch (const Error& e) {
            raise(types().error, e);
        }
    });
}

}  // namespace msgforge::python
