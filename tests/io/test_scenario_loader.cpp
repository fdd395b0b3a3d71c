// YAML scenario loading (io/scenario_loader.cpp): located diagnostics, extends, --set, round trip.
// Fixtures live in tests/io/data/. Line and column numbers are 1-based, as editors show them.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "io/scenario_loader.hpp"

using namespace voidsim;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = fs::path(VOIDSIM_SOURCE_DIR) / "tests" / "io" / "data";

Schema loader_schema() {
  Schema s;
  s.quantity("electrolyte.thickness", "250 nm", "nm", "LiPON film thickness").min(0, true);
  s.quantity("electrolyte.conductivity", "1e-6 S/cm", "S/cm", "Li-ion conductivity").min(0, true);
  s.quantity("cathode.diffusivity", "1e-14 cm^2/s", "cm^2/s", "Li diffusivity in the cathode").min(0, true);
  s.quantity("cathode.capacity", "378 mAh/g", "mAh/g", "theoretical specific capacity").min(0, true);
  s.quantity("cathode.interface_resistance", "8 ohm cm^2", "ohm cm^2", "area-specific resistance").min(0);
  s.real("cathode.porosity", 0.3, "pore volume fraction").min(0).max(1);
  s.quantity_list("cycling.cutoffs", "[2 V, 4.8 V]", "V", "lower and upper cutoff voltages");
  s.quantity("cycling.current_density", "30 pA/cm^2", "mA/cm^2", "applied current density");
  s.real_list("run.weights", "[0.5, 0.5]", "mixing weights");
  s.integer("run.steps", 100, "number of steps").min(1);
  s.boolean("run.checkpoint", true, "write checkpoints");
  s.string("run.output", "results", "output directory");
  s.choice("run.engine", "phase_field", {"phase_field", "kmc"}, "simulation engine");
  s.quantity("run.temperature", "298.15 K", "K", "cell temperature").min(0, true);
  return s;
}

// Runs `load` and returns the diagnostics of the InputError it must throw.
template <typename Load>
std::vector<Diagnostic> diagnostics_of(Load&& load) {
  try {
    load();
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  FAIL("expected an InputError");
  return {};
}

bool ends_with(const std::string& text, const std::string& suffix) { return text.ends_with(suffix); }

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) names.insert(entry.path().string());
  return names;
}

}  // namespace

TEST_CASE("a misspelt key, a wrong unit and a duplicate key give exactly three located diagnostics") {
  const Schema schema = loader_schema();
  const std::string file = (data_dir / "three_errors.yaml").string();
  const auto d = diagnostics_of([&] { (void)io::load_scenario(file, schema); });
  REQUIRE(d.size() == 3);

  CHECK(d[0].file == file);
  CHECK(d[0].line == 3);
  CHECK(d[0].column == 3);
  CHECK(d[0].key == "electrolyte.thicknes");
  CHECK(d[0].message == "unknown key 'thicknes'");
  CHECK(d[0].hint == "did you mean 'thickness'?");

  CHECK(d[1].file == file);
  CHECK(d[1].line == 7);
  CHECK(d[1].column == 17);  // the 's' of "capacity: 378 s"
  CHECK(d[1].key == "cathode.capacity");
  CHECK(d[1].message == "expected a specific capacity (e.g. 'mAh/g'), got a time ('s')");

  CHECK(d[2].file == file);
  CHECK(d[2].line == 10);
  CHECK(d[2].column == 3);
  CHECK(d[2].key == "run.steps");
  CHECK(d[2].message == "duplicate key 'steps'");
  CHECK(d[2].hint == "first defined at line 9");
}

