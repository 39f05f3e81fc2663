# Installs the build tree into a fresh prefix, builds a separate project
# against it with find_package(heat) (PROJECT_ARGS: extra configure
# arguments, ;-separated), runs RUN_COMMAND (;-separated) in WORK_DIR (which
# has an empty folder scratch/) and requires EXPECT_TEXT in its output.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
function(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()
file(MAKE_DIRECTORY ${WORK_DIR}/scratch)
run(${CMAKE_COMMAND} --install ${HEAT_BUILD_DIR} --prefix ${prefix})
run(${CMAKE_COMMAND} -S ${PROJECT_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_TYPE=Release ${PROJECT_ARGS})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${RUN_COMMAND})
if(NOT last_output MATCHES "${EXPECT_TEXT}")
  message(FATAL_ERROR "the project's run did not print '${EXPECT_TEXT}'")
endif()
