# Runs one drsim command and compares its exit code and one output stream with a golden file.
# -DDRSIM=<exe> -DARGS="a|b|c" -DEXPECTED=<file> -DEXIT=<code> [-DSTREAM=stderr]
# Set DRSIM_UPDATE_GOLDEN=1 in the environment to rewrite the golden file instead.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${DRSIM} ${args} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(STREAM STREQUAL "stderr")
  set(actual "${err}")
else()
  set(actual "${out}")
endif()
if(DEFINED ENV{DRSIM_UPDATE_GOLDEN})
  file(WRITE ${EXPECTED} "${actual}")
  return()
endif()
if(NOT rc EQUAL EXIT)
  message(FATAL_ERROR "exit code ${rc}, expected ${EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${EXPECTED}.actual "${actual}")
  message(FATAL_ERROR "output differs from ${EXPECTED}\n(actual written to ${EXPECTED}.actual)\n"
                      "${actual}")
endif()
