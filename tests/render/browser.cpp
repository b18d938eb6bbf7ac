#include "browser.hpp"

#include "support/support.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <span>
#include <stdexcept>
#include <string_view>
#include <sys/wait.h>
#include <vector>

namespace msgforge::test {

namespace fs = std::filesystem;

namespace {

std::string quoted(const std::string& argument) {
    std::string out = "'";
    for (const char c : argument) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/// Runs Chromium headless on `page` with `options` and gives what it printed on standard output.
/// Each run has its own profile folder, so tests may run in parallel.
std::string run_chromium(const fs::path& page, const std::string& options) {
    const fs::path binary = chromium();
    if (binary.empty()) {
        throw std::runtime_error("chromium is not installed");
    }
    TempDir profile;
    const std::string command = quoted(binary.string())
                                + " --headless --no-sandbox --disable-gpu --no-first-run"
                                  " --disable-background-networking --user-data-dir="
                                + quoted(profile.path().string()) + " " + options + " "
                                + quoted("file://" + fs::absolute(page).string()) + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot start chromium");
    }
    std::string output;
    std::array<char, 65536> buffer{};
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        output.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("chromium failed on " + page.string());
    }
    return output;
}

uint32_t big_endian(std::span<const uint8_t> bytes, size_t offset) {
    return uint32_t{bytes[offset]} << 24 | uint32_t{bytes[offset + 1]} << 16
           | uint32_t{bytes[offset + 2]} << 8 | uint32_t{bytes[offset + 3]};
}

int paeth(int a, int b, int c) {
    const int p = a + b - c;
    const int pa = std::abs(p - a);
    const int pb = std::abs(p - b);
    const int pc = std::abs(p - c);
    if (pa <= pb && pa <= pc) {
        return a;
    }
    return pb <= pc ? b : c;
}

/// The pixel rows of inflated PNG image `data`, its scanline filters (ISO/IEC 15948 section 9)
/// reversed.
std::vector<uint8_t> unfilter(const std::vector<uint8_t>& data, uint32_t height, size_t stride,
                              size_t pixel) {
    std::vector<uint8_t> rows(stride * height);
    for (uint32_t y = 0; y < height; ++y) {
        const uint8_t filter = data[y * (stride + 1)];
        const uint8_t* in = &data[y * (stride + 1) + 1];
        uint8_t* row = &rows[y * stride];
        const uint8_t* up = y > 0 ? &rows[(y - 1) * stride] : nullptr;
        for (size_t x = 0; x < stride; ++x) {
            const int a = x >= pixel ? row[x - pixel] : 0;
            const int b = up != nullptr ? up[x] : 0;
            const int c = up != nullptr && x >= pixel ? up[x - pixel] : 0;
            int predictor = 0;
            switch (filter) {
                case 0:
                    break;
                case 1:
                    predictor = a;
                    break;
                case 2:
                    predictor = b;
                    break;
                case 3:
                    predictor = (a + b) / 2;
                    break;
                case 4:
                    predictor = paeth(a, b, c);
                    break;
                default:
                    throw std::runtime_error("PNG: unknown scanline filter");
            }
            row[x] = static_cast<uint8_t>(in[x] + predictor);
        }
    }
    return rows;
}

Screenshot read_png(const fs::path& png) {
    const std::vector<uint8_t> bytes = read_file(png);
    static constexpr std::array<uint8_t, 8> signature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (bytes.size() < 33 || !std::equal(signature.begin(), signature.end(), bytes.begin())) {
        throw std::runtime_error("not a PNG: " + png.string());
    }
    Screenshot shot;
    shot.width = big_endian(bytes, 16);
    shot.height = big_endian(bytes, 20);
    const uint8_t depth = bytes[24];
    const uint8_t colour_type = bytes[25];
    const uint8_t interlace = bytes[28];
    if (depth != 8 || (colour_type != 2 && colour_type != 6) || interlace != 0) {
        throw std::runtime_error("PNG is not 8-bit RGB or RGBA: " + png.string());
    }
    std::vector<uint8_t> compressed;
    for (size_t at = 8; at + 12 <= bytes.size();) {
        const uint32_t length = big_endian(bytes, at);
        if (length > bytes.size() - at - 12) {
            throw std::runtime_error("PNG chunk past the end: " + png.string());
        }
        if (std::string_view(reinterpret_cast<const char*>(&bytes[at + 4]), 4) == "IDAT") {
            compressed.insert(compressed.end(), bytes.begin() + static_cast<long>(at + 8),
                              bytes.begin() + static_cast<long>(at + 8 + length));
        }
        at += 12 + length;
    }
    const size_t pixel = colour_type == 6 ? 4 : 3;
    const size_t stride = size_t{shot.width} * pixel;
    std::vector<uint8_t> data((stride + 1) * shot.height);
    uLongf size = data.size();
    if (::uncompress(data.data(), &size, compressed.data(), compressed.size()) != Z_OK
        || size != data.size()) {
        throw std::runtime_error("PNG image data does not inflate: " + png.string());
    }
    const std::vector<uint8_t> rows = unfilter(data, shot.height, stride, pixel);
    std::set<std::vector<uint8_t>> seen;
    for (size_t at = 0; at < rows.size() && seen.size() < 256; at += pixel) {
        seen.emplace(rows.begin() + static_cast<long>(at),
                     rows.begin() + static_cast<long>(at + pixel));
    }
    shot.colours = seen.size();
    return shot;
}

}  // namespace

fs::path chromium() {
    if (const char* configured = std::getenv("MSGFORGE_CHROMIUM"); configured != nullptr) {
        return configured;
    }
    for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
        if (fs::exists(candidate)) {
            return candidate;
        }
    }
    return {};
}

std::string dump_dom(const fs::path& page) {
    return run_chromium(page, "--dump-dom");
}

Screenshot screenshot(const fs::path& page, const fs::path& png, int width, int height) {
    run_chromium(page, "--hide-scrollbars --window-size=" + std::to_string(width) + ","
                           + std::to_string(height) + " --screenshot=" + quoted(png.string()));
    return read_png(png);
}

}  // namespace msgforge::test
