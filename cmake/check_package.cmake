# Builds and runs the consumer project in tests/package the two ways a user's project gets
# hamilton-cpp. MODE=find_package: install hamilton from BUILD_DIR into a scratch prefix and
# find_package(hamilton) it. MODE=add_subdirectory: add this source tree (SOURCE_DIR).
# Variables: MODE, BUILD_DIR, SOURCE_DIR, CONSUMER_SOURCE, WORK_DIR, CXX_COMPILER.
function(run_step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed: ${ARGN}\n${output}")
  endif()
  message(STATUS "${output}")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(configure ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE} -B ${WORK_DIR}/build -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
if(MODE STREQUAL "find_package")
  run_step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
  run_step(${configure} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
else()
  run_step(${configure} -DHAMILTON_SOURCE_DIR=${SOURCE_DIR})
endif()
run_step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run_step(${WORK_DIR}/build/consumer)
