// "SMS Backup & Restore" XML archives (root <smses>, <sms/> and <mms> elements): a streaming
// reader of their elements, the mapping of an element to an SMS or MMS object and back, and a
// writer of archives.
#pragma once

#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace msgforge::sbr {

/// Attributes of an element in document order, values decoded (UTF-8).
using Attributes = std::vector<std::pair<std::string, std::string>>;

/// The value of attribute `name`, or nullopt when it is absent.
std::optional<std::string> attribute(const Attributes& attributes, std::string_view name);

enum class Kind { sms, mms };

/// One top-level element of an archive. Attributes whose value is the literal "null" (the
/// app's way of writing "no value") are left out.
struct Record {
    Kind kind = Kind::sms;
    Attributes attributes;
    /// MMS only: the attributes of each <parts><part/></parts> and <addrs><addr/></addrs>.
    std::vector<Attributes> parts;
    std::vector<Attributes> addrs;
    /// Where the element's '<' is: line (from 1) and byte offset (from 0) in the archive.
    uint64_t line = 1;
    uint64_t offset = 0;

    std::optional<std::string> get(std::string_view name) const {
        return attribute(attributes, name);
    }
};

struct ReaderOptions {
    /// Bytes read from the archive at a time.
    size_t chunk_size = size_t{1} << 20;
    /// The largest element accepted; a longer one (a missing end tag, say) is a LimitError.
    size_t max_element = size_t{256} << 20;
};

/// Reads the <sms> and <mms> elements directly inside <smses> one at a time, holding one
/// element (and one chunk) in memory, never the archive.
class Reader {
public:
    /// Opens `file` and reads up to its root element. Throws IoError, and FormatError when the
    /// input is not an archive (empty, or a root element other than <smses>).
    explicit Reader(const std::filesystem::path& file, ReaderOptions options = {});

    /// Reads from `in`, which must outlive the reader; `name` names it in errors. Throws as
    /// the other constructor.
    Reader(std::istream& in, std::string name, ReaderOptions options = {});

    /// The next element, or nullopt at the end. A malformed element throws FormatError (a too
    /// large one LimitError) naming the archive, "sbr <sms>" or "sbr <mms>", its line and
    /// offset; the reader is then past it, and the next call goes on with the next element.
    /// A failing read throws IoError.
    std::optional<Record> next();

    /// Bytes of the archive consumed so far.
    uint64_t offset() const { return offset_; }

private:
    int get();
    int peek();
    void put(std::string* out, int c);
    /// After '<': the rest of one piece of markup (tag, comment, PI, declaration) into `out`.
    void read_markup(std::string* out);
    /// Reads through the root element's start tag, refusing input whose root is not <smses>.
    void read_root();
    /// The next tag (the pending one, else the markup at the next '<') with its line and offset;
    /// false at the end of the input.
    bool next_tag(std::string& tag, uint64_t& line, uint64_t& offset);
    /// The element whose start tag is `tag` (named `name`, at `line` and `offset`), read through
    /// its end tag. Throws as next() does.
    std::string read_element(std::string tag, const std::string& name, bool self_closing, Kind kind,
                             uint64_t line, uint64_t offset);

    std::unique_ptr<std::ifstream> file_;
    std::istream* in_ = nullptr;
    std::string name_;
    ReaderOptions options_;
    std::vector<char> chunk_;
    size_t pos_ = 0;
    size_t len_ = 0;
    uint64_t offset_ = 0;
    uint64_t line_ = 1;
    int depth_ = 0;
    bool overflow_ = false;
    /// A start tag found where an unterminated element ended, kept for the next call.
    std::optional<std::string> pending_;
    uint64_t pending_line_ = 0;
    uint64_t pending_offset_ = 0;
};

/// `xml` with numeric character references to UTF-16 surrogates made valid: a high and a low
/// half in a row become one reference to the code point, a lone half becomes U+FFFD.
std::string repair_surrogates(std::string_view xml);

/// Parses one <sms .../> or <mms>...</mms> element (after repair_surrogates). Throws
/// FormatError naming `file`, the element and `line`/`offset`.
Record parse_element(std::string_view xml, Kind kind, const std::string& file, uint64_t line,
                     uint64_t offset);

