#!/usr/bin/env bash
# The robustness stages of the CI (issue 8), run by `bash scripts/bootstrap.sh test` after the
# normal suite has passed:
#   1. the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (scripts/sanitize.sh,
#      build-asan), without the tests labelled `long` (two physics runs of several minutes each
#      that the normal suite has just passed; their code paths are covered by shorter tests);
#   2. every default libFuzzer target for a bounded time (scripts/fuzz.sh, build-fuzz, clang),
#      FUZZ_SECONDS each (default 20), seeded from fuzz/corpus/.
# About 15 minutes on 2 cores from a clean checkout (two extra builds). Longer fuzzing on demand:
# `bash scripts/fuzz.sh 600`; the full sanitizer suite: `bash scripts/sanitize.sh`.
# Environment: JOBS (default nproc), FUZZ_SECONDS, and SKIP_ROBUSTNESS=1 to skip both stages.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_ROBUSTNESS:-0}" == 1 ]]; then
  echo "ci_robustness: skipped (SKIP_ROBUSTNESS=1)"
  exit 0
fi
echo "== sanitizer suite (ASan + UBSan, without label 'long')"
bash scripts/sanitize.sh -LE long
echo "== bounded fuzzing (${FUZZ_SECONDS:-20} s per target)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
