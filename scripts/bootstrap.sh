#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a result:
#   bash scripts/bootstrap.sh run    install what is missing, build, run the default in situ scenario
#                                    and render its micrographs at the paper's frames
#   bash scripts/bootstrap.sh test   install what is missing, build, run the whole test suite, then
#                                    the robustness stages: the suite under ASan + UBSan and bounded
#                                    fuzzing (scripts/ci_robustness.sh; the CI's command)
#   bash scripts/bootstrap.sh suite  the same without the robustness stages (the quick loop)
# Environment: BUILD_DIR (default build), RUN_DIR (default runs/insitu_biasing), JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

bash scripts/install-deps.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$jobs"

case "$mode" in
  run)
    run_dir=${RUN_DIR:-runs/insitu_biasing}
    "$build_dir/app/voidsim" run scenarios/insitu_biasing.yaml -o "$run_dir" --force
    # Synthetic HAADF / EELS / HRTEM and the time lapse at the paper's frames (SI Videos 1 and 3).
    "$build_dir/app/voidsim" image "$run_dir" --time 82s,263s,576s,2345s --timelapse
    echo "outputs in $run_dir:"
    ls -1 "$run_dir" "$run_dir/plots" "$run_dir/images"
    ;;
  test)
    ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 600
    JOBS=$jobs bash scripts/ci_robustness.sh
    ;;
  suite)
    ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 600
    ;;
  *)
    echo "usage: bash scripts/bootstrap.sh run|test|suite" >&2
    exit 2
    ;;
esac
