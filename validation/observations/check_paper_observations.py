#!/usr/bin/python3
"""Checks a run directory of the in situ scenarios against the paper's observations
(S. Li et al., Nano Lett. 2022; MODEL.md section 1 and issue 3), and prints a table.

usage: check_paper_observations.py insitu RUN_DIR
       check_paper_observations.py beam_control RUN_DIR
       check_paper_observations.py iv_sweep RUN_DIR STEP_SECONDS
       check_paper_observations.py pristine RUN_DIR LINESCAN_CSV

Standard library only (csv, json, re): reads porosity.csv, summary.json and
scenario.resolved.yaml of the run contract.
Exit status 0 when every required observation holds, 1 otherwise. Coalescence is reported twice:
in the simulated section or volume (`coalescence_s`, informational: a 3D run's voids overlap in
projection long before they touch, docs/calibration.md) and in the projected image through the
lamella, as the paper saw it (`projected_coalescence_s`, docs/projected-voids.md; a 2D run's
projected image is its section): required.
"""
import csv
import json
import re
import sys

# The paper: voids "growing and merging by about 576 s" (SI Video 3). The window's upper end allows
# for one or two 30-60 s output intervals and the frame-to-frame judgement of "merging" in a video.
COALESCENCE_BY_S = 700.0


def rows_of(run_dir):
    with open(f"{run_dir}/porosity.csv", newline="") as f:
        return [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]


def report(checks):
    ok = True
    for name, passed, detail in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
        ok = ok and passed
    return ok


def run_dimension(run_dir):
    """domain.dimension of the resolved scenario (2 if it cannot be read)."""
    try:
        text = open(f"{run_dir}/scenario.resolved.yaml").read()
    except OSError:
        return 2
    section = re.search(r"^domain:\n((?:[ \t]+.*\n?)*)", text, re.MULTILINE)
    match = section and re.search(r"^\s+dimension:\s*(\d)", section.group(1), re.MULTILINE)
    return int(match.group(1)) if match else 2


def nondecreasing(values, slack, relative=0.0):
    """Each value at least the previous one minus (slack + relative x previous): `relative` is the
    frame-to-frame noise of a stochastic engine (KMC void surfaces move sites across the cell
    threshold), not a trend."""
    return all(b >= a - slack - relative * abs(a) for a, b in zip(values, values[1:]))


# Frame-to-frame noise tolerated in the monotonicity checks of a stochastic (KMC) run only; the
# continuum run is checked strictly. Relative to the value: 2 % for the areal fraction (measured
# KMC dips of 1-2 % between 30 s frames with a rising trend), 0.5 % for the current (voids opening
# and closing at the contact row change the active area by ~0.2 %).
AREA_NOISE = 0.02
CURRENT_NOISE = 0.005
# and 2 nm for the void front: the bottom cells of the deepest void cross the threshold back and
# forth as its surface sites move (KMC), two cells at the default 1 nm cell size.
FRONT_NOISE_NM = 2.0
# A stochastic run's areal fraction is judged on its running mean over this many frames (about
# 150 s at the 30 s output interval), as a trend in a video is: in the KMC plateau after ~1400 s
# single 30 s frames scatter by up to 5 % (a 4-5 nm void crossing the detection size) while the
# trend rises slowly (0.59 % at 1380 s -> 0.65 % at 2400 s with seed 20220505).
STOCHASTIC_SMOOTHING_FRAMES = 5


def running_mean(values, width):
    """Centred running mean, the window shrinking at the ends; width 1 returns the values."""
    half = width // 2
    out = []
    for i in range(len(values)):
        window = values[max(0, i - half):i + half + 1]
        out.append(sum(window) / len(window))
    return out


