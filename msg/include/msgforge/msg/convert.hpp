// A whole message converted between Unicode strings (PtypString) and 8-bit ones in a code
// page (PtypString8), as Outlook's Unicode and ANSI .msg files hold them (MS-OXMSG 2.1.2,
// docs/codepages.md).
#pragma once

#include <msgforge/base/error.hpp>
#include <msgforge/msg/message.hpp>

#include <cstdint>

namespace msgforge::msg {

/// Every PtypString8 and PtypMultipleString8 property of `m`, its recipients, attachments and
/// embedded messages (recursively) as PtypString / PtypMultipleString, decoded with the code
/// page a reader decodes it with (ObjectBase::decode); a property that exists in both forms
/// keeps its Unicode value. Sets flags::STORE_UNICODE_OK in PidTagStoreSupportMask, adding the
/// property to the top-level message when it has none (an embedded message's only when it
/// has one).
void to_unicode(Message& m);

/// Every PtypString and PtypMultipleString property of `m`, its recipients, attachments and
/// embedded messages (recursively) as PtypString8 / PtypMultipleString8. Each message gets
/// PidTagMessageCodepage `codepage`; each object's strings are then encoded in the code pages
/// a reader derives from its properties (codepages_of): the message's, unless a recipient or
/// attachment carries its own, and PidTagInternetCodepage's for the bodies when it is set.
/// Clears STORE_UNICODE_OK where PidTagStoreSupportMask is present. A property that exists in
/// both forms keeps its 8-bit value.
/// Throws UsageError when `codepage` is not one msgforge knows (iconv_name()) or
/// not an ANSI code page a reader takes for 8-bit strings (ansi_codepage(codepage) differs);
/// FormatError naming the object ("recipient #1 › ") and the property when a string holds a
/// character its code page cannot encode; `m` is then partly converted.
void to_ansi(Message& m, uint32_t codepage);

}  // namespace msgforge::msg
