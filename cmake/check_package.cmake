# Installs hamilton from BUILD_DIR into a scratch prefix, then configures, builds and runs the
# consumer project in tests/package against it with find_package(hamilton).
# Variables: BUILD_DIR, CONSUMER_SOURCE, WORK_DIR, CXX_COMPILER.
file(REMOVE_RECURSE "${WORK_DIR}")
foreach(step
        "${CMAKE_COMMAND};--install;${BUILD_DIR};--prefix;${WORK_DIR}/prefix"
        "${CMAKE_COMMAND};-S;${CONSUMER_SOURCE};-B;${WORK_DIR}/build;-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix;-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
        "${CMAKE_COMMAND};--build;${WORK_DIR}/build"
        "${WORK_DIR}/build/consumer")
  execute_process(COMMAND ${step} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed: ${step}\n${output}")
  endif()
endforeach()
message(STATUS "consumer output: ${output}")
