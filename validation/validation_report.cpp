#include "validation/validation_report.hpp"

#include <map>
#include <system_error>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/image_file.hpp"
#include "io/xml_escape.hpp"
#include "validation/validation_plots.hpp"
#include "voidsim/build_info.hpp"

namespace voidsim {

namespace fs = std::filesystem;

namespace {

// A table cell: '|' and line breaks would break the Markdown table.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out.empty() ? "-" : out;
}

}  // namespace

std::string validation_markdown(const MeasuredDataset& dataset, const std::vector<RunRecord>& runs,
                                const ValidationOutcome& outcome) {
  std::string md = "# Validation: " + dataset.name + ", experiment " + outcome.experiment + "\n\n";
  if (!dataset.citation.empty())
    md += "Dataset: " + dataset.citation + " (`" + dataset.file.string() + "`)\n\n";
  md += "Runs:";
  for (const auto& run : runs)
    md += " `" + run.directory.string() + "` (seed " + std::to_string(run.seed) + ")";
  md += "\n\n";
  const auto failed = outcome.failed_required();
  if (outcome.passed()) {
    md += "**Result: PASS** (every required check holds)\n\n";
  } else if (failed.empty()) {
    md += "**Result: FAIL**: no check of the dataset applies to these runs\n\n";
  } else {
    md += "**Result: FAIL**: " + std::to_string(failed.size()) + " required check(s) fail:";
    for (const auto* c : failed) md += " `" + c->id + "`";
    md += "\n\n";
  }
  md += "| check | result | quantity | expected | measured | simulated | detail | source |\n";
  md += "|---|---|---|---|---|---|---|---|\n";
  for (const auto& c : outcome.checks) {
    const std::string result = !c.applicable ? "n/a"
                               : c.passed    ? "pass"
                                             : (c.required ? "**FAIL**" : "fail (informational)");
    md += "| " + cell(c.id) + " | " + result + " | " + cell(c.quantity) + " | " + cell(c.expected) + " | " +
          cell(c.measured) + " | " + cell(c.simulated) + " | " + cell(c.detail) + " | " +
          cell(c.statement.empty() ? c.source : "\"" + c.statement + "\" (" + c.source + ")") + " |\n";
  }
  return md;
}

nlohmann::json validation_json(const MeasuredDataset& dataset, const std::vector<RunRecord>& runs,
                               const ValidationOutcome& outcome) {
  nlohmann::json j;
  j["dataset"] = {{"name", dataset.name}, {"file", dataset.file.string()}, {"citation", dataset.citation}};
  j["experiment"] = outcome.experiment;
  j["passed"] = outcome.passed();
  nlohmann::json run_list = nlohmann::json::array();
  for (const auto& run : runs)
    run_list.push_back({{"directory", run.directory.string()}, {"seed", run.seed}});
  j["runs"] = run_list;
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : outcome.checks) {
    nlohmann::json e = {{"id", c.id},
                        {"kind", c.kind},
                        {"quantity", c.quantity},
                        {"required", c.required},
                        {"applicable", c.applicable},
                        {"passed", c.passed},
                        {"expected", c.expected},
                        {"measured", c.measured},
                        {"simulated", c.simulated},
                        {"detail", c.detail},
                        {"statement", c.statement},
                        {"source", c.source}};
    const auto optional = [](const std::optional<double>& v) {
      return v ? nlohmann::json(*v) : nlohmann::json();
    };
    if (c.kind == "time_series" || c.kind == "depth_profile") {
      e["points"] = c.points;
      e["normalised_rmse"] = optional(c.normalised_rmse);
      e["chi_square"] = optional(c.chi_square);
      e[c.kind == "time_series" ? "time_s" : "depth_m"] = c.abscissa;
      e["measured_values_si"] = c.measured_values;
      e["measured_uncertainty_si"] = c.measured_uncertainty;
      e["simulated_values_si"] = c.simulated_values;
      e["simulated_spread_si"] = c.simulated_spread;
    }
    if (c.kind == "size_distribution" || c.kind == "micrograph") {
      e["ks_statistic"] = optional(c.ks_statistic);
      e["ks_p_value"] = optional(c.ks_p_value);
      e["wasserstein_m"] = optional(c.wasserstein);
      e["simulated_diameters_m"] = c.simulated_sample;
    }
    checks.push_back(std::move(e));
  }
  j["checks"] = checks;
  return j;
}

