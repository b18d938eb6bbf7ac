// MS-OXRTFCP compressed RTF: the 16-byte header (2.1.3.1.1), the LZFu runs of control bytes,
// literals and 12+4-bit dictionary references over a 4096-byte circular dictionary preloaded
// with a 207-byte string (2.1.2.1, 3.1.1.3), and the CRC-32 variant without pre- and
// post-inversion.
#include <msgforge/base/bytes.hpp>
#include <msgforge/base/error.hpp>
#include <msgforge/msg/rtf.hpp>

#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace msgforge::msg::rtf {
namespace {

constexpr uint32_t COMPTYPE_LZFU = 0x75465A4C;  // "LZFu"
constexpr uint32_t COMPTYPE_MELA = 0x414C454D;  // "MELA"
constexpr size_t HEADER_SIZE = 16;
constexpr size_t COMPSIZE_BIAS = 12;  // COMPSIZE counts the header bytes after itself
constexpr size_t DICTIONARY_SIZE = 4096;
constexpr size_t DICTIONARY_MASK = DICTIONARY_SIZE - 1;
constexpr size_t MAX_MATCH = 17;
constexpr uint64_t DEFAULT_LIMIT = uint64_t{64} << 20;
constexpr uint64_t DEFAULT_RATIO = 256;
// A run of one control byte and eight 2-byte references yields at most 8 * 17 bytes.
constexpr uint64_t MAX_EXPANSION = 8;

// MS-OXRTFCP 3.1.1.3: the dictionary starts with these 207 bytes; writing starts after them.
constexpr std::string_view INITIAL_DICTIONARY =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
static_assert(INITIAL_DICTIONARY.size() == 207);

const std::string STRUCTURE = "compressed RTF";

[[noreturn]] void fail(uint64_t offset, std::string detail) {
    throw FormatError(Location{{}, STRUCTURE, offset}, std::move(detail));
}

std::array<uint8_t, DICTIONARY_SIZE> initial_dictionary() {
    std::array<uint8_t, DICTIONARY_SIZE> d{};
    std::copy(INITIAL_DICTIONARY.begin(), INITIAL_DICTIONARY.end(), d.begin());
    return d;
}

// The CRC of MS-OXRTFCP: reflected polynomial 0xEDB88320, initial value 0, no final XOR.
// zlib inverts before and after, so seeding it with ~0 and inverting the result cancels that.
uint32_t crc(std::span<const uint8_t> bytes) {
    uLong c = 0xFFFFFFFFUL;
    while (!bytes.empty()) {
        const size_t n = std::min<size_t>(bytes.size(), std::numeric_limits<uInt>::max());
        c = ::crc32(c, bytes.data(), static_cast<uInt>(n));
        bytes = bytes.subspan(n);
    }
    return static_cast<uint32_t>(c ^ 0xFFFFFFFFUL);
}

uint64_t output_limit(size_t input_size, const DecompressOptions& options) {
    if (options.max_output != 0) {
        return options.max_output;
    }
    const uint64_t scaled = checked_mul<uint64_t>(input_size, DEFAULT_RATIO)
                                .value_or(std::numeric_limits<uint64_t>::max());
    return std::max(DEFAULT_LIMIT, scaled);
}

// At the end marker: the output must be RAWSIZE long.
void finish(size_t written, uint32_t raw_size, uint64_t at) {
    if (written != raw_size) {
        fail(at, "end marker after " + std::to_string(written) + " of RAWSIZE "
                     + std::to_string(raw_size) + " bytes");
    }
}

std::vector<uint8_t> decode_lzfu(std::span<const uint8_t> contents, uint32_t raw_size) {
    // Sized once (RAWSIZE is within the output limit): bytes go in by index, not one
    // push_back each.
    std::vector<uint8_t> out(raw_size);
    size_t written = 0;
    std::array<uint8_t, DICTIONARY_SIZE> dictionary = initial_dictionary();
    size_t write = INITIAL_DICTIONARY.size();
    bool wrapped = false;
    size_t pos = 0;
    auto put = [&](uint8_t b, size_t at) {
        if (written == raw_size) {
            fail(HEADER_SIZE + at, "output exceeds RAWSIZE " + std::to_string(raw_size));
        }
        out[written++] = b;
        dictionary[write] = b;
        write = (write + 1) & DICTIONARY_MASK;
        wrapped = wrapped || write == 0;
    };
    while (pos < contents.size()) {
        const uint8_t control = contents[pos];
        ++pos;
        for (int bit = 0; bit < 8 && pos < contents.size(); ++bit) {
            if ((control & (1U << bit)) == 0) {
                put(contents[pos], pos);
                ++pos;
                continue;
            }
            if (contents.size() - pos < 2) {
                fail(HEADER_SIZE + pos, "dictionary reference cut off by the end of the data");
            }
            const auto word = static_cast<uint16_t>((contents[pos] << 8) | contents[pos + 1]);
            const size_t offset = word >> 4;
            const size_t length = (word & 0xFU) + 2;
            if (offset == write) {
                finish(written, raw_size, HEADER_SIZE + pos);
                return out;
            }
            if (!wrapped && offset > write) {
                fail(HEADER_SIZE + pos, "dictionary reference to offset " + std::to_string(offset)
                                            + ", not written yet (write position "
                                            + std::to_string(write) + ")");
            }
            for (size_t i = 0; i < length; ++i) {
                put(dictionary[(offset + i) & DICTIONARY_MASK], pos);
            }
            pos += 2;
        }
    }
    if (written != raw_size) {
        fail(HEADER_SIZE + contents.size(), "data ends without an end marker after "
                                                + std::to_string(written) + " of "
                                                + std::to_string(raw_size) + " bytes");
    }
    return out;
}

// Which dictionary offsets hold each byte value: 256 bitsets of 4096 bits, so the longest-match
// search visits only the offsets whose first byte matches.
class DictionaryIndex {
public:
    explicit DictionaryIndex(const std::array<uint8_t, DICTIONARY_SIZE>& dictionary)
        : bits_(256 * WORDS) {
        for (size_t i = 0; i < DICTIONARY_SIZE; ++i) {
            set(dictionary[i], i);
        }
    }

