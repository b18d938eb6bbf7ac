#include "values.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/base/utf.hpp>
#include <msgforge/msg/message.hpp>

#include <type_traits>
#include <vector>

namespace msgforge::python {

namespace {

template <typename T>
struct IsVector : std::false_type {};

template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

py::bytes bytes_of(const cfb::Blob& b) {
    const std::string_view chars = as_chars(b.span());
    return {chars.data(), chars.size()};
}

template <typename T>
py::object one(const T& v, const msg::ObjectBase& object, uint16_t id) {
    if constexpr (std::is_same_v<T, msg::String8>) {
        return py::str(object.decode(id, v));
    } else if constexpr (std::is_same_v<T, std::u16string>) {
        return py::str(utf16_to_utf8(v));
    } else if constexpr (std::is_same_v<T, FileTime>) {
        return datetime_of(v);
    } else if constexpr (std::is_same_v<T, Guid>) {
        return py::str(v.to_string());
    } else if constexpr (std::is_same_v<T, cfb::Blob>) {
        return bytes_of(v);
    } else if constexpr (std::is_same_v<T, msg::ServerId>) {
        return bytes_of(v.bytes);
    } else if constexpr (std::is_same_v<T, msg::Currency>) {
        return py::int_(v.scaled);
    } else if constexpr (std::is_same_v<T, msg::FloatingTime>) {
        return py::float_(v.days);
    } else if constexpr (std::is_same_v<T, msg::ErrorCode>) {
        return py::int_(v.code);
    } else if constexpr (std::is_same_v<T, bool>) {
        return py::bool_(v);
    } else if constexpr (std::is_arithmetic_v<T>) {
        return py::cast(v);
    } else {
        return py::none();
    }
}

}  // namespace

py::object datetime_of(const FileTime& t) {
    const py::module_ dt = py::module_::import("datetime");
    const py::object epoch =
        dt.attr("datetime")(1601, 1, 1, 0, 0, 0, 0, dt.attr("timezone").attr("utc"));
    return epoch + dt.attr("timedelta")(py::arg("microseconds") = t.ticks / 10);
}

FileTime filetime_of(const py::handle& datetime) {
    const py::module_ dt = py::module_::import("datetime");
    py::object value = py::reinterpret_borrow<py::object>(datetime);
    if (value.attr("tzinfo").is_none()) {
        value = value.attr("replace")(py::arg("tzinfo") = dt.attr("timezone").attr("utc"));
    }
    const py::object epoch =
        dt.attr("datetime")(1601, 1, 1, 0, 0, 0, 0, dt.attr("timezone").attr("utc"));
    const py::object delta = value - epoch;
    const int64_t days = delta.attr("days").cast<int64_t>();
    const int64_t seconds = delta.attr("seconds").cast<int64_t>();
    const int64_t micro = delta.attr("microseconds").cast<int64_t>();
    if (days < 0) {
        throw UsageError("a time before 1601-01-01 cannot be stored");
    }
    return FileTime{static_cast<uint64_t>(((days * 86'400 + seconds) * 1'000'000 + micro) * 10)};
}

py::object text_or_none(const std::optional<std::string>& s) {
    return s ? py::object(py::str(*s)) : py::object(py::none());
}

py::object value_of(const msg::PropertyValue& value, const msg::ObjectBase& object, uint16_t id) {
    return std::visit(
        [&](const auto& v) -> py::object {
            using T = std::decay_t<decltype(v)>;
            if constexpr (IsVector<T>::value) {
                py::list list;
                for (const auto& item : v) {
                    list.append(one(item, object, id));
                }
                return list;
            } else {
                return one(v, object, id);
            }
        },
        value.variant());
}

py::object attachment_data(const msg::Attachment& attachment) {
    const auto d = attachment.data();
    if (!d) {
        return py::none();
    }
    // The Blob keeps the bytes it views (the file's) alive.
    const auto keep = std::make_shared<const cfb::Blob>(*d);
    return py::memoryview(py::cast(SharedBytes{keep, keep->data(), keep->size()}));
}

std::vector<uint8_t> buffer_bytes(const py::buffer& source) {
    Py_buffer view;
    if (PyObject_GetBuffer(source.ptr(), &view, PyBUF_SIMPLE) != 0) {
        throw py::error_already_set();
    }
    const auto* first = static_cast<const uint8_t*>(view.buf);
    std::vector<uint8_t> out(first, first + view.len);
    PyBuffer_Release(&view);
    return out;
}

}  // namespace msgforge::python