TEST_CASE("wrong types, values and ranges are all reported in one pass") {
  const Schema schema = loader_schema();
  const std::string text =
      "electrolyte:\n"                 // 1
      "  thickness:\n"                 // 2
      "    value: 250 nm\n"            // 3  a mapping where a quantity is expected
      "cathode:\n"                     // 4
      "  porosity: 1.5\n"              // 5  above the maximum
      "  capacity: lots\n"             // 6  text for a number
      "run:\n"                         // 7
      "  steps: ten\n"                 // 8  not an integer
      "  engine: kmcc\n"               // 9  not a choice
      "  weights: 0.5\n"               // 10 a scalar for a list
      "  checkpoint: maybe\n"          // 11 not a boolean
      "  temperature: \"300 degC\"\n"  // 12 affine unit, inside quotes
      "cycling: 4 V\n";                // 13 a value for a section
  const auto d = diagnostics_of([&] { (void)io::load_scenario_text(text, "types.yaml", schema); });
  REQUIRE(d.size() == 9);
  struct Expected {
    int line, column;
    std::string key;
  };
  const std::vector<Expected> expected = {
      {3, 5, "electrolyte.thickness"},
      {5, 13, "cathode.porosity"},
      {6, 13, "cathode.capacity"},
      {8, 10, "run.steps"},
      {9, 11, "run.engine"},
      {10, 12, "run.weights"},
      {11, 15, "run.checkpoint"},
      {12, 21, "run.temperature"},
      {13, 10, "cycling"},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(d[i].format());
    CHECK(d[i].file == "types.yaml");
    CHECK(d[i].line == expected[i].line);
    CHECK(d[i].column == expected[i].column);
    CHECK(d[i].key == expected[i].key);
  }
  CHECK(d[0].message == "expected quantity (a length, display unit 'nm'), got a mapping");
  CHECK(d[1].message == "value 1.5 out of range: must be <= 1");
  CHECK(d[4].message == "'kmcc' is not one of the allowed choices: phase_field, kmc");
  CHECK(d[4].hint == "did you mean 'kmc'?");
  CHECK(d[7].message.find("in K") != std::string::npos);
}

TEST_CASE("quantities accept units, bare SI numbers and flow or block lists") {
  const Schema schema = loader_schema();
  const std::string text =
      "electrolyte:\n"
      "  thickness: 0.3 um\n"
      "  conductivity: 1e-4\n"  // a bare number is SI: S/m
      "cathode:\n"
      "  interface_resistance: 8 ohm cm^2\n"
      "cycling:\n"
      "  cutoffs: [3500 mV, 4.2 V]\n"
      "  current_density: 30 pA/cm^2\n"
      "run:\n"
      "  weights:\n"
      "    - 0.25\n"
      "    - 0.75\n"
      "  output: \"my run\"\n"
      "  temperature: 25 mK\n";
  const Scenario scenario = io::load_scenario_text(text, "forms.yaml", schema);
  CHECK(scenario.real("electrolyte.thickness") == 3e-7);
  CHECK(scenario.real("electrolyte.conductivity") == 1e-4);
  CHECK(scenario.real("cathode.interface_resistance") == 8e-4);
  CHECK(scenario.list("cycling.cutoffs") == std::vector<double>{3.5, 4.2});
  CHECK(scenario.real("cycling.current_density") == 3e-7);
  CHECK(scenario.list("run.weights") == std::vector<double>{0.25, 0.75});
  CHECK(scenario.string("run.output") == "my run");
  CHECK(scenario.real("run.temperature") == 0.025);
  CHECK(scenario.integer("run.steps") == 100);  // untouched: default
  CHECK(scenario.origin("electrolyte.thickness").file == "forms.yaml");
  CHECK(scenario.origin("electrolyte.thickness").line == 2);
  CHECK(scenario.origin("electrolyte.thickness").column == 14);
  CHECK(scenario.origin("run.steps").file.empty());
  CHECK(scenario.source_file.empty());  // text, not a file
  CHECK(scenario.resolved_yaml == io::resolved_yaml(scenario, schema));
}

