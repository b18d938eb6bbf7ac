// The names MS-OXOSMMS fixes: message classes, named properties, content classes, and the
// address type and layout part the builders write, the MIME type of bytes of no known type.
#pragma once

#include <msgforge/msg/named.hpp>

#include <string_view>

namespace msgforge::oms {

inline constexpr std::string_view CLASS_SMS = "IPM.Note.Mobile.SMS";
inline constexpr std::string_view CLASS_MMS = "IPM.Note.Mobile.MMS";
inline constexpr std::string_view CONTENT_CLASS_SMS = "MS-OMS-SMS";
inline constexpr std::string_view CONTENT_CLASS_MMS = "MS-OMS-MMS";
/// The address type Exchange's SMS sync gives phone numbers.
inline constexpr std::string_view ADDRESS_TYPE_MOBILE = "MOBILE";
inline constexpr std::string_view SMIL_FILE_NAME = "MMS.smil";
inline constexpr std::string_view SMIL_MIME = "application/smil";
inline constexpr std::string_view OCTET_STREAM = "application/octet-stream";

// Named properties in PS_PUBLIC_STRINGS (MS-OXOSMMS 2.2.1) and PidNameContentClass in
// PS_INTERNET_HEADERS under the lower-case name Outlook stores (MS-OXPROPS spells it
// "Content-Class"; internet-header names match without regard to case).
inline msg::NamedKey key_account_guid() {
    return msg::NamedKey::string(msg::ps_public_strings(), u"OMSAccountGuid");
}

inline msg::NamedKey key_mobile_model() {
    return msg::NamedKey::string(msg::ps_public_strings(), u"OMSMobileModel");
}

inline msg::NamedKey key_schedule_time() {
    return msg::NamedKey::string(msg::ps_public_strings(), u"OMSScheduleTime");
}

inline msg::NamedKey key_service_type() {
    return msg::NamedKey::string(msg::ps_public_strings(), u"OMSServiceType");
}

inline msg::NamedKey key_source_type() {
    return msg::NamedKey::string(msg::ps_public_strings(), u"OMSSourceType");
}

inline msg::NamedKey key_content_class() {
    return msg::NamedKey::string(msg::ps_internet_headers(), u"content-class");
}

}  // namespace msgforge::oms
