// Pieces of the view that the validator uses too.
#pragma once

#include <msgforge/oms.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace msgforge::oms {

/// The PartView of attachment `index` of `m`.
PartView part_view(const msg::Message& m, size_t index);

/// True for the SMIL layout part (application/smil or application/smil+xml, or a .smil file
/// without MIME type).
bool is_smil_part(const PartView& part);

/// The first attachment that is the SMIL layout.
std::optional<size_t> find_smil(const msg::Message& m);

/// The attachment a SMIL `src` names: "cid:" + PidTagAttachContentId; a bare `src` matches
/// PidTagAttachContentLocation, else PidTagAttachContentId (angle brackets aside, as phones
/// write Content-IDs), else PidTagAttachLongFilename or PidTagAttachFilename. All without regard
/// to ASCII case; an empty `src` names nothing.
std::optional<size_t> resolve_src(const msg::Message& m, std::string_view src);

/// SMS or MMS by the message class, else by PidNameOMSServiceType.
std::optional<ServiceType> service_of(const msg::Message& m);

/// Fills v.slides, v.extra and v.smil of an MMS.
void read_slides(const msg::Message& m, OmsMessage& v);

}  // namespace msgforge::oms