TEST_CASE("YAML syntax errors are one diagnostic at the parser's mark") {
  const Schema schema = loader_schema();
  const auto d = diagnostics_of(
      [&] { (void)io::load_scenario_text("run:\n  steps: 3\n  engine: [kmc\n", "syntax.yaml", schema); });
  REQUIRE(d.size() == 1);
  CHECK(d[0].file == "syntax.yaml");
  CHECK(d[0].line == 4);  // yaml-cpp reports the end of input where the ']' is missing
  CHECK(d[0].column == 1);
  CHECK(d[0].message.starts_with("YAML syntax error: "));
  const auto top = diagnostics_of([&] { (void)io::load_scenario_text("- 1\n- 2\n", "list.yaml", schema); });
  REQUIRE(top.size() == 1);
  CHECK(top[0].message == "a scenario must be a mapping of keys, got a sequence");
}

TEST_CASE("extends deep-merges mappings and the extending file wins") {
  const Schema schema = loader_schema();
  const Scenario scenario = io::load_scenario(data_dir / "derived.yaml", schema);
  CHECK(scenario.real("electrolyte.thickness") == 3e-7);     // derived
  CHECK(scenario.real("electrolyte.conductivity") == 2e-4);  // base, same section
  CHECK(scenario.string("run.engine") == "kmc");             // base
  CHECK(scenario.integer("run.steps") == 5);                 // derived
  CHECK(scenario.real("cathode.porosity") == 0.3);           // default
  const ValueOrigin& origin = scenario.origin("electrolyte.conductivity");
  CHECK(ends_with(origin.file, "data/base.yaml"));
  CHECK(origin.line == 4);
  CHECK(origin.column == 17);
  CHECK(scenario.source_file == (data_dir / "derived.yaml").string());

  // A chain of three files, each path relative to the file that names it.
  const Scenario top = io::load_scenario(data_dir / "chain" / "top.yaml", schema);
  CHECK(top.string("run.engine") == "phase_field");
  CHECK(top.integer("run.steps") == 5);
  CHECK(top.real("electrolyte.thickness") == 3e-7);
  CHECK(top.real("electrolyte.conductivity") == 2e-4);
}

TEST_CASE("extends cycles, missing bases and errors inside a base are reported") {
  const Schema schema = loader_schema();
  const auto cycle = diagnostics_of([&] { (void)io::load_scenario(data_dir / "cycle_a.yaml", schema); });
  REQUIRE(cycle.size() == 1);
  CHECK(ends_with(cycle[0].file, "cycle_b.yaml"));
  CHECK(cycle[0].line == 1);
  CHECK(cycle[0].column == 10);
  CHECK(cycle[0].key == "extends");
  CHECK(cycle[0].message.starts_with("extends cycle: "));
  CHECK(cycle[0].message.find("cycle_a.yaml -> ") != std::string::npos);
  CHECK(cycle[0].message.find("cycle_b.yaml -> ") != std::string::npos);

  const auto broken =
      diagnostics_of([&] { (void)io::load_scenario(data_dir / "extends_broken.yaml", schema); });
  REQUIRE(broken.size() == 2);
  CHECK(ends_with(broken[0].file, "broken_base.yaml"));  // the error is named in the base file
  CHECK(broken[0].line == 3);
  CHECK(broken[0].column == 3);
  CHECK(broken[0].key == "electrolyte.colour");
  CHECK(ends_with(broken[1].file, "extends_broken.yaml"));
  CHECK(broken[1].line == 3);
  CHECK(broken[1].column == 10);
  CHECK(broken[1].message == "value 0 out of range: must be >= 1");

  const auto missing = diagnostics_of(
      [&] { (void)io::load_scenario_text("extends: no_such_base.yaml\n", "main.yaml", schema); });
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].line == 1);
  CHECK(missing[0].column == 10);
  CHECK(missing[0].message == "cannot read base scenario 'no_such_base.yaml': no such file");

  CHECK_THROWS_AS((void)io::load_scenario(data_dir / "no_such_file.yaml", schema), IoError);

  const auto typo =
      diagnostics_of([&] { (void)io::load_scenario_text("extend: base.yaml\n", "main.yaml", schema); });
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].hint == "did you mean 'extends'?");
}

