#include "read_context.hpp"

#include <msgforge/base/error.hpp>

namespace msgforge::cfb {

std::string Warning::to_string() const {
    std::string s = structure;
    if (offset) {
        s += " at " + hex(*offset);
    }
    if (!s.empty()) {
        s += ": ";
    }
    return s + message;
}

namespace detail {

void ReadContext::fail(std::string structure, std::optional<uint64_t> offset,
                       std::string detail) const {
    throw FormatError(Location{name_, std::move(structure), offset}, std::move(detail));
}

void ReadContext::fail_limit(std::string structure, uint64_t offset, std::string detail) const {
    throw LimitError(Location{name_, std::move(structure), offset}, std::move(detail));
}

void ReadContext::warn(std::string structure, std::optional<uint64_t> offset, std::string message) {
    if (options_.strict) {
        fail(std::move(structure), offset, message + " (strict reading)");
    }
    warnings_.push_back(Warning{std::move(structure), offset, std::move(message)});
}

}  // namespace detail

}  // namespace msgforge::cfb
