#!/usr/bin/env bash
# `voidsim sweep` as users drive it, on tests/sweep/data/tiny_sweep.yaml (6 tasks of ~1 s):
# every run directory complete; a sweep killed half-way (SIGKILL to its process group) finishes
# with --resume without rerunning complete tasks and with the numbers of an uninterrupted sweep;
# SIGTERM reaches the running task, which resumes from its checkpoint; --index K runs exactly
# task K; a failing task is recorded and does not stop the others; --dry-run and --emit-slurm.
# usage: sweep_cli_test.sh VOIDSIM SOURCE_DIR WORK_DIR CASE
set -u
voidsim=$1 src=$2 work=$3 case=$4
sweep="$src/tests/sweep/data/tiny_sweep.yaml"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*"; exit 1; }

# Same numbers: every summary.json entry except wall time and thread count.
same_numbers() {  # DIR_A DIR_B TASK...
  local a=$1 b=$2
  shift 2
  /usr/bin/python3 - "$a" "$b" "$@" <<'PY' || fail "numbers differ between $a and $b"
import json, sys
a, b, tasks = sys.argv[1], sys.argv[2], sys.argv[3:]
for t in tasks:
    ja = json.load(open(f"{a}/runs/{t}/summary.json"))
    jb = json.load(open(f"{b}/runs/{t}/summary.json"))
    for skip in ("wall_time_s", "threads"):
        ja.pop(skip); jb.pop(skip)
    if ja != jb:
        print(t, {k: (ja[k], jb.get(k)) for k in ja if ja[k] != jb.get(k)})
        sys.exit(1)
PY
}
all_tasks=(task-000000 task-000001 task-000002 task-000003 task-000004 task-000005)
reference() {  # [--index K]: the uninterrupted sweep, or only its task K
  "$voidsim" sweep "$sweep" -o ref -j 2 "$@" 2>ref.err || { cat ref.err; fail "reference sweep"; }
}
complete_dir() {  # DIR: every task complete, nothing left over
  for t in "${all_tasks[@]}"; do
    [ -s "$1/runs/$t/summary.json" ] || fail "$1: $t has no summary.json"
    [ -s "$1/runs/$t/result.h5" ] || fail "$1: $t has no result.h5"
    [ ! -e "$1/runs/$t/.work" ] && [ ! -e "$1/runs/$t/checkpoint.h5" ] || fail "$1: $t left work files"
    [ ! -e "$1/runs/$t.failed.json" ] || fail "$1: $t has a failure record"
    [ -s "$1/logs/$t.log" ] || fail "$1: $t has no log"
  done
}

