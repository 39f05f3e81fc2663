# Installs the build tree into a fresh prefix (unless INSTALL is OFF),
# builds a separate project against it with find_package(heat) (PROJECT_ARGS:
# extra configure arguments, ;-separated: another way to take heat in),
# runs RUN_COMMAND (;-separated) in WORK_DIR (which has an empty folder
# scratch/) and requires EXPECT_TEXT in its output. NO_WARNINGS: the
# project's configure output must hold no CMake warning.
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
if(NOT DEFINED INSTALL OR INSTALL)
  run(${CMAKE_COMMAND} --install ${HEAT_BUILD_DIR} --prefix ${prefix})
endif()
run(${CMAKE_COMMAND} -S ${PROJECT_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_TYPE=Release ${PROJECT_ARGS})
if(NO_WARNINGS AND last_output MATCHES "CMake (Deprecation )?Warning")
  message(FATAL_ERROR "configuring the project printed a CMake warning")
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${RUN_COMMAND})
if(NOT last_output MATCHES "${EXPECT_TEXT}")
  message(FATAL_ERROR "the project's run did not print '${EXPECT_TEXT}'")
endif()
