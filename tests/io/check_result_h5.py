#!/usr/bin/python3
"""Checks the documented result.h5 layout (docs/output-format.md) with h5py, as a user would read it.

Usage: check_result_h5.py <run-dir written by make_sample_result>
Exits non-zero with a message on the first mismatch.
"""
import sys

import h5py
import numpy as np


def main(run_dir):
    with h5py.File(f"{run_dir}/result.h5", "r") as f:
        root = f.attrs
        assert root["openPMD"] == "1.1.0", root["openPMD"]
        assert isinstance(root["software"], str), "strings must read as str"
        assert root["openPMDextension"] == 0
        assert root["basePath"] == "/data/%T/"
        assert root["meshesPath"] == "meshes/"
        assert root["iterationEncoding"] == "groupBased"
        assert root["iterationFormat"] == "/data/%T/"
        for key in ("softwareVersion", "date", "git_commit", "scenario", "argv", "engine"):
            assert isinstance(root[key], str), key
        assert int(root["seed"]) == 42

        iterations = sorted(int(k) for k in f["data"].keys())
        assert iterations == [0, 10, 20], iterations
        for it in iterations:
            g = f[f"data/{it}"]
            assert g.attrs["time"] == it, (it, g.attrs["time"])
            assert g.attrs["timeUnitSI"] == 1.0
            d = g["meshes/concentration"]
            assert d.dtype == np.float64 and d.shape == (8, 12), (d.dtype, d.shape)
            assert list(d.attrs["axisLabels"]) == ["z", "x"], d.attrs["axisLabels"]
            assert d.attrs["geometry"] == "cartesian" and d.attrs["dataOrder"] == "C"
            np.testing.assert_array_equal(d.attrs["gridSpacing"], [2e-9, 2e-9])
            np.testing.assert_array_equal(d.attrs["position"], [0.5, 0.5])
            assert len(d.attrs["unitDimension"]) == 7
            z, x = np.meshgrid(np.arange(8), np.arange(12), indexing="ij")
            np.testing.assert_array_equal(d[...], z + x / 100.0)  # slowest axis first: d[z, x]

        s = f["series"]
        np.testing.assert_array_equal(s["time_s"][...], [0.0, 10.0, 20.0])
        assert s["porosity"].attrs["unit"] == "1"
        # time_s is the dimension scale of every column (what xarray/h5netcdf use as coordinate).
        assert s["porosity"].dims[0][0] == s["time_s"], "time_s not attached as dimension scale"

    header = open(f"{run_dir}/series.csv").readline().strip()
    assert header == "time_s,porosity", header
    xdmf = open(f"{run_dir}/result.xdmf").read()
    assert 'Version="3.0"' in xdmf and "result.h5:/data/20/meshes/concentration" in xdmf
    print("result.h5 layout OK")


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except AssertionError as e:
        sys.exit(f"layout check failed: {e!r}")
