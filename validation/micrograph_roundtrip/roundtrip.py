#!/usr/bin/python3
"""Micrograph round trip (issue 5, last "Done when" bullet): `voidsim analyze` applied to the
simulator's own HAADF frames must give the simulator's porosity curves.

Runs (through the CLI, as users do) a reduced in situ scenario, renders a HAADF frame at every
output with stated imaging conditions, analyses each frame, and compares area fraction, count and
median diameter with the simulator's own statistics (porosity.csv, and the median diameter from
the run's eta fields by voidsim_simulator_voids) at every frame whose voids are all above the
resolution limit derived below from the imaging conditions. Prints both curves and the frames left
out with the reason; exits 1 when a compared frame is outside the tolerances or too few frames are
compared. Derivations and the measured tables: docs/micrograph-analysis.md.

usage: roundtrip.py VOIDSIM SIMULATOR_VOIDS SCENARIO WORK_DIR [--dose E_PER_A2] [--no-run]
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys

# Tolerances of the issue: area fraction 10 %, count 15 %, median diameter 10 %.
TOL_AREA, TOL_COUNT, TOL_MEDIAN = 0.10, 0.15, 0.10

# Imaging conditions (voidsim image defaults unless stated; recorded in every image's metadata).
LAMELLA = 60e-9          # m, run.lamella_thickness default: the paper's 50-100 nm FIB lamella
PIXEL = 1e-9             # m, the cell size: no sampling finer than the simulation resolves
PROBE_FWHM = 1e-9        # m, probe plus beam broadening in 60 nm (voidsim image default)
DETECTOR_100NM = 0.05    # detected fraction of the beam for 100 nm pristine LNMO (haadf_image.hpp)
DENOISE_PX = 1.5         # analysis smoothing sigma in pixels (micrograph_analysis.hpp default)
FALSE_VOIDS = 0.2        # expected noise seeds per image (micrograph_analysis.hpp default)
# Size limit of the half-depth edge: below about this equivalent diameter a void has no flat
# bottom in the image (tanh interface w = 1 nm plus the 1 nm probe), its core depth is less than
# its contrast and the edge moves out. Measured on painted voids (eta_max 1, w = 1 nm, 1 nm probe,
# 1 nm pixels; tests/postprocess/test_micrograph_roundtrip.cpp, docs/micrograph-analysis.md):
# area +11 % at d = 5 nm, +8 % at 6 nm, +2 % at 7 nm; the 10 % tolerance is crossed at 5.4 nm.
# The frame's area error is the area-weighted mean of its voids' errors, so it is bounded by that of
# its smallest void: the limit applies to the smallest, not the median (measured 2026-11-28: four
# voids of median 5.9 nm with the smallest 5.2 nm gave +11.5 %).
SIZE_LIMIT = 5.4e-9      # m: a frame is compared when its smallest void is at least this large
# Closest approach of two voids' cells (in cells) below which the image cannot separate them: at
# sqrt(2) they touch at a corner (one object for analyze's 8-connected labels), and at 2 (a neck of
# one solid cell) the neck's eta is raised by both 1 nm tanh interfaces to near the 0.5 threshold,
# so the half-depth contour the analysis draws passes either side of it (measured 2026-11-29: two
# voids 2 cells apart were one object in 2 of 4 frames). Three cells (two solid cells between)
# keep them apart.
NECK_UNRESOLVED = 2.5


def expected_noise_objects(area_px, smoothing_px, u):
    """Euler characteristic of smoothed white noise below -u sigma (as the analysis uses)."""
    lam = 1.0 / (2.0 * smoothing_px ** 2)
    return area_px * lam * u * math.exp(-0.5 * u * u) / (2.0 * math.pi) ** 1.5


def seed_level(area_px):
    low, high = 2.0, 12.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        if expected_noise_objects(area_px, DENOISE_PX, mid) > FALSE_VOIDS:
            low = mid
        else:
            high = mid
    return high


def resolution_limit(dose_per_a2, area_px):
    """Smallest void diameter (m) the analysis finds with ~98 % probability and places edges on.

    - contrast of a void of diameter d extruded to depth d (< t): C = d / t of the HAADF signal;
    - the probe and the analysis smoothing blur it: total sigma s = sqrt(s_probe^2 + s_denoise^2),
      peak of a blurred disc C (1 - exp(-d^2 / (8 s^2)));
    - shot noise of the pristine matrix, relative 1 / sqrt(N) per pixel with N = dose x pixel
      area x detected fraction, divided by 2 sqrt(pi) s_denoise (pixels) by the smoothing;
    - detected when the peak exceeds the seed level k_d (noise sigmas, as the analysis sets it)
      by 2 sigma more (found in >= 97.7 % of frames);
    - and at least 3 pixels and 2 probe FWHM across, so its half-depth contour is a contour of
      the void and not of the probe (a blurred 1-2 pixel object has no flat bottom).
    """
    detected = 1.0 - (1.0 - DETECTOR_100NM) ** (LAMELLA / 100e-9)
    s_probe = PROBE_FWHM / (2.0 * math.sqrt(2.0 * math.log(2.0)))
    s_denoise = DENOISE_PX * PIXEL
    s_total = math.hypot(s_probe, s_denoise)
    if dose_per_a2 > 0:
        electrons = dose_per_a2 * (PIXEL * 1e10) ** 2 * detected
        noise = 1.0 / math.sqrt(electrons) / (2.0 * math.sqrt(math.pi) * DENOISE_PX)
    else:
        noise = 0.0
    k_d = seed_level(area_px)
    needed = (k_d + 2.0) * noise
    d = PIXEL
    while d < LAMELLA:
        peak = (d / LAMELLA) * (1.0 - math.exp(-d * d / (8.0 * s_total ** 2)))
        if peak >= needed:
            break
        d += 0.01e-9
    sampling = max(3.0 * PIXEL, 2.0 * PROBE_FWHM)
    return max(d, sampling), {"seed_level_sigmas": k_d, "relative_noise_after_smoothing": noise,
                              "cnr_limit_nm": d * 1e9, "sampling_limit_nm": sampling * 1e9}


def read_csv(path):
    with open(path) as f:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]


def relative(measured, truth):
    return abs(measured - truth) / truth if truth > 0 else (0.0 if measured == 0 else math.inf)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("voidsim")
    p.add_argument("simulator_voids")
    p.add_argument("scenario")
    p.add_argument("work")
    # High-dose acquisition, 1e4 e/A^2 = 1e6 e per 1 nm pixel (100 pA, 1.6 ms dwell: a ~35 s frame
    # of 128 x 168 pixels). Why so high: the analysis cuts edges on the unsmoothed image only when
    # its noise is below 1/40 of a void's depth after 1.5-pixel smoothing (edge blur 8 x noise x
    # 1.5 px / depth < 0.3 px, micrograph_analysis.cpp); for a 4 nm void (6.7 % deep in 60 nm)
    # that needs >= 1.3e4 detected = 4.4e5 incident electrons per pixel (3 % detected), 4.4e3
    # e/A^2. At lower dose the 1.5-pixel smoothing widens small voids (docs). The paper's in situ
    # movie frames were far faster and noisier: their early voids are below this limit.
    p.add_argument("--dose", type=float, default=1e4, help="e/A^2 (0: noise-free images)")
    p.add_argument("--nx", type=int, default=128)
    p.add_argument("--nz", type=int, default=128)
    p.add_argument("--min-compared", type=int, default=10)
    p.add_argument("--no-run", action="store_true", help="reuse WORK/run")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="scenario override passed to voidsim run (repeatable)")
    a = p.parse_args()

    run_dir = os.path.join(a.work, "run")
    img_dir = os.path.join(a.work, "images")
    os.makedirs(a.work, exist_ok=True)
    # The scenario as shipped (or with --set overrides), on a smaller section.
    if not a.no_run:
        subprocess.run([a.voidsim, "--threads", "1", "run", a.scenario, "-o", run_dir, "--force", "-q",
                        "--set", f"domain.nx={a.nx}", "--set", f"domain.nz={a.nz}"] +
                       [arg for kv in a.set for arg in ("--set", kv)], check=True)
    image_cmd = [a.voidsim, "--threads", "2", "image", run_dir, "--all", "--kind", "haadf", "-o", img_dir,
                 "--pixel-size", f"{PIXEL * 1e9}nm", "--probe-size", f"{PROBE_FWHM * 1e9}nm",
                 "--lamella-thickness", f"{LAMELLA * 1e9}nm", "--seed", "7"]
    image_cmd += ["--no-noise"] if a.dose <= 0 else ["--dose", str(a.dose)]
    subprocess.run(image_cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sim = subprocess.run([a.simulator_voids, os.path.join(run_dir, "result.h5")], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    truth = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(sim)]
    porosity = {round(r["time_s"], 6): r for r in read_csv(os.path.join(run_dir, "porosity.csv"))}
    with open(os.path.join(run_dir, "scenario.resolved.yaml")) as f:
        min_cells = next(int(line.split(":")[1].split("#")[0]) for line in f
                         if line.strip().startswith("min_void_cells:"))

    # The simulator drops objects under min_void_cells cells: the same minimum as a diameter.
    min_diameter = 2.0 * math.sqrt(min_cells / math.pi) * PIXEL * 0.999
    # The reconstructed layer's nanopores are in every frame's image but not in porosity.csv (they
    # are not voids by origin). A microscopist tells them apart by size, as the paper does (~2 nm
    # pores, voids several times larger): the analysis drops objects below halfway between the
    # largest nanopore (nanopores.csv) and the smallest void a frame is compared with (SIZE_LIMIT),
    # so a pore's blurred image (measured 2.3-3.2 nm for pores up to 3.0 nm) is not counted and no
    # compared void is lost.
    pore_table = os.path.join(run_dir, "nanopores.csv")
    pores = read_csv(pore_table) if os.path.exists(pore_table) else []
    if pores:
        largest_pore = max(r["equivalent_diameter_nm"] for r in pores) * 1e-9
        if largest_pore >= SIZE_LIMIT:
            print(f"FAIL: a nanopore of {largest_pore * 1e9:.2f} nm is as large as the compared voids")
            return 1
        min_diameter = max(min_diameter, 0.5 * (largest_pore + SIZE_LIMIT))
        print(f"nanopores: {len(pores)}, largest {largest_pore * 1e9:.2f} nm; analysis keeps objects of "
              f">= {min_diameter * 1e9:.2f} nm")
    area_px = a.nx * a.nz
    limit, detail = resolution_limit(a.dose, area_px)
    # Half the HAADF contrast of the smallest void compared (diameter = limit, extruded as deep):
    # keeps every void above the limit and drops fainter features (sub-critical embryos, at most
    # h(0.5) x 2 cells / t = 1.7 % deep, and composition fluctuations), which are not voids.
    min_contrast = 0.5 * limit / LAMELLA
    print(f"imaging: t = {LAMELLA * 1e9:g} nm, pixel {PIXEL * 1e9:g} nm, probe FWHM {PROBE_FWHM * 1e9:g} nm, "
          f"dose {a.dose:g} e/A^2; resolution limit {limit * 1e9:.2f} nm ({json.dumps(detail)})")
    print("time_s | simulator area / count / median nm | analyze area / count / median nm | verdict")
    failures, compared, excluded, area_only = [], 0, [], []
    for row in truth:
        t = row["time_s"]
        if round(t, 6) not in porosity:
            failures.append(f"{t} s: no porosity.csv row")
            continue
        ref = porosity[round(t, 6)]
        # The median comes from the fields; area and count must be porosity.csv's own numbers.
        if relative(row["void_area_fraction"], ref["void_area_fraction"]) > 1e-6 or \
                int(row["void_count"]) != int(ref["void_count"]):
            failures.append(f"{t} s: field statistics differ from porosity.csv")
        stem = "t%07ds" % round(t) if abs(t - round(t)) < 1e-9 else "t%011.3fs" % t
        out = os.path.join(a.work, f"analyze_{stem}.json")
        subprocess.run([a.voidsim, "analyze", os.path.join(img_dir, f"haadf_{stem}.png"), "-o", out,
                        "--no-overlay", "--min-diameter", f"{min_diameter * 1e9:.4f}nm",
                        "--min-contrast", f"{min_contrast:.5f}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            got = json.load(f)
        # The run is laterally periodic: voidsim image must say so and analyze must follow it.
        if not (got["periodic_x"] and got["periodic_x_source"] == "metadata"):
            failures.append(f"{t:g} s: periodic_x not taken from the image metadata")
        n_sim = int(ref["void_count"])
        line = (f"{t:6g} | {ref['void_area_fraction']:.5f} / {n_sim:2d} / {row['median_diameter_nm']:5.2f} | "
                f"{got['void_area_fraction']:.5f} / {got['void_count']:2d} / {got['median_diameter_nm']:5.2f}")
        if n_sim == 0:
            excluded.append(f"{t:g} s (no void)")
            print(line + " | excluded: no void")
            continue
        if row["min_diameter_nm"] * 1e-9 < SIZE_LIMIT:
            excluded.append(f"{t:g} s (smallest void {row['min_diameter_nm']:.2f} nm < {SIZE_LIMIT * 1e9:.1f} nm)")
            print(line + f" | excluded: smallest void {row['min_diameter_nm']:.2f} nm below the size limit")
            continue
        if row["min_diameter_nm"] * 1e-9 < limit:
            excluded.append(f"{t:g} s (smallest void {row['min_diameter_nm']:.2f} nm < {limit * 1e9:.2f} nm)")
            print(line + f" | excluded: smallest void {row['min_diameter_nm']:.2f} nm below the limit")
            continue
        compared += 1
        errors = (relative(got["void_area_fraction"], ref["void_area_fraction"]),
                  relative(got["void_count"], n_sim), relative(got["median_diameter_nm"], row["median_diameter_nm"]))
        # Two voids touching at a corner are two objects for the simulator (face connectivity) and
        # one for analyze (8-connectivity, as issue 5 asks): by definition, not by imaging; across a
        # one-cell neck they are below the image's resolution. Such frames compare the area only.
        unresolved = row["min_separation_nm"] * 1e-9 < NECK_UNRESOLVED * PIXEL
        ok = errors[0] <= TOL_AREA and (unresolved or (errors[1] <= TOL_COUNT and errors[2] <= TOL_MEDIAN))
        if unresolved:
            area_only.append(f"{t:g} s")
        print(line + f" | {'ok' if ok else 'FAIL'} ({errors[0]:+.1%} area, {errors[1]:.1%} count, "
                     f"{errors[2]:.1%} median{'; area only: two voids touch or one cell apart' if unresolved else ''})")
        if not ok:
            failures.append(f"{t:g} s outside tolerance")
    print(f"compared {compared} frames ({len(area_only)} by area only: " + ", ".join(area_only) +
          f"); excluded {len(excluded)}: " + ", ".join(excluded))
    if compared < a.min_compared:
        failures.append(f"only {compared} frames compared (need {a.min_compared})")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
