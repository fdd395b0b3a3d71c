#!/usr/bin/python3
"""Calibration recovers known parameters (issue 6, "Done when"): runs a reduced in situ scenario at
known values of two parameters for two seeds, turns the runs into a measured dataset
(validation/datasets/synthetic/make_synthetic_dataset.py: areal fraction with 10 % and current with
2 % uncertainty), calibrates both parameters from a start 30 % and 67 % off with `voidsim
calibrate` and checks that each is found within 10 %. Then runs the calibration again into the same
directory: every evaluation must come from the cache (an interrupted calibration resumes).

Parameters: vacancy_source.oxygen_redox.loss_fraction (f_loss, the O budget) and
electrochemistry.interface_resistance (the extraction rate). The pair f_loss / void surface energy
was tried first and is not identifiable from these curves: the surface energy changes the onset by
less than one output interval under the strong heterogeneous-nucleation factor of the calibrated
scenario (docs/calibration-runs.md).

usage: synthetic_recovery.py VOIDSIM SOURCE_DIR WORK_DIR [--quick] [--jobs N] [--mpirun MPIEXEC]
--jobs N: then calibrate again with -j N (runs as child processes); --mpirun: again under
`MPIEXEC -np 2` (rank 0 drives, both ranks run tasks); each must give the same evaluations.
--quick: the same pipeline on a 48 x 32 nm section to 300 s with one seed, 3 evaluations and no
grid (seconds; for the sanitizer stage): checks the files and the resume, not the recovery.
"""
import json
import os
import shutil
import subprocess
import sys

# Inside the bounds, with voids on the reduced section: under the charge-balance onset f_loss 0.6
# gives 1-3 voids by 1200 s (too few to fit), 0.8 gives 4-6 (area 1.8-2.5 %), 1 (the default) is the
# bound itself.
TRUTH = {"vacancy_source.oxygen_redox.loss_fraction": 0.8,
         "electrochemistry.interface_resistance": 0.5}  # SI: 0.5 ohm m^2 = 5e3 ohm cm^2
TOLERANCE = 0.10  # the issue's: each parameter within 10 %
# The reduced scenario: 96 x 64 nm to 1200 s (1-2 s per run); --quick: 48 x 32 nm to 300 s.
FULL = ({"domain.nx": "96", "domain.nz": "64", "run.duration": "1200 s"},
        "30,60,90,120,180,240,300,450,600,750,900,1050,1200")