/// The stand-in number of the phone's owner when the archive's owner is not known.
inline constexpr std::string_view OWNER_PLACEHOLDER = "me";

/// The conversation of a record as the phone's app threads it: the other parties' numbers of
/// its `address` attribute, sorted, each once.
std::vector<std::string> conversation_of(const Record& record);

/// The first message time of each conversation of an archive, gathered by a first pass over its
/// records (add()), so that every message of a conversation gets the same thread header.
class Threads {
public:
    /// Counts the record's date (a record without a valid date is left out).
    void add(const Record& record);

    /// The earliest date added for the conversation; nullopt when none was.
    std::optional<FileTime> start(const std::vector<std::string>& conversation) const;

private:
    std::map<std::string, FileTime> starts_;
};

/// The PidTagConversationIndex (MS-OXOMSG 2.2.1.3) of a message at `time` in the conversation
/// that started at `start`: the 22-byte header (0x01, the start time, a GUID derived from the
/// conversation's numbers) that every message of the conversation shares, and one 5-byte
/// response level holding the time since the start. The same input gives the same bytes.
std::vector<uint8_t> conversation_index(const std::vector<std::string>& conversation,
                                        FileTime start, FileTime time);

struct ImportOptions {
    /// The phone owner's number: the sender of sent messages and a recipient of received
    /// ones. Empty: OWNER_PLACEHOLDER stands in for it.
    std::string me;
    /// The archive's conversations: the thread header of each message starts at its
    /// conversation's first message. Null: at the message itself.
    const Threads* threads = nullptr;
};

/// The SMS or MMS object of a record. Throws FormatError for what cannot make one (no body,
/// no parts, a date that is not a number…).
std::variant<oms::Sms, oms::Mms> to_object(const Record& record, const ImportOptions& options = {});

/// The .msg message of a record: to_object() built with the message time as creation time (so
/// the same record gives the same bytes), plus the element's attributes the object does not
/// carry, kept for export in a named property (PS_PUBLIC_STRINGS "msgforge-sbr-attributes"),
/// the owner's number when options.me gives it (PS_PUBLIC_STRINGS "msgforge-sbr-owner", which
/// from_message() reads), and the thread: PidTagConversationTopic the other party's name (else
/// number) or the group's, and PidTagConversationIndex by conversation_index().
msg::Message to_message(const Record& record, const ImportOptions& options = {});

/// Milliseconds since 1970 from an archive time that may be in seconds or milliseconds:
/// values below 10^11 are seconds (10^11 ms is 1973, 10^11 s the year 5138).
int64_t to_milliseconds(int64_t value);

/// The time of attribute `name` ("date", "date_sent"): milliseconds or seconds since 1970 (see
/// to_milliseconds()); nullopt when it is absent or not positive. Throws FormatError naming
/// the record when it is not a whole number or out of range.
std::optional<FileTime> time_of(const Record& record, std::string_view name);

/// The numbers of an `address` attribute: '~' separates the members of a group; each is
/// trimmed and empty ones are left out.
std::vector<std::string> numbers_of(std::string_view address);

struct ExportOptions {
    /// The phone owner's number, left out of the `address` of received messages. Empty: the
    /// number to_message() recorded in the message, if any. The placeholder OWNER_PLACEHOLDER
    /// always is.
    std::string me;
};

/// The element of an SMS or MMS message. Throws FormatError when `message` is neither.
Record from_message(const msg::Message& message, const ExportOptions& options = {});

/// Writes an archive: <?xml …?>, <smses count="N"> with N the number of elements added, the
/// elements, </smses>. Elements are spooled to a temporary file, so memory stays bounded; the
/// archive replaces `target` atomically on commit().
class Writer {
public:
    /// Throws IoError.
    explicit Writer(std::filesystem::path target);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void add(const Record& record);

    /// Throws IoError.
    void commit();

    uint64_t count() const { return count_; }

private:
    std::filesystem::path target_;
    std::FILE* spool_ = nullptr;
    uint64_t count_ = 0;
};

/// The XML text of one element as Writer writes it.
std::string to_xml(const Record& record);

}  // namespace msgforge::sbr
