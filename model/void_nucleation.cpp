#include "model/void_nucleation.hpp"

#include <cmath>
#include <numbers>

namespace voidsim {

double NucleationRate::threshold_vacancy_fraction(double target_rate, double het_factor) const noexcept {
  if (!(prefactor > target_rate) || !(target_rate > 0.0)) return HUGE_VAL;
  // f dG*(dG_v) = kT ln(J0 / J), solved for dG_v, then c_v = c_v_eq exp(dG_v Omega / kT).
  const double barrier = thermal_energy * std::log(prefactor / target_rate);
  const double g = surface_energy;
  double driving = 0.0;
  if (dimension == 2 && cross_section == CrossSectionNucleus::cylinder) {
    driving = het_factor * std::numbers::pi * g * g * section_thickness / barrier;
  } else {
    driving = std::sqrt(16.0 * std::numbers::pi * g * g * g * het_factor / (3.0 * barrier));
  }
  return equilibrium_fraction * std::exp(driving * site_volume / thermal_energy);
}

NucleationRate NucleationParameters::rate_model(int dimension, const VoidModelParameters& void_model) const {
  NucleationRate r;
  r.dimension = dimension;
  r.cross_section = cross_section;
  r.section_thickness = section_thickness;
  r.surface_energy = void_model.surface_energy;
  r.thermal_energy = void_model.thermal_energy();
  r.site_volume = void_model.site_volume();
  // The dilute-limit c_v_eq = exp(-E_f/kT) of CNT; it equals the free energy's minimum to O(c_v_eq).
  r.equilibrium_fraction = void_model.free_energy().dilute_equilibrium_vacancy_fraction();
  r.prefactor = prefactor;
  r.heterogeneous = heterogeneous;
  r.defect_factor = defect_factor;
  r.defect_reference_density = defect_reference_density;
  r.interface_factor = interface_factor;
  r.interface_decay_length = interface_decay_length;
  return r;
}

void NucleationParameters::declare(Schema& schema) {
  schema.boolean("nucleation.enabled", true, "seed void nuclei stochastically from the CNT rate");
  schema
      .quantity("nucleation.prefactor", "1e28 m^-3 s^-1", "m^-3 s^-1",
                "CNT prefactor J0 (Zeldovich x attachment x sites)")
      .min(0.0)
      .source(
          "estimate: 59.4 nm^-3 sites x attachment 4 pi r* D_v c_v Omega^-1/3 ~ 10/s x Zeldovich 0.1 (docs)");
  schema
      .quantity("nucleation.exclusion_distance", "5 nm", "nm",
                "minimum gap between a new nucleus and any void (eta > 0.5) or other new nucleus")
      .min(0.0)
      .source("estimate: a few vacancy depletion lengths; observed voids are > 5 nm apart (paper Fig. 3)");
  schema
      .real("nucleation.seed_radius_factor", 1.1, "planted nucleus radius in units of the critical radius r*")
      .min(1.0, true)
      .max(10.0)
      .source("PFHub benchmark 8 practice: seeds slightly above r* grow");
  schema.real("nucleation.minimum_seed_cells", 2.0, "smallest planted radius, in cells (resolution limit)")
      .min(1.0)
      .source("numerical: a disc of < 2 cells is not resolved by the spectral stepper");
  schema
      .quantity("nucleation.maximum_seed_radius", "10 nm", "nm",
                "a nucleus whose planted radius would exceed this is not planted")
      .min(0.0, true)
      .source("numerical guard: large r* means negligible J; planting it would empty a wide region");
  schema.boolean("nucleation.conserve_vacancies", true,
                 "take the vacancies a planted nucleus needs from the excess within collection_distance");
  schema
      .quantity("nucleation.collection_distance", "15 nm", "nm",
                "width of the shell around a planted nucleus that supplies its vacancies")
      .min(0.0, true)
      .source("estimate: the diffusion length of D_v over ~100 s; docs/void-model.md");
  schema
      .choice("nucleation.cross_section", "sphere_in_slab", {"sphere_in_slab", "cylinder"},
              "2D interpretation: spherical nuclei in a slab of section_thickness, or cylinders through it")
      .source("docs/void-model.md, Nucleation in 2D");
  schema
      .quantity("nucleation.section_thickness", "2 nm", "nm",
                "2D only: thickness t of the slab a 2D cell represents when counting nuclei")
      .min(0.0, true)
      .source("estimate: ~2 r*, the depth within which a sphere's centre cuts the section plane");
  schema.boolean("nucleation.heterogeneous.enabled", true,
                 "lower the barrier at defects and near the interface");
  schema
      .real("nucleation.heterogeneous.defect_factor", 0.05,
            "barrier factor S_d on dense defects (rho >> rho_ref)")
      .min(0.0, true)
      .max(1.0)
      .source("estimate: spherical cap with contact angle 45 deg (S = 0.058)");
  schema
      .quantity("nucleation.heterogeneous.defect_reference_density", "3e15 m^-2", "m^-2",
                "defect density rho_ref at which the defect factor is 1/e of the way to S_d")
      .min(0.0, true)
      .source("estimate: pristine LNMO ~1e15 m^-2 is mostly homogeneous-like; 1e16 m^-2 is defect-rich");
  schema.real("nucleation.heterogeneous.interface_factor", 0.5, "barrier factor S_i at the LiPON interface")
      .min(0.0, true)
      .max(1.0)
      .source("estimate: the reconstructed surface layer with nanopores (MODEL.md section 1)");
  schema
      .quantity("nucleation.heterogeneous.interface_decay_length", "10 nm", "nm",
                "depth over which the interface factor relaxes to 1")
      .min(0.0, true)
      .source("estimate: of the order of the ~40 nm EELS surface layer / 4");
}

NucleationParameters NucleationParameters::from(const Scenario& scenario) {
  NucleationParameters p;
  p.enabled = scenario.boolean("nucleation.enabled");
  p.prefactor = scenario.real("nucleation.prefactor");
  p.exclusion_distance = scenario.real("nucleation.exclusion_distance");
  p.seed_radius_factor = scenario.real("nucleation.seed_radius_factor");
  p.minimum_seed_cells = scenario.real("nucleation.minimum_seed_cells");
  p.maximum_seed_radius = scenario.real("nucleation.maximum_seed_radius");
  p.conserve_vacancies = scenario.boolean("nucleation.conserve_vacancies");
  p.collection_distance = scenario.real("nucleation.collection_distance");
  p.cross_section = scenario.string("nucleation.cross_section") == "cylinder"
                        ? CrossSectionNucleus::cylinder
                        : CrossSectionNucleus::sphere_in_slab;
  p.section_thickness = scenario.real("nucleation.section_thickness");
  p.heterogeneous = scenario.boolean("nucleation.heterogeneous.enabled");
  p.defect_factor = scenario.real("nucleation.heterogeneous.defect_factor");
  p.defect_reference_density = scenario.real("nucleation.heterogeneous.defect_reference_density");
  p.interface_factor = scenario.real("nucleation.heterogeneous.interface_factor");
  p.interface_decay_length = scenario.real("nucleation.heterogeneous.interface_decay_length");
  return p;
}

std::vector<Diagnostic> NucleationParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const NucleationParameters p = from(scenario);
  if (scenario.contains("domain.cell_size")) {
    const double min_radius = p.minimum_seed_cells * scenario.real("domain.cell_size");
    if (p.maximum_seed_radius < min_radius) {
      problems.push_back(scenario.diagnostic("nucleation.maximum_seed_radius",
                                             "maximum_seed_radius is below minimum_seed_cells x "
                                             "domain.cell_size; no nucleus could ever be planted"));
    }
  }
  return problems;
}

}  // namespace voidsim
