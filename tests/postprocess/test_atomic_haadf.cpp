// Tests of postprocess/atomic_haadf.hpp (atomic-resolution HAADF of a KMC frame) and of the lattice
// records behind it: model/lattice_snapshot.hpp, the KMC engine's vacant_sites record, its HDF5
// round trip (io/result_file.hpp, io/lattice_record_reader.hpp). Peak positions and heights are
// measured with a three-point fit of log(I), exact for an isolated Gaussian.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

#include "app/run_pipeline.hpp"
#include "app/scenario_schema.hpp"
#include "core/error.hpp"
#include "io/lattice_record_reader.hpp"
#include "io/result_file.hpp"
#include "io/result_reader.hpp"
#include "model/lattice_snapshot.hpp"
#include "postprocess/atomic_haadf.hpp"
#include "solvers/kmc_engine.hpp"
#include "solvers/lattice_clusters.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {

constexpr double nm = 1e-9;
constexpr double n_exp = 1.7;  // the default Z exponent

// Z^n of one site of each layer kind, from the composition Li[Li0.2 Ni0.2 Mn0.6]O2 (pristine).
double tm_site() {
  return 0.6 * std::pow(25.0, n_exp) + 0.2 * std::pow(28.0, n_exp) + 0.2 * std::pow(3.0, n_exp);
}
double li_site() { return std::pow(3.0, n_exp); }
double o_site() { return std::pow(8.0, n_exp); }

Grid box(int dimension, std::size_t nx, std::size_t ny, std::size_t nz) {
  Grid g;
  g.dimension = dimension;
  g.nx = nx;
  g.ny = ny;
  g.nz = nz;
  return g;  // 1 nm cells
}

struct Peak {
  double position;  // m
  double height;
};

// Local maxima of samples f (spacing `step`, first sample at origin + step / 2) above `floor`,
// refined by a parabola through log f at the maximum and its two neighbours.
std::vector<Peak> peaks(const std::vector<double>& f, double origin, double step, double floor) {
  std::vector<Peak> out;
  for (std::size_t i = 1; i + 1 < f.size(); ++i) {
    if (!(f[i] > floor && f[i] >= f[i - 1] && f[i] > f[i + 1])) continue;
    const double lm = std::log(f[i - 1]), l0 = std::log(f[i]), lp = std::log(f[i + 1]);
    const double delta = 0.5 * (lm - lp) / (lm - 2.0 * l0 + lp);
    out.push_back(
        {origin + (static_cast<double>(i) + 0.5 + delta) * step, std::exp(l0 - 0.25 * (lm - lp) * delta)});
  }
  return out;
}

std::vector<double> image_column(const Image& image, std::size_t c) {
  std::vector<double> f(image.height);
  for (std::size_t r = 0; r < image.height; ++r) f[r] = image.at(r, c);
  return f;
}

std::vector<double> image_row(const Image& image, std::size_t r) {
  std::vector<double> f(image.width);
  for (std::size_t c = 0; c < image.width; ++c) f[c] = image.at(r, c);
  return f;
}

LatticeRecord record_of(const OxygenLattice& lattice, const std::vector<std::uint8_t>& occupancy,
                        std::size_t min_void_sites) {
  return vacant_site_record(lattice, occupancy.data(), min_void_sites);
}

}  // namespace

TEST_CASE("lattice records rebuild the same lattice and occupancy") {
  for (const int dim : {2, 3}) {
    CAPTURE(dim);
    const OxygenLattice lattice(box(dim, 3, 2, 3), 0.285e-9, dim == 2);
    std::vector<std::uint8_t> occupancy(lattice.size(), 0);
    for (std::size_t s = 3; s < lattice.size(); s += 17) occupancy[s] = 1;
    const LatticeRecord record = record_of(lattice, occupancy, 7);
    const OxygenLattice rebuilt = lattice_of(record.geometry);
    REQUIRE(rebuilt.size() == lattice.size());
    CHECK(rebuilt.periodic_lateral() == lattice.periodic_lateral());
    for (std::size_t s = 0; s < lattice.size(); s += 5) {
      CHECK(rebuilt.position(s) == lattice.position(s));  // same construction: bitwise equal
    }
    CHECK(occupancy_of(record) == occupancy);
  }
}

