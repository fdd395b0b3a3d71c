#include "model/li_diffusivity.hpp"

namespace voidsim {

void LiTransportParameters::declare(Schema& schema) {
  schema.boolean("li_transport.enabled", true, "Li diffusion inside the cathode (process 1)");
  schema
      .quantity("li_transport.diffusivity_high", "1e-14 cm^2/s", "cm^2/s",
                "D_Li in the sloping Ni-redox region")
      .min(0.0, true)
      .source("MODEL.md section 3: 1e-14 .. 1e-16 cm^2/s (literature range)");
  schema
      .quantity("li_transport.diffusivity_plateau", "1e-16 cm^2/s", "cm^2/s",
                "minimum D_Li on the 4.5 V oxygen-redox plateau")
      .min(0.0, true)
      .source("MODEL.md section 3: minimum on the 4.5 V plateau");
  schema.real("li_transport.plateau_centre", 0.5, "Li content x at the diffusivity minimum")
      .min(0.0)
      .max(1.2);
  schema.real("li_transport.plateau_width", 0.25, "width (in x) of the diffusivity dip").min(0.0, true);
  schema.real("li_transport.initial_li_fraction", 1.2, "pristine Li content x (Li per formula unit)")
      .min(0.0)
      .max(1.2);
}

LiTransportParameters LiTransportParameters::from(const Scenario& scenario) {
  LiTransportParameters p;
  p.enabled = scenario.boolean("li_transport.enabled");
  p.diffusivity_high = scenario.real("li_transport.diffusivity_high");
  p.diffusivity_plateau = scenario.real("li_transport.diffusivity_plateau");
  p.plateau_centre = scenario.real("li_transport.plateau_centre");
  p.plateau_width = scenario.real("li_transport.plateau_width");
  p.initial_li_fraction = scenario.real("li_transport.initial_li_fraction");
  return p;
}

std::vector<Diagnostic> LiTransportParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  if (scenario.real("li_transport.diffusivity_plateau") > scenario.real("li_transport.diffusivity_high")) {
    problems.push_back(
        scenario.diagnostic("li_transport.diffusivity_plateau",
                            "the plateau diffusivity is a minimum: it must not exceed diffusivity_high"));
  }
  return problems;
}

}  // namespace voidsim
