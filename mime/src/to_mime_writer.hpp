// The pieces of to_mime() its files share: a Writer that builds GMime objects for a message and
// its embedded messages, hashing what it puts in so that the multipart boundaries it sets at
// the end are derived from the content and never occur in it.
#pragma once

#include "gmime.hpp"

#include <msgforge/base/bytes.hpp>
#include <msgforge/base/sha256.hpp>
#include <msgforge/mime/to_mime.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>

#include <cstdint>
#include <deque>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::mime::detail {

class Writer {
public:
    explicit Writer(const ToMimeOptions& options) : options_(options) {}

    /// The GMime message of `m` (headers, bodies, attachments), embedded messages included.
    GPtr<GMimeMessage> message(const msg::Message& m);

    /// The multipart/signed entity the top-level message given to message() holds as it was
    /// stored (IPM.Note.SMIME.MultipartSigned), to be written byte for byte; empty for any
    /// other message.
    std::string_view signed_entity() const { return signed_entity_; }

    /// The bytes of part content put in so far, from which the size of the output is estimated.
    size_t content_size() const { return content_size_; }

    /// Sets every multipart's boundary from the digest of what was put in so far.
    void set_boundaries();

    /// A leaf part of MIME type `type` ("image/png", parameters allowed; application/
    /// octet-stream when GMime cannot parse it) holding `data`, which it reads in place: the
    /// bytes of the message given to message() or bytes given to keep(). `encoding` is its
    /// Content-Transfer-Encoding; GMIME_CONTENT_ENCODING_DEFAULT gives the one GMime finds best
    /// for 7-bit transport.
    GPtr<GMimePart> part(std::string_view type, std::span<const uint8_t> data,
                         GMimeContentEncoding encoding = GMIME_CONTENT_ENCODING_DEFAULT);

    /// As above for text (UTF-8, or bytes in the charset `type` names), which the Writer keeps.
    GPtr<GMimePart> part(std::string_view type, std::string text) {
        return part(type, as_bytes(keep(std::move(text))));
    }

    /// Keeps `bytes` as long as the Writer lives, for the parts that read them in place.
    std::span<const uint8_t> keep(std::vector<uint8_t> bytes);
    std::string_view keep(std::string text);

    /// An empty multipart/`subtype` whose boundary set_boundaries() sets.
    GPtr<GMimeMultipart> multipart(const char* subtype);

    /// `children` under one multipart/`subtype`, or the only child itself; nullptr for none.
    GPtr<GMimeObject> combine(const char* subtype, std::vector<GPtr<GMimeObject>> children);

    /// Sets a header of `object` from UTF-8 (GMime encodes it as RFC 2047 needs), hashed.
    void header(GMimeObject* object, const char* name, std::string_view value);

    /// Feeds text that ends up in the output to the boundary digest.
    void hash(std::string_view text);

    /// Feeds part content written with `encoding` to the boundary digest. Boundaries begin
    /// "=_", which base64 and quoted-printable never write, so only content that goes out as it
    /// is could hold one and is fed whole; of encoded content, its size.
    void hash_content(std::span<const uint8_t> data, GMimeContentEncoding encoding);

private:
    /// The headers of `m` written from its properties (to_mime_headers.cpp); `written` gets
    /// the lower-case name of each header it sets.
    void headers(const msg::Message& m, GMimeMessage* out, std::set<std::string>& written);

    /// The transport headers of `m` that no property gave (those not in `written`, and no
    /// MIME structure header), before the others.
    void transport_headers(const msg::Message& m, GMimeMessage* out,
                           const std::set<std::string>& written);

    /// The multipart/report of a REPORT.* message (to_mime_report.cpp), or nullptr when its
    /// class is no delivery or read report or its properties cannot give the status part.
    GPtr<GMimeObject> report_content(const msg::Message& m);

    /// The body and attachments of an ordinary message.
    GPtr<GMimeObject> content(const msg::Message& m);

    /// The body of an IPM.Note.SMIME message (the stored application/pkcs7-mime or
    /// multipart/signed entity), or nullptr when the message holds none.
    GPtr<GMimeObject> smime_content(const msg::Message& m);

    /// The body of an SMS or MMS (to_mime_oms.cpp) and its parties as headers.
    GPtr<GMimeObject> oms_content(const msg::Message& m, const oms::OmsMessage& view,
                                  GMimeMessage* out, std::set<std::string>& written);

    /// One attachment as a part (a message/rfc822 part for an embedded message); nullptr for
    /// an attachment that holds no data (a reference to a file elsewhere).
    GPtr<GMimeObject> attachment(const msg::Attachment& a, bool inline_part);

    const ToMimeOptions& options_;
    /// What keep() was given (a deque: what it holds never moves).
    std::deque<std::vector<uint8_t>> kept_bytes_;
    std::deque<std::string> kept_texts_;
    Sha256 digest_;
    std::vector<GMimeMultipart*> multiparts_;
    size_t content_size_ = 0;
    std::string_view signed_entity_;
    uint32_t depth_ = 0;
};

/// A GMime stream reading `bytes` in place, without a copy; they must outlive the stream and
/// every part and parser that reads it.
GPtr<GMimeStream> memory_stream(std::string_view bytes);

/// The Content-Transfer-Encoding GMime finds best for `data` under `constraint` (its best
/// filter run over the bytes in place).
GMimeContentEncoding best_encoding(std::span<const uint8_t> data,
                                   GMimeEncodingConstraint constraint);

/// The encoding of a message/* part, which may only be 7bit or 8bit (RFC 2046 5.2).
GMimeContentEncoding message_encoding(std::span<const uint8_t> data);

/// Serialises `object` with CRLF line ends; `size_hint` is the size expected, which the output
/// buffer is given from the start.
std::string serialise(GMimeObject* object, size_t size_hint = 0);

/// The header block of `object` with CRLF line ends (no empty line after it).
std::string serialise_headers(GMimeObject* object);

/// The header block of the MIME entity `entity`, with the empty line that ends it; all of
/// `entity` when no empty line comes.
std::string_view entity_headers(std::string_view entity);

/// Whether the MIME entity `entity` has a MIME-Version header of its own.
bool has_mime_version(std::string_view entity);

/// The parts of an address as a mailbox: the SMTP address, else the native address when it
/// has an @, else the native address encapsulated as MS-OXCMAIL 2.1.3.1.3 describes
/// (IMCEA<type>-<address>@invalid).
std::string mailbox_address(const msg::Address& address);

/// The mailbox of a phone number: its digits, letters and '+', '#', '*' @mobile.invalid.
std::string phone_mailbox(std::string_view number);

/// `text` with every "\r\n" made "\n" and then every "\n" "\r\n".
std::string crlf(std::string_view text);

}  // namespace msgforge::mime::detail
