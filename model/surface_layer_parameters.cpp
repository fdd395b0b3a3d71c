#include "model/surface_layer_parameters.hpp"

namespace voidsim {

void SurfaceLayerParameters::declare(Schema& schema) {
  schema
      .choice(
          "surface_layer.mode", "none", {"none", "painted", "process"},
          "pristine LiPON/LNMO reaction layer: none, painted profile + nanopores, or simulated contact stage")
      .source("MODEL.md section 2, process 6; docs/surface-layer.md");
  // Phase and cation-mixing thresholds (both modes), in Mn valence from charge balance.
  schema
      .boolean("surface_layer.phases.enabled", true,
               "spinel-like and rock-salt fractions from the Mn valence")
      .source("paper Fig. 2c: spinel-like and rock-salt domains in the surface layer");
  schema
      .real("surface_layer.phases.spinel_onset_valence", 3.9,
            "Mn valence below which spinel-like domains appear")
      .min(2.0)
      .max(4.0)
      .source("estimate: a few % of Mn3+ (Jahn-Teller) starts the layered -> spinel conversion");
  schema
      .real("surface_layer.phases.spinel_full_valence", 3.5,
            "Mn valence at which the lattice is all spinel-like")
      .min(2.0)
      .max(4.0)
      .source("LiMn2O4 spinel: Mn3.5+");
  schema
      .real("surface_layer.phases.rock_salt_onset_valence", 3.0,
            "Mn valence below which rock-salt domains appear")
      .min(2.0)
      .max(4.0)
      .source("estimate: Mn3+ and below (Mn3O4, MnO) do not keep the layered/spinel frame");
  schema
      .real("surface_layer.phases.rock_salt_full_valence", 2.0,
            "Mn valence at which the lattice is all rock salt")
      .min(2.0)
      .max(4.0)
      .source("rock-salt MnO/NiO: Mn2+, Ni2+");
  schema
      .boolean("surface_layer.cation_mixing.enabled", true,
               "transition metals on Li sites in the reconstructed phases")
      .source("paper: cation mixing in the surface layer, none around bias-induced nanovoids");
  schema
      .real("surface_layer.cation_mixing.spinel", 0.25,
            "fraction of TM on Li-layer sites in the spinel-like phase")
      .min(0.0)
      .max(1.0)
      .source("layered LiMO2 -> spinel: 1/4 of the TM move into the Li layer (16c/16d ordering)");
  schema
      .real("surface_layer.cation_mixing.rock_salt", 0.5,
            "fraction of TM on Li-layer sites in the rock-salt phase")
      .min(0.0)
      .max(1.0)
      .source("disordered rock salt: cations shared equally by both layers");
  schema
      .boolean("surface_layer.vacancy_transport.enabled", false,
               "bias stage: O-vacancy diffusivity scaled by factor^(spinel + rock-salt fraction)")
      .source("the densified, cation-mixed reconstruction layer (docs/surface-layer.md)");
  schema
      .real("surface_layer.vacancy_transport.factor", 0.001,
            "D_v in fully reconstructed lattice over D_v in layered lattice")
      .min(0.0, true)
      .max(1.0)
      .source(
          "estimate: +0.18 eV on the 0.8 eV O-vacancy migration barrier at 300 K (docs/surface-layer.md)");
  // Painted mode.
  schema
      .quantity("surface_layer.thickness", "5 nm", "nm",
                "depth at which the O deficiency falls to half its surface value")
      .min(0.0, true)
      .source(
          "the process mode (scenarios/pristine_interface.yaml): d = 0.3 (Mn3+) at 5 nm, spinel-like to ~10 "
          "nm, "
          "inside the paper's 0-40 nm EELS surface window (Fig. 2a/b)");
  schema
      .quantity("surface_layer.gradient_length", "4 nm", "nm",
                "width of the fall-off of d at the layer's inner edge")
      .min(0.0, true)
      .source("fit to the process mode's d(z) (docs/surface-layer.md)");
  schema.real("surface_layer.surface_deficiency", 0.6, "O deficiency d0 at z = 0 (O per formula unit lost)")
      .min(0.0)
      .max(0.6)
      .source("the process mode: the contact saturates at the Mn2+ floor d = 0.6 (rock-salt MO-like)");
  schema
      .boolean("surface_layer.nanopores.enabled", true,
               "nanopores in the layer (painted, or nucleated in the process)")
      .source("paper Fig. 2c: ~2 nm nanopores near the interface only");
  schema.quantity("surface_layer.nanopores.diameter", "2.1 nm", "nm", "painted mode: mean nanopore diameter")
      .min(0.0, true)
      .source("paper: nanopores ~2 nm; the process mode's mean (docs/surface-layer.md)");
  schema
      .real("surface_layer.nanopores.diameter_spread", 0.15,
            "painted mode: relative standard deviation of the diameter")
      .min(0.0)
      .max(0.5)
      .source("estimate: the process mode's size distribution");
  schema
      .real("surface_layer.nanopores.porosity", 0.13,
            "painted mode: pore area (2D) or volume (3D) fraction in the layer")
      .min(0.0)
      .max(0.3)
      .source("estimate: the process mode's pore budget (docs/surface-layer.md)");
  // Process mode.
  schema
      .boolean("surface_layer.reaction.oxygen_flux.enabled", true,
               "O leaves across z = 0 during the contact stage")
      .source("paper: spontaneous LiPON/LNMO reaction with oxygen loss");
  schema
      .quantity("surface_layer.reaction.rate_velocity", "1e-11 m/s", "m/s",
                "k_r of the interfacial O flux J = k_r rho_O (1 - c_v,s / c_contact)")
      .min(0.0)
      .source(
          "estimate: fast against diffusion, so the contact stays near c_contact (docs/surface-layer.md)");
  schema
      .real("surface_layer.reaction.contact_vacancy_fraction", 0.3,
            "c_contact: vacancy fraction of the top cells at which the O flux into LiPON stops")
      .min(0.0, true)
      .max(0.5)
      .source(
          "estimate: the reduced surface in equilibrium with LiPON; sets the supersaturation that "
          "drives the layer's growth and nanopore nucleation (docs/surface-layer.md)");
  schema
      .real("surface_layer.reaction.saturation_deficiency", 0.6,
            "d_sat: the largest O deficiency the lattice takes")
      .min(0.0, true)
      .max(0.6)
      .source("charge balance at x = 1.2: d = 0.6 puts Mn and Ni at 2+ (rock-salt MO)");
  schema.quantity("surface_layer.reaction.time", "1 h", "s", "duration of the contact stage before the bias")
      .min(0.0)
      .source("estimate: LiPON sputtering and handling before the in situ experiment");
  schema
      .quantity("surface_layer.reaction.vacancy_diffusivity", "1.5e-15 cm^2/s", "cm^2/s",
                "vacancy diffusivity D_L in the reacting layer")
      .min(0.0, true)
      .source(
          "calibrated: a ~10 nm layer in 1 h; 3x the in situ lattice D_v (reduced, cation-disordered layer)");
  schema
      .boolean("surface_layer.reaction.accommodation.enabled", true,
               "the lattice absorbs vacancies into its O deficiency (Mn reduction, phase change)")
      .source("paper: O loss with Mn reduction and phase transformation in the layer");
  schema
      .quantity("surface_layer.reaction.accommodation.rate", "0.03 s^-1", "s^-1",
                "k_a of dd/dt = 2 k_a (c_v - c_eq)(1 - d / d_sat)")
      .min(0.0)
      .source("estimate: sets the share of the O loss left for nanopores (docs/surface-layer.md)");
  schema
      .quantity("surface_layer.reaction.transformation_defect_density", "1e17 m^-2", "m^-2",
                "defect density the transformed (spinel-like + rock-salt) fraction adds for pore nucleation")
      .min(0.0)
      .source(
          "estimate: nm-size spinel/rock-salt domains (paper Fig. 2c) bounded ~3 nm apart; the paper ties "
          "the nanopores to strain concentration at the phase transformation");
}

SurfaceLayerParameters SurfaceLayerParameters::from(const Scenario& scenario) {
  SurfaceLayerParameters p;
  const std::string& mode = scenario.string("surface_layer.mode");
  p.mode = mode == "painted"   ? SurfaceLayerMode::painted
           : mode == "process" ? SurfaceLayerMode::process
                               : SurfaceLayerMode::none;
  auto& t = p.thresholds;
  t.phases_enabled = scenario.boolean("surface_layer.phases.enabled");
  t.spinel_onset_valence = scenario.real("surface_layer.phases.spinel_onset_valence");
  t.spinel_full_valence = scenario.real("surface_layer.phases.spinel_full_valence");
  t.rock_salt_onset_valence = scenario.real("surface_layer.phases.rock_salt_onset_valence");
  t.rock_salt_full_valence = scenario.real("surface_layer.phases.rock_salt_full_valence");
  t.cation_mixing_enabled = scenario.boolean("surface_layer.cation_mixing.enabled");
  t.spinel_cation_mixing = scenario.real("surface_layer.cation_mixing.spinel");
  t.rock_salt_cation_mixing = scenario.real("surface_layer.cation_mixing.rock_salt");
  p.transport.enabled = scenario.boolean("surface_layer.vacancy_transport.enabled");
  p.transport.factor = scenario.real("surface_layer.vacancy_transport.factor");
  auto& l = p.painted;
  l.thickness = scenario.real("surface_layer.thickness");
  l.gradient_length = scenario.real("surface_layer.gradient_length");
  l.surface_deficiency = scenario.real("surface_layer.surface_deficiency");
  l.nanopore_diameter = scenario.real("surface_layer.nanopores.diameter");
  l.nanopore_diameter_spread = scenario.real("surface_layer.nanopores.diameter_spread");
  l.nanopore_porosity = scenario.real("surface_layer.nanopores.porosity");
  auto& r = p.reaction;
  r.oxygen_flux_enabled = scenario.boolean("surface_layer.reaction.oxygen_flux.enabled");
  r.rate_velocity = scenario.real("surface_layer.reaction.rate_velocity");
  r.contact_vacancy_fraction = scenario.real("surface_layer.reaction.contact_vacancy_fraction");
  r.saturation_deficiency = scenario.real("surface_layer.reaction.saturation_deficiency");
  r.reaction_time = scenario.real("surface_layer.reaction.time");
  r.vacancy_diffusivity = scenario.real("surface_layer.reaction.vacancy_diffusivity");
  r.accommodation_enabled = scenario.boolean("surface_layer.reaction.accommodation.enabled");
  r.accommodation_rate = scenario.real("surface_layer.reaction.accommodation.rate");
  r.nanopores_enabled = scenario.boolean("surface_layer.nanopores.enabled");
  r.transformation_defect_density = scenario.real("surface_layer.reaction.transformation_defect_density");
  return p;
}

std::vector<Diagnostic> SurfaceLayerParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const SurfaceLayerParameters p = from(scenario);
  const auto& t = p.thresholds;
  if (!(t.spinel_full_valence < t.spinel_onset_valence))
    problems.push_back(
        scenario.diagnostic("surface_layer.phases.spinel_full_valence",
                            "must be below spinel_onset_valence (Mn is reduced into the spinel)"));
  if (!(t.rock_salt_full_valence < t.rock_salt_onset_valence))
    problems.push_back(scenario.diagnostic("surface_layer.phases.rock_salt_full_valence",
                                           "must be below rock_salt_onset_valence"));
  if (t.rock_salt_onset_valence > t.spinel_onset_valence)
    problems.push_back(scenario.diagnostic(
        "surface_layer.phases.rock_salt_onset_valence",
        "must not exceed spinel_onset_valence (rock salt forms from the reduced spinel)"));
  if (p.mode == SurfaceLayerMode::process && scenario.contains("engine") &&
      scenario.string("engine") != "phase_field")
    problems.push_back(scenario.diagnostic(
        "surface_layer.mode", "process runs in the phase-field engine only; use painted for engine: kmc"));
  return problems;
}

}  // namespace voidsim
