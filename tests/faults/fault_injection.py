#!/usr/bin/python3
"""Fault injection for `voidsim run` (issue 8, item 5): a run that is killed, starved of disk or
handed a corrupted checkpoint must, after `--resume`, give exactly the result of an uninterrupted
run, and must never leave a damaged output file behind.

usage: fault_injection.py VOIDSIM WORK_DIR CASE [--seed N] [--trials N]
CASE:
  kill          SIGKILL at random wall-clock points (seeded), resume until complete (resumes are
                killed too, at random), compare with the reference run bitwise;
  disk_full     the per-file size limit (RLIMIT_FSIZE, SIGXFSZ ignored, so write() fails with
                EFBIG as on a full disk) is below the size of result.h5: the run must fail with the
                I/O exit code, leave no result.h5, summary.json or temporary file, keep its
                checkpoint, and resume to the reference result once the limit is lifted;
  corrupt       a byte of the newest checkpoint flipped after a kill: resume must fall back to the
                previous checkpoint (.prev) and still reach the reference result.
Comparison: porosity.csv text identical; every dataset under /data in result.h5 identical
(values and shapes); summary.json identical except wall_time_s.
"""
import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

# A small in situ run (64 x 64 nm, 1500 s, a frame every 30 s, checkpoint at every frame): about
# 2 s on one core, long enough that a random kill lands inside the time loop most of the time.
OVERRIDES = ["domain.nx=64", "domain.nz=64", "run.duration=1500 s", "run.output_interval=30 s",
             "run.checkpoint_every=1"]
EXIT_OK, EXIT_IO_ERROR = 0, 5  # core/error.hpp ExitCode


def run_command(voidsim, out, *extra):
    cmd = [voidsim, "--threads", "1", "--log-level", "warn", "run", "-q", "-o", out]
    for o in OVERRIDES:
        cmd += ["--set", o]
    return cmd + list(extra)


def run(voidsim, out, *extra, preexec=None):
    return subprocess.run(run_command(voidsim, out, *extra), capture_output=True, text=True,
                          preexec_fn=preexec)


def compare(reference, candidate):
    """Returns a list of differences (empty when the runs are identical)."""
    problems = []
    with open(os.path.join(reference, "porosity.csv")) as a, open(os.path.join(candidate, "porosity.csv")) as b:
        if a.read() != b.read():
            problems.append("porosity.csv differs")
    sa = json.load(open(os.path.join(reference, "summary.json")))
    sb = json.load(open(os.path.join(candidate, "summary.json")))
    for key in sorted(set(sa) | set(sb)):
        if key != "wall_time_s" and sa.get(key) != sb.get(key):
            problems.append(f"summary.json {key}: {sa.get(key)} vs {sb.get(key)}")
    with h5py.File(os.path.join(reference, "result.h5"), "r") as fa, \
            h5py.File(os.path.join(candidate, "result.h5"), "r") as fb:
        names = []
        fa["data"].visit(lambda n: names.append(n) if isinstance(fa["data"][n], h5py.Dataset) else None)
        if not names:
            problems.append("reference result.h5 has no datasets under /data")
        for n in names:
            if n not in fb["data"]:
                problems.append(f"/data/{n} missing")
                continue
            x, y = np.asarray(fa["data"][n]), np.asarray(fb["data"][n])
            if x.shape != y.shape or not np.array_equal(x, y, equal_nan=True):
                problems.append(f"/data/{n} differs")
    return problems


def leftovers(out):
    """Temporary files of atomic writes that a failure left behind (there must be none)."""
    found = []
    for root, _, files in os.walk(out):
        found += [os.path.join(root, f) for f in files if ".tmp" in f]
    return found


