# Writes OUTPUT from INPUT (core/build_info.hpp.in) with the git commit of SOURCE_DIR, run at every
# build (target voidsim_build_info), so outputs name the commit the binary was built from and not
# the one CMake was configured at. A working tree with uncommitted changes to tracked files gives
# "<commit>-dirty"; no git checkout gives "unknown". configure_file leaves OUTPUT untouched when
# its text is unchanged, so a build without a new commit recompiles nothing.
#   cmake -DSOURCE_DIR=.. -DINPUT=.. -DOUTPUT=.. -DPROJECT_VERSION=.. -P cmake/build_info.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE VOIDSIM_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE not_git)
if(not_git OR NOT VOIDSIM_GIT_COMMIT)
  set(VOIDSIM_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE modified
                  OUTPUT_QUIET ERROR_QUIET)
  if(modified)
    string(APPEND VOIDSIM_GIT_COMMIT "-dirty")
  endif()
endif()
configure_file(${INPUT} ${OUTPUT} @ONLY)