TEST_CASE("perfect lattice: TM layers 0.474 nm apart, columns a/2 apart, TM/Li peak ratio Z^n") {
  const OxygenLattice lattice(box(2, 4, 1, 6), 0.285e-9, true);
  const std::vector<std::uint8_t> occupancy(lattice.size(), 0);
  const LatticeRecord record = record_of(lattice, occupancy, 10);
  // C2/m (MODEL.md section 3): TM layers one c sin(beta) apart.
  const double tm_spacing = 5.025e-10 * std::sin(109.4 * std::numbers::pi / 180.0);

  SUBCASE("sub-pixel peaks with a fine probe") {
    AtomicHaadfParameters p;
    p.x0 = 0.0;
    p.z0 = 0.0;
    p.width = 2.0 * nm;
    p.height = 5.0 * nm;
    p.pixel_size = 0.01 * nm;
    // A 0.05 nm probe: neighbouring columns 0.1185 nm away add < 1e-6 of a TM peak, so the log
    // fit measures each column alone.
    p.probe_fwhm = 0.05 * nm;
    const Image image = render_atomic_haadf_from_run(record, Grid{}, {}, p);
    REQUIRE(image.width == 200);
    REQUIRE(image.height == 500);
    CHECK(image.pixel_size == p.pixel_size);

    // Pixel column nearest cation column n = 6 at x = 6.5 a/2.
    const auto c = static_cast<std::size_t>(6.5 * 0.1425 * nm / p.pixel_size);
    const std::vector<double> profile = image_column(image, c);
    const double max_value = *std::max_element(profile.begin(), profile.end());
    const std::vector<Peak> all = peaks(profile, p.z0, p.pixel_size, 0.0);
    std::vector<Peak> tm, li;
    for (const Peak& q : all) (q.height > 0.5 * max_value ? tm : li).push_back(q);
    REQUIRE(tm.size() >= 9);
    // Li peaks: the dark cation layers (Z^n ratio ~ 1/30), below the O layers' peaks.
    std::erase_if(li,
                  [&](const Peak& q) { return q.height > 1.5 * tm.front().height * li_site() / tm_site(); });
    REQUIRE(li.size() >= 8);
    for (std::size_t i = 1; i < tm.size(); ++i) {
      // 1e-3 nm = 0.1 pixel: the log fit is exact for a Gaussian; float pixels and tails add < 1e-5 nm.
      CHECK(std::abs(tm[i].position - tm[i - 1].position - tm_spacing) < 1e-3 * nm);
    }
    // First TM layer one O-layer spacing below the interface (docs/atomic-haadf.md).
    CHECK(std::abs(tm.front().position - 0.5 * tm_spacing) < 1e-3 * nm);
    // Li layers halfway between TM layers.
    CHECK(std::abs(li.front().position - tm_spacing) < 1e-3 * nm);
    // Heights: same x offset from the column centre for both, so the ratio is the Z^n ratio
    // (1e-4: float pixels and the O tails, < 1e-6).
    CHECK(close(tm[2].height / li[2].height, tm_site() / li_site(), 1e-4));

    // Along x through a TM layer: columns a / 2 apart.
    const auto r = static_cast<std::size_t>(1.5 * tm_spacing / p.pixel_size);
    const std::vector<Peak> row = peaks(image_row(image, r), p.x0, p.pixel_size, 0.5 * max_value);
    REQUIRE(row.size() >= 12);
    for (std::size_t i = 1; i < row.size(); ++i)
      CHECK(std::abs(row[i].position - row[i - 1].position - 0.1425 * nm) < 1e-3 * nm);
  }

  SUBCASE("default probe and pixel: TM maxima 0.474 nm apart to one pixel") {
    AtomicHaadfParameters p;  // 0.08 nm probe, 0.025 nm pixels
    p.width = 1.0 * nm;
    p.height = 5.0 * nm;
    const Image image = render_atomic_haadf_from_run(record, Grid{}, {}, p);
    const auto c = static_cast<std::size_t>(2.5 * 0.1425 * nm / p.pixel_size);
    const std::vector<double> profile = image_column(image, c);
    const double max_value = *std::max_element(profile.begin(), profile.end());
    std::vector<std::size_t> maxima;
    for (std::size_t i = 1; i + 1 < profile.size(); ++i) {
      if (profile[i] > 0.5 * max_value && profile[i] >= profile[i - 1] && profile[i] > profile[i + 1])
        maxima.push_back(i);
    }
    REQUIRE(maxima.size() >= 9);
    for (std::size_t i = 1; i < maxima.size(); ++i) {
      const double spacing = static_cast<double>(maxima[i] - maxima[i - 1]) * p.pixel_size;
      CHECK(std::abs(spacing - tm_spacing) <= p.pixel_size);
    }
  }
}

