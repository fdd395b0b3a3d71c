#!/usr/bin/env python3
"""The issue's CI check (issue 7, "Done when"): the MPI back end and the local back end give the
same results on a small sweep.

  mpi_matches_local.py VOIDSIM SWEEP.yaml WORKDIR MPIEXEC

runs `MPIEXEC --oversubscribe -np 3 VOIDSIM sweep SWEEP.yaml -o WORKDIR/mpi` and
`VOIDSIM sweep SWEEP.yaml -o WORKDIR/local -j 2`, then `voidsim collect` on both, and checks:
every task is complete in both; summary.csv of both agree cell for cell (text identity of the
shortest round-trip numbers, i.e. bit identity) except wall_time_s; each run's porosity.csv is
byte-identical; the numbers do vary across the sweep (so agreement is not trivial); rank 0 logged
progress; summary.h5 has one dataset per column along the dimension scale "task" with units and
reads back equal to the CSV (h5py; and xarray when it is installed).
When MPIEXEC is empty (voidsim built without MPI) only the local half runs, and the exit code is
77 (ctest: skipped) if it passes.
"""
import csv
import math
import shutil
import subprocess
import sys
from pathlib import Path


def fail(message):
    print(f"mpi_matches_local: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run(command, **kwargs):
    print("+", " ".join(str(c) for c in command), flush=True)
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        fail(f"exit code {result.returncode}: {' '.join(str(c) for c in command)}")
    return result


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_h5(directory, header, rows):
    """summary.h5 holds the CSV's table: plain arrays for h5py, a Dataset along "task" for xarray."""
    try:
        import h5py
    except ImportError:
        print("h5py not installed: summary.h5 not checked")
        return
    n = len(rows)
    col = {name: i for i, name in enumerate(header)}
    with h5py.File(directory / "summary.h5", "r") as f:
        task = f["task"]
        if not h5py.h5ds.is_scale(task.id) or list(task[()]) != list(range(n)):
            fail("/task is not the dimension scale 0..n-1")
        for name in header:
            key = "task" if name == "index" else name.split(" [")[0]
            if key not in f:
                fail(f"summary.h5 has no dataset {key!r} for column {name!r}")
            d = f[key]
            if d.shape != (n,):
                fail(f"{key}: shape {d.shape}, expected ({n},)")
            if key != "task" and (len(d.dims[0]) != 1 or d.dims[0][0].name != "/task"):
                fail(f"{key} is not attached to the dimension scale /task")
            if d.dtype.kind == "f":
                csv_values = [float(r[col[name]]) for r in rows]
                for a, b in zip(d[()], csv_values):
                    if not (a == b or (math.isnan(a) and math.isnan(b))):
                        fail(f"{key}: HDF5 {a!r} != CSV {b!r}")
        if f["electrochemistry.bias"].attrs["units"] != "V":
            fail(f"units of electrochemistry.bias: {f['electrochemistry.bias'].attrs['units']!r}")
        if f["void_onset_s"].attrs["units"] != "s":
            fail("units of void_onset_s")
    try:
        import xarray
    except ImportError:
        print("xarray not installed: summary.h5 not opened with xarray")
        return
    with xarray.open_dataset(directory / "summary.h5", engine="h5netcdf") as ds:
        if dict(ds.sizes) != {"task": n}:
            fail(f"xarray dimensions {dict(ds.sizes)}")
        if ds["electrochemistry.bias"].attrs.get("units") != "V":
            fail("xarray: units of electrochemistry.bias")
        if list(ds["status"].values) != [r[col["status"]] for r in rows]:
            fail("xarray: status column")
    print(f"h5py and xarray read {directory / 'summary.h5'} ({n} tasks along 'task')")


def main():
    if len(sys.argv) not in (4, 5):  # an empty MPIEXEC may arrive as no argument at all
        print(__doc__, file=sys.stderr)
        return 2
    voidsim, sweep_file, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    mpiexec = sys.argv[4] if len(sys.argv) == 5 else ""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    local, mpi = work / "local", work / "mpi"

    # The local back end and its collection, checked on their own (also without MPI).
    run([voidsim, "--log-level", "warn", "sweep", sweep_file, "-o", local, "-j", "2"])
    run([voidsim, "--log-level", "warn", "collect", local])
    header, rows_local = read_csv(local / "summary.csv")
    n = len(rows_local)
    col = {name: i for i, name in enumerate(header)}
    if n == 0 or {r[col["status"]] for r in rows_local} != {"complete"}:
        fail(f"local: not every task is complete: {[r[col['status']] for r in rows_local]}")
    check_h5(local, header, rows_local)
    if not mpiexec:
        print("voidsim was built without MPI (VOIDSIM_WITH_MPI=OFF): the MPI comparison is skipped")
        return 77

    mpi_run = run([mpiexec, "--oversubscribe", "-np", "3", voidsim, "sweep", sweep_file, "-o", mpi])
    run([voidsim, "--log-level", "warn", "collect", mpi])
    header_mpi, rows_mpi = read_csv(mpi / "summary.csv")
    if header != header_mpi:
        fail(f"columns differ:\n  local {header}\n  mpi   {header_mpi}")
    if len(rows_mpi) != n:
        fail(f"{n} local rows, {len(rows_mpi)} MPI rows")
    if {r[col["status"]] for r in rows_mpi} != {"complete"}:
        fail("mpi: not every task is complete")

    # Same seeds, same numbers: every cell but the wall-clock time.
    compared = [c for c in header if c != "wall_time_s"]
    for i, (a, b) in enumerate(zip(rows_local, rows_mpi)):
        for c in compared:
            if a[col[c]] != b[col[c]]:
                fail(f"task {i}, column {c}: local {a[col[c]]!r}, MPI {b[col[c]]!r}")
    for i in range(n):
        name = f"task-{i:06d}"
        pl = (local / "runs" / name / "porosity.csv").read_bytes()
        pm = (mpi / "runs" / name / "porosity.csv").read_bytes()
        if pl != pm:
            fail(f"{name}/porosity.csv differs between the back ends")

    # Agreement must not be trivial: seeds differ between tasks, results between points.
    if len({r[col["seed"]] for r in rows_local}) != n:
        fail("seeds are not distinct across tasks")
    if len({r[col["charge_passed_C"]] for r in rows_local}) < 2:
        fail("charge_passed_C is the same for every task: the comparison would be trivial")
    if f"[{n}/{n}]" not in mpi_run.stderr:
        fail(f"rank 0 did not log the progress '[{n}/{n}]':\n{mpi_run.stderr}")
    check_h5(mpi, header, rows_mpi)
    print(f"MPI (3 ranks) and local (-j 2) agree on {n} tasks x {len(compared)} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
