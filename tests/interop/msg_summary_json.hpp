// What msgforge reads from a .msg file, in the JSON shape the .msg peer runners print
// (msg_*_summary.{js,pl,java}): used by msg_summary and by msg_write_matrix.cpp.
#pragma once

#include <msgforge/msg/message.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace msgforge::test {

nlohmann::json or_null(const std::optional<std::string>& s);

/// {class, subject, sender_name, sender_email, recipients:[{name,email,type}],
///  attachments:[{name,size,mime}], body_text}; a property the message lacks is null.
nlohmann::json msg_summary(const msg::Message& m);

}  // namespace msgforge::test