case "$case" in
  local_resume_after_kill)
    reference
    complete_dir ref
    /usr/bin/python3 -c "import json; p=json.load(open('ref/sweep.json')); assert len(p['tasks'])==6 and p['replicates']==2" ||
      fail "sweep.json"
    # Rerunning into a directory with runs needs --resume or --force.
    "$voidsim" sweep "$sweep" -o ref -j 2 2>again.err
    rc=$?
    [ $rc -eq 3 ] || fail "rerun without --resume: exit $rc, expected 3"
    grep -q "already holds runs of this sweep (6 complete" again.err || fail "rerun message: $(cat again.err)"

    # Kill the whole process group once two tasks are complete.
    setsid "$voidsim" sweep "$sweep" -o victim -j 2 2>victim.err &
    pid=$!
    for _ in $(seq 1 1200); do  # up to 30 s on a loaded machine
      [ "$(ls victim/runs/*/summary.json 2>/dev/null | wc -l)" -ge 2 ] && break
      sleep 0.025
    done
    kill -KILL -- -$pid
    wait $pid 2>/dev/null
    # The runs (own process groups) get SIGTERM when the sweep dies: they checkpoint and exit.
    for _ in $(seq 1 200); do pgrep -f -- "$PWD/victim/runs/" >/dev/null || break; sleep 0.05; done
    ! pgrep -f -- "$PWD/victim/runs/" >/dev/null || fail "runs still alive 10 s after the sweep died"
    n_done=$(ls victim/runs/*/summary.json 2>/dev/null | wc -l)
    echo "complete after the kill: $n_done of 6"
    [ "$n_done" -ge 2 ] && [ "$n_done" -lt 6 ] || fail "kill did not land half-way ($n_done complete)"
    declare -A before
    for f in victim/runs/*/summary.json; do before[$f]=$(stat -c '%i %Y %y' "$f"); done
    "$voidsim" sweep "$sweep" -o victim -j 2 --resume 2>resume.err || { cat resume.err; fail "resume"; }
    grep -q "$n_done already complete" resume.err || fail "resume did not skip the complete tasks: $(cat resume.err)"
    for f in "${!before[@]}"; do
      [ "$(stat -c '%i %Y %y' "$f")" == "${before[$f]}" ] || fail "$f was rewritten by --resume"
    done
    complete_dir victim
    same_numbers ref victim "${all_tasks[@]}"
    echo "tasks resumed from a checkpoint: $(grep -l -- '--resume$' victim/logs/*.log | wc -l)"
    ;;
  sigterm_resumes_task_from_checkpoint)
    reference --index 3
    # SIGTERM to the sweep only: it forwards it to the running task, which checkpoints.
    "$voidsim" sweep "$sweep" -o victim --index 3 2>victim.err &
    pid=$!
    for _ in $(seq 1 1500); do [ -e victim/runs/task-000003/.work/iteration_00000004.h5 ] && break; sleep 0.02; done
    kill -TERM $pid
    wait $pid
    rc=$?
    [ $rc -eq 130 ] || { cat victim.err; fail "exit $rc after SIGTERM, expected 130"; }
    [ -e victim/runs/task-000003/checkpoint.h5 ] || fail "the task wrote no checkpoint"
    [ ! -e victim/runs/task-000003.failed.json ] || fail "an interrupted task is not a failure"
    "$voidsim" sweep "$sweep" -o victim --index 3 --resume 2>resume.err || { cat resume.err; fail "resume"; }
    grep -q -- "--resume$" victim/logs/task-000003.log || fail "the task was not resumed from its checkpoint"
    same_numbers ref victim task-000003
    ;;
  index_runs_one_task)
    reference --index 4
    "$voidsim" sweep "$sweep" -o one --index 4 2>one.err || { cat one.err; fail "--index 4"; }
    [ "$(ls one/runs)" == "task-000004" ] || fail "--index 4 ran: $(ls one/runs | tr '\n' ' ')"
    same_numbers ref one task-000004
    "$voidsim" sweep "$sweep" -o one --index 6 2>bad.err
    [ $? -eq 3 ] && grep -q "sweep has 6 tasks" bad.err || fail "--index 6 not refused: $(cat bad.err)"
    ;;
  failing_task_recorded)
    # A file where task 1's run directory belongs: that run fails, the others complete.
    "$voidsim" sweep "$sweep" -o broken --emit-slurm >/dev/null 2>&1 || fail "claiming the directory"
    mkdir -p broken/runs && echo "not a directory" >broken/runs/task-000001
    "$voidsim" sweep "$sweep" -o broken -j 2 --resume 2>broken.err
    rc=$?
    [ $rc -ne 0 ] && [ $rc -ne 130 ] || fail "exit $rc with a failed task"
    /usr/bin/python3 - <<'PY' || fail "failure record"
