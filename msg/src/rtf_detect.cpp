// MS-OXRTFEX de-encapsulation, first phase: recognising \fromhtml1 and \fromtext in the RTF
// header.
#include "rtf_lexer.hpp"

#include <msgforge/msg/rtf.hpp>

#include <cstdint>
#include <span>

namespace msgforge::msg::rtf {
namespace {

using detail::Lexer;
using detail::Token;

// MS-OXRTFEX FROMHTML/FROMTEXT: the marker sits in the header, among the control words of the
// outermost group before the first paragraph or text.
Encapsulated scan_header(std::span<const uint8_t> rtf) {
    Encapsulated kind = Encapsulated::none;
    Lexer lex(rtf);
    Token t;
    lex.next(t);
    if (t.kind != Token::Kind::open) {
        return kind;
    }
    lex.next(t);
    if (t.kind != Token::Kind::word || t.word != "rtf") {
        return kind;
    }
    for (;;) {
        lex.next(t);
        switch (t.kind) {
            case Token::Kind::end:
            case Token::Kind::close:
            case Token::Kind::hex:
                return kind;
            case Token::Kind::text:
                if (t.byte != ' ') {
                    return kind;
                }
                break;
            case Token::Kind::symbol:
                break;
            case Token::Kind::open: {
                int depth = 1;
                while (depth > 0) {
                    lex.next(t);
                    if (t.kind == Token::Kind::end) {
                        return kind;
                    }
                    depth += t.kind == Token::Kind::open ? 1 : 0;
                    depth -= t.kind == Token::Kind::close ? 1 : 0;
                    if (t.kind == Token::Kind::word && t.word == "bin") {
                        lex.skip(t.param);
                    }
                }
                break;
            }
            case Token::Kind::word:
                if (t.word == "fromhtml" && t.has_param && t.param == 1) {
                    kind = Encapsulated::html;
                } else if (t.word == "fromtext") {
                    kind = Encapsulated::text;
                } else if (t.word == "pard" || t.word == "par" || t.word == "plain"
                           || t.word == "sectd") {
                    return kind;
                } else if (t.word == "bin") {
                    lex.skip(t.param);
                }
                break;
        }
    }
}

}  // namespace

Encapsulated detect(std::span<const uint8_t> rtf) {
    return scan_header(rtf);
}

}  // namespace msgforge::msg::rtf
