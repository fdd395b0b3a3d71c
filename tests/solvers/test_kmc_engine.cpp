// Tests of solvers/kmc_engine.hpp (the lattice engine coupled to the continuum Li extraction):
// vacancy bookkeeping against the lattice, the Li charge booking shared with the phase-field
// engine, vacancy generation only below the O-redox onset, the beam-only control, determinism
// across thread counts and the checkpoint round trip. Scenarios are the built-in default with
// engine: kmc and a small domain.
#include <doctest/doctest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "app/scenario_schema.hpp"
#include "core/error.hpp"
#include "model/interfacial_li_flux.hpp"
#include "model/physical_constants.hpp"
#include "solvers/kmc_engine.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {

using Overrides = std::vector<std::string>;

/// 32 x 32 nm with 1 nm cells (about 14,600 O sites): fast, and deep enough for the Li
/// depletion zone of the first minutes.
Overrides small(Overrides extra = {}) {
  Overrides o = {"engine=kmc", "domain.nx=32", "domain.nz=32"};
  o.insert(o.end(), extra.begin(), extra.end());
  return o;
}

KmcSetup setup_of(const Overrides& overrides) {
  return KmcSetup::from(app::load_and_validate("", overrides));
}

std::int64_t count_vacancies(const KmcEngine& e) {
  const auto& occ = e.lattice_model().occupancy();
  return std::accumulate(occ.begin(), occ.end(), std::int64_t{0});
}

double scalar(const KmcEngine& e, const char* key) { return e.scalars().at(key); }

}  // namespace

TEST_CASE("kmc engine: the lattice holds exactly the vacancies generated minus escaped") {
  // With the layer's nanopores (vacancies set at t = 0) and its slow sites (a rate change only).
  KmcEngine engine(setup_of(
      small({"surface_layer.nanopores.enabled=true", "surface_layer.vacancy_transport.enabled=true"})));
  const std::int64_t initial = count_vacancies(engine);  // the painted layer's nanopores
  CHECK(initial > 0);
  CHECK(engine.lattice_model().slow(0));                                  // the contact row: rock salt
  CHECK_FALSE(engine.lattice_model().slow(engine.lattice().size() - 1));  // the deepest row: layered
  engine.advance_to(400.0, {});
  const auto& c = engine.lattice_model().counters();
  CHECK(c.generated > 100);  // the O-redox source is active by 400 s at the default bias
  const auto& d = engine.defects().counters();
  // Climb moves vacancies between the lattice and dislocation cores; every other change is an event.
  CHECK(count_vacancies(engine) ==
        initial + c.generated - c.escaped - d.vacancies_absorbed + d.vacancies_emitted);
  CHECK(scalar(engine, "oxygen_loss_fraction") ==
        doctest::Approx(static_cast<double>(c.generated) / static_cast<double>(engine.lattice().size())));
}

TEST_CASE("kmc engine: the Faradaic charge equals the Li removed (the shared Li extraction)") {
  const KmcSetup setup = setup_of(small());
  KmcEngine engine(setup);
  const double li_initial = engine.li_extraction().total_li();
  engine.advance_to(60.0, {});
  const double removed = li_initial - engine.li_extraction().total_li();
  REQUIRE(removed > 0.0);
  // As in the phase-field engine's test: a cell holds A dz / (nx ny) of the electrode's volume.
  const Grid& g = setup.grid;
  const double cell_volume = setup.electrochemistry.electrode_area * g.dz / static_cast<double>(g.nx * g.ny);
  const double charge =
      removed * cell_volume * (li_site_density / pristine_li_fraction) * constants::elementary_charge;
  // 1e-9: exact booking up to the round-off of sum(x) and of F = e N_A (see the phase-field test).
  CHECK(close(charge, scalar(engine, "faradaic_charge_C"), 1e-9));
  CHECK(close(scalar(engine, "li_extracted_fraction"), removed / li_initial, 1e-12));
  CHECK(scalar(engine, "current_A") > 0.0);
}