std::string validation_html(
    const MeasuredDataset& dataset, const std::vector<RunRecord>& runs, const ValidationOutcome& outcome,
    const std::vector<ReportFigure>& plots,
    const std::vector<std::pair<std::string, std::vector<ReportFigure>>>& micrographs) {
  const std::string title = "Validation: " + dataset.name + ", experiment " + outcome.experiment;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      io::xml_escape(title) +
      "</title>\n<style>\nbody{font-family:sans-serif;margin:2em;max-width:1400px}"
      "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #bbb;padding:4px 6px;"
      "vertical-align:top}th{background:#eee}.pass{color:#1a7f37}.fail{color:#c00;font-weight:bold}"
      ".info{color:#9a6700}figure{display:inline-block;margin:1em;vertical-align:top}img{max-width:640px}"
      ".pair{display:flex;flex-wrap:wrap;align-items:flex-start}.pair figure{max-width:45%}"
      ".pair img{max-width:100%;image-rendering:pixelated}\n</style>\n"
      "</head>\n<body>\n<h1>" +
      io::xml_escape(title) + "</h1>\n";
  if (!dataset.citation.empty())
    h += "<p>Dataset: " + io::xml_escape(dataset.citation) + " (<code>" +
         io::xml_escape(dataset.file.string()) + "</code>)</p>\n";
  h += "<p>Runs:";
  for (const auto& run : runs)
    h += " <code>" + io::xml_escape(run.directory.string()) + "</code> (seed " + std::to_string(run.seed) +
         ")";
  h += "</p>\n";
  const auto failed = outcome.failed_required();
  if (outcome.passed()) {
    h += "<p class=\"pass\">Result: PASS (every required check holds)</p>\n";
  } else if (failed.empty()) {
    h += "<p class=\"fail\">Result: FAIL: no check of the dataset applies to these runs</p>\n";
  } else {
    h += "<p class=\"fail\">Result: FAIL: " + std::to_string(failed.size()) + " required check(s) fail:";
    for (const auto* c : failed) h += " " + io::xml_escape(c->id);
    h += "</p>\n";
  }
  h += "<table>\n<tr><th>check</th><th>result</th><th>quantity</th><th>expected</th><th>measured</th>"
       "<th>simulated</th><th>detail</th><th>source</th></tr>\n";
  for (const auto& c : outcome.checks) {
    const std::string result = !c.applicable ? "<span class=\"info\">n/a</span>"
                               : c.passed    ? "<span class=\"pass\">pass</span>"
                               : c.required  ? "<span class=\"fail\">FAIL</span>"
                                             : "<span class=\"info\">fail (informational)</span>";
    const std::string source = c.statement.empty() ? c.source : "\"" + c.statement + "\" (" + c.source + ")";
    h += "<tr><td>" + io::xml_escape(c.id) + "</td><td>" + result + "</td><td>" + io::xml_escape(c.quantity) +
         "</td><td>" + io::xml_escape(c.expected) + "</td><td>" + io::xml_escape(c.measured) + "</td><td>" +
         io::xml_escape(c.simulated) + "</td><td>" + io::xml_escape(c.detail) + "</td><td>" +
         io::xml_escape(source) + "</td></tr>\n";
  }
  const auto figure = [](const ReportFigure& f) {
    return "<figure><img src=\"" + io::xml_escape(f.file) + "\" alt=\"" + io::xml_escape(f.caption) +
           "\"><figcaption>" + io::xml_escape(f.caption) + "</figcaption></figure>\n";
  };
  h += "</table>\n<h2>Plots</h2>\n";
  for (const auto& f : plots) h += figure(f);
  if (!micrographs.empty()) {
    h += "<h2>Micrographs: measured and simulated, analysed alike (detected voids outlined)</h2>\n";
    for (const auto& [id, figures] : micrographs) {
      h += "<h3>" + io::xml_escape(id) + "</h3>\n<div class=\"pair\">\n";
      for (const auto& f : figures) h += figure(f);
      h += "</div>\n";
    }
  }
  // Counts the images that loaded; a missing plot is then visible at the top of the page (and to
  // tests that render the page headless).
  h += "<script>\nwindow.addEventListener('load', function () {\n"
       "  var images = Array.prototype.slice.call(document.images);\n"
       "  var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;\n"
       "  document.body.setAttribute('data-images-loaded', loaded);\n"
       "  document.body.setAttribute('data-images-total', images.length);\n"
       "  if (loaded < images.length) {\n"
       "    var p = document.createElement('p');\n"
       "    p.className = 'fail';\n"
       "    p.textContent = (images.length - loaded) + ' of ' + images.length + ' images did not load';\n"
       "    document.body.insertBefore(p, document.body.firstChild);\n"
       "  }\n"
       "});\n</script>\n";
  h += "</body>\n</html>\n";
  return h;
}