TEST_CASE("zone axis 010: columns a sqrt(3)/2 apart, successive TM layers shifted by a third of that") {
  const OxygenLattice lattice(box(2, 4, 1, 6), 0.285e-9, true);
  const LatticeRecord record = record_of(lattice, std::vector<std::uint8_t>(lattice.size(), 0), 10);
  AtomicHaadfParameters p;
  p.zone_axis = AtomicZoneAxis::c2m_010;
  p.width = 3.0 * nm;
  p.height = 2.0 * nm;
  p.pixel_size = 0.01 * nm;
  p.probe_fwhm = 0.05 * nm;  // as above: columns measured alone
  const Image image = render_atomic_haadf_from_run(record, Grid{}, {}, p);
  // The box holds a whole number of columns: 14 sites of 0.285 nm = 16.17 -> 16 columns.
  const double pitch =
      lattice.length_x() / std::round(lattice.length_x() / (0.285e-9 * std::sqrt(3.0) / 2.0));
  // C2/m a/2 = a sqrt(3)/2 = 0.2468 nm, stretched by at most half a column over the 16 columns.
  CHECK(close(pitch, 0.285e-9 * std::sqrt(3.0) / 2.0, 0.5 / 16.0));
  const double d = c2m_oxygen_layer_spacing();
  std::vector<double> first;
  for (const double z : {d, 3.0 * d}) {  // the first two TM layers (atomic layers 1 and 5)
    const auto r = static_cast<std::size_t>(z / p.pixel_size);
    const std::vector<double> row = image_row(image, r);
    const double max_value = *std::max_element(row.begin(), row.end());
    const std::vector<Peak> found = peaks(row, p.x0, p.pixel_size, 0.5 * max_value);
    REQUIRE(found.size() >= 11);
    for (std::size_t i = 1; i < found.size(); ++i)
      CHECK(std::abs(found[i].position - found[i - 1].position - pitch) < 1e-3 * nm);  // 0.1 pixel
    first.push_back(found.front().position);
  }
  // Atomic layer L is shifted by (L mod 3)/3 of a column: layers 1 and 5 differ by 1/3.
  const double shift = std::fmod(first[1] - first[0] + pitch, pitch);
  CHECK(std::abs(shift - pitch / 3.0) < 1e-3 * nm);
}

TEST_CASE("Li columns follow the li_fraction field") {
  const OxygenLattice lattice(box(2, 4, 1, 4), 0.285e-9, true);
  const std::vector<std::uint8_t> occupancy(lattice.size(), 0);
  const std::vector<std::int32_t> no_voids(lattice.size(), -1);
  const Grid grid = box(2, 4, 1, 4);
  const std::vector<double> half(grid.size(), 0.6), full(grid.size(), 1.2);
  const AtomicHaadfParameters p;
  const AtomicColumns a =
      project_atomic_columns(lattice, occupancy.data(), no_voids.data(), grid, full.data(), p);
  const AtomicColumns b =
      project_atomic_columns(lattice, occupancy.data(), no_voids.data(), grid, half.data(), p);
  // Layer 3: the first Li layer; layer 1: the first TM layer (0.2 Li per site); layer 0: O.
  const double atoms = std::round(20e-9 / (0.285e-9 * std::sqrt(3.0)));
  CHECK(close(a.at(3, 5), atoms * li_site(), 1e-12));
  CHECK(close(b.at(3, 5), 0.5 * atoms * li_site(), 1e-12));
  CHECK(close(a.at(1, 5) - b.at(1, 5), atoms * 0.2 * 0.5 * li_site(), 1e-9));
  CHECK(a.at(0, 5) == b.at(0, 5));
  CHECK(close(a.at(0, 5), atoms * o_site(), 1e-12));
}

