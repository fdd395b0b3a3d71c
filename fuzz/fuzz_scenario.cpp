// Fuzz target: scenario files as `voidsim check FILE --set ...` reads them: YAML text -> every key
// checked against the app's schema -> the cross-key validation of every parameter block.
//
// Input: the YAML text, optionally followed by a NUL byte and NUL-separated `--set KEY=VALUE`
// overrides. The loader may only succeed or throw InputError whose every diagnostic names the
// file (or --set) and says what is wrong; IoError only if the file itself cannot be read. Any other
// exception is the "internal error (please report)" of app/main.cpp and a finding. A scenario
// that loads must survive its own resolved YAML: loading that gives the same resolved YAML.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/scenario_schema.hpp"
#include "core/error.hpp"
#include "fuzz/fuzz_checks.hpp"
#include "fuzz/fuzz_input_file.hpp"
#include "io/scenario_loader.hpp"

namespace {

using voidsim::fuzz::require;

/// Beyond the shared check: a scenario diagnostic always has a position (line and column).
void check_diagnostics(const voidsim::InputError& e) {
  voidsim::fuzz::require_described(e);
  for (const auto& d : e.diagnostics()) require(d.line >= 0 && d.column >= 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t yaml_end = std::min(input.find('\0'), input.size());
  std::vector<std::string> overrides;
  for (std::size_t start = yaml_end + 1; start <= input.size();) {
    const std::size_t end = std::min(input.find('\0', start), input.size());
    overrides.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  const auto path = voidsim::fuzz::write_input("scenario.yaml", data, yaml_end);

  std::string resolved;
  try {
    resolved = voidsim::app::load_and_validate(path, overrides).resolved_yaml;
  } catch (const voidsim::InputError& e) {
    check_diagnostics(e);
    return 0;
  } catch (const voidsim::IoError&) {
    return 0;
  }
  // Round trip of the fully resolved scenario (every key written in its display unit).
  const voidsim::Scenario again =
      voidsim::io::load_scenario_text(resolved, "resolved", voidsim::app::scenario_schema());
  require(again.resolved_yaml == resolved);
  return 0;
}
