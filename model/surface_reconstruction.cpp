#include "model/surface_reconstruction.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/random.hpp"
#include "model/charge_balance.hpp"

namespace voidsim {

namespace {

// Fraction converted as the valence goes from `onset` down to `full`.
double ramp(double valence, double onset, double full) noexcept {
  return std::clamp((onset - valence) / (onset - full), 0.0, 1.0);
}

double periodic_difference(double a, double b, double period, bool periodic) noexcept {
  double d = a - b;
  if (periodic && period > 0.0) d -= period * std::round(d / period);
  return d;
}

constexpr double minimum_gap = 2e-9;  // m, between two painted pores: the process run's exclusion distance
constexpr double interface_clearance = 0.5e-9;  // m, between a pore's top and z = 0

}  // namespace

ReconstructionState reconstruction_from_valence(double manganese_valence,
                                                const ReconstructionThresholds& t) noexcept {
  ReconstructionState s;
  s.manganese_valence = manganese_valence;
  if (!t.phases_enabled) return s;
  s.rock_salt_fraction = ramp(manganese_valence, t.rock_salt_onset_valence, t.rock_salt_full_valence);
  s.spinel_fraction = std::max(
      0.0, ramp(manganese_valence, t.spinel_onset_valence, t.spinel_full_valence) - s.rock_salt_fraction);
  if (t.cation_mixing_enabled)
    s.cation_mixing =
        t.spinel_cation_mixing * s.spinel_fraction + t.rock_salt_cation_mixing * s.rock_salt_fraction;
  return s;
}

ReconstructionState reconstruction_from_deficiency(double oxygen_deficiency,
                                                   const ReconstructionThresholds& t) {
  const TransitionMetalValence v = transition_metal_valence(pristine_li_per_formula_unit, oxygen_deficiency);
  return reconstruction_from_valence(v.manganese, t);
}

double layer_vacancy_transport(const ReconstructionState& s,
                               const LayerVacancyTransport& transport) noexcept {
  if (!transport.enabled) return 1.0;
  return std::pow(transport.factor, s.spinel_fraction + s.rock_salt_fraction);
}

double painted_oxygen_deficiency(double depth, const PaintedLayer& layer) noexcept {
  const double l = layer.gradient_length, L = layer.thickness;
  return layer.surface_deficiency * (1.0 - std::tanh((depth - L) / l)) / (1.0 + std::tanh(L / l));
}

void paint_oxygen_deficiency(const Grid& grid, const PaintedLayer& layer, double* deficiency) noexcept {
  for (std::size_t k = 0; k < grid.nz; ++k) {
    const double d = painted_oxygen_deficiency((static_cast<double>(k) + 0.5) * grid.dz, layer);
    for (std::size_t j = 0; j < grid.ny; ++j)
      for (std::size_t i = 0; i < grid.nx; ++i) deficiency[grid.index(i, j, k)] = d;
  }
}

double distance_to_pore(const Grid& grid, const Nanopore& pore, double x, double y, double z,
                        bool periodic) noexcept {
  const double ddx = periodic_difference(x, pore.x, static_cast<double>(grid.nx) * grid.dx, periodic);
  const double ddy = grid.dimension == 3
                         ? periodic_difference(y, pore.y, static_cast<double>(grid.ny) * grid.dy, periodic)
                         : 0.0;
  const double ddz = z - pore.z;
  return std::sqrt(ddx * ddx + ddy * ddy + ddz * ddz) - 0.5 * pore.diameter;
}

std::vector<Nanopore> place_nanopores(const Grid& grid, const PaintedLayer& layer,
                                      const ReconstructionThresholds& thresholds, std::uint64_t seed) {
  std::vector<Nanopore> pores;
  const double width_x = static_cast<double>(grid.nx) * grid.dx;
  const double width_y = grid.dimension == 3 ? static_cast<double>(grid.ny) * grid.dy : 1.0;
  const double depth_max =
      std::min(static_cast<double>(grid.nz) * grid.dz, layer.thickness + 4.0 * layer.gradient_length);
  const double target = layer.nanopore_porosity * width_x * width_y * layer.thickness;
  if (!(target > 0.0) || !(layer.nanopore_diameter > 0.0)) return pores;
  auto measure = [&](double d) {
    return grid.dimension == 3 ? std::numbers::pi * d * d * d / 6.0 : std::numbers::pi * d * d / 4.0;
  };
  const CounterRandom random(seed, RandomStream::initial_state);
  // Keys well away from the KMC engine's per-site initial vacancies (same stream, step 0).
  constexpr std::uint64_t step_key = 0x51fa3e;
  const double d0_max = painted_oxygen_deficiency(0.0, layer);
  // Acceptance probability of a centre depth: rock-salt fraction there, or d / d0 without phases.
  const auto weight = [&](double z) {
    const double d = painted_oxygen_deficiency(z, layer);
    return thresholds.phases_enabled ? reconstruction_from_deficiency(d, thresholds).rock_salt_fraction
                                     : d / d0_max;
  };
  double placed = 0.0;
  const std::uint64_t max_candidates = 100000;
  for (std::uint64_t k = 0; k < max_candidates && placed + 0.5 * measure(layer.nanopore_diameter) < target;
       ++k) {
    // Diameter: Box-Muller normal, clipped.
    const double u1 = random.uniform(k, step_key, 0), u2 = random.uniform(k, step_key, 1);
    const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    const double diameter =
        layer.nanopore_diameter * std::clamp(1.0 + layer.nanopore_diameter_spread * normal, 0.5, 1.5);
    const double r = 0.5 * diameter;
    Nanopore p;
    p.diameter = diameter;
    p.x = random.uniform(k, step_key, 2) * width_x;
    p.y = grid.dimension == 3 ? random.uniform(k, step_key, 3) * width_y : 0.0;
    const double z_lo = r + interface_clearance;
    if (!(depth_max > z_lo)) break;
    p.z = z_lo + random.uniform(k, step_key, 4) * (depth_max - z_lo);
    // Depth by rejection against the weight (at most 1).
    if (random.uniform(k, step_key, 5) > weight(p.z)) continue;
    const bool overlaps = std::any_of(pores.begin(), pores.end(), [&](const Nanopore& q) {
      return distance_to_pore(grid, q, p.x, p.y, p.z, true) < r + minimum_gap;
    });
    if (overlaps) continue;
    pores.push_back(p);
    placed += measure(diameter);
  }
  return pores;
}

}  // namespace voidsim
