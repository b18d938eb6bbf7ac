// The names and values MS-OXOSMMS fixes: message classes, content classes, the icon index, and
// the address type and layout part the builders write, the MIME type of bytes of no known type.
// The named properties are the table's (msgforge/msg/tags.hpp: names::PidNameOMS…,
// names::PidNameContentClass).
#pragma once

#include <cstdint>
#include <string_view>

namespace msgforge::oms {

inline constexpr std::string_view CLASS_SMS = "IPM.Note.Mobile.SMS";
inline constexpr std::string_view CLASS_MMS = "IPM.Note.Mobile.MMS";
inline constexpr std::string_view CONTENT_CLASS_SMS = "MS-OMS-SMS";
inline constexpr std::string_view CONTENT_CLASS_MMS = "MS-OMS-MMS";
/// PidTagIconIndex of SMS and MMS objects (MS-OXOSMMS 2.2.2.1): 0xFFFFFFFF when set.
inline constexpr int32_t ICON_INDEX = -1;
/// The address type Exchange's SMS sync gives phone numbers.
inline constexpr std::string_view ADDRESS_TYPE_MOBILE = "MOBILE";
inline constexpr std::string_view SMIL_FILE_NAME = "MMS.smil";
inline constexpr std::string_view SMIL_MIME = "application/smil";
inline constexpr std::string_view OCTET_STREAM = "application/octet-stream";

}  // namespace msgforge::oms
