#include "app/frame_specimen.hpp"

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "postprocess/specimen_composition.hpp"

namespace voidsim::app {

namespace {

constexpr double default_lamella_thickness = 60e-9;  // m, within the paper's 50-100 nm FIB lamellae

// run.lamella_thickness of the resolved scenario (0 or absent: none stated).
double scenario_lamella_thickness(const std::string& scenario_yaml) {
  try {
    const YAML::Node root = YAML::Load(scenario_yaml);
    const YAML::Node node = root["run"] ? root["run"]["lamella_thickness"] : YAML::Node();
    if (!node || !node.IsScalar()) return 0.0;
    return parse_quantity_as(node.as<std::string>(), Dimension::length());
  } catch (const std::exception&) {
    return 0.0;  // an unreadable scenario text leaves the choice to the defaults
  }
}

}  // namespace

std::map<std::string, std::vector<double>> read_frame_fields(const io::ResultReader& reader,
                                                             const io::ResultFrame& frame, Grid& grid) {
  grid = reader.grid(frame);
  std::map<std::string, std::vector<double>> fields;
  for (const std::string name :
       {"void_order_parameter", "li_fraction", "vacancy_fraction", "oxygen_deficiency", "manganese_valence",
        "spinel_fraction", "rock_salt_fraction", "cation_mixing", "nanopore_mask"}) {
    if (!reader.has_field(frame, name)) continue;
    fields[name] = reader.read_field(frame, name);
    if (fields[name].size() != grid.size())
      throw IoError("'" + reader.path().string() + "': field " + name + " has a different grid");
  }
  if (!fields.contains("void_order_parameter")) {
    throw IoError("'" + reader.path().string() + "': frame " + std::to_string(frame.iteration) +
                  " has no void_order_parameter field");
  }
  return fields;
}

const double* field_or_null(const std::map<std::string, std::vector<double>>& fields,
                            const std::string& name) {
  const auto it = fields.find(name);
  return it == fields.end() ? nullptr : it->second.data();
}

ProjectedSpecimen project_frame(const io::ResultReader& reader, const io::ResultFrame& frame,
                                const LamellaOptions& lamella, Grid& grid) {
  return project_fields(grid, read_frame_fields(reader, frame, grid), lamella);
}

ProjectedSpecimen project_fields(const Grid& grid, const std::map<std::string, std::vector<double>>& fields,
                                 const LamellaOptions& lamella) {
  SpecimenFields f;
  f.void_order_parameter = field_or_null(fields, "void_order_parameter");
  f.li_fraction = field_or_null(fields, "li_fraction");
  f.vacancy_fraction = field_or_null(fields, "vacancy_fraction");
  f.oxygen_deficiency = field_or_null(fields, "oxygen_deficiency");
  f.manganese_valence = field_or_null(fields, "manganese_valence");
  f.spinel_fraction = field_or_null(fields, "spinel_fraction");
  f.rock_salt_fraction = field_or_null(fields, "rock_salt_fraction");
  f.cation_mixing = field_or_null(fields, "cation_mixing");
  return project_lamella(grid, specimen_composition(grid, f), f.void_order_parameter, lamella);
}

double run_lamella_thickness(const io::ResultReader& reader, const Grid& grid) {
  const double t = scenario_lamella_thickness(reader.scenario_yaml());
  if (t > 0.0) return t;
  return grid.dimension == 3 ? static_cast<double>(grid.ny) * grid.dy : default_lamella_thickness;
}

}  // namespace voidsim::app