TEST_CASE("--set overrides are validated like file values and win over the file") {
  const Schema schema = loader_schema();
  const Scenario scenario = io::load_scenario(
      data_dir / "derived.yaml", schema,
      {"electrolyte.thickness=0.5 um", "cycling.cutoffs=[3 V, 4.4 V]", "run.engine=phase_field"});
  CHECK(scenario.real("electrolyte.thickness") == 5e-7);
  CHECK(scenario.list("cycling.cutoffs") == std::vector<double>{3.0, 4.4});
  CHECK(scenario.string("run.engine") == "phase_field");
  CHECK(scenario.integer("run.steps") == 5);  // from the file
  const ValueOrigin& origin = scenario.origin("cycling.cutoffs");
  CHECK(origin.file == "--set");
  CHECK(origin.line == 2);     // the second --set
  CHECK(origin.column == 17);  // after "cycling.cutoffs="

  const auto d = diagnostics_of([&] {
    (void)io::load_scenario(data_dir / "derived.yaml", schema,
                            {"electrolyte.thickness=3 s", "electrolyte.thiknes=1 nm", "no_equals_sign",
                             "run.steps=[1", "electrolyte=1"});
  });
  REQUIRE(d.size() == 5);
  for (const auto& diagnostic : d) CHECK(diagnostic.file == "--set");
  CHECK(d[0].line == 1);
  CHECK(d[0].column == 25);  // the 's' of "electrolyte.thickness=3 s"
  CHECK(d[0].key == "electrolyte.thickness");
  CHECK(d[0].message == "expected a length (e.g. 'nm'), got a time ('s')");
  CHECK(d[1].line == 2);
  CHECK(d[1].column == 1);
  CHECK(d[1].hint == "did you mean 'electrolyte.thickness'?");
  CHECK(d[2].line == 3);
  CHECK(d[2].message.starts_with("expected KEY=VALUE"));
  CHECK(d[3].line == 4);
  CHECK(d[3].key == "run.steps");
  CHECK(d[3].message.starts_with("YAML syntax error"));
  CHECK(d[4].line == 5);
  CHECK(d[4].message == "'electrolyte' is a section; --set needs one of its keys");
}

TEST_CASE("resolved_yaml lists every key in display units and loads back to the same scenario") {
  const Schema schema = loader_schema();
  const Scenario first = io::load_scenario(data_dir / "derived.yaml", schema,
                                           {"cathode.capacity=1 C/g", "run.output=a \"quoted\" dir"});
  // 1 C/g = 1000/3600 mAh/g is not a short decimal: the text must still round-trip bit for bit.
  CHECK(first.resolved_yaml.find("\nelectrolyte:\n  # LiPON film thickness\n  thickness: 300 nm\n") !=
        std::string::npos);
  CHECK(first.resolved_yaml.find("  conductivity: 2e-6 S/cm\n") != std::string::npos);
  CHECK(first.resolved_yaml.find("  cutoffs: [2 V, 4.8 V]\n") != std::string::npos);
  const Scenario second = io::load_scenario_text(first.resolved_yaml, "resolved.yaml", schema);
  CHECK(second.values() == first.values());
  CHECK(second.resolved_yaml == first.resolved_yaml);
  CHECK(second.values().size() == schema.keys().size());
}

TEST_CASE("loading writes nothing to disk") {
  const Schema schema = loader_schema();
  const auto before = listing(data_dir);
  (void)io::load_scenario(data_dir / "chain" / "top.yaml", schema, {"run.steps=2"});
  (void)diagnostics_of([&] { (void)io::load_scenario(data_dir / "three_errors.yaml", schema); });
  CHECK(listing(data_dir) == before);
}

