#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (issue 8):
#   bash scripts/sanitize.sh [CTEST_ARGS...]
# builds in build-asan (RelWithDebInfo, -DVOIDSIM_SANITIZE=ON: -fsanitize=address,undefined,
# -fno-sanitize-recover=undefined) and runs ctest there. Any ASan report (heap overflow, use after
# free, leak) or UBSan report fails the test that triggered it. About 3x the normal suite's time.
# Environment: BUILD_DIR (default build-asan), JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-asan}
jobs=${JOBS:-$(nproc)}

bash scripts/install-deps.sh
cmake -S . -B "$build_dir" -DVOIDSIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVOIDSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" -j "$jobs"

# Leaks inside OpenMPI's own start-up are not ours (they show in the multi-rank sweep tests).
# OpenMPI unloads its components at MPI_Finalize, which leaves their frames as "<unknown module>";
# keeping them loaded lets the suppressions name them (mca_*.so).
export OMPI_MCA_mca_base_component_disable_dlclose=1
# Full (slow) unwinding at allocations: OpenMPI is built without frame pointers, and the fast
# unwinder stops at its first frame, before the library names the suppressions match.
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 1800 "$@"
