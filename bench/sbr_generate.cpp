// sbr-generate: writes a synthetic "SMS Backup & Restore" archive (tests/oms/sbr_generator.hpp)
// for bench/run_sbr.sh.
//   sbr-generate --sms N --mms M --jpeg FILE [--padding BYTES] --out FILE
// --padding appends BYTES bytes after the JPEG's end (viewers ignore them) so that the image
// parts, and with them the archive, reach a realistic size.
#include "sbr/sbr_generator.hpp"

#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    try {
        msgforge::test::sbr::GeneratorOptions options;
        std::string jpeg;
        std::string out;
        size_t padding = 0;
        for (int i = 1; i + 1 < argc; i += 2) {
            const std::string_view option = argv[i];
            const std::string value = argv[i + 1];
            if (option == "--sms") {
                options.sms = std::stoull(value);
            } else if (option == "--mms") {
                options.mms = std::stoull(value);
            } else if (option == "--jpeg") {
                jpeg = value;
            } else if (option == "--padding") {
                padding = std::stoull(value);
            } else if (option == "--out") {
                out = value;
            } else {
                throw std::invalid_argument("unknown option " + std::string(option));
            }
        }
        std::ifstream in(jpeg, std::ios::binary);
        if (!in || out.empty()) {
            throw std::invalid_argument(
                "usage: sbr-generate --sms N --mms M --jpeg FILE "
                "[--padding BYTES] --out FILE");
        }
        options.jpeg.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        for (size_t i = 0; i < padding; ++i) {
            options.jpeg.push_back(static_cast<uint8_t>(i * 131 + 7));
        }
        std::ofstream file(out, std::ios::binary);
        msgforge::test::sbr::generate(file, options);
        file.close();
        if (!file) {
            throw std::runtime_error("cannot write " + out);
        }
    } catch (const std::exception& e) {
        std::cerr << "sbr-generate: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
