#pragma once
// Section `surface_layer.` of the scenario: the pristine LiPON/LNMO interfacial reaction (MODEL.md
// section 2, process 6; docs/surface-layer.md). Before any bias the LiPON contact takes oxygen from
// the cathode; the lattice accommodates part of the loss by reducing Mn and changing phase
// (layered -> spinel-like -> rock-salt, with cation mixing), the rest condenses into ~2 nm
// nanopores confined to the layer. Two ways to make that initial state:
//   painted: an O-deficiency profile d(z) and nanopores placed by counter-based random numbers;
//   process: the phase-field engine runs a contact stage (no bias) in which O leaves across z = 0,
//            vacancies diffuse inward, the lattice absorbs part of them and the rest nucleates
//            and grows pores through the void model.
// Every term has its own switch.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scenario.hpp"
#include "core/schema.hpp"

namespace voidsim {

enum class SurfaceLayerMode { none, painted, process };

/// Phase and cation-mixing thresholds, in Mn valence (from charge balance, model/charge_balance.hpp).
/// A nanopore of the layer that grows to this equivalent diameter counts as a void from then on
/// (paper: nanopores ~2 nm, nanovoids "much bigger"; twice the nanopore size is the line). Shared
/// by the grid observer (postprocess/run_observer.hpp) and the lattice cluster analysis.
inline constexpr double nanopore_max_diameter = 4e-9;  // m

struct ReconstructionThresholds {
  bool phases_enabled = true;
  double spinel_onset_valence = 3.9;     // layered -> spinel-like starts below this v_Mn
  double spinel_full_valence = 3.5;      // LiMn2O4-like spinel: Mn3.5+
  double rock_salt_onset_valence = 3.0;  // spinel-like -> rock-salt starts below Mn3+
  double rock_salt_full_valence = 2.0;   // rock-salt MO: Mn2+
  bool cation_mixing_enabled = true;
  double spinel_cation_mixing = 0.25;    // TM on Li sites in a spinel grown from the layered frame
  double rock_salt_cation_mixing = 0.5;  // disordered rock salt: TM shared equally by both layers
};

/// The painted initial state.
struct PaintedLayer {
  double thickness = 5e-9;                 // L, m: depth where d falls to half its surface value
  double gradient_length = 4e-9;           // l, m: width of the fall-off at L
  double surface_deficiency = 0.6;         // d0, O per formula unit lost at z = 0
  double nanopore_diameter = 2.1e-9;       // m, mean
  double nanopore_diameter_spread = 0.15;  // relative standard deviation of the diameter
  double nanopore_porosity = 0.13;         // pore area (2D) / volume (3D) fraction within 0..L
};

/// The simulated interfacial reaction (contact stage of the phase-field engine).
struct SurfaceReaction {
  bool oxygen_flux_enabled = true;              // O leaves across z = 0 into the LiPON side
  double rate_velocity = 1e-11;                 // k_r, m/s: J_O = k_r rho_O (1 - c_v,s / c_contact)
  double contact_vacancy_fraction = 0.3;        // c_contact: surface c_v at which the reaction stops
  double saturation_deficiency = 0.6;           // d_sat: Mn2+/Ni2+ floor at x = 1.2 (charge balance)
  double reaction_time = 3600.0;                // s of contact before the bias starts
  double vacancy_diffusivity = 1.5e-19;         // D_L, m^2/s, in the reacting layer
  bool accommodation_enabled = true;            // the lattice absorbs vacancies by reduction
  double accommodation_rate = 0.03;             // k_a, 1/s: dd/dt = 2 k_a (c_v - c_eq)(1 - d / d_sat)
  bool nanopores_enabled = true;                // the excess condenses into pores (void model + nucleation)
  double transformation_defect_density = 1e17;  // m^-2 of domain boundaries per transformed fraction
};

/// Bias stage: oxygen-vacancy transport through the reconstructed lattice. The spinel-like and
/// rock-salt layer is denser and cation-mixed (transition metals in the Li layer block the paths
/// an O vacancy takes between octahedra), so vacancies move through it more slowly than through
/// the layered lattice: D_v is multiplied by factor^(spinel + rock salt), geometric in the
/// reconstructed fraction because the factor spans decades (docs/surface-layer.md).
struct LayerVacancyTransport {
  bool enabled = false;
  double factor = 0.001;  // D_v(fully reconstructed) / D_v(layered)
};

struct SurfaceLayerParameters {
  SurfaceLayerMode mode = SurfaceLayerMode::none;
  ReconstructionThresholds thresholds;
  LayerVacancyTransport transport;
  PaintedLayer painted;
  SurfaceReaction reaction;

  static void declare(Schema& schema);
  [[nodiscard]] static SurfaceLayerParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
