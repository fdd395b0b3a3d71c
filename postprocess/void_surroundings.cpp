#include "postprocess/void_surroundings.hpp"

#include <algorithm>
#include <cstdint>

namespace voidsim {

std::vector<VoidSurroundings> void_surroundings(const Grid& grid, const double* eta, const double* spinel,
                                                const double* rock_salt, const double* cation_mixing,
                                                const VoidStatisticsOptions& options,
                                                std::size_t shell_cells) {
  const std::vector<int> label = label_voids(grid, eta, options);
  const int n_labels = label.empty() ? 0 : *std::max_element(label.begin(), label.end());
  std::vector<VoidSurroundings> voids(static_cast<std::size_t>(n_labels));
  std::vector<double> non_layered(voids.size(), 0.0), mixing(voids.size(), 0.0);

  // Multi-source breadth-first search over the solid: owner = the void whose front reached the
  // cell first, steps = its distance in cell steps (Chebyshev). One pass per step ring.
  constexpr std::uint32_t unreached = UINT32_MAX;
  std::vector<std::uint32_t> steps(grid.size(), unreached);
  std::vector<int> owner(grid.size(), 0);
  std::vector<std::size_t> front, next;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (label[c] == 0) continue;
    ++voids[static_cast<std::size_t>(label[c] - 1)].void_cells;
    steps[c] = 0;
    owner[c] = label[c];
    front.push_back(c);
  }
  const long nx = static_cast<long>(grid.nx), ny = static_cast<long>(grid.ny),
             nz = static_cast<long>(grid.nz);
  const long reach_y = grid.dimension == 3 ? 1 : 0;
  for (std::uint32_t ring = 1; ring <= shell_cells && !front.empty(); ++ring) {
    next.clear();
    for (const std::size_t c : front) {
      const long i = static_cast<long>(c % grid.nx), j = static_cast<long>((c / grid.nx) % grid.ny),
                 k = static_cast<long>(c / (grid.nx * grid.ny));
      for (long dk = -1; dk <= 1; ++dk) {
        const long kk = k + dk;
        if (kk < 0 || kk >= nz) continue;
        for (long dj = -reach_y; dj <= reach_y; ++dj) {
          const long jj = j + dj;
          if (jj < 0 || jj >= ny) continue;
          for (long di = -1; di <= 1; ++di) {
            long ii = i + di;
            if (ii < 0 || ii >= nx) {
              if (!options.periodic_x) continue;
              ii = (ii + nx) % nx;
            }
            const std::size_t n = grid.index(static_cast<std::size_t>(ii), static_cast<std::size_t>(jj),
                                             static_cast<std::size_t>(kk));
            if (steps[n] != unreached) continue;
            if (options.cathode_mask != nullptr && !(options.cathode_mask[n] > 0.5)) continue;
            steps[n] = ring;
            owner[n] = owner[c];
            next.push_back(n);
          }
        }
      }
    }
    for (const std::size_t n : next) {
      const auto v = static_cast<std::size_t>(owner[n] - 1);
      ++voids[v].shell_cells;
      non_layered[v] += (spinel != nullptr ? spinel[n] : 0.0) + (rock_salt != nullptr ? rock_salt[n] : 0.0);
      mixing[v] += cation_mixing != nullptr ? cation_mixing[n] : 0.0;
    }
    front.swap(next);
  }

  std::vector<VoidSurroundings> kept;
  for (std::size_t v = 0; v < voids.size(); ++v) {
    if (voids[v].void_cells < options.min_cells) continue;
    if (voids[v].shell_cells > 0) {
      voids[v].non_layered_fraction = non_layered[v] / static_cast<double>(voids[v].shell_cells);
      voids[v].cation_mixing = mixing[v] / static_cast<double>(voids[v].shell_cells);
    }
    kept.push_back(voids[v]);
  }
  return kept;
}

double layered_fraction_of(const std::vector<VoidSurroundings>& voids, double tolerance) {
  if (voids.empty()) return 0.0;
  const auto layered = std::count_if(voids.begin(), voids.end(), [tolerance](const VoidSurroundings& v) {
    return v.non_layered_fraction <= tolerance && v.cation_mixing <= tolerance;
  });
  return static_cast<double>(layered) / static_cast<double>(voids.size());
}

}  // namespace voidsim
