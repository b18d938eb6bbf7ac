// What the tests of the .msg commands share: the command line run in-process, messages and
// files.
#pragma once

#include "run_cli.hpp"
#include "support/support.hpp"

#include <msgforge/cfb/blob.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace msgforge::test {

using Result = CliResult;

/// Runs the command line in-process.
inline constexpr auto run = run_cli;

/// A blob holding the bytes of `s`.
cfb::Blob blob(const std::string& s);

msg::PropertyTag tag(uint16_t id, msg::PropertyType type);

/// An attachment by value named `name`, of MIME type text/plain, holding `data`.
msg::Attachment by_value(uint32_t number, const std::u16string& name, const std::string& data);

/// A message with a value of every kind, named properties, three recipients, a plain
/// attachment, a hostile-named one, an embedded message and an OLE storage.
msg::Message sample();

/// Writes `m` as `name` in `dir`; returns its path.
std::filesystem::path write_message(const TempDir& dir, const msg::Message& m,
                                    const std::string& name);

/// Writes `text` as `name` in `dir`; returns its path.
std::filesystem::path write_text(const TempDir& dir, const std::string& name,
                                 const std::string& text);

/// The bytes of `file` as a string.
std::string text_of(const std::filesystem::path& file);

/// How many times `what` occurs in `text`.
size_t count(const std::string& text, const std::string& what);

}  // namespace msgforge::test
