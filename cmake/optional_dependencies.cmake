# cmake/optional_dependencies.cmake: finds what the optional parts of this tree need: the unit
# tests (Catch2), the tests and examples of the integrations (nlohmann-json, CLI11, libcsv,
# xxHash) and the catalog's browser test (chromium, chromedriver, python3). Installing the
# library needs none of them, only Boost and fmt: each part is configured only where its
# dependencies are found, and configure says in one line which part is not built and why
# (hamilton_skip_part below).
#
# Sets HAMILTON_HAVE_<CATCH2|NLOHMANN_JSON|CLI11|LIBCSV|XXHASH|BROWSER> to ON or OFF, and the
# imported targets of what it found: Catch2::Catch2, nlohmann_json::nlohmann_json, CLI11::CLI11,
# libcsv::libcsv, xxHash::xxhash. -DCMAKE_DISABLE_FIND_PACKAGE_<name>=ON hides one (names:
# Catch2, nlohmann_json, CLI11, libcsv, xxHash), to check a build without it.

list(APPEND CMAKE_MODULE_PATH ${CMAKE_CURRENT_LIST_DIR}/find)  # libcsv and xxHash ship no CMake package

find_package(Catch2 QUIET)
find_package(nlohmann_json 3 QUIET)
find_package(CLI11 CONFIG QUIET)
find_package(libcsv QUIET)
find_package(xxHash QUIET)
find_program(HAMILTON_CHROMIUM NAMES chromium chromium-browser)
find_program(HAMILTON_CHROMEDRIVER NAMES chromedriver)
find_program(HAMILTON_PYTHON3 NAMES python3)

foreach(dependency IN ITEMS Catch2 nlohmann_json CLI11 libcsv xxHash)
  string(TOUPPER ${dependency} upper)
  set(HAMILTON_HAVE_${upper} ${${dependency}_FOUND})
  if(NOT HAMILTON_HAVE_${upper})
    set(HAMILTON_HAVE_${upper} OFF)
  endif()
endforeach()
set(HAMILTON_HAVE_BROWSER OFF)
if(HAMILTON_CHROMIUM AND HAMILTON_CHROMEDRIVER AND HAMILTON_PYTHON3)
  set(HAMILTON_HAVE_BROWSER ON)
endif()

# The Debian package of each, for the messages.
set(hamilton_debian_package_Catch2 catch2)
set(hamilton_debian_package_nlohmann_json nlohmann-json3-dev)
set(hamilton_debian_package_CLI11 libcli11-dev)
set(hamilton_debian_package_libcsv libcsv-dev)
set(hamilton_debian_package_xxHash libxxhash-dev)

# hamilton_skip_part(<what is not built, and so> DEPENDENCIES <name>...): prints one line, e.g.
# "hamilton: CLI11 not found: the cli example and its tests are not built (Debian: apt-get install
# libcli11-dev)", naming those of the dependencies that are missing.
function(hamilton_skip_part what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "DEPENDENCIES")
  set(missing)
  set(packages)
  foreach(dependency IN LISTS arg_DEPENDENCIES)
    string(TOUPPER ${dependency} upper)
    if(NOT HAMILTON_HAVE_${upper})
      list(APPEND missing ${dependency})
      list(APPEND packages ${hamilton_debian_package_${dependency}})
    endif()
  endforeach()
  list(JOIN missing " and " missing)
  list(JOIN packages " " packages)
  message(STATUS "hamilton: ${missing} not found: ${what} (Debian: apt-get install ${packages})")
endfunction()

# hamilton_have(<result variable> <name>...): ON when every named dependency was found.
function(hamilton_have result)
  set(all ON)
  foreach(dependency IN LISTS ARGN)
    string(TOUPPER ${dependency} upper)
    if(NOT HAMILTON_HAVE_${upper})
      set(all OFF)
    endif()
  endforeach()
  set(${result} ${all} PARENT_SCOPE)
endfunction()