TEST_CASE("a single vacant O site lowers its column by one O atom's Z^n") {
  // 3D: the beam runs along y through ny / 2 O atoms per column.
  const OxygenLattice lattice(box(3, 3, 2, 3), 0.285e-9, true);
  std::vector<std::uint8_t> occupancy(lattice.size(), 0);
  AtomicHaadfParameters p;
  p.width = 3.0 * nm;
  p.height = 2.5 * nm;
  p.pixel_size = 0.01 * nm;
  p.probe_fwhm = 0.05 * nm;
  const Image pristine = render_atomic_haadf_from_run(record_of(lattice, occupancy, 5), Grid{}, {}, p);
  // A site in O layer 4 (image depth 4.5 layer spacings), column n from its x.
  const std::size_t site = 4 * lattice.mx() * lattice.ny() + 3 * lattice.mx() + 5;
  occupancy[site] = 1;
  const LatticeRecord record = record_of(lattice, occupancy, 5);  // one vacancy: not a void
  const Image vacant = render_atomic_haadf_from_run(record, Grid{}, {}, p);

  const OxygenLattice rebuilt = lattice_of(record.geometry);
  const std::vector<std::int32_t> no_voids(lattice.size(), -1);
  const AtomicColumns before = project_atomic_columns(
      rebuilt, std::vector<std::uint8_t>(lattice.size(), 0).data(), no_voids.data(), Grid{}, nullptr, p);
  const AtomicColumns after =
      project_atomic_columns(rebuilt, occupancy.data(), no_voids.data(), Grid{}, nullptr, p);
  const auto n = static_cast<std::size_t>(std::llround(lattice.position(site)[0] / (0.1425 * nm) - 0.5));
  CHECK(close(before.at(8, n), static_cast<double>(lattice.ny()) / 2.0 * o_site(), 1e-12));
  CHECK(close(before.at(8, n) - after.at(8, n), o_site(), 1e-9));
  double changed = 0.0;
  for (std::size_t i = 0; i < before.weight.size(); ++i)
    changed += std::abs(before.weight[i] - after.weight[i]);
  CHECK(close(changed, o_site(), 1e-9));  // no other column changed

  // In the image: the difference is one Gaussian of height 8^n at the column.
  Image difference = pristine;
  for (std::size_t i = 0; i < difference.pixels.size(); ++i) difference.pixels[i] -= vacant.pixels[i];
  const double x = (static_cast<double>(n) + 0.5) * 0.1425 * nm;
  const double z = 4.5 * c2m_oxygen_layer_spacing();
  const auto c = static_cast<std::size_t>(x / p.pixel_size), r = static_cast<std::size_t>(z / p.pixel_size);
  const std::vector<Peak> along_z = peaks(image_column(difference, c), 0.0, p.pixel_size, 0.1 * o_site());
  const std::vector<Peak> along_x = peaks(image_row(difference, r), 0.0, p.pixel_size, 0.1 * o_site());
  REQUIRE(along_z.size() == 1);
  REQUIRE(along_x.size() == 1);
  CHECK(std::abs(along_z[0].position - z) < 1e-3 * nm);
  CHECK(std::abs(along_x[0].position - x) < 1e-3 * nm);
  // The pixel row and column pass within half a pixel of the centre: the fitted heights are the
  // peak times the Gaussian at the other axis' offset; their product over the peak squared is 1.
  const double sigma = p.probe_fwhm / (2.0 * std::sqrt(2.0 * std::numbers::ln2));
  const double dx = (static_cast<double>(c) + 0.5) * p.pixel_size - x;
  CHECK(
      close(along_z[0].height, o_site() * std::exp(-dx * dx / (2.0 * sigma * sigma)), 2e-4));  // float pixels
}