    void replace(uint8_t old_value, uint8_t new_value, size_t at) {
        bits_[old_value * WORDS + at / 64] &= ~(uint64_t{1} << (at % 64));
        set(new_value, at);
    }

    // Calls f(offset) for each offset in [begin, end) holding `value`, in increasing order,
    // until f returns false. Returns false if stopped.
    template <typename F>
    bool each(uint8_t value, size_t begin, size_t end, F&& f) const {
        for (size_t w = begin / 64; w * 64 < end; ++w) {
            uint64_t word = bits_[value * WORDS + w];
            if (w == begin / 64) {
                word &= ~uint64_t{0} << (begin % 64);
            }
            if ((w + 1) * 64 > end) {
                word &= (uint64_t{1} << (end % 64)) - 1;
            }
            while (word != 0) {
                const auto bit = static_cast<size_t>(std::countr_zero(word));
                word &= word - 1;
                if (!f(w * 64 + bit)) {
                    return false;
                }
            }
        }
        return true;
    }

private:
    static constexpr size_t WORDS = DICTIONARY_SIZE / 64;

    void set(uint8_t value, size_t at) {
        bits_[value * WORDS + at / 64] |= uint64_t{1} << (at % 64);
    }

    std::vector<uint64_t> bits_;
};

struct Match {
    size_t offset = 0;
    size_t length = 0;
};

// MS-OXRTFCP, finding the longest match: candidates are scanned from the oldest dictionary byte
// (offset 0 before the dictionary wraps, else the write position + 1) up to the write position;
// a longer match replaces the best one, so ties keep the earliest; 17 stops the search. Bytes a
// reference reads after the write position are those it has itself written, as when decoding.
Match longest_match(const std::array<uint8_t, DICTIONARY_SIZE>& dictionary,
                    const DictionaryIndex& index, size_t write, bool wrapped,
                    std::span<const uint8_t> input) {
    Match best;
    const size_t limit = std::min(MAX_MATCH, input.size());
    auto try_offset = [&](size_t offset) {
        size_t length = 1;
        while (length < limit) {
            const size_t at = (offset + length) & DICTIONARY_MASK;
            const size_t ahead = (at - write) & DICTIONARY_MASK;
            const uint8_t b = ahead < length ? input[ahead] : dictionary[at];
            if (b != input[length]) {
                break;
            }
            ++length;
        }
        if (length > best.length) {
            best = {offset, length};
        }
        return best.length < limit;
    };
    if (wrapped) {
        index.each(input[0], write + 1, DICTIONARY_SIZE, try_offset)
            && index.each(input[0], 0, write, try_offset);
    } else {
        index.each(input[0], 0, write, try_offset);
    }
    return best;
}

std::vector<uint8_t> encode_lzfu(std::span<const uint8_t> input) {
    std::array<uint8_t, DICTIONARY_SIZE> dictionary = initial_dictionary();
    DictionaryIndex index(dictionary);
    size_t write = INITIAL_DICTIONARY.size();
    bool wrapped = false;
    auto add = [&](uint8_t b) {
        index.replace(dictionary[write], b, write);
        dictionary[write] = b;
        write = (write + 1) & DICTIONARY_MASK;
        wrapped = wrapped || write == 0;
    };

    std::vector<uint8_t> out;
    size_t control_at = 0;
    int tokens = 8;
    auto begin_token = [&](bool reference) {
        if (tokens == 8) {
            control_at = out.size();
            out.push_back(0);
            tokens = 0;
        }
        if (reference) {
            out[control_at] = static_cast<uint8_t>(out[control_at] | (1U << tokens));
        }
        ++tokens;
    };
    auto put_reference = [&](size_t offset, size_t length_field) {
        const auto word = static_cast<uint16_t>((offset << 4) | length_field);
        out.push_back(static_cast<uint8_t>(word >> 8));
        out.push_back(static_cast<uint8_t>(word));
    };

    size_t pos = 0;
    while (pos < input.size()) {
        const Match m = longest_match(dictionary, index, write, wrapped, input.subspan(pos));
        if (m.length >= 2) {
            begin_token(true);
            put_reference(m.offset, m.length - 2);
            for (size_t i = 0; i < m.length; ++i) {
                add(input[pos + i]);
            }
            pos += m.length;
        } else {
            begin_token(false);
            out.push_back(input[pos]);
            add(input[pos]);
            ++pos;
        }
    }
    begin_token(true);
    put_reference(write, 0);
    return out;
}

std::vector<uint8_t> with_header(std::span<const uint8_t> contents, size_t raw_size,
                                 uint32_t comptype, uint32_t crc_value) {
    if (contents.size() > std::numeric_limits<uint32_t>::max() - COMPSIZE_BIAS
        || raw_size > std::numeric_limits<uint32_t>::max()) {
        throw UsageError("RTF too large for compressed RTF (4 GiB size fields)");
    }
    std::vector<uint8_t> out;
    out.reserve(HEADER_SIZE + contents.size());
    ByteWriter w(out);
    w.u32(static_cast<uint32_t>(contents.size() + COMPSIZE_BIAS));
    w.u32(static_cast<uint32_t>(raw_size));
    w.u32(comptype);
    w.u32(crc_value);
    w.bytes(contents);
    return out;
}

}  // namespace