def complete_by_resuming(voidsim, out, rng, kill_probability, log):
    """Resumes (or restarts, if no checkpoint was written yet) until the run completes; each
    attempt is itself killed at a random point with the given probability."""
    for attempt in range(50):
        has_checkpoint = any(os.path.exists(os.path.join(out, f)) for f in ("checkpoint.h5", "checkpoint.h5.prev"))
        extra = ["--resume"] if has_checkpoint else ["--force"]
        proc = subprocess.Popen(run_command(voidsim, out, *extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        if rng.random() < kill_probability:
            time.sleep(rng.uniform(0.05, 1.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                log.append(f"  attempt {attempt} ({extra[0]}): killed")
        _, err = proc.communicate()
        if proc.returncode == EXIT_OK:
            log.append(f"  attempt {attempt} ({extra[0]}): complete")
            return True
        if proc.returncode != -signal.SIGKILL:
            log.append(f"  attempt {attempt} ({extra[0]}): exit {proc.returncode}: {err.strip()[-400:]}")
            return False
    return False


def case_kill(voidsim, work, reference, rng, trials):
    failures = []
    for trial in range(trials):
        out = os.path.join(work, f"kill{trial}")
        shutil.rmtree(out, ignore_errors=True)
        log = []
        proc = subprocess.Popen(run_command(voidsim, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0.1, 1.8)
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        log.append(f"trial {trial}: first run {'killed' if killed else 'finished'} after {delay:.2f} s")
        if not complete_by_resuming(voidsim, out, rng, 0.5, log):
            failures.append(f"trial {trial}: never completed")
        else:
            failures += [f"trial {trial}: {p}" for p in compare(reference, out)]
        failures += [f"trial {trial}: temporary left: {f}" for f in leftovers(out)]
        print("\n".join(log))
    return failures


def case_disk_full(voidsim, work, reference):
    out = os.path.join(work, "disk_full")
    shutil.rmtree(out, ignore_errors=True)
    result_size = os.path.getsize(os.path.join(reference, "result.h5"))
    limit = result_size // 2  # frames and checkpoints fit, the assembled result.h5 does not

    def starve():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    failures = []
    first = run(voidsim, out, preexec=starve)
    print(f"limited to {limit} bytes per file: exit {first.returncode}; {first.stderr.strip()[-300:]}")
    if first.returncode != EXIT_IO_ERROR:
        failures.append(f"expected the I/O exit code {EXIT_IO_ERROR}, got {first.returncode}")
    for name in ("result.h5", "summary.json"):
        if os.path.exists(os.path.join(out, name)):
            failures.append(f"{name} exists after the failed write")
    failures += [f"temporary left: {f}" for f in leftovers(out)]
    if not os.path.exists(os.path.join(out, "checkpoint.h5")):
        failures.append("no checkpoint kept")
    second = run(voidsim, out, "--resume")
    if second.returncode != EXIT_OK:
        failures.append(f"resume after freeing space: exit {second.returncode}: {second.stderr.strip()[-300:]}")
    else:
        failures += compare(reference, out)
    return failures


def case_corrupt(voidsim, work, reference):
    out = os.path.join(work, "corrupt")
    shutil.rmtree(out, ignore_errors=True)
    failures = []
    # Stop cleanly half way (the testing aid behaves as SIGTERM at t = 750 s) so that both the
    # checkpoint and its predecessor exist, then damage the newest one.
    first = run(voidsim, out, "--stop-at", "750")
    checkpoint = os.path.join(out, "checkpoint.h5")
    if not (os.path.exists(checkpoint) and os.path.exists(checkpoint + ".prev")):
        return [f"no checkpoint pair after the stop (exit {first.returncode}): {sorted(os.listdir(out))}"]
    size = os.path.getsize(checkpoint)
    with open(checkpoint, "r+b") as f:
        f.seek(size // 2)
        byte = f.read(1)
        f.seek(size // 2)
        f.write(bytes([byte[0] ^ 0xFF]))
    second = run(voidsim, out, "--resume")
    print(f"resume from a corrupted checkpoint: exit {second.returncode}; {second.stderr.strip()[-300:]}")
    if second.returncode != EXIT_OK:
        failures.append(f"resume failed: exit {second.returncode}")
    elif "previous" not in second.stderr:
        failures.append("resume did not report falling back to the previous checkpoint")
    else:
        failures += compare(reference, out)
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("voidsim")
    parser.add_argument("work")
    parser.add_argument("case", choices=["kill", "disk_full", "corrupt"])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--trials", type=int, default=4)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    reference = os.path.join(args.work, "reference")
    shutil.rmtree(reference, ignore_errors=True)
    ref = run(args.voidsim, reference)
    if ref.returncode != EXIT_OK:
        print(f"reference run failed: {ref.stderr}")
        return 1
    rng = random.Random(args.seed)
    if args.case == "kill":
        failures = case_kill(args.voidsim, args.work, reference, rng, args.trials)
    elif args.case == "disk_full":
        failures = case_disk_full(args.voidsim, args.work, reference)
    else:
        failures = case_corrupt(args.voidsim, args.work, reference)
    for f in failures:
        print("FAIL:", f)
    print("PASS" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