TEST_CASE("a painted void leaves an empty disk of its radius") {
  const OxygenLattice lattice(box(2, 8, 1, 8), 0.285e-9, true);
  const double d = c2m_oxygen_layer_spacing();
  const double xc = 4.0 * nm, zc = 4.0 * nm, radius = 1.5 * nm;
  std::vector<std::uint8_t> occupancy(lattice.size(), 0);
  std::size_t painted = 0;
  for (std::size_t s = 0; s < lattice.size(); ++s) {
    // Image position of the site: x from the lattice, depth (layer + 1/2) d.
    const double x = lattice.position(s)[0], z = (static_cast<double>(lattice.layer(s)) + 0.5) * d;
    if (std::hypot(x - xc, z - zc) < radius) {
      occupancy[s] = 1;
      ++painted;
    }
  }
  REQUIRE(painted > 80);  // pi (1.5 nm)^2 at 14.2 sites/nm^2 (2D) with the image's z scale
  const LatticeRecord record = record_of(lattice, occupancy, 20);
  AtomicHaadfParameters p;  // default probe 0.08 nm, pixel 0.025 nm
  // How far a void site's removal reaches, in the image: [100] a cation column sees O columns up
  // to sqrt(p^2 + (d/2)^2) = 0.185 nm away and a 2D O column its row's sites up to a/2 = 0.14 nm
  // away (0.33 nm); [010] the octahedron spans sqrt((2P/3)^2 + (d/2)^2) = 0.20 nm and a column
  // interpolates sites up to a = 0.285 nm away (0.49 nm).
  double reach = 0.35 * nm;
  double beam_repeat = 0.285e-9 * std::sqrt(3.0);
  SUBCASE("[100]") {}
  SUBCASE("[010]") {
    p.zone_axis = AtomicZoneAxis::c2m_010;
    reach = 0.5 * nm;
    beam_repeat = 0.285e-9;
  }
  p.x0 = 1.0 * nm;
  p.z0 = 1.0 * nm;
  p.width = 6.0 * nm;
  p.height = 6.0 * nm;
  const Image image = render_atomic_haadf_from_run(record, Grid{}, {}, p);

  const double atoms = std::round(20e-9 / beam_repeat);
  const double o_column = atoms * o_site();
  double max_inside = 0.0, max_outside_difference = 0.0;
  for (std::size_t r = 0; r < image.height; ++r) {
    for (std::size_t c = 0; c < image.width; ++c) {
      const double x = p.x0 + (static_cast<double>(c) + 0.5) * p.pixel_size;
      const double z = p.z0 + (static_cast<double>(r) + 0.5) * p.pixel_size;
      if (std::hypot(x - xc, z - zc) < radius - reach - 0.29 * nm)
        max_inside = std::max<double>(max_inside, image.at(r, c));
    }
  }
  // Inside R - reach - 0.29 nm every column is gone: the nearest remaining one is >= 0.29 nm
  // (8.5 sigma) away, so only the probe's far tail (< 1e-15) reaches it.
  CHECK(max_inside < 1e-6 * o_column);

  // Columns more than `reach` outside R are pristine, columns more than `reach` inside are empty.
  const std::vector<std::int32_t> no_voids(lattice.size(), -1);
  LatticeClusters clusters(lattice, 20);
  clusters.analyse(occupancy.data());
  REQUIRE(clusters.statistics().n_voids == 1);
  const Grid none{};
  const AtomicColumns pristine = project_atomic_columns(
      lattice, std::vector<std::uint8_t>(lattice.size(), 0).data(), no_voids.data(), none, nullptr, p);
  const AtomicColumns voided =
      project_atomic_columns(lattice, occupancy.data(), clusters.void_label().data(), none, nullptr, p);
  std::size_t outside = 0, inside = 0;
  for (std::size_t layer = 0; layer < voided.n_layers; ++layer) {
    for (std::size_t n = 0; n < voided.n_columns; ++n) {
      const double x = voided.x(layer, n);
      const double z = (static_cast<double>(layer) + 1.0) * voided.layer_spacing;
      const double r = std::hypot(x - xc, z - zc);
      if (r > radius + reach) {
        ++outside;
        CHECK(voided.at(layer, n) == pristine.at(layer, n));
      } else if (r < radius - reach) {
        ++inside;
        CHECK(voided.at(layer, n) == 0.0);
      }
    }
  }
  CHECK(inside > 100);
  CHECK(outside > 1000);
  const Image reference = render_atomic_haadf_from_run(
      record_of(lattice, std::vector<std::uint8_t>(lattice.size(), 0), 20), Grid{}, {}, p);
  for (std::size_t q = 0; q < image.pixels.size(); ++q) {
    const std::size_t r = q / image.width, c = q % image.width;
    const double x = p.x0 + (static_cast<double>(c) + 0.5) * p.pixel_size;
    const double z = p.z0 + (static_cast<double>(r) + 0.5) * p.pixel_size;
    if (std::hypot(x - xc, z - zc) > radius + reach + 0.29 * nm) {
      max_outside_difference = std::max(max_outside_difference,
                                        std::abs(static_cast<double>(image.pixels[q] - reference.pixels[q])));
    }
  }
  // Beyond R + reach + 0.29 nm the changed columns are > 0.29 nm away (8.5 sigma): the images agree.
  CHECK(max_outside_difference < 1e-6 * o_column);
}

