#include "validation/snapshot_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "validation/analysed_micrograph.hpp"
#include "validation/distribution_distance.hpp"
#include "validation/ensemble_misfit.hpp"

namespace voidsim {

namespace {

std::string when_text(const SnapshotTime& when) {
  if (when.at_end) return "at the end";
  char text[40];
  std::snprintf(text, sizeof text, "at %.4g s", when.at.value_or(0.0));
  return text;
}

std::string number_text(double value, const char* unit = "") {
  char text[40];
  std::snprintf(text, sizeof text, "%.3g%s", value, unit);
  return text;
}
std::string nm_text(double metres) { return number_text(metres * 1e9, " nm"); }

// Every run's snapshot for `when`, or the reason one is missing or too far from it in time.
struct Snapshots {
  std::vector<const VoidSnapshot*> list;
  std::string problem;

  // Fails `r` with the problem, if there is one.
  bool failed(CheckResult& r) const {
    if (problem.empty()) return false;
    r.simulated.assign(1, '-');
    r.detail = problem;
    return true;
  }
};
Snapshots gather(const std::vector<RunRecord>& runs, const SnapshotTime& when) {
  Snapshots s;
  for (const RunRecord& run : runs) {
    const VoidSnapshot* snap = run.snapshot(when);
    if (!snap) {
      s.problem = "no fields of " + run.directory.string() + " " + when_text(when) + " (result.h5 missing?)";
      return s;
    }
    if (when.at && std::abs(snap->time - *when.at) > snapshot_time_tolerance(*when.at)) {
      char text[128];
      std::snprintf(text, sizeof text,
                    "the nearest output of the run is at %.4g s, not within %.3g s of %.4g s", snap->time,
                    snapshot_time_tolerance(*when.at), *when.at);
      s.problem = text;
      return s;
    }
    s.list.push_back(snap);
  }
  return s;
}

CheckResult base_result(const std::string& id, const char* kind, const char* quantity,
                        const std::string& source, bool required) {
  CheckResult r;
  r.id = id;
  r.kind = kind;
  r.quantity = quantity;
  r.source = source;  // no statement: a measured table is not a sentence of the paper
  r.required = required;
  return r;
}

// KS and Wasserstein of the two distributions against the bounds given; sets r's distances and
// verdict and appends them to r.simulated.
void judge_sizes(CheckResult& r, const SizeDistribution& measured, const SizeDistribution& simulated,
                 const std::optional<double>& max_ks, const std::optional<double>& min_p_value,
                 const std::optional<double>& max_wasserstein) {
  const auto distance = distribution_distance(measured, simulated);
  if (!distance) {
    // Nothing to compare: agreement only if neither side has a void.
    r.passed = measured.empty() && simulated.empty();
    r.detail = r.passed ? "no voids measured or simulated"
                        : (measured.empty() ? "no measured voids" : "no simulated voids");
    return;
  }
  r.ks_statistic = distance->ks_statistic;
  r.ks_p_value = distance->ks_p_value;
  r.wasserstein = distance->wasserstein;
  char text[96];
  std::snprintf(text, sizeof text, "; KS D %.3g (p %.3g), W1 %s", distance->ks_statistic,
                distance->ks_p_value, nm_text(distance->wasserstein).c_str());
  r.simulated += text;
  r.passed = true;
  const auto fail = [&r](const std::string& why) {
    r.passed = false;
    r.detail += (r.detail.empty() ? "" : "; ") + why;
  };
  if (max_ks && distance->ks_statistic > *max_ks) fail("KS statistic above its bound");
  if (min_p_value && distance->ks_p_value < *min_p_value) fail("KS p-value below its bound");
  if (max_wasserstein && distance->wasserstein > *max_wasserstein)
    fail("Wasserstein distance above its bound");
}

std::string size_bounds_text(const std::optional<double>& max_ks, const std::optional<double>& min_p_value,
                             const std::optional<double>& max_wasserstein) {
  std::string text;
  const auto add = [&text](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (max_ks) add("KS D <= " + number_text(*max_ks));
  if (min_p_value) add("KS p >= " + number_text(*min_p_value));
  if (max_wasserstein) add("W1 <= " + nm_text(*max_wasserstein));
  return text;
}

std::string percent_text(double fraction) { return number_text(100.0 * fraction, " %"); }

}  // namespace

SizeDistribution measured_distribution(const MeasuredSizeDistribution& m) {
  const SizeDistribution d = m.binned() ? SizeDistribution::from_histogram(m.bin_low, m.bin_high, m.counts)
                                        : SizeDistribution::from_samples(m.diameters);
  return m.min_diameter ? d.truncated_below(*m.min_diameter) : d;
}

double snapshot_time_tolerance(double time_s) noexcept { return std::max(1.0, 0.02 * std::abs(time_s)); }

CheckResult compare_size_distribution(const MeasuredSizeDistribution& m, const std::vector<RunRecord>& runs) {
  CheckResult r = base_result(m.id, "size_distribution", "void_diameter", m.source, m.required);
  char text[256];
  const std::string expected = size_bounds_text(m.max_ks, m.min_p_value, m.max_wasserstein);
  r.expected = expected + " " + when_text(m.when) +
               (m.min_diameter ? " (diameters >= " + nm_text(*m.min_diameter) + ")" : "");

  const SizeDistribution measured = measured_distribution(m);
  std::snprintf(text, sizeof text, "%.4g voids, mean %s (sigma %s each)", measured.size(),
                nm_text(measured.mean()).c_str(), nm_text(m.uncertainty).c_str());
  r.measured = text;

  const Snapshots snaps = gather(runs, m.when);
  if (snaps.failed(r)) return r;
  for (const VoidSnapshot* s : snaps.list)
    for (double d : s->diameters)
      if (!m.min_diameter || d >= *m.min_diameter) r.simulated_sample.push_back(d);
  const SizeDistribution simulated = SizeDistribution::from_samples(r.simulated_sample);
  std::snprintf(text, sizeof text, "%zu voids in %zu run(s) at %.4g s, mean %s", r.simulated_sample.size(),
                snaps.list.size(), snaps.list.front()->time, nm_text(simulated.mean()).c_str());
  r.simulated = text;

  judge_sizes(r, measured, simulated, m.max_ks, m.min_p_value, m.max_wasserstein);
  return r;
}

CheckResult compare_depth_profile(const MeasuredDepthProfile& m, const std::vector<RunRecord>& runs) {
  CheckResult r = base_result(m.id, "depth_profile", "void_area_fraction_vs_depth", m.source, m.required);
  char text[160];
  std::snprintf(text, sizeof text, "normalised RMSE <= %.3g %s", m.max_normalised_rmse,
                when_text(m.when).c_str());
  r.expected = text;
  std::snprintf(text, sizeof text, "%zu bins of %s, %s .. %s", m.depth.size(), nm_text(m.bin_width).c_str(),
                nm_text(m.depth.front()).c_str(), nm_text(m.depth.back()).c_str());
  r.measured = text;
  const Snapshots snaps = gather(runs, m.when);
  if (snaps.failed(r)) return r;
  double sum_sq = 0.0;
  std::size_t skipped = 0;
  for (std::size_t p = 0; p < m.depth.size(); ++p) {
    std::vector<double> values;
    for (const VoidSnapshot* s : snaps.list) {
      if (const auto v = s->mean_fraction(m.depth[p] - 0.5 * m.bin_width, m.depth[p] + 0.5 * m.bin_width))
        values.push_back(*v);
    }
    if (values.size() != snaps.list.size()) {
      ++skipped;
      continue;
    }
    sum_sq += add_ensemble_point(r, m.depth[p], m.value[p], m.uncertainty[p], values);
  }
  finish_misfit(r, sum_sq);
  if (r.points == 0) {
    r.simulated.assign(1, '-');
    r.detail = "no measured bin lies within the simulated depth";
    return r;
  }
  r.passed = *r.normalised_rmse <= m.max_normalised_rmse;
  std::snprintf(text, sizeof text, "normalised RMSE %.3g, chi-square %.4g over %zu bins at %.4g s",
                *r.normalised_rmse, *r.chi_square, r.points, snaps.list.front()->time);
  r.simulated = text;
  if (skipped > 0) r.detail = std::to_string(skipped) + " measured bins below the simulated depth left out";
  return r;
}

CheckResult compare_micrograph(const MeasuredMicrograph& m, const std::vector<RunRecord>& runs) {
  CheckResult r = base_result(m.id, "micrograph", "micrograph_voids", m.source, m.required);
  std::string expected = size_bounds_text(m.max_ks, m.min_p_value, m.max_wasserstein);
  if (m.max_area_fraction_difference)
    expected = "|area fraction difference| <= " + percent_text(*m.max_area_fraction_difference) +
               (expected.empty() ? "" : ", " + expected);
  r.expected = expected + " " + when_text(m.when) + ", voids >= " + nm_text(m.min_diameter);

  AnalysedMicrograph measured;
  try {
    measured = analyse_micrograph_file(m.file, m, true);
  } catch (const std::runtime_error& e) {  // IoError, InputError: the check fails, naming why
    r.measured.assign(1, '-');
    r.simulated.assign(1, '-');
    r.detail = e.what();
    return r;
  }
  char text[256];
  std::snprintf(text, sizeof text, "area %s, %zu voids, median %s (%s)",
                percent_text(measured.stats.void_area_fraction).c_str(), measured.stats.void_count,
                nm_text(measured.stats.median_diameter).c_str(), m.file.filename().string().c_str());
  r.measured = text;
  r.panels.push_back({"measured: " + m.file.filename().string() + ", " + r.measured, measured.overlay});

  std::vector<const RunMicrograph*> imaged;
  for (const RunRecord& run : runs) {
    const RunMicrograph* mg = run.micrograph(m.id);
    const double tolerance = m.when.at ? snapshot_time_tolerance(*m.when.at) : 0.0;
    if (!mg || (m.when.at && std::abs(mg->analysed.time - *m.when.at) > tolerance)) {
      r.simulated.assign(1, '-');
      r.detail = mg ? "the run's nearest output is at " + number_text(mg->analysed.time, " s") +
                          ", not within " + number_text(tolerance, " s") + " of " + when_text(m.when)
                    : "no image of " + run.directory.string() + " for this entry";
      return r;
    }
    imaged.push_back(mg);
  }
  double area = 0.0;
  for (const RunMicrograph* mg : imaged) {
    area += mg->analysed.stats.void_area_fraction / static_cast<double>(imaged.size());
    r.simulated_sample.insert(r.simulated_sample.end(), mg->analysed.stats.diameters.begin(),
                              mg->analysed.stats.diameters.end());
  }
  std::sort(r.simulated_sample.begin(), r.simulated_sample.end());
  const SizeDistribution simulated = SizeDistribution::from_samples(r.simulated_sample);
  std::snprintf(text, sizeof text, "area %s, %zu voids in %zu image(s) at %.4g s, mean %s",
                percent_text(area).c_str(), r.simulated_sample.size(), imaged.size(),
                imaged.front()->analysed.time, nm_text(simulated.mean()).c_str());
  r.simulated = text;
  for (std::size_t k = 0; k < imaged.size() && k < 2; ++k)
    r.panels.push_back({"simulated (" + runs[k].directory.filename().string() + ", seed " +
                            std::to_string(runs[k].seed) +
                            "): " + imaged[k]->analysed.image.filename().string(),
                        imaged[k]->analysed.overlay});

  if (m.max_ks || m.min_p_value || m.max_wasserstein) {
    judge_sizes(r, SizeDistribution::from_samples(measured.stats.diameters), simulated, m.max_ks,
                m.min_p_value, m.max_wasserstein);
  } else {
    r.passed = true;
  }
  if (m.max_area_fraction_difference) {
    const double difference = std::abs(area - measured.stats.void_area_fraction);
    if (difference > *m.max_area_fraction_difference) {
      r.passed = false;
      r.detail += (r.detail.empty() ? "" : "; ") + std::string("area fraction differs by ") +
                  percent_text(difference);
    }
  }
  return r;
}

}  // namespace voidsim
