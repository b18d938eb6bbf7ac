#include "gmime.hpp"

#include <mutex>

namespace msgforge::mime::detail {

void ensure_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

ParserOptions parser_options() {
    ParserOptions options(g_mime_parser_options_new());
    g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    const char* fallback[] = {"utf-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
    return options;
}

GMimeParserOptions* shared_parser_options() {
    ensure_gmime();
    static const ParserOptions options = parser_options();
    return options.get();
}

}  // namespace msgforge::mime::detail