import json
r = json.load(open("broken/runs/task-000001.failed.json"))
assert r["index"] == 1 and r["point"] == 0 and r["replicate"] == 1, r
assert r["exit_code"] not in (0, 130) and r["error"], r
assert r["parameters"] == {"electrochemistry.bias": "4.6 V"}, r
assert r["log"].endswith("logs/task-000001.log"), r
PY
    for t in task-000000 task-000002 task-000003 task-000004 task-000005; do
      [ -s broken/runs/$t/summary.json ] || fail "$t did not complete after task 1 failed"
    done
    grep -q "task-000001 failed" broken.err || fail "failure not reported"
    rm broken/runs/task-000001
    "$voidsim" sweep "$sweep" -o broken --resume 2>fixed.err || { cat fixed.err; fail "resume after fix"; }
    complete_dir broken
    ;;
  dry_run_and_slurm)
    "$voidsim" sweep "$sweep" -o dry --dry-run >table.txt 2>err.txt || fail "dry run: $(cat err.txt)"
    [ ! -e dry ] || fail "--dry-run wrote the directory"
    grep -q "^index  point  replicate  seed  *electrochemistry.bias" table.txt || fail "table header: $(cat table.txt)"
    [ "$(grep -c -E '^[0-9]+  ' table.txt)" -eq 6 ] || fail "table rows"
    grep -q -E "^3 +1 +1 +[0-9]+ +4.7 V$" table.txt || fail "task 3 row: $(cat table.txt)"
    "$voidsim" sweep "$sweep" -o cluster --emit-slurm 2>err.txt >path.txt || fail "emit-slurm: $(cat err.txt)"
    script=cluster/sweep.slurm
    [ "$(cat path.txt)" == "$PWD/$script" ] || fail "printed path $(cat path.txt)"
    bash -n $script || fail "bash -n"
    grep -q "^#SBATCH --array=0-5%2$" $script || fail "array range: $(grep array $script)"
    grep -q -- "--index \"\$SLURM_ARRAY_TASK_ID\" --resume" $script || fail "array task command"
    grep -q "^#SBATCH --time=00:05:00$" $script || fail "time limit"
    [ -s cluster/sweep.json ] && [ -d cluster/logs ] || fail "plan or logs directory missing"
    "$voidsim" sweep "$sweep" -o cluster --emit-slurm --max-concurrent 4 >/dev/null 2>&1 || fail "re-emit"
    grep -q "^#SBATCH --array=0-5%4$" $script || fail "--max-concurrent"
    # Invalid scenario values are found while planning, located in the sweep file; nothing is written.
    bad="$src/tests/sweep/data/bad_sweep.yaml"
    "$voidsim" sweep "$bad" -o bad 2>bad.err
    [ $? -eq 3 ] || fail "bad sweep: exit code"
    [ ! -e bad ] || fail "bad sweep wrote its directory"
    grep -q "^error: $bad:6:19: run.duration: expected a time" bad.err || fail "set: error: $(cat bad.err)"
    grep -q "^error: $bad:9:19: engine: 'pf' is not one of .*(point 1: engine=pf)" bad.err || fail "engine error"
    grep -q "^error: $bad:8:21: domain.nx: value -4 out of range.*(point 2: domain.nx=-4)" bad.err || fail "nx error"
    [ "$(grep -c '^error:' bad.err)" -eq 3 ] || fail "expected 3 errors: $(cat bad.err)"
    # A directory holding a different plan is refused, naming the difference.
    sed 's/master_seed: 11/master_seed: 12/' "$sweep" >other.yaml
    sed -i "s#scenario: ../../../scenarios#scenario: $src/scenarios#" other.yaml
    "$voidsim" sweep other.yaml -o cluster --dry-run >/dev/null || fail "other.yaml invalid"
    "$voidsim" sweep other.yaml -o cluster 2>diff.err
    [ $? -eq 3 ] || fail "different plan not refused"
    grep -q "master seed: 11 in the directory, 12 now" diff.err || fail "difference not named: $(cat diff.err)"
    "$voidsim" sweep other.yaml -o cluster --force --emit-slurm >/dev/null 2>&1 || fail "--force"
    /usr/bin/python3 -c "import json,sys; sys.exit(json.load(open('cluster/sweep.json'))['master_seed'] != 12)" ||
      fail "--force did not replace the plan"
    ;;
  *) fail "unknown case $case" ;;
esac
echo "PASS $case"
