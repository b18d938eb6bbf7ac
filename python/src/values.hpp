// Conversions between the library's values and Python objects, shared by the binding files.
#pragma once

#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/property_value.hpp>

#include <memory>
#include <optional>
#include <pybind11/pybind11.h>
#include <string>
#include <vector>

namespace msgforge::python {

namespace py = pybind11;

/// A timezone-aware datetime (UTC) of `t`, to the microsecond.
py::object datetime_of(const FileTime& t);

/// The FILETIME of a datetime; a naive one is taken as UTC. Throws UsageError before 1601.
FileTime filetime_of(const py::handle& datetime);

/// A copy of the bytes of an object with the buffer protocol (bytes, bytearray, memoryview,
/// any C-contiguous buffer, taken as its bytes). Raises BufferError for a buffer that is not
/// contiguous.
std::vector<uint8_t> buffer_bytes(const py::buffer& source);

/// A string, or None.
py::object text_or_none(const std::optional<std::string>& s);

/// A property value as Python sees it: int, float, bool, str, bytes, datetime, a GUID as str
/// "{...}", a list for a multi-valued property; PtypString8 decoded with the object's code
/// page; an embedded object or an uninterpreted value as None.
py::object value_of(const msg::PropertyValue& value, const msg::ObjectBase& object, uint16_t id);

/// A message of a file read from Python: the top-level one owns the rest, an embedded one
/// shares its ownership (aliasing shared_ptr), so any of them keeps the file's bytes alive.
using MessagePtr = std::shared_ptr<msg::Message>;

/// An attachment of a message, keeping the message alive.
struct AttachmentRef {
    MessagePtr message;
    const msg::Attachment* attachment;
};

/// Bytes shared with a message: the buffer Attachment.data hands out as a memoryview, keeping
/// the message (and so the file's bytes) alive without a copy.
struct SharedBytes {
    std::shared_ptr<const void> owner;
    const uint8_t* data = nullptr;
    size_t size = 0;
};

/// The attachment's bytes as a read-only memoryview of SharedBytes, or None when it has none.
py::object attachment_data(const msg::Attachment& attachment);

/// Raises the msgforge.Error subclass matching the library's exception (module errors.cpp).
void register_errors(py::module_& m);

void register_message(py::module_& m);
void register_builders(py::module_& m);
/// Message.to_eml() and from_eml(); after register_message().
void register_mime(py::module_& m);
/// The classes of Message.sms and Message.mms; after register_message().
void register_oms_views(py::module_& m);
/// Message.sms (service sms) or Message.mms (service mms): the typed view, or None.
py::object oms_view(const MessagePtr& message, bool mms);
void register_records(py::module_& m);

}  // namespace msgforge::python