TEST_CASE("kmc engine: the charge-balance onset keeps O-redox generation out of the reconstructed layer") {
  // The bare LiPON contact (8 ohm cm^2) empties the top nanometres within a minute, all inside the
  // painted layer (d = 0.6 at z = 0, 0.3 at 5 nm) where O redox would need x < 0.8 - 2 d.
  const auto generated = [](const Overrides& extra) {
    Overrides o =
        small({"electrochemistry.interface_resistance=8 ohm cm^2", "vacancy_source.beam.enabled=false"});
    o.insert(o.end(), extra.begin(), extra.end());
    KmcEngine engine(setup_of(o));
    engine.advance_to(60.0, {});
    return engine.lattice_model().counters().generated;
  };
  const std::int64_t shifted = generated({});
  const std::int64_t unshifted = generated({"vacancy_source.oxygen_redox.charge_balance_onset=false"});
  MESSAGE("O-redox vacancies in 60 s: " << shifted << " with the charge-balance onset, " << unshifted
                                        << " without");
  CHECK(unshifted > 50);
  CHECK(shifted < unshifted / 20);
  // The same source terms as the continuum engine: with no layer (d = 0) the switch changes nothing.
  CHECK(generated({"surface_layer.mode=none"}) ==
        generated({"surface_layer.mode=none", "vacancy_source.oxygen_redox.charge_balance_onset=false"}));
}

TEST_CASE("kmc engine: faults and dislocations nucleate in the layered lattice below the painted layer") {
  // The painted layer is fully reconstructed (layered fraction 0) in its top ~7 nm. Many nuclei
  // (k_gen x 20) over the first minutes under the bare contact's fast delithiation.
  const auto depths_of_objects = [](const Overrides& extra) {
    Overrides o = small({"electrochemistry.interface_resistance=8 ohm cm^2",
                         "kmc.defects.nucleation.generation_coefficient=1.6e20 m^-2",
                         "kmc.defects.growth.enabled=false", "kmc.defects.glide.enabled=false",
                         "kmc.defects.climb.enabled=false"});
    o.insert(o.end(), extra.begin(), extra.end());
    KmcEngine engine(setup_of(o));
    engine.advance_to(60.0, {});
    std::vector<double> depths;
    const OxygenLattice& l = engine.lattice();
    for (const auto& f : engine.defects().faults()) depths.push_back(l.position(f.row * l.mx())[2]);
    for (const auto& d : engine.defects().dislocations()) depths.push_back(l.position(d.row * l.mx())[2]);
    return depths;
  };
  auto within = [](const std::vector<double>& depths, double z) {
    return std::count_if(depths.begin(), depths.end(), [z](double d) { return d < z; });
  };
  const auto hosted = depths_of_objects({});
  const auto anywhere = depths_of_objects({"kmc.defects.nucleation.layered_host=false"});
  MESSAGE("objects: " << hosted.size() << " (" << within(hosted, 6e-9)
                      << " in the top 6 nm) with the layered host, " << anywhere.size() << " ("
                      << within(anywhere, 6e-9) << ") without");
  REQUIRE(hosted.size() > 20);
  CHECK(within(hosted, 6e-9) == 0);
  CHECK(within(anywhere, 6e-9) > 5);
}

TEST_CASE("kmc engine: without bias and beam nothing is generated") {
  KmcEngine engine(setup_of(small({"electrochemistry.bias=3.0 V", "vacancy_source.beam.enabled=false",
                                   "surface_layer.nanopores.enabled=false"})));
  engine.advance_to(300.0, {});
  CHECK(engine.lattice_model().counters().generated == 0);
  CHECK(count_vacancies(engine) == 0);
}

