#pragma once
// The interface every simulation engine (phase-field, KMC) offers to the run pipeline in app/.
// An engine owns its fields and RNG streams, advances them in time, exposes fields for output
// and observables, and saves/restores its complete state so a resumed run is bitwise identical.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/grid.hpp"
#include "core/lattice_record.hpp"
#include "core/state_archive.hpp"
#include "core/units.hpp"

namespace voidsim {

class Scenario;

/// A read-only view of one field on the engine's grid, with what an output file must say of it.
struct FieldRef {
  std::string name;         // HDF5/openPMD record name, snake_case: "li_fraction", "void_order_parameter"
  std::string description;  // one line, written as an attribute
  const double* data = nullptr;  // grid().size() values in grid storage order
  Dimension unit_dimension;      // SI dimension of the values
  double unit_si = 1.0;          // factor from stored values to SI
};

/// Well-known field names shared by engines and postprocess.
namespace field_names {
inline constexpr std::string_view void_order_parameter = "void_order_parameter";  // eta: 0 solid, 1 void
inline constexpr std::string_view li_fraction = "li_fraction";                    // x in Li_x, 0..1.2
inline constexpr std::string_view vacancy_fraction = "vacancy_fraction";          // c_v, 0..1
inline constexpr std::string_view defect_density = "defect_density";              // rho, 1/m^2
}  // namespace field_names

/// Scalar observables sampled at each output time (written to porosity.csv and the HDF5 series).
/// Keys with their SI unit in the name where it is not dimensionless: "current_A", "voltage_V",
/// "charge_C", "li_extracted_fraction", "oxygen_loss_fraction".
using EngineScalars = std::map<std::string, double>;

/// Adds the means of a defect line-density field rho (1/m^2, grid order) as
/// "defect_density_mean_per_m2" (the section) and "defect_density_interface_band_per_m2" (the
/// band next to the interface): one place for the names both engines write, so their defect
/// populations can be compared run by run (model/defect_density.hpp, defect_density_means).
void add_defect_density_scalars(EngineScalars& scalars, const Grid& grid, const double* rho);

class Engine {
 public:
  virtual ~Engine() = default;

  [[nodiscard]] virtual std::string_view name() const = 0;  // "phase_field", "kmc"
  [[nodiscard]] virtual const Grid& grid() const = 0;
  [[nodiscard]] virtual double time() const = 0;  // s
  [[nodiscard]] virtual std::int64_t step() const = 0;
  [[nodiscard]] virtual double last_dt() const = 0;  // s, last accepted step

  /// Advances until time() == t_end exactly (the last step is shortened to land on it).
  /// `should_stop` is polled between steps; when it returns true the engine returns early at a
  /// step boundary with a consistent state, and the caller checkpoints it.
  virtual void advance_to(double t_end, const std::function<bool()>& should_stop) = 0;

  [[nodiscard]] virtual std::vector<FieldRef> fields() const = 0;
  [[nodiscard]] virtual EngineScalars scalars() const = 0;
  /// Lattice state written beside the fields of each output frame (/data/<it>/lattice/): the KMC
  /// engine's vacant O sites. Engines without a lattice write none.
  [[nodiscard]] virtual std::vector<LatticeRecord> lattice_records() const { return {}; }

  /// Complete state, including time, step, dt controller and RNG counters.
  virtual void save_state(StateArchive& archive) const = 0;
  virtual void load_state(const StateArchive& archive) = 0;

  /// Finds a field by name; nullptr if this engine does not have it.
  [[nodiscard]] const double* field_data(std::string_view field_name) const;
};

}  // namespace voidsim
