#pragma once
// Scenario overrides shared by the single-void tests of the phase-field engine: a closed 40 x 40 nm
// box (1 nm cells) with the in situ void model and every other process off, so only vacancy
// diffusion and the void interface act. The numerics are pinned to the split step and the fast
// interface (L = 1e-9 m^3/J/s) these tests were written for (the split step's stabiliser is what
// the Gibbs-Thomson test guards); the in situ scenario has used the implicit coupling with
// L = 1e-12 since 2026-11-27, and a test that wants it sets both.
#include <string>
#include <vector>

inline std::vector<std::string> closed_void_box_overrides() {
  return {"domain.nx=40",
          "domain.nz=40",
          "li_transport.enabled=false",
          "vacancy_source.oxygen_redox.enabled=false",
          "vacancy_source.beam.enabled=false",
          "nucleation.enabled=false",
          "defects.enabled=false",
          "phase_field.implicit_coupling_iterations=0",
          "void_model.allen_cahn_mobility=1e-9 m^3/J/s"};
}
