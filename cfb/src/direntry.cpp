#include "direntry.hpp"

#include <msgforge/base/error.hpp>

#include <string>

namespace msgforge::cfb::detail {

void EntryRecord::name_too_long(size_t units) {
    throw Error(Errc::internal, Location{{}, "directory entry", {}},
                "name of " + std::to_string(units) + " units");
}

}  // namespace msgforge::cfb::detail
