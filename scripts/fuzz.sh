#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) and runs each for a bounded time:
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET]      default 60 s per target
# Prints per target the executions per second and libFuzzer's coverage (cov: edges, ft: features)
# and fails (exit 1) on any finding: crash, sanitizer report, leak, timeout or out-of-memory.
# Findings land in $BUILD_DIR/fuzz-findings/<target>/; reproduce one with
#   $BUILD_DIR/fuzz/fuzz_<target> $BUILD_DIR/fuzz-findings/<target>/crash-...
# The corpus each run grows is kept in $BUILD_DIR/fuzz-corpus/<target>/ and reused next time;
# the checked-in seeds are fuzz/corpus/<target>/. Targets run one after another, one process each.
# Environment: BUILD_DIR (default build-fuzz), JOBS (build jobs, default 2), TARGETS (default
# "units scenario image sweep dataset"; "checkpoint" is opt-in, see docs/robustness.md),
# FUZZ_ARGS (extra libFuzzer flags, e.g. "-max_len=8192").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
build_dir=${BUILD_DIR:-build-fuzz}
jobs=${JOBS:-2}
targets=${TARGETS:-"units scenario image sweep dataset"}

CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DVOIDSIM_BUILD_FUZZERS=ON -DVOIDSIM_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
build_targets=()
for t in $targets; do build_targets+=("fuzz_$t"); done
cmake --build "$build_dir" -j "$jobs" --target "${build_targets[@]}" >/dev/null

# A sanitizer report names where it happened, so a finding in CI's log can be read without a rerun.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

failed=0
summary=()
for t in $targets; do
  corpus="$root/$build_dir/fuzz-corpus/$t"
  findings="$root/$build_dir/fuzz-findings/$t"
  log="$root/$build_dir/fuzz-$t.log"
  mkdir -p "$corpus" "$findings"
  dict=()
  [[ -f fuzz/$t.dict ]] && dict=(-dict="$root/fuzz/$t.dict")
  echo "== fuzz_$t: ${seconds} s (log: $log)"
  status=0
  marker="$findings/.run-start"  # findings of earlier runs stay, but only new ones count
  touch "$marker"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: the readers' limits keep a few-kB
  # input far below this, so reaching it is an unbounded allocation.
  (cd "$findings" && "$root/$build_dir/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" \
    ${FUZZ_ARGS:-} "$corpus" "$root/fuzz/corpus/$t") >"$log" 2>&1 || status=$?
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log")
  rss=$(sed -nE 's/^stat::peak_rss_mb: *([0-9]+)/\1/p' "$log")
  artifacts=$(find "$findings" -maxdepth 1 -type f -newer "$marker" \( -name 'crash-*' -o -name 'leak-*' \
    -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
  line=$(printf '%-10s %8s s  %10s execs  %7s exec/s  cov %5s  ft %6s  rss %5s MB' "$t" "$seconds" \
    "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${rss:-?}")
  if [[ $status -ne 0 || $artifacts -ne 0 ]]; then
    failed=1
    line+="  FINDING (exit $status): see $log and $findings"
    grep -E -A6 'ERROR|runtime error' "$log" | head -12 || true
  fi
  summary+=("$line")
done

echo
echo "summary (cov: edges, ft: features of libFuzzer's last status line; rss: peak memory):"
printf '%s\n' "${summary[@]}"
exit $failed
