// show's lines for the typed view of an appointment, meeting message, contact, task or sticky
// note (msg::item_view, docs/items.md).
#pragma once

#include <msgforge/msg/items.hpp>

#include <ostream>
#include <string>

namespace msgforge::cli {

/// The view's fields, one "label:   value" line each, labels padded to 10 columns like show's
/// other lines, each line after `indent`.
void show_item(const msg::ItemView& item, const std::string& indent, std::ostream& out);

}  // namespace msgforge::cli
