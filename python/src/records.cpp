// msgforge records from Python: json::records() over files, on threads, without the GIL.
#include "values.hpp"

#include <msgforge/base/files.hpp>
#include <msgforge/json/records.hpp>

#include <filesystem>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <string>
#include <vector>

namespace msgforge::python {

namespace {

json::RecordOptions options_of(bool bodies) {
    json::RecordOptions options;
    options.bodies = bodies;
    return options;
}

std::vector<std::string> record_lines(const std::vector<std::filesystem::path>& files,
                                      unsigned threads, bool bodies) {
    std::vector<std::string> lines;
    const py::gil_scoped_release release;
    json::records(files, options_of(bodies), threads,
                  [&](const std::string& line) { lines.push_back(line); });
    return lines;
}

py::dict write_records(const std::vector<std::filesystem::path>& files,
                       const std::filesystem::path& out, unsigned threads, bool bodies) {
    json::RecordsSummary summary;
    {
        const py::gil_scoped_release release;
        summary = json::write_records(files, options_of(bodies), threads, out);
    }
    return py::dict(py::arg("files") = summary.files, py::arg("records") = summary.records,
                    py::arg("failed") = summary.failed);
}

}  // namespace

void register_records(py::module_& m) {
    m.def(
        "_message_files",
        [](const std::vector<std::string>& paths) { return message_files(paths); },
        py::arg("paths"), "The .msg and .oft files of files and folders, as the CLI finds them.");
    m.def("_record_lines", &record_lines, py::arg("files"), py::arg("threads") = 0,
          py::arg("bodies") = false,
          "The records of message files as JSON lines, in the order of the files.");
    m.def("_write_records", &write_records, py::arg("files"), py::arg("out"),
          py::arg("threads") = 0, py::arg("bodies") = false,
          "Writes the records of message files to a JSON Lines file atomically.");
}

}  // namespace msgforge::python
