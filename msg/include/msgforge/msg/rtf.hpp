// RTF message bodies: MS-OXRTFCP compression of PidTagRtfCompressed (LZFu and the uncompressed
// MELA form) and MS-OXRTFEX de-encapsulation of the HTML or plain text that Outlook keeps
// inside an RTF body (\fromhtml1, \fromtext).
#pragma once

#include <msgforge/base/error.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace msgforge::msg::rtf {

/// Limits and checks for decompress().
struct DecompressOptions {
    /// Largest output accepted, in bytes; 0 means 64 MiB or 256 times the input size, whichever
    /// is larger. A RawSize beyond it is a LimitError, raised before anything is allocated.
    uint64_t max_output = 0;
    /// Verify the CRC of LZFu data.
    bool check_crc = true;
};

/// MS-OXRTFCP: decompresses a PidTagRtfCompressed value, compressed ("LZFu") or stored
/// ("MELA"), and returns the RTF bytes.
/// Throws FormatError (structure "compressed RTF", offset of the bad byte) for a bad header,
/// a bad CRC (the message gives the stored and the computed value), truncated data, a RawSize
/// that disagrees with the output, or a reference to a dictionary byte not yet written.
/// Throws LimitError when RawSize exceeds the output limit; never allocates beyond it.
/// MELA streams written with RawSize = CompSize (a known writer quirk) are accepted: the data
/// then ends at CompSize.
std::vector<uint8_t> decompress(std::span<const uint8_t> compressed,
                                const DecompressOptions& options = {});

/// The two forms of MS-OXRTFCP 2.1.3.1.1 (COMPTYPE).
enum class Compression {
    lzfu,  ///< "LZFu": compressed, with a CRC
    mela,  ///< "MELA": stored uncompressed, CRC 0
};

/// MS-OXRTFCP: compresses RTF bytes into a PidTagRtfCompressed value. The output is a function
/// of the input alone (the spec's longest-match rule, earliest offset on a tie),
/// and decompress(compress(x)) == x. Throws UsageError when the input is too large
/// for the 32-bit size fields.
std::vector<uint8_t> compress(std::span<const uint8_t> rtf, Compression form = Compression::lzfu);

/// What an RTF body carries besides its own RTF (MS-OXRTFEX FROMHTML and FROMTEXT).
enum class Encapsulated {
    none,  ///< native RTF
    html,  ///< \fromhtml1: the original HTML can be restored
    text,  ///< \fromtext: the original plain text can be restored
};

/// Looks for \fromhtml1 or \fromtext in the RTF header, before the first text or group other
/// than the font, colour and style tables. Never throws.
Encapsulated detect(std::span<const uint8_t> rtf);

/// The content restored from an RTF body.
struct Deencapsulated {
    Encapsulated kind = Encapsulated::none;
    /// The HTML or plain text, always UTF-8: code-page bytes (\'hh and 8-bit text) are converted
    /// from the code page of the current font (\fcharset, \cpg) or of the document (\ansicpg,
    /// default 1252), and \uN characters are encoded as UTF-8. A meta charset declaration in the
    /// HTML is left as written, so it may no longer describe the bytes.
    std::string content;
    /// The charset the HTML declares for itself (<meta charset=...> or the charset parameter of
    /// http-equiv Content-Type), lower case; empty when none is declared or for plain text.
    std::string charset_hint;
    /// The document code page (\ansicpg), 1252 when absent.
    uint32_t code_page = 1252;
};

/// MS-OXRTFEX, extracting encapsulated HTML and text: restores the encapsulated HTML or plain text.
/// Returns nullopt for native RTF. Tolerant like Outlook: unbalanced braces, unknown control words
/// and malformed escapes are walked over, not reported. Throws LimitError only when groups nest
/// deeper than 1024 levels. Work and output are linear in the input size.
std::optional<Deencapsulated> deencapsulate(std::span<const uint8_t> rtf);

/// The text of any RTF document as UTF-8 (converted as deencapsulate() converts): the
/// encapsulated text of a \fromtext body, the text of the HTML of a \fromhtml1 body
/// (html_to_text), and otherwise the body's characters with \par and \line as CRLF, header
/// tables, pictures, objects, fields' instructions and other destinations left out. Tolerant
/// and linear as deencapsulate(); throws LimitError only when groups nest deeper than 1024
/// levels.
std::string to_text(std::span<const uint8_t> rtf);

}  // namespace msgforge::msg::rtf
