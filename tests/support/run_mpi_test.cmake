# Runs one test executable under the MPI launcher and passes only if the
# launcher exits 0 AND rank 0 printed the agreed final line for NP ranks:
# a rank that dies early, or N one-rank copies, cannot pass.
# Inputs: MPIEXEC, NP, EXE, TIMEOUT; EXPECTED (default NP) is the rank count
# the executable is told to check; EXPECT_FAILURE=ON inverts the exit test
# and requires EXPECT_TEXT instead (for the fault tests). The launcher ends
# a hanging job itself after LAUNCHER_TIMEOUT seconds (MPIEXEC_TIMEOUT;
# default TIMEOUT - 15), so a hang fails with MPICH's "APPLICATION TIMED OUT"
# and the ranks' output rather than a bare ctest timeout. WRAPPER (a list)
# runs each rank under a tool (valgrind); ARGS (a list) go to the executable.
# PRELOAD (optional) is a library preloaded into the ranks
# (tests/support/mpi_yield.c: a waiting rank yields its core).
if(NOT DEFINED EXPECTED)
  set(EXPECTED ${NP})
endif()
if(NOT DEFINED LAUNCHER_TIMEOUT)
  math(EXPR LAUNCHER_TIMEOUT "${TIMEOUT} - 15")
endif()
set(ENV{MPIEXEC_TIMEOUT} ${LAUNCHER_TIMEOUT})
if(PRELOAD)
  set(ENV{LD_PRELOAD} ${PRELOAD})
endif()
execute_process(
  COMMAND ${MPIEXEC} -n ${NP} ${WRAPPER} ${EXE} --heat-expected-ranks ${EXPECTED} ${ARGS}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  ECHO_OUTPUT_VARIABLE ECHO_ERROR_VARIABLE
  TIMEOUT ${TIMEOUT})
if(rc MATCHES "timeout")
  message(FATAL_ERROR "the job did not end within ${TIMEOUT} s (the launcher's limit was ${LAUNCHER_TIMEOUT} s)")
endif()
if(EXPECT_FAILURE)
  if(rc EQUAL 0)
    message(FATAL_ERROR "expected a failing job, the launcher returned 0")
  endif()
  if(NOT "${out}${err}" MATCHES "${EXPECT_TEXT}")
    message(FATAL_ERROR "expected '${EXPECT_TEXT}' in the output")
  endif()
  message(STATUS "job failed as expected (${rc})")
  return()
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "launcher returned '${rc}'")
endif()
if(NOT out MATCHES "heat-test: all ${NP} ranks passed")
  message(FATAL_ERROR "no final line 'heat-test: all ${NP} ranks passed'")
endif()