TEST_CASE("the KMC engine writes vacant_sites matching its lattice, and they read back") {
  const KmcSetup setup =
      KmcSetup::from(app::load_and_validate("", {"engine=kmc", "domain.nx=32", "domain.nz=32"}));
  KmcEngine engine(setup);
  engine.advance_to(300.0, {});
  const auto& occ = engine.lattice_model().occupancy();
  const auto n_vacant = std::accumulate(occ.begin(), occ.end(), std::size_t{0});
  REQUIRE(n_vacant > 50);  // the O-redox source is active by 300 s at the default bias

  const std::vector<LatticeRecord> records = engine.lattice_records();
  REQUIRE(records.size() == 1);
  const LatticeRecord& record = records.front();
  CHECK(record.name == "vacant_sites");
  CHECK(record.sites.size() == n_vacant);
  CHECK(record.geometry.size() == engine.lattice().size());
  CHECK(occupancy_of(record) == occ);

  const std::filesystem::path dir = std::filesystem::path(VOIDSIM_BINARY_DIR) / "test_atomic_haadf_tmp";
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "iteration.h5";
  io::write_iteration_file(file, 7, engine.time(), engine.last_dt(), {}, records);
  CHECK(io::lattice_record_names(file, 7) == std::vector<std::string>{"vacant_sites"});
  const LatticeRecord back = io::read_lattice_record(file, 7);
  CHECK(back.sites == record.sites);
  CHECK(back.geometry.dimension == record.geometry.dimension);
  CHECK(back.geometry.spacing == record.geometry.spacing);
  CHECK(back.geometry.mx == record.geometry.mx);
  CHECK(back.geometry.ny == record.geometry.ny);
  CHECK(back.geometry.nz == record.geometry.nz);
  CHECK(back.geometry.periodic_lateral == record.geometry.periodic_lateral);
  CHECK(back.min_void_sites == record.min_void_sites);
  // The void threshold travels with the record: the clusters found from the file are the engine's
  // voids and the layer's nanopores (on by default), which the engine tells apart by their history
  // (docs/kmc-clusters.md), not by anything in one frame.
  const OxygenLattice lattice = lattice_of(back.geometry);
  LatticeClusters clusters(lattice, back.min_void_sites);
  clusters.analyse(occupancy_of(back).data());
  const LatticeClusterStatistics& in_engine = engine.cluster_statistics();
  CHECK(in_engine.n_nanopores > 0);
  CHECK(clusters.statistics().n_void_sites == in_engine.n_void_sites + in_engine.n_nanopore_sites);
  CHECK(clusters.statistics().n_voids == in_engine.n_voids + in_engine.n_nanopores);

  // A frame without lattice records (phase-field runs) has none.
  io::write_iteration_file(file, 8, 1.0, 1.0, {}, {});
  CHECK(io::lattice_record_names(file, 8).empty());
  CHECK_THROWS_AS((void)io::read_lattice_record(file, 8), IoError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a KMC run writes vacant_sites into every frame of result.h5, a phase-field run none") {
  const std::filesystem::path dir = std::filesystem::path(VOIDSIM_BINARY_DIR) / "test_atomic_haadf_runs";
  std::filesystem::remove_all(dir);
  for (const char* engine : {"kmc", "phase_field"}) {
    CAPTURE(engine);
    app::RunOptions options;
    options.output_dir = dir / engine;
    options.quiet = true;
    options.threads = 1;
    options.overrides = {std::string("engine=") + engine, "domain.nx=16", "domain.nz=16",
                         "run.duration=300 s", "run.output_interval=150 s"};
    REQUIRE(app::run_simulation(options) == ExitCode::ok);
    const io::ResultReader result(options.output_dir / app::run_files::result_h5);
    REQUIRE(result.frames().size() >= 3);
    const io::SeriesTable series = result.series();
    for (const io::ResultFrame& frame : result.frames()) {
      const std::vector<std::string> names = io::lattice_record_names(result.path(), frame.iteration);
      if (std::string(engine) == "phase_field") {
        CHECK(names.empty());
        continue;
      }
      REQUIRE(names == std::vector<std::string>{"vacant_sites"});
      const LatticeRecord record = io::read_lattice_record(result.path(), frame.iteration);
      // The series' mean vacancy fraction of the same time is the engine's count / sites.
      const auto column = static_cast<std::size_t>(
          std::find(series.columns.begin(), series.columns.end(), "mean_vacancy_fraction") -
          series.columns.begin());
      REQUIRE(column < series.columns.size());
      const auto row = std::find_if(series.rows.begin(), series.rows.end(),
                                    [&](const std::vector<double>& r) { return r[0] == frame.time_s; });
      REQUIRE(row != series.rows.end());
      CHECK(static_cast<double>(record.sites.size()) ==
            doctest::Approx((*row)[column] * static_cast<double>(record.geometry.size())).epsilon(1e-9));
      if (frame.time_s == 300.0) CHECK(record.sites.size() > 10);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("shot noise: same seed same image, another seed another, mean preserved") {
  const OxygenLattice lattice(box(2, 3, 1, 3), 0.285e-9, true);
  const LatticeRecord record = record_of(lattice, std::vector<std::uint8_t>(lattice.size(), 0), 10);
  AtomicHaadfParameters p;
  p.width = 2.0 * nm;
  p.height = 2.0 * nm;
  const Image clean = render_atomic_haadf_from_run(record, Grid{}, {}, p);
  p.peak_counts = 200.0;
  p.seed = 11;
  const Image a = render_atomic_haadf_from_run(record, Grid{}, {}, p);
  const Image b = render_atomic_haadf_from_run(record, Grid{}, {}, p);
  p.seed = 12;
  const Image other = render_atomic_haadf_from_run(record, Grid{}, {}, p);
  CHECK(a.pixels == b.pixels);
  CHECK(a.pixels != other.pixels);
  CHECK(a.pixels != clean.pixels);
  // Mean counts: sum of independent Poisson draws; 4 standard deviations of the total.
  const double atoms = std::round(20e-9 / (0.285e-9 * std::sqrt(3.0)));
  const double scale = 200.0 / (atoms * tm_site());
  double sum_clean = 0.0, sum_noisy = 0.0;
  for (std::size_t i = 0; i < clean.pixels.size(); ++i) {
    sum_clean += clean.pixels[i] * scale;
    sum_noisy += a.pixels[i] * scale;
  }
  CHECK(std::abs(sum_noisy - sum_clean) < 4.0 * std::sqrt(sum_clean));
}

TEST_CASE("bad regions and parameters are input errors") {
  const OxygenLattice lattice(box(2, 3, 1, 3), 0.285e-9, false);
  const LatticeRecord record = record_of(lattice, std::vector<std::uint8_t>(lattice.size(), 0), 10);
  AtomicHaadfParameters p;
  p.z0 = 50.0 * nm;
  CHECK_THROWS_AS((void)render_atomic_haadf_from_run(record, Grid{}, {}, p), InputError);
  p = {};
  p.pixel_size = 0.0;
  CHECK_THROWS_AS((void)render_atomic_haadf_from_run(record, Grid{}, {}, p), InputError);
  p = {};
  p.zone_axis = AtomicZoneAxis::c2m_010;  // the beam of a 3D run is y, perpendicular to the rows
  const OxygenLattice lattice_3d(box(3, 3, 2, 3), 0.285e-9, true);
  CHECK_THROWS_AS(
      (void)render_atomic_haadf_from_run(
          record_of(lattice_3d, std::vector<std::uint8_t>(lattice_3d.size(), 0), 10), Grid{}, {}, p),
      InputError);
  p = {};
  p.width = 1e-6;  // 40000 pixels wide
  CHECK_THROWS_AS((void)render_atomic_haadf_from_run(record, Grid{}, {}, p), InputError);
}
