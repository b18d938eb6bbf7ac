// SHA-256 (FIPS 180-4), for content digests in listings and dumps.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace msgforge {

class Sha256 {
public:
    Sha256();

    void update(std::span<const uint8_t> bytes);

    std::array<uint8_t, 32> finish();

    /// Lower-case hex digest of `bytes`.
    static std::string hex(std::span<const uint8_t> bytes);

private:
    void block(const uint8_t* p);

    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buf_{};
    size_t buffered_ = 0;
    uint64_t total_ = 0;
};

}  // namespace msgforge
