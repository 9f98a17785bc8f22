# Runs ${DRSIM} with the arguments ${ARGS} (separated by |); checks the exit code against ${EXPECTED_RC} and
# stdout+stderr against the file ${EXPECTED} (exact text).
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${DRSIM} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(actual "${out}${err}")
file(READ ${EXPECTED} expected)
if(NOT rc EQUAL EXPECTED_RC)
  message(FATAL_ERROR "exit code ${rc}, expected ${EXPECTED_RC}\n${actual}")
endif()
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "output differs from ${EXPECTED}:\n--- actual\n${actual}--- expected\n${expected}")
endif()
