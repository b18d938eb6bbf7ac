# Installs the current build into a fresh prefix, then builds and runs tests/consumer/project
# against it twice: through find_package(msgforge) and through pkg-config (when present).
# Run by CTest: cmake -DBUILD_DIR=… -DWORK_DIR=… -DCONSUMER_DIR=… -DGENERATOR=…
#   -DBUILD_TYPE=… -DCXX_COMPILER=… -DCXX_FLAGS=… -DLINKER_FLAGS=… -P run_consumer.cmake
cmake_minimum_required(VERSION 3.25)

function(run_step what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out
                    ERROR_VARIABLE out)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "${what} failed (${status}):\n${out}")
    endif()
    set(step_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_output what pattern)
    if(NOT step_output MATCHES "${pattern}")
        message(FATAL_ERROR "${what}: output does not match '${pattern}':\n${step_output}")
    endif()
    message(STATUS "${what}: ok")
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})

run_step("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
file(GLOB config_dir LIST_DIRECTORIES true ${prefix}/lib*/cmake/msgforge
     ${prefix}/lib/*/cmake/msgforge)
foreach(installed ${prefix}/include/msgforge/version.hpp ${prefix}/include/msgforge/cfb/reader.hpp
                  ${prefix}/bin/msgforge ${config_dir}/msgforge-config.cmake
                  ${config_dir}/msgforge-config-version.cmake)
    if(NOT EXISTS ${installed})
        message(FATAL_ERROR "not installed: ${installed}")
    endif()
endforeach()
run_step("installed msgforge --version" ${prefix}/bin/msgforge --version)
expect_output("installed msgforge --version" "^msgforge [0-9]+\\.[0-9]+\\.[0-9]+\n$")

set(expected "msgforge [0-9.]+: Greetings/English = Hello from an installed msgforge")
run_step("consumer configure" ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build
         -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
         -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_CXX_FLAGS=${CXX_FLAGS}
         -DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS})
run_step("consumer build" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run_step("consumer run (find_package)" ${WORK_DIR}/build/consumer)
expect_output("consumer run (find_package)" "${expected}")

find_program(PKG_CONFIG pkg-config)
if(NOT PKG_CONFIG)
    message(STATUS "pkg-config not found: the msgforge.pc check is skipped")
    return()
endif()
file(GLOB pc_dir LIST_DIRECTORIES true ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
run_step("pkg-config" ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pc_dir}
         ${PKG_CONFIG} --cflags --libs msgforge)
string(STRIP "${step_output}" pc_flags)
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
separate_arguments(extra_flags UNIX_COMMAND "${CXX_FLAGS} ${LINKER_FLAGS}")
run_step("consumer build (pkg-config)" ${CXX_COMPILER} ${extra_flags}
         ${CONSUMER_DIR}/main.cpp ${pc_flags} -o ${WORK_DIR}/consumer-pc)
file(GLOB lib_dir LIST_DIRECTORIES true ${prefix}/lib*/libmsgforge-base* ${prefix}/lib/*/libmsgforge-base*)
list(GET lib_dir 0 lib_dir)
get_filename_component(lib_dir ${lib_dir} DIRECTORY)
run_step("consumer run (pkg-config)" ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${lib_dir}
         ${WORK_DIR}/consumer-pc)
expect_output("consumer run (pkg-config)" "${expected}")
