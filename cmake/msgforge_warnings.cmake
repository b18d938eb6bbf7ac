# Warning flags for the project's own targets. Linked PRIVATE and never exported, so
# consumers on other compilers are not affected.
add_library(msgforge_warnings INTERFACE)
target_compile_options(msgforge_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough)
if(MSGFORGE_WERROR)
    target_compile_options(msgforge_warnings INTERFACE -Werror)
endif()
