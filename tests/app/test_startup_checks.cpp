// Start-up checks of a run: the memory estimate against measured footprints, a grid too large for
// the machine refused with the key named, and the resolution warnings.
#include <doctest/doctest.h>

#include "app/scenario_schema.hpp"
#include "app/startup_checks.hpp"

using namespace voidsim;
using namespace voidsim::app;

namespace {

Scenario scenario_with(std::vector<std::string> overrides) { return load_and_validate("", overrides); }

constexpr double gib = 1024.0 * 1024.0 * 1024.0;

}  // namespace

TEST_CASE("the memory estimate covers the measured footprint without overstating it by more than 1.6x") {
  // Maximum RSS of `voidsim --threads 1 run` for 10 s (GNU time %M), this code, 2026-11-26:
  // phase_field (split step) 256^2 71568 KiB, 512^2 139260 KiB; kmc 256^2 (1 nm cells, 0.93 M
  // sites) 109384 KiB;
  // 2026-11-27: phase_field 512^2 with the implicit coupling (Anderson depth 4, the predictor's
  // rate) 194988 KiB (190816 KiB before the predictor: +16 B/cell as estimated).
  const struct {
    std::vector<std::string> overrides;
    double measured;
  } cases[] = {
      {{"domain.nx=256", "domain.nz=256", "phase_field.implicit_coupling_iterations=0"}, 71568 * 1024.0},
      {{"domain.nx=512", "domain.nz=512", "phase_field.implicit_coupling_iterations=0"}, 139260 * 1024.0},
      {{"engine=kmc", "domain.nx=256", "domain.nz=256"}, 109384 * 1024.0},
      {{"domain.nx=512", "domain.nz=512"}, 194988 * 1024.0}};  // the in situ default: implicit coupling
  for (const auto& c : cases) {
    const double estimate = estimated_engine_bytes(scenario_with(c.overrides));
    CHECK(estimate >= c.measured);
    CHECK(estimate <= 1.6 * c.measured);
  }
}

TEST_CASE("a grid larger than the available memory is an input error naming domain.nx") {
  const Scenario s = scenario_with({"domain.nx=4096", "domain.nz=4096"});  // 16.8 M cells, ~7 GiB
  const StartupFindings f = startup_checks(s, 1.0 * gib);
  REQUIRE(f.errors.size() == 1);
  CHECK(f.errors[0].key == "domain.nx");
  CHECK(f.errors[0].message.find("only 1 GiB is available") != std::string::npos);
  CHECK(f.estimated_bytes > 6.0 * gib);
  CHECK(startup_checks(s, 64.0 * gib).errors.empty());
}

TEST_CASE("the default scenario runs without resolution warnings") {
  const StartupFindings f = startup_checks(scenario_with({}), 64.0 * gib);
  CHECK(f.errors.empty());
  CHECK(f.warnings.empty());
}

TEST_CASE("a void interface thinner than a cell and a domain shallower than sqrt(D t) are warned about") {
  const StartupFindings thin =
      startup_checks(scenario_with({"void_model.interface_width=0.5 nm"}), 64.0 * gib);
  REQUIRE(thin.warnings.size() == 1);
  CHECK(thin.warnings[0].find("interface_width = 0.5 nm is below domain.cell_size = 1 nm") !=
        std::string::npos);
  // D_high = 1e-14 cm^2/s for 2400 s: sqrt(D t) = 49.0 nm against a 32 nm deep domain.
  const StartupFindings shallow = startup_checks(scenario_with({"domain.nz=32"}), 64.0 * gib);
  REQUIRE(shallow.warnings.size() == 1);
  CHECK(shallow.warnings[0].find("32 nm deep, less than the Li diffusion length sqrt(D t) = 49 nm") !=
        std::string::npos);
  // 64 nm is deeper than 49 nm: no warning.
  CHECK(startup_checks(scenario_with({"domain.nz=64"}), 64.0 * gib).warnings.empty());
}