std::vector<uint8_t> decompress(std::span<const uint8_t> compressed,
                                const DecompressOptions& options) {
    ByteReader header(compressed, STRUCTURE);
    const uint32_t comp_size = header.u32();
    const uint32_t raw_size = header.u32();
    const uint32_t comptype = header.u32();
    const uint32_t stored_crc = header.u32();
    if (comp_size < COMPSIZE_BIAS) {
        fail(0, "COMPSIZE " + std::to_string(comp_size) + " is smaller than the header");
    }
    const uint64_t end = uint64_t{comp_size} + 4;
    if (end > compressed.size()) {
        fail(compressed.size(), "truncated: COMPSIZE " + std::to_string(comp_size) + " needs "
                                    + std::to_string(end) + " bytes, the stream has "
                                    + std::to_string(compressed.size()));
    }
    const auto contents = compressed.subspan(HEADER_SIZE, static_cast<size_t>(end) - HEADER_SIZE);
    const uint64_t limit = output_limit(compressed.size(), options);
    if (raw_size > limit) {
        throw LimitError(Location{{}, STRUCTURE, 4}, "RAWSIZE " + std::to_string(raw_size)
                                                         + " exceeds the output limit of "
                                                         + std::to_string(limit) + " bytes");
    }
    if (comptype == COMPTYPE_MELA) {
        if (options.check_crc && stored_crc != 0) {
            fail(12, "CRC of uncompressed (MELA) data is " + hex(stored_crc) + ", must be 0");
        }
        // Some writers store RAWSIZE = COMPSIZE, 12 more than the data present.
        if (raw_size > comp_size) {
            fail(4, "RAWSIZE " + std::to_string(raw_size) + " exceeds the "
                        + std::to_string(contents.size()) + " bytes of uncompressed data");
        }
        const size_t n = std::min<size_t>(raw_size, contents.size());
        return {contents.begin(), contents.begin() + static_cast<std::ptrdiff_t>(n)};
    }
    if (comptype != COMPTYPE_LZFU) {
        fail(8, "COMPTYPE " + hex(comptype) + " is neither LZFu nor MELA");
    }
    if (options.check_crc) {
        const uint32_t computed = crc(contents);
        if (computed != stored_crc) {
            fail(12, "CRC mismatch: stored " + hex(stored_crc) + ", computed " + hex(computed));
        }
    }
    if (raw_size > contents.size() * MAX_EXPANSION) {
        fail(4, "RAWSIZE " + std::to_string(raw_size) + " is more than "
                    + std::to_string(contents.size()) + " bytes of LZFu data can hold");
    }
    return decode_lzfu(contents, raw_size);
}

std::vector<uint8_t> compress(std::span<const uint8_t> rtf, Compression form) {
    if (rtf.size() > std::numeric_limits<uint32_t>::max()) {
        throw UsageError("RTF too large for compressed RTF (4 GiB size fields)");
    }
    if (form == Compression::mela) {
        return with_header(rtf, rtf.size(), COMPTYPE_MELA, 0);
    }
    const std::vector<uint8_t> contents = encode_lzfu(rtf);
    return with_header(contents, rtf.size(), COMPTYPE_LZFU, crc(contents));
}

}  // namespace msgforge::msg::rtf
