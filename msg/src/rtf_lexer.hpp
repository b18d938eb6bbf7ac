// The tokens of [MSFT-RTF] 1.9.1 (groups, control words and symbols, \'hh, text bytes), shared by
// the header scan of detect() and the de-encapsulation walk. Internal to the RTF de-encapsulation.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace msgforge::msg::rtf::detail {

struct Token {
    enum class Kind { end, open, close, word, symbol, hex, text };
    Kind kind = Kind::end;
    std::string word;  // letters of a control word
    bool has_param = false;
    int32_t param = 0;
    uint8_t byte = 0;  // text byte, control symbol, or value of \'hh
};

// [MSFT-RTF] tokens. CR and LF outside control symbols are not content and are dropped here.
class Lexer {
public:
    explicit Lexer(std::span<const uint8_t> in) : in_(in) {}

    void next(Token& t);

    // \binN: the next N bytes are binary data.
    void skip(int32_t n);

    // The text bytes from here on that next() would give one by one as Kind::text tokens,
    // taken at once: the run up to the next backslash, brace, CR, LF or NUL.
    std::span<const uint8_t> text_run();

private:
    void word(Token& t);

    std::span<const uint8_t> in_;
    size_t pos_ = 0;
};

}  // namespace msgforge::msg::rtf::detail