QUICK = ({"domain.nx": "48", "domain.nz": "32", "run.duration": "300 s"}, "30,60,90,120,180,240,300")


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def main():
    voidsim, source, work = sys.argv[1:4]
    source = os.path.abspath(source)
    quick = "--quick" in sys.argv[4:]
    size, times = QUICK if quick else FULL
    overrides = [arg for key, value in size.items() for arg in ("--set", f"{key}={value}")]
    seeds = (1,) if quick else (1, 2)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    scenario = os.path.join(source, "scenarios/insitu_biasing.yaml")
    truth_runs = []
    for seed in seeds:
        out = os.path.join(work, f"truth-{seed}")
        subprocess.run([voidsim, "--threads", "1", "--log-level", "warn", "run", scenario, "-q", "-o", out,
                        "--seed", str(seed), *overrides,
                        "--set", "vacancy_source.oxygen_redox.loss_fraction=0.8",
                        "--set", "electrochemistry.interface_resistance=5e3 ohm cm^2"], check=True)
        truth_runs.append(out)
    dataset = os.path.join(work, "dataset")
    subprocess.run(["/usr/bin/python3", os.path.join(source, "validation/datasets/synthetic/make_synthetic_dataset.py"),
                    dataset, *truth_runs, "--quantities", "void_area_fraction,current", "--times", times,
                    "--note", "in situ scenario, 96 x 64 nm, f_loss 0.8, R_int 5e3 ohm cm^2, seeds 1 and 2"],
                   check=True)
    calibration = os.path.join(work, "calibration.yaml")
    with open(calibration, "w") as f:
        f.write(f"""calibration:
  scenario: {scenario}
  set: {{{", ".join(f'{key}: "{value}"' for key, value in size.items())}}}
  dataset: dataset
  parameters:
    vacancy_source.oxygen_redox.loss_fraction: {{min: 0.3, max: 1.0, start: 0.56}}
    electrochemistry.interface_resistance: {{min: "2e3 ohm cm^2", max: "2e4 ohm cm^2", start: "8.35e3 ohm cm^2", scale: log}}
  seeds: [{", ".join(str(seed) for seed in seeds)}]
  optimizer: {{algorithm: LN_SBPLX, max_evaluations: {3 if quick else 20}, xtol_rel: 0.01, initial_grid: {0 if quick else 4}}}
  profile_points: {2 if quick else 3}
""")
    out = os.path.join(work, "out")
    command = [voidsim, "--threads", "1", "--log-level", "warn", "calibrate", calibration, "-o", out]
    subprocess.run(command, check=True)
    result = json.load(open(os.path.join(out, "calibration.json")))
    for key, truth in TRUTH.items():
        if quick:
            break
        found = result["best"]["parameters"][key]["value_si"]
        error = abs(found - truth) / truth
        print(f"{key}: truth {truth}, found {found:.6g} ({100 * error:.1f} % off)")
        if error > TOLERANCE:
            fail(f"{key} recovered {100 * error:.1f} % off (tolerance {100 * TOLERANCE:.0f} %)")
    for name in ("calibration.md", "evaluations.json", "best/report.html", "best/report.json"):
        if not os.path.exists(os.path.join(out, name)):
            fail(f"{name} not written")
    if set(result["profiles"]) != set(TRUTH):
        fail("no misfit profile for every parameter")
    unique = len(json.load(open(os.path.join(out, "evaluations.json")))["evaluations"])

    # Resume: the same calibration again finds every point in the cache and the same answer.
    subprocess.run(command, check=True)
    again = json.load(open(os.path.join(out, "calibration.json")))
    if len(json.load(open(os.path.join(out, "evaluations.json")))["evaluations"]) != unique:
        fail("the repeated calibration ran new evaluations instead of using the cache")
    if again["best"] != result["best"]:
        fail("the repeated calibration found another best point")
    # Parallel evaluations (`-j N`: runs as child processes; under mpirun: over the ranks) give the
    # same misfits and best point.
    serial = json.load(open(os.path.join(out, "evaluations.json")))["evaluations"]
    variants = []
    if "--jobs" in sys.argv[4:]:
        jobs = sys.argv[sys.argv.index("--jobs") + 1]
        parallel = os.path.join(work, f"out-j{jobs}")
        variants.append((f"-j {jobs}", parallel, [*command[:-1], parallel, "-j", jobs]))
    if "--mpirun" in sys.argv[4:]:
        mpiexec = sys.argv[sys.argv.index("--mpirun") + 1]
        parallel = os.path.join(work, "out-mpi")
        variants.append(("mpirun -np 2", parallel, [mpiexec, "-np", "2", *command[:-1], parallel]))
    for name, parallel, cmd in variants:
        subprocess.run(cmd, check=True, timeout=600)
        children = json.load(open(os.path.join(parallel, "evaluations.json")))["evaluations"]
        pairs = [(a["values_si"], a["misfit"]) for a in serial]
        if pairs != [(b["values_si"], b["misfit"]) for b in children]:
            fail(f"{name} evaluated other points or misfits:\n{pairs}\n{children}")
        if json.load(open(os.path.join(parallel, "calibration.json")))["best"] != result["best"]:
            fail(f"{name} found another best point")
        print(f"{name}: the same {len(children)} evaluations and best point")
    print(f"ok: {unique} evaluations, best misfit {result['best']['misfit']:.3g}")


if __name__ == "__main__":
    main()
