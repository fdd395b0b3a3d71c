#include "postprocess/atomic_haadf.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "core/random.hpp"
#include "model/lattice_snapshot.hpp"
#include "solvers/lattice_clusters.hpp"

namespace voidsim {

namespace {

// Atomic numbers (MODEL.md section 3: HAADF ~ Z^n).
constexpr double z_li = 3.0, z_o = 8.0, z_mn = 25.0, z_ni = 28.0;
// Li1.2Ni0.2Mn0.6O2 = Li[Li0.2 Ni0.2 Mn0.6]O2: a full Li layer and a TM layer holding 0.2 Li,
// 0.2 Ni and 0.6 Mn per site (MODEL.md section 2). Pristine x = 1.2.
constexpr double pristine_li = 1.2;
constexpr double tm_layer_li = 0.2, tm_layer_ni = 0.2, tm_layer_mn = 0.6;

const double sqrt3 = std::sqrt(3.0);

InputError bad_parameter(const std::string& key, const std::string& message, const std::string& hint = "") {
  return InputError(Diagnostic{"", 0, 0, "atomic_haadf." + key, message, hint});
}

// Sum of Z^n over the species of one cation site; s = Li occupancy (x / 1.2, 0..1).
double cation_site_weight(AtomicLayerKind kind, double s, double n) {
  if (kind == AtomicLayerKind::lithium) return s * std::pow(z_li, n);
  return tm_layer_mn * std::pow(z_mn, n) + tm_layer_ni * std::pow(z_ni, n) +
         tm_layer_li * s * std::pow(z_li, n);
}

// Li occupancy s = x / 1.2 at (x, z) of the KMC box, from the li_fraction field (cell lookup as in
// OxygenLattice::cell_of; averaged along y in 3D); 1 without a field.
double li_occupancy(const OxygenLattice& lattice, const Grid& grid, const double* li, double x, double z) {
  if (li == nullptr) return 1.0;
  auto index = [](double value, double length, std::size_t n) {
    const double t = std::clamp(value / length, 0.0, 1.0);
    return std::min(static_cast<std::size_t>(t * static_cast<double>(n)), n - 1);
  };
  const std::size_t i = index(x, lattice.length_x(), grid.nx);
  const std::size_t k = index(z, lattice.length_z(), grid.nz);
  double sum = 0.0;
  for (std::size_t j = 0; j < grid.ny; ++j) sum += li[grid.index(i, j, k)];
  return std::clamp(sum / static_cast<double>(grid.ny) / pristine_li, 0.0, 1.0);
}

// The Gaussians of the columns near each pixel along one axis: `count` entries per pixel, padded.
struct AxisTaps {
  std::size_t stride = 0;
  std::vector<std::uint32_t> index;
  std::vector<double> value;
  std::vector<std::uint32_t> count;
};

// Taps of `n_pixels` pixels (centres origin + (c + 1/2) pixel) against items at (t + offset) spacing,
// t = 0 .. n_items - 1 (wrapped with period n_items when periodic).
AxisTaps axis_taps(std::size_t n_pixels, double origin, double pixel, std::size_t n_items, double spacing,
                   double offset, bool periodic, double sigma, double cutoff) {
  AxisTaps taps;
  taps.stride = static_cast<std::size_t>(std::ceil(2.0 * cutoff / spacing)) + 2;
  taps.index.assign(n_pixels * taps.stride, 0);
  taps.value.assign(n_pixels * taps.stride, 0.0);
  taps.count.assign(n_pixels, 0);
  const auto n = static_cast<long long>(n_items);
  for (std::size_t c = 0; c < n_pixels; ++c) {
    const double x = origin + (static_cast<double>(c) + 0.5) * pixel;
    const auto first = static_cast<long long>(std::ceil((x - cutoff) / spacing - offset));
    const auto last = static_cast<long long>(std::floor((x + cutoff) / spacing - offset));
    for (long long t = first; t <= last; ++t) {
      long long item = t;
      if (periodic) {
        item = ((t % n) + n) % n;
      } else if (t < 0 || t >= n) {
        continue;
      }
      const double r = x - (static_cast<double>(t) + offset) * spacing;
      const std::size_t slot = c * taps.stride + taps.count[c]++;
      taps.index[slot] = static_cast<std::uint32_t>(item);
      taps.value[slot] = std::exp(-r * r / (2.0 * sigma * sigma));
    }
  }
  return taps;
}

// Point kernel: intensity of pixel (r, c) = sum over nearby layers and columns of W gz gx.
inline double pixel_intensity(const AtomicColumns& columns, const AxisTaps& rows,
                              const std::vector<AxisTaps>& col_tables, std::size_t r, std::size_t c) {
  double sum = 0.0;
  for (std::uint32_t t = 0; t < rows.count[r]; ++t) {
    const std::size_t tr = r * rows.stride + t;
    const std::size_t layer = rows.index[tr];
    const AxisTaps& cols = col_tables[layer % columns.shift_period];
    const double* w = columns.weight.data() + layer * columns.n_columns;
    double line = 0.0;
    for (std::uint32_t u = 0; u < cols.count[c]; ++u) {
      const std::size_t tc = c * cols.stride + u;
      line += w[cols.index[tc]] * cols.value[tc];
    }
    sum += rows.value[tr] * line;
  }
  return sum;
}

// Shot noise: a Poisson count of mean lambda (inversion below 64; above, the normal approximation,
// whose skewness error 1/sqrt(lambda) is under 13 % and irrelevant for images).
double shot_noise_count(const CounterRandom& random, double lambda, std::uint64_t pixel) {
  if (lambda <= 0.0) return 0.0;
  if (lambda < 64.0) return static_cast<double>(random.poisson(lambda, pixel, 0));
  const double u1 = random.uniform(pixel, 0, 2), u2 = random.uniform(pixel, 0, 3);
  const double g = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  return std::max(0.0, std::round(lambda + std::sqrt(lambda) * g));
}

}  // namespace

double c2m_oxygen_layer_spacing() {
  // Li2MnO3 C2/m: c = 5.025 A, beta = 109.4 deg; one TM layer per c sin(beta), two O layers.
  return 0.5 * 5.025e-10 * std::sin(109.4 * std::numbers::pi / 180.0);
}

AtomicLayerKind atomic_layer_kind(std::size_t layer) noexcept {
  if (layer % 2 == 0) return AtomicLayerKind::oxygen;
  return ((layer - 1) / 2) % 2 == 0 ? AtomicLayerKind::transition_metal : AtomicLayerKind::lithium;
}

std::array<double, 2> atomic_haadf_extent(const LatticeGeometry& geometry, double layer_spacing) {
  const double a = geometry.spacing;
  const double native = geometry.dimension == 2 ? a * sqrt3 / 2.0 : a * std::sqrt(2.0 / 3.0);
  const double d = layer_spacing > 0.0 ? layer_spacing : native;
  return {static_cast<double>(geometry.mx) * a, static_cast<double>(geometry.nz) * d};
}

AtomicColumns project_atomic_columns(const OxygenLattice& lattice, const std::uint8_t* occupancy,
                                     const std::int32_t* void_label, const Grid& grid,
                                     const double* li_fraction, const AtomicHaadfParameters& parameters) {
  const double a = lattice.spacing();
  const bool three_d = lattice.dimension() == 3;
  const bool along_rows = parameters.zone_axis == AtomicZoneAxis::c2m_010;
  if (three_d && along_rows) {
    throw bad_parameter("zone_axis",
                        "[010] needs the beam along the lattice rows (x); a 3D run is viewed along y",
                        "use [100] for 3D runs");
  }
  const double native_spacing = three_d ? a * std::sqrt(2.0 / 3.0) : a * sqrt3 / 2.0;
  const double image_spacing = parameters.layer_spacing > 0.0 ? parameters.layer_spacing : native_spacing;
  const double n_exp = parameters.z_exponent;
  const std::size_t nz = lattice.nz(), mx = lattice.mx();

  AtomicColumns columns;
  columns.length_x = lattice.length_x();
  columns.periodic = lattice.periodic_lateral();
  if (along_rows) {
    // [010]: columns a sqrt(3)/2 apart (C2/m a/2), rounded to a whole number across the box so
    // the periodic image closes; each atomic layer shifted by 1/3 column from the one above.
    columns.n_columns = std::max<std::size_t>(
        2, static_cast<std::size_t>(std::llround(columns.length_x / (a * sqrt3 / 2.0))));
    columns.column_spacing = columns.length_x / static_cast<double>(columns.n_columns);
    columns.shift_period = 3;
    columns.shift_per_layer = 1.0 / 3.0;
  } else {
    columns.n_columns = 2 * mx;  // [100]: a / 2 apart, layers aligned
    columns.column_spacing = a / 2.0;
  }
  columns.n_layers = 2 * nz - 1;
  columns.layer_spacing = image_spacing / 2.0;
  const std::size_t n_cols = columns.n_columns;
  const double pitch = columns.column_spacing;

  // Column of atomic layer L at x (m), -1 outside a bounded lattice.
  const auto column_at = [&](std::size_t layer, double x) -> long long {
    const long long n = std::llround(x / pitch - 0.5 - columns.offset(layer));
    const auto count = static_cast<long long>(n_cols);
    if (n >= 0 && n < count) return n;
    return columns.periodic ? ((n % count) + count) % count : -1;
  };

  // 1. Vacant and void fraction and atoms of every O column.
  //    3D ([100]): projected along y the sites of a layer sit exactly on the columns, ny/2 each
  //    (the ABC shift is a multiple of a/2 in x): count them.
  //    2D: the section is extruded along the beam; a column takes the state of its row
  //    interpolated linearly in x between the row's two nearest sites (a [100] column lies on a
  //    site or halfway between two).
  std::vector<double> vacant_fraction(nz * n_cols, 0.0), void_fraction(nz * n_cols, 0.0),
      atoms(nz * n_cols, 0.0);
  const double beam_repeat = along_rows ? a : a * sqrt3;  // atom spacing along a column
  const double atoms_2d = std::max(1.0, std::round(parameters.thickness_2d / beam_repeat));
  if (three_d) {
    for (std::size_t s = 0; s < lattice.size(); ++s) {
      const std::size_t k = lattice.layer(s);
      const long long n = column_at(2 * k, lattice.position(s)[0]);
      const std::size_t i = k * n_cols + static_cast<std::size_t>(n);
      atoms[i] += 1.0;
      vacant_fraction[i] += occupancy[s] != 0 ? 1.0 : 0.0;
      void_fraction[i] += void_label[s] >= 0 ? 1.0 : 0.0;
    }
    for (std::size_t i = 0; i < atoms.size(); ++i) {
      vacant_fraction[i] /= atoms[i];
      void_fraction[i] /= atoms[i];
    }
  } else {
    for (std::size_t k = 0; k < nz; ++k) {
      for (std::size_t n = 0; n < n_cols; ++n) {
        // Row k's site m sits at x = (m + (k mod 2)/2 + 1/4) a (model/oxygen_lattice.cpp).
        const double x = columns.x(2 * k, n);
        const double u = x / a - 0.5 * static_cast<double>(k % 2) - 0.25;
        const double lower = std::floor(u), w = u - lower;
        auto site = [&](double m) {
          auto mm = static_cast<long long>(m);
          const auto count = static_cast<long long>(mx);
          mm = columns.periodic ? ((mm % count) + count) % count : std::clamp(mm, 0LL, count - 1);
          return k * mx + static_cast<std::size_t>(mm);
        };
        const std::size_t s0 = site(lower), s1 = site(lower + 1.0);
        const std::size_t i = k * n_cols + n;
        vacant_fraction[i] =
            (1.0 - w) * (occupancy[s0] != 0 ? 1.0 : 0.0) + w * (occupancy[s1] != 0 ? 1.0 : 0.0);
        void_fraction[i] =
            (1.0 - w) * (void_label[s0] >= 0 ? 1.0 : 0.0) + w * (void_label[s1] >= 0 ? 1.0 : 0.0);
        atoms[i] = atoms_2d;
      }
    }
  }

  // 2. The six O neighbours of an octahedral cation site in projection, as (O layer above -1 or
  //    below +1, x offset in columns, atoms): [100] three per layer in columns n - 1, n, n + 1;
  //    [010] (layers shifted by 1/3 column) two at -1/3 and one at +2/3 in the layer above, two at
  //    +1/3 and one at -2/3 in the layer below.
  struct Neighbour {
    int layer_step;
    double dx;
    double n_atoms;
  };
  const std::vector<Neighbour> octahedron =
      along_rows ? std::vector<Neighbour>{{-1, -1.0 / 3.0, 2.0},
                                          {-1, 2.0 / 3.0, 1.0},
                                          {1, 1.0 / 3.0, 2.0},
                                          {1, -2.0 / 3.0, 1.0}}
                 : std::vector<Neighbour>{{-1, -1.0, 1.0}, {-1, 0.0, 1.0}, {-1, 1.0, 1.0},
                                          {1, -1.0, 1.0},  {1, 0.0, 1.0},  {1, 1.0, 1.0}};

  // 3. Column weights. O: its remaining atoms. Cations: the fraction of the octahedral O
  //    neighbours in voids is the fraction of the cation column removed (a void removes all
  //    species, MODEL.md section 2 item 5).
  columns.weight.assign(columns.n_layers * n_cols, 0.0);
  const double o_weight = std::pow(z_o, n_exp);
  const double cation_atoms = three_d ? static_cast<double>(lattice.ny()) / 2.0 : atoms_2d;
  for (std::size_t layer = 0; layer < columns.n_layers; ++layer) {
    const AtomicLayerKind kind = atomic_layer_kind(layer);
    // Depth in the KMC box of this atomic layer, for the Li field: (L + 1) native / 2.
    const double z_kmc = (static_cast<double>(layer) + 1.0) * native_spacing / 2.0;
    for (std::size_t n = 0; n < n_cols; ++n) {
      double& w = columns.weight[layer * n_cols + n];
      if (kind == AtomicLayerKind::oxygen) {
        const std::size_t i = (layer / 2) * n_cols + n;
        w = atoms[i] * (1.0 - vacant_fraction[i]) * o_weight;
        continue;
      }
      const double x = columns.x(layer, n);
      double voided = 0.0, count = 0.0;
      for (const Neighbour& o : octahedron) {
        const std::size_t o_layer = o.layer_step < 0 ? layer - 1 : layer + 1;
        const long long m = column_at(o_layer, x + o.dx * pitch);
        if (m < 0) continue;
        voided += o.n_atoms * void_fraction[(o_layer / 2) * n_cols + static_cast<std::size_t>(m)];
        count += o.n_atoms;
      }
      const double present = 1.0 - voided / count;
      const double s = li_occupancy(lattice, grid, li_fraction, x, z_kmc);
      w = cation_atoms * present * cation_site_weight(kind, s, n_exp);
    }
  }
  columns.pristine_tm_weight =
      cation_atoms * cation_site_weight(AtomicLayerKind::transition_metal, 1.0, n_exp);
  return columns;
}

Image render_atomic_columns(const AtomicColumns& columns, const AtomicHaadfParameters& p) {
  if (!(p.pixel_size > 0.0)) throw bad_parameter("pixel_size", "must be positive");
  if (!(p.probe_fwhm > 0.0)) throw bad_parameter("probe_fwhm", "must be positive");
  if (!(p.width > 0.0) || !(p.height > 0.0))
    throw bad_parameter("region", "width and height must be positive");
  if (!(p.peak_counts >= 0.0)) throw bad_parameter("peak_counts", "must be >= 0 (0: no noise)");
  const double width_px = std::round(p.width / p.pixel_size), height_px = std::round(p.height / p.pixel_size);
  constexpr double max_pixels = 8192.0;
  if (width_px < 1.0 || height_px < 1.0 || width_px > max_pixels || height_px > max_pixels) {
    throw bad_parameter("region",
                        "gives " + std::to_string(width_px) + " x " + std::to_string(height_px) +
                            " pixels; 1 .. 8192 per side",
                        "atomic images are for small regions (e.g. 10 x 10 nm at 0.025 nm per pixel)");
  }
  const double length_z = static_cast<double>(columns.n_layers + 1) * columns.layer_spacing;
  if (p.x0 + p.width <= 0.0 || p.z0 + p.height <= 0.0 || p.z0 >= length_z ||
      (!columns.periodic && p.x0 >= columns.length_x)) {
    throw bad_parameter("region", "lies outside the lattice (x 0 .. " +
                                      std::to_string(columns.length_x * 1e9) + " nm, z 0 .. " +
                                      std::to_string(length_z * 1e9) + " nm)");
  }
  const auto width = static_cast<std::size_t>(width_px), height = static_cast<std::size_t>(height_px);
  const double sigma = p.probe_fwhm / (2.0 * std::sqrt(2.0 * std::numbers::ln2));
  // 6 sigma: the neglected tail is below 2e-8 of a column's peak.
  const double cutoff = 6.0 * sigma;
  // One table of x taps per distinct layer shift ([010]: three).
  std::vector<AxisTaps> cols;
  for (std::size_t shift = 0; shift < columns.shift_period; ++shift) {
    cols.push_back(axis_taps(width, p.x0, p.pixel_size, columns.n_columns, columns.column_spacing,
                             0.5 + columns.offset(shift), columns.periodic, sigma, cutoff));
  }
  const AxisTaps rows = axis_taps(height, p.z0, p.pixel_size, columns.n_layers, columns.layer_spacing, 1.0,
                                  false, sigma, cutoff);

  Image image(width, height, p.pixel_size);
  float* out = image.pixels.data();
#pragma omp parallel for schedule(static)
  for (std::size_t r = 0; r < height; ++r) {
    for (std::size_t c = 0; c < width; ++c)
      out[r * width + c] = static_cast<float>(pixel_intensity(columns, rows, cols, r, c));
  }

  if (p.peak_counts > 0.0 && columns.pristine_tm_weight > 0.0) {
    // Counts per unit of Z^n weight, so a pristine TM column peak receives peak_counts on average;
    // the image stays in weight units (counts / scale), so noise-free and noisy images compare.
    const double scale = p.peak_counts / columns.pristine_tm_weight;
    const CounterRandom random(p.seed, RandomStream::image_noise);
    for (std::size_t q = 0; q < image.pixels.size(); ++q) {
      const double lambda = static_cast<double>(out[q]) * scale;
      out[q] = static_cast<float>(shot_noise_count(random, lambda, q) / scale);
    }
  }
  return image;
}

Image render_atomic_haadf_from_run(const LatticeRecord& record, const Grid& grid,
                                   const std::vector<double>& li_fraction,
                                   const AtomicHaadfParameters& parameters) {
  if (!li_fraction.empty() && li_fraction.size() != grid.size()) {
    throw bad_parameter("li_fraction", "has " + std::to_string(li_fraction.size()) + " values, the grid " +
                                           std::to_string(grid.size()));
  }
  const OxygenLattice lattice = lattice_of(record.geometry);
  const std::vector<std::uint8_t> occupancy = occupancy_of(record);
  LatticeClusters clusters(lattice, std::max<std::size_t>(1, record.min_void_sites));
  clusters.analyse(occupancy.data());
  const AtomicColumns columns =
      project_atomic_columns(lattice, occupancy.data(), clusters.void_label().data(), grid,
                             li_fraction.empty() ? nullptr : li_fraction.data(), parameters);
  return render_atomic_columns(columns, parameters);
}

}  // namespace voidsim