void write_validation_report(const fs::path& dir, const MeasuredDataset& dataset,
                             const std::vector<RunRecord>& runs, const ValidationOutcome& outcome) {
  std::error_code ec;
  fs::create_directories(dir / "plots", ec);
  if (ec) throw IoError("cannot create report directory '" + (dir / "plots").string() + "': " + ec.message());
  const std::map<std::string, std::string> provenance = {
      {"software", std::string(build_info::software) + " validate"},
      {"version", build_info::version},
      {"git_commit", build_info::git_commit},
      {"dataset", dataset.file.string()}};
  std::vector<ReportFigure> plots;
  for (const ValidationPlot& plot : validation_plots(dataset, runs, outcome)) {
    io::ImageMetadata metadata;
    metadata.title = plot.spec.title;
    metadata.quantity = "plot";
    metadata.value_unit = "1";
    metadata.provenance = provenance;
    const std::string file = "plots/" + plot.name + ".png";
    io::write_rgb_png(dir / file, render_plot(plot.spec), metadata);
    plots.push_back({file, plot.caption});
  }
  std::vector<std::pair<std::string, std::vector<ReportFigure>>> micrographs;
  for (const CheckResult& c : outcome.checks) {
    if (c.panels.empty()) continue;
    fs::create_directories(dir / "micrographs", ec);
    if (ec) throw IoError("cannot create '" + (dir / "micrographs").string() + "': " + ec.message());
    std::vector<ReportFigure> figures;
    for (std::size_t k = 0; k < c.panels.size(); ++k) {
      io::ImageMetadata metadata;
      metadata.title = c.id + ": " + c.panels[k].caption;
      metadata.quantity = "overlay: gray image, voids red, outlines yellow, interface cyan";
      metadata.value_unit = "1";
      metadata.provenance = provenance;
      const std::string file = "micrographs/" + c.id + "_" + std::to_string(k) + ".png";
      io::write_rgb_png(dir / file, c.panels[k].image, metadata);
      figures.push_back({file, c.panels[k].caption});
    }
    micrographs.emplace_back(c.id, std::move(figures));
  }
  io::write_text_atomic(dir / "report.md", validation_markdown(dataset, runs, outcome));
  io::write_text_atomic(dir / "report.json", validation_json(dataset, runs, outcome).dump(2) + "\n");
  // The page last: it names the plots, which exist by now.
  io::write_text_atomic(dir / "report.html", validation_html(dataset, runs, outcome, plots, micrographs));
}

}  // namespace voidsim
