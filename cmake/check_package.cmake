# Builds and runs the consumer project in tests/package the ways a user's project gets
# hamilton-cpp:
#   MODE=add_subdirectory  add this source tree (SOURCE_DIR) to the consumer's CMake build;
#   MODE=find_package      install hamilton from BUILD_DIR into a scratch prefix, find_package it;
#   MODE=pkg-config        install it likewise, compile consumer.cpp with the compiler alone and
#                          the flags `pkg-config --cflags --libs hamilton` gives;
#   MODE=deb               make the Debian package with cpack, unpack it with dpkg-deb into a
#                          scratch root, and build against that root both with find_package and
#                          with pkg-config.
# A mode whose tool is missing (pkg-config, dpkg-deb) prints "hamilton test skipped: " and why,
# which the test's SKIP_REGULAR_EXPRESSION reports as skipped.
# Variables: MODE, BUILD_DIR, SOURCE_DIR, CONSUMER_SOURCE, WORK_DIR, CXX_COMPILER, VERSION.
function(run_step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed: ${ARGN}\n${output}")
  endif()
  message(STATUS "${output}")
endfunction()

function(skip_test reason)
  message("hamilton test skipped: ${reason}")
endfunction()

# The value of `pkg-config <arguments>` (ENV{PKG_CONFIG_*} set by the caller), as a list of flags.
function(pkg_config_flags result)
  execute_process(COMMAND ${pkg_config} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE flags ERROR_VARIABLE flags
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "step failed: pkg-config ${ARGN} (PKG_CONFIG_PATH=$ENV{PKG_CONFIG_PATH}, "
                        "PKG_CONFIG_SYSROOT_DIR=$ENV{PKG_CONFIG_SYSROOT_DIR})\n${flags}")
  endif()
  message(STATUS "pkg-config ${ARGN}: ${flags}")
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(${result} ${flags} PARENT_SCOPE)
endfunction()

# Compiles consumer.cpp with the flags of the hamilton.pc that pkg-config finds, and runs it.
function(build_with_pkg_config out_dir)
  pkg_config_flags(cflags --cflags hamilton)
  pkg_config_flags(libs --libs hamilton)
  pkg_config_flags(version --modversion hamilton)
  if(NOT version STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion hamilton gives '${version}', not the project's ${VERSION}")
  endif()
  file(MAKE_DIRECTORY ${out_dir})
  run_step(${CXX_COMPILER} ${cflags} ${CONSUMER_SOURCE}/consumer.cpp ${libs} -o ${out_dir}/consumer)
  run_step(${out_dir}/consumer)
endfunction()

# Configures, builds and runs the consumer's CMake project with `configure_arguments`.
function(build_with_cmake out_dir)
  run_step(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE} -B ${out_dir} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${ARGN})
  run_step(${CMAKE_COMMAND} --build ${out_dir})
  run_step(${out_dir}/consumer)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
find_program(pkg_config NAMES pkg-config pkgconf)

if(MODE STREQUAL "add_subdirectory")
  build_with_cmake(${WORK_DIR}/build -DHAMILTON_SOURCE_DIR=${SOURCE_DIR})
elseif(MODE STREQUAL "find_package")
  run_step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
  build_with_cmake(${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
elseif(MODE STREQUAL "pkg-config")
  if(NOT pkg_config)
    skip_test("pkg-config is not installed (Debian: apt-get install pkg-config)")
    return()
  endif()
  run_step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
  file(GLOB pc_files ${WORK_DIR}/prefix/*/pkgconfig/hamilton.pc ${WORK_DIR}/prefix/*/*/pkgconfig/hamilton.pc)
  if(NOT pc_files)
    message(FATAL_ERROR "the install into ${WORK_DIR}/prefix has no pkgconfig/hamilton.pc")
  endif()
  get_filename_component(pc_dir ${pc_files} DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} ${pc_dir})
  build_with_pkg_config(${WORK_DIR}/build)
elseif(MODE STREQUAL "deb")
  find_program(dpkg_deb NAMES dpkg-deb)
  if(NOT dpkg_deb)
    skip_test("dpkg-deb is not installed: the Debian package is neither made nor unpacked here")
    return()
  endif()
  if(NOT pkg_config)
    skip_test("pkg-config is not installed (Debian: apt-get install pkg-config)")
    return()
  endif()
  get_filename_component(cmake_bin ${CMAKE_COMMAND} DIRECTORY)
  find_program(cpack NAMES cpack HINTS ${cmake_bin})  # the cpack of this cmake first
  run_step(${cpack} -G DEB --config ${BUILD_DIR}/CPackConfig.cmake -B ${WORK_DIR}/package)
  set(deb ${WORK_DIR}/package/libhamilton-dev_${VERSION}_all.deb)
  if(NOT EXISTS ${deb})
    file(GLOB made ${WORK_DIR}/package/*)
    message(FATAL_ERROR "cpack did not make ${deb}; it made: ${made}")
  endif()
  # What the package says it is and needs.
  execute_process(COMMAND ${dpkg_deb} --field ${deb} Package Architecture Depends OUTPUT_VARIABLE fields)
  foreach(expected "Package: libhamilton-dev" "Architecture: all" "Depends: libboost-dev [(]>= 1[.]74[)], libfmt-dev")
    if(NOT fields MATCHES "${expected}")
      message(FATAL_ERROR "the package's control fields lack '${expected}':\n${fields}")
    endif()
  endforeach()
  set(root ${WORK_DIR}/root)
  run_step(${dpkg_deb} -x ${deb} ${root})
  foreach(file usr/include/hamilton/hamilton.hpp usr/share/cmake/hamilton/hamiltonConfig.cmake
               usr/share/pkgconfig/hamilton.pc)
    if(NOT EXISTS ${root}/${file})
      message(FATAL_ERROR "the package does not install /${file}")
    endif()
  endforeach()
  build_with_cmake(${WORK_DIR}/build-find_package -DCMAKE_PREFIX_PATH=${root}/usr)
  # pkg-config as for a cross build into that root: hamilton.pc from the root, its paths under it.
  set(ENV{PKG_CONFIG_SYSROOT_DIR} ${root})
  set(ENV{PKG_CONFIG_PATH} ${root}/usr/share/pkgconfig)
  build_with_pkg_config(${WORK_DIR}/build-pkg-config)
else()
  message(FATAL_ERROR "unknown MODE '${MODE}': add_subdirectory, find_package, pkg-config or deb")
endif()
