#pragma once
// The one explicit list of parameter blocks that make up a scenario (adding a physics term adds
// one line here), and whole-scenario loading with every cross-key check run at once.
#include <filesystem>
#include <string>
#include <vector>

#include "core/scenario.hpp"
#include "core/schema.hpp"

namespace voidsim::app {

/// Every declared key of every block.
[[nodiscard]] const Schema& scenario_schema();

/// Loads and validates a scenario file (or the built-in default if `file` is empty), applying
/// `--set` overrides. Throws InputError with all diagnostics; writes nothing.
[[nodiscard]] Scenario load_and_validate(const std::filesystem::path& file,
                                         const std::vector<std::string>& overrides);

/// Name shown for the built-in default scenario.
inline constexpr const char* builtin_scenario_name = "insitu_biasing.yaml (built-in default)";

}  // namespace voidsim::app
