# Warning flags for the project's own targets. Linked PRIVATE and never exported, so
# consumers on other compilers are not affected.
add_library(msgforge_warnings INTERFACE)
target_compile_options(msgforge_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough)
if(MSGFORGE_WERROR)
    target_compile_options(msgforge_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O2 and above reports std::string's operator+(const char*, std::string&&) as an
# overlapping memcpy (-Wrestrict false positive, GCC bug 105651), and a copy into a freshly
# sized std::vector as a write or read past its end (-Wstringop-overflow/-overread false
# positives, GCC bug 107852). They fire on standard-library code inlined into ours, so they are
# switched off for GCC 12 alone rather than line by line.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(msgforge_warnings INTERFACE -Wno-restrict -Wno-stringop-overflow
                                                    -Wno-stringop-overread)
endif()
