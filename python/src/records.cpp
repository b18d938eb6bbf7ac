// msgforge records from Python: json::records() over files, on threads, without the GIL.
#include "values.hpp"

#include <msgforge/base/atomic_file.hpp>
#include <msgforge/base/bytes.hpp>
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
        AtomicFile file(out, false);
        std::string block;
        summary = json::records(files, options_of(bodies), threads, [&](const std::string& line) {
            block += line;
            block += '\n';
            if (block.size() >= (1u << 20)) {
                file.write(as_bytes(block));
                block.clear();
            }
        });
        file.write(as_bytes(block));
        file.commit();
    }
    return py::dict(py::arg("files") = summary.files, py::arg("records") = summary.records,
                    py::arg("failed") = summary.failed);
}

}  // namespace

void register_records(py::module_& m) {
    m.def("_record_lines", &record_lines, py::arg("files"), py::arg("threads") = 0,
          py::arg("bodies") = false,
          "The records of message files as JSON lines, in the order of the files.");
    m.def("_write_records", &write_records, py::arg("files"), py::arg("out"),
          py::arg("threads") = 0, py::arg("bodies") = false,
          "Writes the records of message files to a JSON Lines file atomically.");
}

}  // namespace msgforge::python
