#include "app/startup_checks.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

namespace voidsim::app {

namespace {

constexpr double bytes_per_cell = 352.0 * 1.25;  // phase_field and the kmc engine's continuum fields
constexpr double bytes_per_site = 65.0 * 1.25;   // kmc: occupancy, rates, sum tree, cluster labels
constexpr double program_bytes = 64.0 * (1 << 20);
// phase_field.implicit_coupling_iterations > 0: the stacked (c_v, eta) iterate, its image and the
// last step's rate (the predictor), the eta lag and Anderson's history (2 x depth difference
// columns plus the last residual and image, each 2 doubles per cell): (6 + 1 + 4 depth + 4)
// doubles per cell, allocated up front.
double implicit_coupling_bytes_per_cell(const Scenario& scenario) {
  if (scenario.string("engine") != "phase_field" ||
      scenario.integer("phase_field.implicit_coupling_iterations") == 0)
    return 0.0;
  const double depth = static_cast<double>(scenario.integer("phase_field.anderson_depth"));
  return 8.0 * (11.0 + 4.0 * depth) * 1.25;
}
constexpr double oxygen_spacing = 0.285e-9;  // m, O-O distance of the close-packed sublattice

std::string gib(double bytes) { return fmt::format("{:.3g} GiB", bytes / (1024.0 * 1024.0 * 1024.0)); }
std::string nm(double metres) { return fmt::format("{:.3g} nm", metres * 1e9); }

}  // namespace

double estimated_engine_bytes(const Scenario& scenario) {
  const bool three_d = scenario.integer("domain.dimension") == 3;
  const double h = scenario.real("domain.cell_size");
  const double cells = static_cast<double>(scenario.integer("domain.nx")) *
                       static_cast<double>(scenario.integer("domain.nz")) *
                       (three_d ? static_cast<double>(scenario.integer("domain.ny")) : 1.0);
  double bytes = program_bytes + cells * (bytes_per_cell + implicit_coupling_bytes_per_cell(scenario));
  if (scenario.string("engine") == "kmc") {
    // Sites per cell: triangular lattice in the 2D section (area a^2 sqrt(3)/2 per site), fcc in
    // 3D (volume a^3 / sqrt(2) per site).
    const double a = oxygen_spacing;
    const double sites_per_cell =
        three_d ? h * h * h / (a * a * a / std::sqrt(2.0)) : h * h / (a * a * std::sqrt(3.0) / 2.0);
    bytes += cells * sites_per_cell * bytes_per_site;
  }
  return bytes;
}

double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double value = 0.0;
  std::string unit;
  while (meminfo >> key >> value >> unit) {
    if (key == "MemAvailable:") return value * 1024.0;
  }
  return static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGE_SIZE));
}

StartupFindings startup_checks(const Scenario& scenario, double available_bytes) {
  StartupFindings f;
  f.estimated_bytes = estimated_engine_bytes(scenario);
  if (f.estimated_bytes > available_bytes) {
    f.errors.push_back(scenario.diagnostic(
        "domain.nx", "this grid needs about " + gib(f.estimated_bytes) + " of memory for the " +
                         scenario.string("engine") + " engine, but only " + gib(available_bytes) +
                         " is available on this machine"));
  }

  const double h = scenario.real("domain.cell_size");
  const bool phase_field = scenario.string("engine") == "phase_field";
  if (phase_field && scenario.boolean("void_model.enabled")) {
    // The tanh interface rises from 10 % to 90 % over 2.2 W: with W below one cell, voids are
    // pinned to the grid and their growth depends on the orientation of the front.
    const double w = scenario.real("void_model.interface_width");
    if (w < h) {
      f.warnings.push_back("void_model.interface_width = " + nm(w) + " is below domain.cell_size = " + nm(h) +
                           ": the void interface spans fewer than 2.2 cells and voids will be pinned to "
                           "the grid; use an interface width of at least one cell");
    }
  }
  if (scenario.boolean("li_transport.enabled")) {
    // Li leaves through z = 0 and the bottom face is closed: a domain shallower than the diffusion
    // length of the run makes the extraction depend on the domain depth.
    const double depth = static_cast<double>(scenario.integer("domain.nz")) * h;
    const double length =
        std::sqrt(scenario.real("li_transport.diffusivity_high") * scenario.real("run.duration"));
    if (depth < length) {
      f.warnings.push_back(
          "the domain is " + nm(depth) + " deep, less than the Li diffusion length sqrt(D t) = " +
          nm(length) + " of this run: the closed bottom face limits the Li extraction (increase domain.nz)");
    }
  }
  return f;
}

}  // namespace voidsim::app