TEST_CASE("kmc engine: results do not depend on the thread count") {
  const KmcSetup setup = setup_of(small());
  struct Run {
    std::vector<std::uint8_t> occupancy;
    std::vector<double> li;
    EngineScalars scalars;
  };
  auto run = [&](int threads) {
    omp_set_num_threads(threads);
    KmcEngine engine(setup);
    engine.advance_to(300.0, {});
    omp_set_num_threads(1);
    const double* x = engine.field_data("li_fraction");
    return Run{engine.lattice_model().occupancy(), {x, x + setup.grid.size()}, engine.scalars()};
  };
  const Run one = run(1);
  const Run two = run(2);
  REQUIRE(one.scalars.at("kmc_events") > 1000.0);
  // The lattice is advanced serially with draws keyed by the event counter: identical.
  CHECK(one.occupancy == two.occupancy);
  for (const char* key : {"kmc_events", "kmc_hops", "oxygen_loss_fraction", "stacking_faults", "dislocations",
                          "lattice_void_count", "lattice_coalescence_events"}) {
    CAPTURE(key);
    CHECK(one.scalars.at(key) == two.scalars.at(key));
  }
  // The Li field goes through OpenMP loops whose reductions only reorder round-off (as in the
  // phase-field engine's test): 1e-12 of x ~ 1.
  double diff = 0.0;
  for (std::size_t i = 0; i < one.li.size(); ++i) diff = std::max(diff, std::abs(one.li[i] - two.li[i]));
  CHECK(diff <= 1e-12);
}

TEST_CASE("kmc engine: checkpoint round trip resumes bit for bit") {
  const KmcSetup setup = setup_of(small());
  KmcEngine straight(setup);
  straight.advance_to(250.0, {});
  StateArchive archive;
  straight.save_state(archive);
  straight.advance_to(400.0, {});

  KmcEngine resumed(setup);
  resumed.load_state(archive);
  CHECK(resumed.time() == 250.0);
  resumed.advance_to(400.0, {});
  CHECK(resumed.lattice_model().occupancy() == straight.lattice_model().occupancy());
  CHECK(resumed.scalars() == straight.scalars());
  const double* a = resumed.field_data("li_fraction");
  const double* b = straight.field_data("li_fraction");
  CHECK(std::equal(a, a + setup.grid.size(), b));
}

TEST_CASE("kmc engine: a grid finer than the lattice is refused at validation, naming the key") {
  try {
    (void)app::load_and_validate("", small({"domain.cell_size=0.4 nm"}));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("domain.cell_size") != std::string::npos);
  }
}

TEST_CASE("kmc engine: 3D (fcc O lattice) conserves vacancies and projects onto the grid") {
  // 8 x 8 x 12 nm, 47,000 sites; by 60 s the O-redox source is on near the interface (no
  // reconstructed layer, whose O deficiency would hold O redox back in the top nanometres).
  KmcEngine engine(setup_of({"engine=kmc", "domain.dimension=3", "domain.nx=8", "domain.ny=8", "domain.nz=12",
                             "kmc.binding_energy=0.03 eV", "surface_layer.mode=none"}));
  CHECK(engine.lattice().coordination() == 12);
  engine.advance_to(60.0, {});
  const auto& c = engine.lattice_model().counters();
  const auto& d = engine.defects().counters();
  REQUIRE(c.generated > 10);
  CHECK(count_vacancies(engine) == c.generated - c.escaped - d.vacancies_absorbed + d.vacancies_emitted);
  // The grid's vacancy_fraction is the lattice's, cell by cell: its site-weighted sum is the count.
  const double* cv = engine.field_data("vacancy_fraction");
  std::vector<double> sites(engine.grid().size(), 0.0);
  for (std::size_t s = 0; s < engine.lattice().size(); ++s)
    sites[engine.lattice().cell_of(s, engine.grid())] += 1.0;
  double projected = 0.0;
  for (std::size_t i = 0; i < sites.size(); ++i) projected += cv[i] * sites[i];
  CHECK(projected == doctest::Approx(static_cast<double>(count_vacancies(engine))).epsilon(1e-12));
}
