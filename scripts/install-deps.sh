#!/usr/bin/env bash
# Installs the Debian 12 packages voidsim needs that are missing. Run as root (or it prints the
# apt-get command to run with sudo). Safe to run repeatedly: it does nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libeigen3-dev libboost-dev libhdf5-dev libyaml-cpp-dev doctest-dev libfftw3-dev
  zlib1g-dev                   # result fields are deflated in parallel before HDF5 stores them
  libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libpng-dev libtiff-dev
  librandom123-dev libnlopt-cxx-dev
  openmpi-bin libopenmpi-dev    # MPI back end of `voidsim sweep` (optional in CMake; its CI test needs it)
  python3-numpy python3-h5py   # used by tests that read result.h5 the way users do
  python3-skimage              # independent image-analysis reference for `voidsim analyze` tests
  python3-xarray python3-h5netcdf  # the sweep test opens summary.h5 as xarray users do
  clang libclang-rt-14-dev     # libFuzzer targets of the CI's robustness stage (scripts/fuzz.sh)
  chromium                     # the validation report rendered headless in a browser (its ctest)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