def check_insitu(run_dir, stochastic=False):
    """stochastic: the run's curves carry lattice noise (KMC); the monotonicity checks then allow
    the frame-to-frame noise stated above instead of none."""
    noise = (AREA_NOISE, CURRENT_NOISE, FRONT_NOISE_NM) if stochastic else (0.0, 0.0, 0.0)
    area_noise, current_noise, front_noise = noise
    rows = rows_of(run_dir)
    summary = json.load(open(f"{run_dir}/summary.json"))
    onset = summary["void_onset_s"]
    first = next((r["time_s"] for r in rows if r["void_count"] > 0), None)
    before_82 = [r for r in rows if r["time_s"] <= 82.0]
    after = [r for r in rows if onset is not None and r["time_s"] >= onset]
    area = running_mean([r["void_area_fraction"] for r in after], STOCHASTIC_SMOOTHING_FRAMES if stochastic else 1)
    front = [r["front_depth_nm"] for r in after]
    current = [r["current_A"] for r in rows if r["time_s"] > 0]
    # Depth of the cathode along z: the front must stay in the half facing the electrolyte.
    depth_nm = summary.get("domain_depth_nm")
    final = rows[-1]
    checks = [
        ("no void at 82 s", all(r["void_count"] == 0 for r in before_82),
         f"void counts up to 82 s: {[int(r['void_count']) for r in before_82]}"),
        ("first voids 200-330 s (paper 263 s)", onset is not None and 200.0 <= onset <= 330.0,
         f"onset (first void >= detection diameter) {onset} s; first object of any size {first} s"),
        ("areal fraction rises after the onset", len(area) > 2 and nondecreasing(area, 1e-4, area_noise)
         and area[-1] > 2.0 * area[0], f"{area[0] if area else 0:.4f} -> {area[-1] if area else 0:.4f}"),
        ("void front deepens monotonically", len(front) > 2 and nondecreasing(front, front_noise) and front[-1] > front[0],
         f"{front[0] if front else 0} -> {front[-1] if front else 0} nm"),
        ("voids stay in the part facing the electrolyte",
         depth_nm is None or final["front_depth_nm"] < 0.5 * depth_nm,
         f"front {final['front_depth_nm']} nm of {depth_nm} nm"),
        ("voids several times larger than the 2 nm nanopores", final["mean_diameter_nm"] >= 3.0,
         f"mean equivalent diameter {final['mean_diameter_nm']:.2f} nm at {final['time_s']:.0f} s"),
        ("current decays at fixed bias", nondecreasing([-c for c in current], 0.0, current_noise) and current[-1] > 0.0,
         f"{current[0]:.3e} -> {current[-1]:.3e} A"),
        ("coalescence by about 576 s in the section/volume",
         summary["coalescence_s"] is not None and summary["coalescence_s"] <= COALESCENCE_BY_S,
         f"first coalescence of simulated voids {summary['coalescence_s']} s (window <= {COALESCENCE_BY_S:.0f} s)"),
        projected_coalescence_check(summary, onset, run_dimension(run_dir)),
    ]
    return checks


def projected_coalescence_check(summary, onset, dimension):
    """The paper's merging as a projected image shows it: a blob covering two of the previous frame."""
    t = summary.get("projected_coalescence_s")
    passed = t is not None and (onset is None or t >= onset) and t <= COALESCENCE_BY_S
    where = "the 2D section is its own projection" if dimension == 2 else "3D, projected along y"
    return ("coalescence by about 576 s in the projected image", passed,
            f"first projected coalescence {t} s (window: void onset {onset} s to {COALESCENCE_BY_S:.0f} s; {where})")


def check_beam(run_dir):
    rows = rows_of(run_dir)
    return [("beam control: no void at any time", all(r["void_count"] == 0 for r in rows),
             f"max void count {max(int(r['void_count']) for r in rows)} over {rows[-1]['time_s']:.0f} s")]


def check_iv(run_dir, step):
    rows = rows_of(run_dir)
    ends = [r for r in rows if r["time_s"] > 0 and abs(r["time_s"] / step - round(r["time_s"] / step)) < 1e-9]
    currents = [r["current_A"] for r in ends]
    return [("I-V: current at the end of each bias step rises with the bias",
             len(currents) >= 2 and all(b > a for a, b in zip(currents, currents[1:])),
             ", ".join(f"{r['voltage_V']:.2f} V: {r['current_A']:.3e} A" for r in ends))]


def table_of(path):
    with open(path, newline="") as f:
        return [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]


