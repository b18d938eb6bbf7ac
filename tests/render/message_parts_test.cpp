#include "message_parts.hpp"

#include <catch2/catch.hpp>

using msgforge::render::detail::date_header_offset;

TEST_CASE("the Date header's numeric zone gives the offset, folded or not", "[render][message]") {
    CHECK(date_header_offset("Subject: x\r\nDate: Wed, 1 May 2024 09:30:00 +0200\r\n") == 120);
    CHECK(date_header_offset("Date: Wed, 1 May 2024\r\n 09:30:00 -0530\r\n") == -330);
    CHECK(date_header_offset("date: Wed, 1 May 2024 09:30:00 +0000 \r\n") == 0);
}

TEST_CASE("a Date header without a numeric zone gives no offset", "[render][message]") {
    CHECK(date_header_offset("Date: Wed, 1 May 2024 09:30:00 GMT\r\n") == std::nullopt);
    CHECK(date_header_offset("Date: Wed, 1 May 2024 09:30:00 +2400\r\n") == std::nullopt);
    CHECK(date_header_offset("Subject: x\r\n\r\nDate: 1 May 2024 09:30 +0100\r\n") == std::nullopt);
    CHECK(date_header_offset("") == std::nullopt);
}
