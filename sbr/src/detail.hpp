// Internals shared by the sbr sources: the state of a type or msg_box, the named property that
// keeps an element's other attributes.
#pragma once

#include <msgforge/msg/named.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>

#include <cstdint>
#include <string_view>

namespace msgforge::sbr {

/// The state of an SMS type or MMS msg_box: 1 received, 2 sent, anything else a draft
/// (draft, outbox, failed, queued: not sent).
oms::State to_state(int64_t type);

/// PS_PUBLIC_STRINGS "msgforge-sbr-attributes": the element's attributes (all but the SMS
/// body) as an empty <sms/> or <mms/> element, for export.
msg::NamedKey attributes_key();

/// PS_PUBLIC_STRINGS "msgforge-sbr-owner": the phone owner's number given to the import.
msg::NamedKey owner_key();

}  // namespace msgforge::sbr
