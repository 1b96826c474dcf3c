# examples/check_run.cmake: runs one example and checks what it did (used by the example tests).
#
#   cmake -DPROGRAM=<exe> [-DARGS=a;b] -DWORKING_DIRECTORY=<dir> [-DEXIT_CODE=0]
#         [-DEXPECT=re;re] [-DREJECT=re;re] [-DWRITES=file;file] [-DWRITTEN_EXPECT=re;re]
#         -P check_run.cmake
#
# Fails unless the program exits with EXIT_CODE (0 by default; a crash or abort never
# matches), its output (stdout and stderr together) matches every EXPECT regex and no REJECT
# regex, and it created every file in WRITES (relative to WORKING_DIRECTORY; removed first,
# so an old file does not count) whose contents match every WRITTEN_EXPECT regex.
cmake_minimum_required(VERSION 3.20)

if(NOT DEFINED EXIT_CODE)
  set(EXIT_CODE 0)
endif()
file(MAKE_DIRECTORY "${WORKING_DIRECTORY}")
foreach(written IN LISTS WRITES)
  file(REMOVE "${WORKING_DIRECTORY}/${written}")
endforeach()

execute_process(COMMAND "${PROGRAM}" ${ARGS}
                WORKING_DIRECTORY "${WORKING_DIRECTORY}"
                RESULT_VARIABLE result
                OUTPUT_VARIABLE output
                ERROR_VARIABLE output)
message("${output}")

set(failures "")
if(NOT result STREQUAL "${EXIT_CODE}")
  string(APPEND failures "\n  exit status is '${result}', expected ${EXIT_CODE}")
endif()
foreach(regex IN LISTS EXPECT)
  if(NOT output MATCHES "${regex}")
    string(APPEND failures "\n  output does not match: ${regex}")
  endif()
endforeach()
foreach(regex IN LISTS REJECT)
  if(output MATCHES "${regex}")
    string(APPEND failures "\n  output matches what it must not: ${regex}")
  endif()
endforeach()
foreach(written IN LISTS WRITES)
  if(NOT EXISTS "${WORKING_DIRECTORY}/${written}")
    string(APPEND failures "\n  did not write ${WORKING_DIRECTORY}/${written}")
    continue()
  endif()
  file(READ "${WORKING_DIRECTORY}/${written}" contents)
  foreach(regex IN LISTS WRITTEN_EXPECT)
    if(NOT contents MATCHES "${regex}")
      string(APPEND failures "\n  ${written} does not match: ${regex}")
    endif()
  endforeach()
endforeach()

if(failures)
  message(FATAL_ERROR "${PROGRAM} ${ARGS}:${failures}")
endif()
