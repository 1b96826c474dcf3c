# cmake/find/FindxxHash.cmake: finds xxHash (Debian: libxxhash-dev), which ships no CMake
# package. hamilton/cache.hpp uses it header-only (XXH_INLINE_ALL), so only xxhash.h is needed.
#
# Sets xxHash_FOUND, and the imported target xxHash::xxhash. Hints: xxHash_ROOT.
find_path(xxHash_INCLUDE_DIR xxhash.h)
mark_as_advanced(xxHash_INCLUDE_DIR)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(xxHash REQUIRED_VARS xxHash_INCLUDE_DIR)

if(xxHash_FOUND AND NOT TARGET xxHash::xxhash)
  add_library(xxHash::xxhash INTERFACE IMPORTED)
  set_target_properties(xxHash::xxhash PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${xxHash_INCLUDE_DIR}")
endif()