// Regressions from fuzz/fuzz_scenario (docs/robustness.md lists every finding).
TEST_CASE("fuzz findings: keys of nested mappings are read through node copies") {
  // walk_mapping held `const YAML::Node& key = it->first`, a reference into the temporary that
  // yaml-cpp's iterator-> returns: AddressSanitizer (VOIDSIM_SANITIZE, fuzz build) reported a
  // stack-use-after-scope for every scenario with a section. Positions and values must come out
  // of every level of nesting intact.
  const Schema schema = loader_schema();
  const Scenario s = io::load_scenario_text(
      "electrolyte:\n  thickness: 120 nm\ncathode: {porosity: 0.25, capacity: 300 mAh/g}\nrun:\n  steps: 7\n",
      "nested.yaml", schema);
  CHECK(s.real("electrolyte.thickness") == 120e-9);
  CHECK(s.real("cathode.porosity") == 0.25);
  CHECK(s.integer("run.steps") == 7);
  CHECK(s.origin("electrolyte.thickness").line == 2);
  CHECK(s.origin("electrolyte.thickness").column == 14);
  CHECK(s.origin("run.steps").line == 5);
}

TEST_CASE("fuzz findings: oversized and deeply nested scenarios are refused with a located message") {
  const Schema schema = loader_schema();
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "tests" / "io" / "scenario_limits";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // One byte over the limit, all of it comment: refused before it is read or parsed.
  const std::string big(io::max_scenario_bytes + 1, '#');
  { std::ofstream(dir / "big.yaml", std::ios::binary) << big; }
  try {
    (void)io::load_scenario(dir / "big.yaml", schema);
    FAIL("an oversized file must be refused");
  } catch (const IoError& e) {
    const std::string message = e.what();
    CHECK(message.find((dir / "big.yaml").string()) != std::string::npos);
    CHECK(message.find("1048577 bytes, more than the 1048576 bytes") != std::string::npos);
  }
  { std::ofstream(dir / "main.yaml") << "run:\n  steps: 3\nextends: big.yaml\n"; }
  const auto base = diagnostics_of([&] { (void)io::load_scenario(dir / "main.yaml", schema); });
  REQUIRE(base.size() == 1);
  CHECK(base[0].line == 3);
  CHECK(base[0].column == 10);
  CHECK(base[0].message.find("cannot read base scenario") == 0);
  CHECK(base[0].message.find("1048577 bytes") != std::string::npos);
  const auto text = diagnostics_of([&] { (void)io::load_scenario_text(big, "built-in", schema); });
  REQUIRE(text.size() == 1);
  CHECK(text[0].file == "built-in");
  CHECK(text[0].line == 1);

  // 3000 nested flow sequences: yaml-cpp's depth guard turns them into one syntax error.
  const std::string deep = "run:\n  weights: " + std::string(3000, '[') + std::string(3000, ']') + "\n";
  const auto nested = diagnostics_of([&] { (void)io::load_scenario_text(deep, "deep.yaml", schema); });
  REQUIRE(nested.size() == 1);
  CHECK(nested[0].message.find("YAML syntax error") == 0);
  fs::remove_all(dir);
}

TEST_CASE("fuzz findings: a file with thousands of problems lists the first 100 and counts the rest") {
  // Found by fuzz/fuzz_scenario: every unknown key got a diagnostic and a "did you mean" search
  // over the whole schema, so a large non-scenario file crawled and printed pages of errors.
  const Schema schema = loader_schema();
  std::string text;
  for (int i = 0; i < 500; ++i) text += "unknown_" + std::to_string(i) + ": 1\n";
  const auto problems = diagnostics_of([&] { (void)io::load_scenario_text(text, "log.txt", schema); });
  REQUIRE(problems.size() == 101);
  CHECK(problems[0].message == "unknown key 'unknown_0'");
  CHECK(problems[99].line == 100);
  CHECK(problems[100].file == "log.txt");
  CHECK(problems[100].message == "stopped listing after 100 problems (400 more); fix these first");
}
