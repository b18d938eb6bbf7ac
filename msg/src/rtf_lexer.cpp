// The RTF tokenizer ([MSFT-RTF] 1.9.1): control words with their optional numeric parameter
// (clamped to 32 bits), control symbols, \'hh escapes and text bytes.
#include "rtf_lexer.hpp"

#include <msgforge/base/text.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace msgforge::msg::rtf::detail {
namespace {

bool is_alpha(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(uint8_t c) {
    return c >= '0' && c <= '9';
}

int hex_value(uint8_t c) {
    return hex_digit_value(static_cast<char>(c));
}

}  // namespace

void Lexer::next(Token& t) {
    t.word.clear();
    t.has_param = false;
    t.param = 0;
    while (pos_ < in_.size() && (in_[pos_] == '\r' || in_[pos_] == '\n')) {
        ++pos_;
    }
    if (pos_ == in_.size()) {
        t.kind = Token::Kind::end;
        return;
    }
    const uint8_t c = in_[pos_++];
    if (c == '{' || c == '}') {
        t.kind = c == '{' ? Token::Kind::open : Token::Kind::close;
        return;
    }
    if (c != '\\') {
        t.kind = Token::Kind::text;
        t.byte = c;
        return;
    }
    if (pos_ == in_.size()) {
        t.kind = Token::Kind::end;
        return;
    }
    const uint8_t d = in_[pos_];
    if (is_alpha(d)) {
        word(t);
        return;
    }
    ++pos_;
    if (d == '\'' && in_.size() - pos_ >= 2 && hex_value(in_[pos_]) >= 0
        && hex_value(in_[pos_ + 1]) >= 0) {
        t.kind = Token::Kind::hex;
        t.byte = static_cast<uint8_t>(hex_value(in_[pos_]) * 16 + hex_value(in_[pos_ + 1]));
        pos_ += 2;
        return;
    }
    t.kind = Token::Kind::symbol;
    t.byte = d;
}

void Lexer::skip(int32_t n) {
    if (n > 0) {
        pos_ += std::min(static_cast<size_t>(n), in_.size() - pos_);
    }
}

std::span<const uint8_t> Lexer::text_run() {
    const size_t start = pos_;
    while (pos_ < in_.size()) {
        const uint8_t c = in_[pos_];
        if (c == '\\' || c == '{' || c == '}' || c == '\r' || c == '\n' || c == 0) {
            break;
        }
        ++pos_;
    }
    return in_.subspan(start, pos_ - start);
}

void Lexer::word(Token& t) {
    t.kind = Token::Kind::word;
    while (pos_ < in_.size() && is_alpha(in_[pos_])) {
        t.word += static_cast<char>(in_[pos_++]);
    }
    const bool negative = pos_ + 1 < in_.size() && in_[pos_] == '-' && is_digit(in_[pos_ + 1]);
    if (negative) {
        ++pos_;
    }
    int64_t value = 0;
    while (pos_ < in_.size() && is_digit(in_[pos_])) {
        t.has_param = true;
        value = std::min<int64_t>(value * 10 + (in_[pos_++] - '0'), int64_t{1} << 32);
    }
    value = negative ? -value : value;
    t.param = static_cast<int32_t>(std::clamp<int64_t>(value, std::numeric_limits<int32_t>::min(),
                                                       std::numeric_limits<int32_t>::max()));
    if (pos_ < in_.size() && in_[pos_] == ' ') {
        ++pos_;
    }
}

}  // namespace msgforge::msg::rtf::detail
