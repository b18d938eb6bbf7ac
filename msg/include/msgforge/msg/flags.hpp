// Named flags and values of PidTag properties (PidTagMessageFlags, PidTagStoreSupportMask,
// PidTagAttachMethod, PidTagRecipientType, …) from properties.def, where each is listed with the
// section that defines it. Each constant has the C++ type of its property's values (int32_t for
// PtypInteger32), so set(m, tags::PidTagMessageFlags, flags::MSGFLAG_READ) compiles.
#pragma once

#include <msgforge/msg/property_value.hpp>
#include <msgforge/msg/tags.hpp>

#include <type_traits>

namespace msgforge::msg::flags {

#define MSGFORGE_PROP_VALUE(property, name, value) \
    inline constexpr auto name =                   \
        static_cast<ValueOf<std::remove_cvref_t<decltype(tags::property)>::property_type>>(value);
#include <msgforge/msg/properties.def>

}  // namespace msgforge::msg::flags
