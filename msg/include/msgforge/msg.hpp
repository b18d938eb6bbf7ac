// The msg layer in one include: messages, recipients and attachments of .msg files (MS-OXMSG),
// their properties and the table of MAPI property names, flags and property sets (MS-OXPROPS),
// composing and Outlook's defaults, bodies and compressed RTF (MS-OXRTFCP, MS-OXRTFEX), the
// text of HTML bodies, conversion between Unicode and ANSI messages, and the typed views of
// appointments, contacts, tasks and sticky notes.
#pragma once

#include <msgforge/msg/body.hpp>
#include <msgforge/msg/codepage.hpp>
#include <msgforge/msg/compare.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/convert.hpp>
#include <msgforge/msg/flags.hpp>
#include <msgforge/msg/html_text.hpp>
#include <msgforge/msg/items.hpp>
#include <msgforge/msg/message.hpp>
#include <msgforge/msg/named.hpp>
#include <msgforge/msg/property_bag.hpp>
#include <msgforge/msg/property_tag.hpp>
#include <msgforge/msg/property_value.hpp>
#include <msgforge/msg/rtf.hpp>
#include <msgforge/msg/tags.hpp>
