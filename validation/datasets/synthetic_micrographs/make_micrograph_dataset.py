#!/usr/bin/python3
"""Writes a measured-statistics dataset made of micrographs whose content is known (issue 6): a run
of the simulator is imaged by `voidsim image` (HAADF, with a noise seed of its own, so the
"measured" images are an independent acquisition of the same specimen), each image is measured by
`voidsim analyze`, and dataset.yaml holds
  - one `micrographs` entry per image (validate images each run the same way and compares the two
    analyses: area fraction, and void sizes where there are enough voids);
  - the sizes and the depth profile that analyze measured, as `size_distributions` and
    `depth_profiles` entries, compared with the runs' own voids (the section), so the report shows
    what imaging and segmentation do to the statistics;
  - KNOWN.md: what the run holds (its own void statistics at the same outputs), the ground truth.

usage: make_micrograph_dataset.py VOIDSIM RUN_DIR OUT_DIR [--times 576,2345] [--noise-seed 7]
Standard library only (reads summary.json and the JSON of analyze).
"""
import argparse
import csv
import json
import os
import subprocess
import sys

PIXEL_NM = 0.5             # half the cell size; 0.25 nm (the paper's frames) makes 2 MB noisy PNGs to ship
MIN_DIAMETER_NM = 3.0      # analysis detection limit; voids smaller than 3 nm are not counted
PROFILE_RELATIVE = 0.15    # depth profile: segmentation threshold (~15 % of the area, see analyze's sensitivity)
PROFILE_FLOOR = 0.005      # and an absolute floor (counting of a few voids per 10 nm bin)
DIAMETER_SIGMA_NM = 0.5    # one standard deviation of a measured diameter: one pixel
SIZE_CHECK_MIN_VOIDS = 5   # fewer measured voids: no size criterion (KS and W1 mean little)


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("voidsim")
    p.add_argument("run_dir")
    p.add_argument("out_dir")
    p.add_argument("--times", default="576,2345", help="output times, s (the paper's frames)")
    p.add_argument("--noise-seed", type=int, default=7)
    a = p.parse_args()
    times = [float(t) for t in a.times.split(",")]
    os.makedirs(a.out_dir, exist_ok=True)
    work = os.path.join(a.out_dir, ".work")
    run([a.voidsim, "image", a.run_dir, "--kind", "haadf", "--time", ",".join(f"{t:g}s" for t in times),
         "--pixel-size", f"{PIXEL_NM}nm", "--seed", str(a.noise_seed), "-o", work])

    micrographs, sizes, profiles = [], [], []
    for t in times:
        tag = f"t{int(round(t)):07d}s"
        image = f"haadf_{tag}.png"
        os.replace(os.path.join(work, image), os.path.join(a.out_dir, image))
        stats_file = os.path.join(work, f"analyze_{tag}.json")
        run([a.voidsim, "analyze", os.path.join(a.out_dir, image), "--min-diameter", f"{MIN_DIAMETER_NM}nm",
             "-o", stats_file, "--no-overlay"])
        with open(stats_file) as f:
            stats = json.load(f)
        n = stats["void_count"]
        micrographs.append((t, image, n, stats["void_area_fraction"]))
        if n > 0:
            name = f"diameters_{tag}.csv"
            with open(os.path.join(a.out_dir, name), "w", newline="") as f:
                f.write(f"# void diameters measured by voidsim analyze on {image} (--min-diameter {MIN_DIAMETER_NM} nm)\n")
                w = csv.writer(f)
                w.writerow(["diameter_nm"])
                for d in stats["diameters_nm"]:
                    w.writerow([f"{d:.4f}"])
            sizes.append((t, name, n))
        name = f"profile_{tag}.csv"
        with open(os.path.join(a.out_dir, name), "w", newline="") as f:
            f.write(f"# void area fraction per 10 nm below the interface, voidsim analyze on {image}\n")
            w = csv.writer(f)
            w.writerow(["depth_nm", "area_fraction", "sigma"])
            # Down to 30 nm below the deepest void bin (at least 50 nm): the empty bulk below would
            # only dilute the normalised RMSE of the part that holds voids.
            deepest = max([b["depth_nm"] for b in stats["profile"] if b["area_fraction"] > 0], default=0.0)
            for b in stats["profile"]:
                if b["depth_nm"] > max(deepest + 30.0, 50.0):
                    break
                v = b["area_fraction"]
                w.writerow([f"{b['depth_nm']:.3f}", f"{v:.6f}", f"{(PROFILE_RELATIVE**2 * v * v + PROFILE_FLOOR**2) ** 0.5:.6f}"])
        profiles.append((t, name))

    with open(os.path.join(a.run_dir, "summary.json")) as f:
        summary = json.load(f)
    source = f"voidsim image + analyze of run {os.path.basename(os.path.abspath(a.run_dir))} (seed {summary.get('seed')})"
    y = ["# Made by make_micrograph_dataset.py: micrographs rendered by `voidsim image` from a run whose",
         "# content is known (KNOWN.md), measured by `voidsim analyze`. Regenerate, do not edit.",
         "dataset:",
         "  name: synthetic_micrographs",
         '  title: "HAADF micrographs of the default in situ run, rendered and analysed by voidsim"',
         f'  citation: "synthetic: {source}"',
         "  default_experiment: insitu_biasing",
         "micrographs:"]
    for t, image, n, area in micrographs:
        y += [f"  - id: haadf_{int(round(t))}s",
              f'    source: "{image}: HAADF, {PIXEL_NM} nm pixels, noise seed {a.noise_seed}; analyze: {n} voids, area {100 * area:.3f} %"',
              '    instrument: "voidsim image (HAADF-STEM model, 1 nm Gaussian probe, 60 nm lamella)"',
              f"    at: {t:g} s",
              f"    file: {image}",
              f"    analysis: {{min_diameter: {MIN_DIAMETER_NM} nm}}",
              "    max_area_fraction_difference: 0.003   # 0.3 % of the cathode area: noise and segmentation"]
        if n >= SIZE_CHECK_MIN_VOIDS:
            y += ["    max_wasserstein: 1.5 nm", "    max_ks: 0.6"]
    y.append("size_distributions:")
    for t, name, n in sizes:
        required = "true" if n >= SIZE_CHECK_MIN_VOIDS else "false"
        y += [f"  - id: diameters_{int(round(t))}s",
              f'    source: "voidsim analyze of haadf_t{int(round(t)):07d}s.png ({n} voids)"',
              f"    at: {t:g} s",
              f"    file: {name}",
              "    columns: {diameter: diameter_nm}",
              "    units: {diameter: nm}",
              f"    uncertainty: {DIAMETER_SIGMA_NM} nm",
              f"    min_diameter: {MIN_DIAMETER_NM} nm",
              "    max_wasserstein: 2 nm   # the image sees voids through a 1 nm probe: edges ~0.5-1 nm out",
              f"    required: {required}"]
    y.append("depth_profiles:")
    for t, name in profiles:
        y += [f"  - id: profile_{int(round(t))}s",
              f'    source: "voidsim analyze of haadf_t{int(round(t)):07d}s.png, 10 nm bins"',
              f"    at: {t:g} s",
              f"    file: {name}",
              "    columns: {depth: depth_nm, value: area_fraction, uncertainty: sigma}",
              "    units: {depth: nm, value: \"1\"}",
              "    max_normalised_rmse: 2",
              "    # Informational: the image's profile is not the section's. Voids under ~5 nm are",
              "    # faint through the lamella and the first 10 nm lose contrast against the interface",
              "    # (KNOWN.md); the micrograph entries compare image with image instead.",
              "    required: false"]
    with open(os.path.join(a.out_dir, "dataset.yaml"), "w") as f:
        f.write("\n".join(y) + "\n")

    # The ground truth: the run's own statistics at the same outputs.
    with open(os.path.join(a.run_dir, "porosity.csv"), newline="") as f:
        rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    k = ["# What the images show (ground truth)", "",
         f"Run: `{os.path.basename(os.path.abspath(a.run_dir))}`, seed {summary.get('seed')}. Its own void statistics",
         "(porosity.csv, the section, every void the run's detection rule finds) at the imaged outputs,",
         "next to what `voidsim analyze` measured on the rendered HAADF images (voids >= "
         f"{MIN_DIAMETER_NM:g} nm):", "",
         "| time (s) | voids (run) | area fraction (run) | mean diameter (run, nm) | voids (analyze) | area fraction (analyze) |",
         "|---|---|---|---|---|---|"]
    for t, image, n, area in micrographs:
        r = min(rows, key=lambda r: abs(r["time_s"] - t))
        k.append(f"| {t:g} | {r['void_count']:g} | {100 * r['void_area_fraction']:.3f} % | {r['mean_diameter_nm']:.2f} | {n} | {100 * area:.3f} % |")
    with open(os.path.join(a.out_dir, "KNOWN.md"), "w") as f:
        f.write("\n".join(k) + "\n")
    for name in os.listdir(work):
        os.remove(os.path.join(work, name))
    os.rmdir(work)
    print(f"wrote {a.out_dir}/dataset.yaml")


if __name__ == "__main__":
    sys.exit(main())
