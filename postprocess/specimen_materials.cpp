#include "postprocess/specimen_materials.hpp"

#include <cmath>

#include "model/charge_balance.hpp"

namespace voidsim {

namespace {
constexpr double avogadro = 6.02214076e23;  // 1/mol

// Atoms per m^3 of each element of a compound from its formula and mass density.
Material compound(std::string name, const std::vector<std::pair<int, double>>& formula,
                  const std::vector<double>& molar_masses_g, double density_g_cm3) {
  double molar_mass = 0.0;
  for (std::size_t i = 0; i < formula.size(); ++i) molar_mass += formula[i].second * molar_masses_g[i];
  const double formula_units_per_m3 = density_g_cm3 * 1e6 / molar_mass * avogadro;
  Material m{std::move(name), {}};
  for (const auto& [z, count] : formula) m.elements.push_back({z, count * formula_units_per_m3});
  return m;
}
}  // namespace

Material cathode_material(double li_fraction, double oxygen_deficiency) {
  const double n = cathode_formula_units_per_m3;
  return Material{"Li-rich layered oxide",
                  {{lithium_z, li_fraction * n},
                   {nickel_z, nickel_per_formula_unit * n},
                   {manganese_z, manganese_per_formula_unit * n},
                   {oxygen_z, (oxygen_per_formula_unit - oxygen_deficiency) * n}}};
}

Material lipon_material() {
  // Molar masses (IUPAC 2013), g/mol.
  return compound("LiPON", {{lithium_z, 2.9}, {phosphorus_z, 1.0}, {oxygen_z, 3.3}, {nitrogen_z, 0.46}},
                  {6.94, 30.974, 15.999, 14.007}, 2.5);
}

Material gold_material() { return compound("Au", {{gold_z, 1.0}}, {196.967}, 19.32); }

Material platinum_material() { return compound("Pt", {{platinum_z, 1.0}}, {195.084}, 21.45); }

double z_power_density(const Material& material, double exponent) {
  double sum = 0.0;
  for (const auto& e : material.elements) sum += e.number_density * std::pow(e.atomic_number, exponent);
  return sum;
}

double malis_effective_atomic_number(const Material& material) {
  double numerator = 0.0, denominator = 0.0;
  for (const auto& e : material.elements) {
    // Number densities are proportional to atomic fractions; the common factor cancels.
    numerator += e.number_density * std::pow(e.atomic_number, 1.3);
    denominator += e.number_density * std::pow(e.atomic_number, 0.3);
  }
  return denominator > 0.0 ? numerator / denominator : 0.0;
}

}  // namespace voidsim
