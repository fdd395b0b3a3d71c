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

/// An image of the HTML page: file (relative to the page) and caption.
struct ReportFigure {
  std::string file, caption;
};

/// A self-contained HTML page: the result, the table of checks, the plots, and per micrograph
/// check its measured and simulated images side by side (`micrographs`: check id and figures).
/// A script on the page counts the images that loaded (body attributes data-images-loaded and
/// data-images-total) and says so at the top when one did not, so a broken report shows it.
[[nodiscard]] std::string validation_html(
    const MeasuredDataset& dataset, const std::vector<RunRecord>& runs, const ValidationOutcome& outcome,
    const std::vector<ReportFigure>& plots,
    const std::vector<std::pair<std::string, std::vector<ReportFigure>>>& micrographs = {});

/// Writes DIR/report.md, DIR/report.json, DIR/plots/<name>.png, DIR/micrographs/<check>_<k>.png
/// (the images of micrograph checks with their detected voids) and DIR/report.html (creating DIR).
/// IoError naming the file on failure.
void write_validation_report(const std::filesystem::path& dir, const MeasuredDataset& dataset,
                             const std::vector<RunRecord>& runs, const ValidationOutcome& outcome);

}  // namespace voidsim
