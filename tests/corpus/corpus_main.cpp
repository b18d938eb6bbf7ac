// The main() of every corpus test executable: exit 77 (CTest: skipped) with a visible message
// when ../shared/corpus, or the folder of it the executable reads (MSGFORGE_CORPUS_PART, empty
// for all of it), is absent.
#define CATCH_CONFIG_RUNNER
#include "support/support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    const std::filesystem::path dir = msgforge::test::corpus_dir();
    if (dir.empty() || !std::filesystem::is_directory(dir / MSGFORGE_CORPUS_PART)) {
        std::cout << "SKIP: no corpus at " << MSGFORGE_CORPUS_DIR << '/' << MSGFORGE_CORPUS_PART
                  << '\n';
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
