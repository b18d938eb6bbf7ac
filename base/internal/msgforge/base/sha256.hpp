// SHA-256 (FIPS 180-4), for content digests in listings and dumps.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace msgforge {

class Sha256 {
public:
    /// How blocks are compressed: with the processor's SHA instructions (x86-64 SHA-NI) where it
    /// has them, else in portable code; `portable` forces the portable code (for tests).
    enum class Engine { best, portable };

    explicit Sha256(Engine engine = Engine::best);

    /// Whether Engine::best uses the processor's SHA instructions on this machine.
    static bool hardware();

    void update(std::span<const uint8_t> bytes);

    std::array<uint8_t, 32> finish();

    /// Lower-case hex digest of `bytes`.
    static std::string hex(std::span<const uint8_t> bytes);

private:
    /// Compresses `count` 64-byte blocks.
    void blocks(const uint8_t* p, size_t count);

    bool hardware_;
    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buf_{};
    size_t buffered_ = 0;
    uint64_t total_ = 0;
};

}  // namespace msgforge
