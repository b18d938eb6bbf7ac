#include <msgforge/base/headers.hpp>

#include <catch2/catch.hpp>

using msgforge::header_field;

TEST_CASE("header_field finds a field by name in any case and unfolds it", "[base][headers]") {
    const std::string headers =
        "Received: from a\r\n\tby b\r\nDATE: Wed, 1 May 2024\r\n 09:30:00 +0200\r\n"
        "Subject: x\r\n\r\nDate: in the body\r\n";
    CHECK(header_field(headers, "date") == " Wed, 1 May 2024 09:30:00 +0200");
    CHECK(header_field(headers, "Received") == " from a\tby b");
    CHECK(header_field(headers, "subject") == " x");
}

TEST_CASE("header_field stops at the empty line and takes LF line ends", "[base][headers]") {
    CHECK(header_field("A: 1\n\nB: 2\n", "B") == std::nullopt);
    CHECK(header_field("A: 1\nB: 2", "b") == " 2");
    CHECK(header_field("AB: 1\n", "A") == std::nullopt);
    CHECK(header_field("", "A") == std::nullopt);
}
