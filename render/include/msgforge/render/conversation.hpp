// Phone conversations as pages (docs/conversations.md): SMS and MMS messages grouped by the set
// of other parties, each conversation a page of bubbles (received left, sent right) with the
// MMS slides' images, audio and video, and an index page of the conversations.
#pragma once

#include <msgforge/base/filetime.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::render {

/// Who wrote a message of a conversation: the other party (received), the phone's owner (sent),
/// or the owner without sending it yet (a draft, shown on the owner's side).
enum class Direction { received, sent, draft };

/// One message of a conversation, as grouping saw it.
struct ConversationMessage {
    /// The caller's number for the message, as given to ConversationGrouper::add().
    size_t index = 0;
    oms::ServiceType service = oms::ServiceType::sms;
    /// From the MS-OXOSMMS state oms::view() reads (PidTagMessageFlags, delivery and submit
    /// times): received, sent, or draft.
    Direction direction = Direction::received;
    /// Delivery time (received) or submit time (sent); none for most drafts.
    std::optional<FileTime> time;
    /// The sender of a received message; empty for the owner's own messages.
    oms::Party sender;
    /// The text abbreviated as oms::abbreviate() does (for an MMS: its subject, else its
    /// slides' text); empty when there is none.
    std::string excerpt;
};

/// The messages exchanged with one set of other parties.
struct Conversation {
    /// The other parties, in the order of their normalised numbers; each with the name the
    /// latest message gave it, and the number as written in the first message.
    std::vector<oms::Party> parties;
    /// normalize_number() of each party: what identifies the conversation.
    std::vector<std::string> numbers;
    /// By time, messages of equal time (and those without) in the order they were added; those
    /// without a time last.
    std::vector<ConversationMessage> messages;

    /// The time of the latest message, if any has one.
    std::optional<FileTime> last_time() const;

    /// More than one other party: received bubbles say who wrote them.
    bool group() const { return parties.size() > 1; }

    /// The parties' names (else numbers) joined by ", "; "(no other party)" when there is none.
    std::string title() const;
};

/// A phone number as conversations compare them: its digits, with a leading '+' (or "00",
/// read as '+') kept; spaces, dashes, dots and brackets dropped. An address without digits (a
/// sender name such as "BANK") is its trimmed text in ASCII lower case.
std::string normalize_number(std::string_view address);

struct GroupOptions {
    /// The phone owner's numbers, besides those the messages show (the sender of every sent
    /// message, the only recipient of a received one).
    std::vector<std::string> owner_numbers;
};

/// Groups SMS and MMS messages into conversations: add() every message, then conversations().
class ConversationGrouper {
public:
    explicit ConversationGrouper(GroupOptions options = {});

    /// Takes note of `message` under the caller's `index` when it is an SMS or MMS (oms::view());
    /// returns false, keeping nothing, for any other message. Throws what oms::view() throws.
    bool add(const msg::Message& message, size_t index);

    /// The conversations of the messages added, the one with the latest message first (those
    /// without any time last, then by their numbers). A message's other parties are its
    /// sender and recipients but the owner's numbers; a number without country code is taken
    /// as the one international number of the messages that ends with it (without its trunk
    /// '0'), and left apart when there are none or several (docs/conversations.md).
    std::vector<Conversation> conversations() const;

    /// The number of messages added.
    size_t size() const { return entries_.size(); }

private:
    struct Entry {
        ConversationMessage message;
        std::optional<oms::Party> from;
        std::vector<oms::Party> recipients;  ///< to, cc and bcc
    };

    GroupOptions options_;
    std::vector<Entry> entries_;
};

/// The message of an index given to ConversationGrouper::add(); the reference is used only
/// until the next call. May throw (a file that can no longer be read).
using MessageSource = std::function<const msg::Message&(size_t index)>;

struct ConversationPageOptions {
    /// Where the page links back to the index (relative to the page); empty for no link.
    std::string index_href = "index.html";
    /// Media and files larger than this many bytes are not embedded as data: URIs but written
    /// beside the page (ConversationPage::files) and linked.
    uint64_t max_inline = uint64_t{1} << 20;
    /// The folder, relative to the page, of the files written beside it (empty: the page's own
    /// folder); characters other than ASCII letters, digits and "-._~/" are percent-encoded in
    /// the links. The caller makes it safe: it is used as given.
    std::string media_folder = "media";
};

/// A file a page links to, to be written beside it.
struct PageFile {
    /// The path relative to the page: media_folder, '/', and "mN-K.ext" (message N of the
    /// page, part K of the message, the extension of its sniffed type, else ".bin").
    std::string path;
    std::vector<uint8_t> data;
};

struct ConversationPage {
    std::string html;
    std::vector<PageFile> files;
};

/// The page of a conversation: one bubble per message (received on the left, sent and drafts
/// on the right), its time (UTC), the sender's name on received bubbles of a group; an MMS's
/// subject, its slides in order (an image whose bytes are JPEG, PNG, GIF, BMP or WebP as an
/// img, audio and video as <audio controls>/<video controls>, the text) and its other parts as
/// download links. Every text escaped; no script. Throws what `source` and oms::view() throw.
ConversationPage conversation_page(const Conversation& conversation, const MessageSource& source,
                                   const ConversationPageOptions& options = {});

/// A conversation and the address of its page, relative to the index.
struct ConversationIndexEntry {
    const Conversation* conversation = nullptr;
    std::string href;
};

/// The index page: for each conversation, latest first, its parties (linked to its page), the
/// number of messages, the time of the last one and an excerpt of it.
std::string conversation_index(const std::vector<ConversationIndexEntry>& entries);

}  // namespace msgforge::render
