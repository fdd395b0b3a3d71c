#pragma once
// Scenario overrides shared by the single-void tests of the phase-field engine: a closed 40 x 40 nm
// box (1 nm cells) with the in situ void model and every other process off, so only vacancy
// diffusion and the void interface act.
#include <string>
#include <vector>

inline std::vector<std::string> closed_void_box_overrides() {
  return {"domain.nx=40",
          "domain.nz=40",
          "li_transport.enabled=false",
          "vacancy_source.oxygen_redox.enabled=false",
          "vacancy_source.beam.enabled=false",
          "nucleation.enabled=false",
          "defects.enabled=false"};
}
