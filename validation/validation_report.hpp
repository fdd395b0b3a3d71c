#pragma once
// The report of `voidsim validate` (issue 6): every check with the measured and simulated values
// side by side, as Markdown and HTML (for people; the HTML shows the plots of
// validation/validation_plots.hpp) and JSON (for scripts and the calibration). Written atomically.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "validation/dataset_comparison.hpp"

namespace voidsim {

[[nodiscard]] std::string validation_markdown(const MeasuredDataset& dataset,
                                              const std::vector<RunRecord>& runs,
                                              const ValidationOutcome& outcome);
[[nodiscard]] nlohmann::json validation_json(const MeasuredDataset& dataset,
                                             const std::vector<RunRecord>& runs,
                                             const ValidationOutcome& outcome);

/// A self-contained HTML page: the result, the table of checks, and `plot_files` (paths relative
/// to the page) with their captions.
[[nodiscard]] std::string validation_html(const MeasuredDataset& dataset, const std::vector<RunRecord>& runs,
                                          const ValidationOutcome& outcome,
                                          const std::vector<std::pair<std::string, std::string>>& plot_files);

/// Writes DIR/report.md, DIR/report.json, DIR/plots/<quantity>.png and DIR/report.html (creating
/// DIR). IoError naming the file on failure.
void write_validation_report(const std::filesystem::path& dir, const MeasuredDataset& dataset,
                             const std::vector<RunRecord>& runs, const ValidationOutcome& outcome);

}  // namespace voidsim
