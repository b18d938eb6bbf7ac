// Errors thrown by every msgforge layer: a code, a location (file, structure, byte offset)
// and a message. The policy is in docs/library.md ("Errors").
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace msgforge {

enum class Errc {
    format,    ///< the input is malformed
    limit,     ///< a configured limit was reached
    io,        ///< the operating system refused a read or write
    internal,  ///< an invariant of msgforge itself broke (a bug)
    usage,     ///< the caller asked for what cannot be done (a name, value or size out of range)
};

/// Where in the input an error was found. Every field is optional.
struct Location {
    std::string file;                ///< path or name of the input, empty if unknown
    std::string structure;           ///< e.g. "FAT chain of stream __substg1.0_1000001F"
    std::optional<uint64_t> offset;  ///< absolute byte offset in the file
};

/// Base of every exception msgforge throws: bad input, limits, I/O and misuse.
/// what() reads "file: structure at 0xOFFSET: detail".
class Error : public std::runtime_error {
public:
    Error(Errc code, Location where, std::string detail);

    Errc code() const noexcept { return code_; }

    const Location& location() const noexcept { return where_; }

    const std::string& detail() const noexcept { return detail_; }

    const char* what() const noexcept override { return text_.c_str(); }

    /// Sets the file name if none is set yet (used at API boundaries).
    void set_file(const std::string& file);

private:
    void render();

    Errc code_;
    Location where_;
    std::string detail_;
    std::string text_;
};

/// The input is malformed.
class FormatError : public Error {
public:
    FormatError(Location where, std::string detail)
        : Error(Errc::format, std::move(where), std::move(detail)) {}

protected:
    FormatError(Errc code, Location where, std::string detail)
        : Error(code, std::move(where), std::move(detail)) {}
};

/// A configured limit was reached; the input may be valid but is refused.
class LimitError : public FormatError {
public:
    LimitError(Location where, std::string detail)
        : FormatError(Errc::limit, std::move(where), std::move(detail)) {}
};

/// The caller asked for what cannot be done: an invalid name, a value of the wrong type, text
/// that is not UTF-8, an object too large for its format, an id that does not exist.
class UsageError : public Error {
public:
    explicit UsageError(std::string detail) : Error(Errc::usage, Location{}, std::move(detail)) {}

    UsageError(Location where, std::string detail)
        : Error(Errc::usage, std::move(where), std::move(detail)) {}
};

/// The operating system refused a read or write; errno is kept.
class IoError : public Error {
public:
    IoError(std::string file, std::string detail, int err);

    int error_number() const noexcept { return errno_; }

private:
    int errno_;
};

/// Formats an offset as 0x upper-case hex, as used in every message.
std::string hex(uint64_t value);

}  // namespace msgforge
