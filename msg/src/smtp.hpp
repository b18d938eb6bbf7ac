// How the address code (address.cpp) and the contact view tell an SMTP address.
#pragma once

#include <string_view>

namespace msgforge::msg {

/// Whether an address type is SMTP (any case).
bool is_smtp_type(std::string_view type);

/// An SMTP address as written in a header or a proxy: one word with an '@' inside.
bool looks_like_smtp(std::string_view s);

}  // namespace msgforge::msg
