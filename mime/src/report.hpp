// What reading and writing reports (multipart/report, RFC 6522; MS-OXCMAIL 2.1.3.6, 2.2.3.7)
// share.
#pragma once

#include <msgforge/msg/property_tag.hpp>

namespace msgforge::mime::detail {

/// PidTagReportingMessageTransferAgent (MS-OXPROPS 2.913): the Reporting-MTA of a delivery
/// status notification.
inline constexpr msg::TypedTag<msg::PropertyType::PtypString> REPORTING_MTA{0x6820};

}  // namespace msgforge::mime::detail
