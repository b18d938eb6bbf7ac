#include <msgforge/base/sha256.hpp>
#include <msgforge/base/text.hpp>

#include <algorithm>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define MSGFORGE_SHA_NI 1
#endif

namespace msgforge {

namespace {

constexpr std::array<uint32_t, 64> K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t rotr(uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

uint32_t load_be32(const uint8_t* p) {
    return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16)
           | (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

void portable_blocks(std::array<uint32_t, 8>& state, const uint8_t* p, size_t count) {
    for (; count > 0; --count, p += 64) {
        std::array<uint32_t, 64> w{};
        for (size_t i = 0; i < 16; ++i) {
            w[i] = load_be32(p + 4 * i);
        }
        for (size_t i = 16; i < 64; ++i) {
            const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (size_t i = 0; i < 64; ++i) {
            const uint32_t t1 =
                h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            const uint32_t t2 =
                (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#ifdef MSGFORGE_SHA_NI
// The same with the SHA extensions: the state is kept as the two halves sha256rnds2 works on,
// ABEF and CDGH (a in the highest lane), each instruction doing two rounds; sha256msg1 and
// sha256msg2 extend the message schedule four words at a time.
__attribute__((target("sha,sse4.1"))) void sha_ni_blocks(std::array<uint32_t, 8>& state,
                                                         const uint8_t* p, size_t count) {
    // Reverses the bytes of each 32-bit word: the message words are big-endian.
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    const __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state.data()));
    const __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state.data() + 4));
    const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; count > 0; --count, p += 64) {
        const __m128i abef_in = abef;
        const __m128i cdgh_in = cdgh;
        // w[j] holds message words 4j..4j+3 of the current group of sixteen.
        __m128i w[4];
        for (size_t j = 0; j < 4; ++j) {
            w[j] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * j)),
                                    swap);
        }
        for (size_t g = 0; g < 16; ++g) {
            __m128i& words = w[g % 4];
            if (g >= 4) {
                // Words 4g..4g+3 from words 4g-16..4g-13 (`words`), 4g-12.., 4g-8.., 4g-4..
                const __m128i older = _mm_sha256msg1_epu32(words, w[(g + 1) % 4]);
                const __m128i minus7 = _mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4);
                words = _mm_sha256msg2_epu32(_mm_add_epi32(older, minus7), w[(g + 3) % 4]);
            }
            const __m128i wk = _mm_add_epi32(
                words, _mm_loadu_si128(reinterpret_cast<const __m128i*>(K.data() + 4 * g)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state.data()), _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state.data() + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#endif

}  // namespace

Sha256::Sha256(Engine engine)
    : hardware_(engine == Engine::best && hardware()), h_{0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                                          0xa54ff53a, 0x510e527f, 0x9b05688c,
                                                          0x1f83d9ab, 0x5be0cd19} {
}

bool Sha256::hardware() {
#ifdef MSGFORGE_SHA_NI
    // CPUID leaf 7 EBX bit 29: SHA; leaf 1 ECX bits 9 and 19: SSSE3 and SSE4.1.
    static const bool has = [] {
        unsigned a = 0, b = 0, c = 0, d = 0;
        if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & (1u << 9)) == 0 || (c & (1u << 19)) == 0) {
            return false;
        }
        return __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 && (b & (1u << 29)) != 0;
    }();
    return has;
#else
    return false;
#endif
}

void Sha256::blocks(const uint8_t* p, size_t count) {
#ifdef MSGFORGE_SHA_NI
    if (hardware_) {
        sha_ni_blocks(h_, p, count);
        return;
    }
#endif
    portable_blocks(h_, p, count);
}

void Sha256::update(std::span<const uint8_t> bytes) {
    total_ += bytes.size();
    size_t i = 0;
    if (buffered_ > 0) {
        const size_t n = std::min(bytes.size(), 64 - buffered_);
        std::copy_n(bytes.begin(), n, buf_.begin() + static_cast<ptrdiff_t>(buffered_));
        buffered_ += n;
        i = n;
        if (buffered_ < 64) {
            return;
        }
        blocks(buf_.data(), 1);
        buffered_ = 0;
    }
    const size_t whole = (bytes.size() - i) / 64;
    blocks(bytes.data() + i, whole);
    i += whole * 64;
    std::copy(bytes.begin() + static_cast<ptrdiff_t>(i), bytes.end(), buf_.begin());
    buffered_ = bytes.size() - i;
}

std::array<uint8_t, 32> Sha256::finish() {
    const uint64_t bits = total_ * 8;
    const uint8_t one = 0x80;
    update({&one, 1});
    const uint8_t zero = 0;
    while (buffered_ != 56) {
        update({&zero, 1});
    }
    std::array<uint8_t, 8> len{};
    for (size_t i = 0; i < 8; ++i) {
        len[i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
    }
    update(len);
    std::array<uint8_t, 32> out{};
    for (size_t i = 0; i < 8; ++i) {
        for (size_t k = 0; k < 4; ++k) {
            out[4 * i + k] = static_cast<uint8_t>(h_[i] >> (24 - 8 * k));
        }
    }
    return out;
}

std::string Sha256::hex(std::span<const uint8_t> bytes) {
    Sha256 s;
    s.update(bytes);
    return hex_lower(s.finish());
}

}  // namespace msgforge
