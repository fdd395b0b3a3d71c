#pragma once
// How the KMC engine couples its lattice to the continuum Li field (MODEL.md "The KMC engine";
// issue 4, hybrid coupling): the Li transport, circuit and vacancy-generation rates advance on the
// engine grid with a fixed coupling interval, and the lattice runs its events over each interval
// with the rates of that interval (Lie splitting, the same order as the phase-field engine).
#include <vector>

#include "core/scenario.hpp"
#include "core/schema.hpp"

namespace voidsim {

struct KmcCouplingParameters {
  double coupling_interval = 2.0;         // s, continuum step between lattice updates of the rates
  double void_minimum_diameter = 1.5e-9;  // m, a vacancy cluster at least this large is a void
  double initial_vacancy_fraction = 0.0;  // random vacancies in the initial lattice

  static void declare(Schema& schema);
  [[nodiscard]] static KmcCouplingParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
