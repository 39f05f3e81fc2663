# Fails when any C++ file of the project differs from clang-format's output.
file(GLOB_RECURSE files ${ROOT}/include/*.hpp ${ROOT}/tests/*.hpp ${ROOT}/tests/*.cpp ${ROOT}/examples/*.cpp
     ${ROOT}/bench/*.cpp ${ROOT}/bench/*.hpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-format: files above need formatting (run clang-format -i on them)")
endif()
list(LENGTH files n)
message(STATUS "${n} files formatted")