# The pristine surface layer (paper Fig. 2 and S1; issue 5): ~2 nm nanopores confined to the layer,
# O deficiency and Mn reduction there and none in the bulk, and the EELS signature of both.
NANOPORE_DIAMETER_NM = (1.5, 3.0)   # "nanopores with a size of ~2 nm"
LAYER_DEFICIENCY = 0.01             # d below this counts as pristine bulk
PREEDGE_DROP = 0.8                  # "significantly decreased" O K pre-edge: < 80 % of the bulk's


def check_pristine(run_dir, linescan_csv):
    pores = table_of(f"{run_dir}/nanopores.csv")
    profile = table_of(f"{run_dir}/surface_layer_profiles.csv")
    scan = table_of(linescan_csv)
    layer = [r for r in profile if r["oxygen_deficiency"] >= LAYER_DEFICIENCY]
    bulk = [r for r in profile if r["oxygen_deficiency"] < LAYER_DEFICIENCY]
    layer_depth = max((r["depth_nm"] for r in layer), default=0.0)
    mean_d = sum(p["equivalent_diameter_nm"] for p in pores) / len(pores) if pores else 0.0
    deepest = max((p["max_depth_nm"] for p in pores), default=0.0)
    top, bottom = scan[0], scan[-1]
    return [
        ("nanopores of about 2 nm", len(pores) > 0 and NANOPORE_DIAMETER_NM[0] <= mean_d <= NANOPORE_DIAMETER_NM[1],
         f"{len(pores)} pores, mean equivalent diameter {mean_d:.2f} nm (window {NANOPORE_DIAMETER_NM} nm)"),
        ("nanopores confined to the surface layer", len(pores) > 0 and deepest <= layer_depth,
         f"deepest pore reaches {deepest:.2f} nm; layer (d >= {LAYER_DEFICIENCY}) to {layer_depth:.2f} nm"),
        ("O loss and Mn reduction in the layer, pristine bulk",
         len(layer) > 0 and len(bulk) > 0 and profile[0]["manganese_valence"] < 3.5
         and all(r["manganese_valence"] > 3.95 for r in bulk),
         f"top row d {profile[0]['oxygen_deficiency']:.3f}, Mn {profile[0]['manganese_valence']:.2f}; "
         f"bulk from {min((r['depth_nm'] for r in bulk), default=float('nan')):.1f} nm"),
        ("EELS: lower O K pre-edge and higher Mn L3/L2 in the layer",
         top["o_k_preedge"] < PREEDGE_DROP * bottom["o_k_preedge"] and top["mn_l3_l2"] > bottom["mn_l3_l2"]
         and top["mn_edge_shift_eV"] < bottom["mn_edge_shift_eV"],
         f"pre-edge {top['o_k_preedge']:.2f} vs {bottom['o_k_preedge']:.2f}, L3/L2 {top['mn_l3_l2']:.2f} vs "
         f"{bottom['mn_l3_l2']:.2f}, edge shift {top['mn_edge_shift_eV']:.2f} vs {bottom['mn_edge_shift_eV']:.2f} eV"),
    ]


if __name__ == "__main__":
    kind, run_dir = sys.argv[1], sys.argv[2]
    if kind in ("insitu", "insitu_kmc"):
        checks = check_insitu(run_dir, stochastic=(kind == "insitu_kmc"))
        # The paper judged merging on projected frames; merging in the 3D volume itself is not what
        # it saw (docs/calibration.md), so the section/volume one is reported, not required.
        informational = ["coalescence by about 576 s in the section/volume"]
        if kind == "insitu_kmc":
            # Open for the lattice engine (docs/kmc-engine.md): small deep voids ripen away, so the
            # front recedes by up to 3 nm at times while its trend deepens.
            informational.append("void front deepens monotonically")
        required = [c for c in checks if c[0] not in informational]
        report([c for c in checks if c not in required])
        sys.exit(0 if report(required) else 1)
    elif kind == "beam_control":
        sys.exit(0 if report(check_beam(run_dir)) else 1)
    elif kind == "pristine":
        sys.exit(0 if report(check_pristine(run_dir, sys.argv[3])) else 1)
    elif kind == "iv_sweep":
        sys.exit(0 if report(check_iv(run_dir, float(sys.argv[3]))) else 1)
    sys.exit(f"unknown kind {kind}")
