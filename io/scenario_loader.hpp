#pragma once
// Scenario files: YAML in, a validated Scenario out. Every problem in the file, its `extends`
// bases and the --set overrides is collected as a located Diagnostic and thrown together as one
// InputError, so a user fixes them all in one pass. Loading writes nothing to disk.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario.hpp"
#include "core/schema.hpp"

namespace voidsim::io {

/// Largest scenario file (and `extends` base) accepted, checked before it is read: real scenarios
/// are a few kB, so anything larger is the wrong file. YAML nesting deeper than yaml-cpp's guard
/// (2000 levels) is reported as a syntax error.
inline constexpr std::size_t max_scenario_bytes = std::size_t{1} << 20;

/// Loads `file` (with its `extends:` chain, paths relative to each extending file), applies the
/// `--set KEY=VALUE` overrides in order and fills every other key with its default.
/// Throws InputError with all diagnostics, or IoError if `file` itself cannot be read.
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file, const Schema& schema,
                                     const std::vector<std::string>& set_overrides = {});

/// As load_scenario for YAML text held in memory (the CLI's built-in default scenario);
/// `display_name` names it in diagnostics, and `extends:` is relative to the current directory.
[[nodiscard]] Scenario load_scenario_text(std::string_view yaml_text, const std::string& display_name,
                                          const Schema& schema,
                                          const std::vector<std::string>& set_overrides = {});

/// Nested YAML of every declared key with its value in the declared display unit and its
/// description as a comment; loading it back gives the same values bit for bit.
[[nodiscard]] std::string resolved_yaml(const Scenario& scenario, const Schema& schema);

}  // namespace voidsim::io
