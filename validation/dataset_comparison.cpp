#include "validation/dataset_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "validation/ensemble_misfit.hpp"
#include "validation/snapshot_comparison.hpp"

namespace voidsim {

namespace {

// An output counts as "at" a time within this much of it (output_times are hit exactly; this
// only absorbs the round trip of times through the CSV text).
constexpr double same_time_s = 1e-6;

std::string window_text(const Observation& o) {
  const auto f = [&o](double v) { return format_observed(o.quantity, v); };
  if (o.min && o.max) return f(*o.min) + " .. " + f(*o.max);
  if (o.min) return ">= " + f(*o.min);
  if (o.max) return "<= " + f(*o.max);
  return {};
}

std::string time_text(double t) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g s", t);
  return text;
}

bool within(const Observation& o, double v) { return (!o.min || v >= *o.min) && (!o.max || v <= *o.max); }

std::vector<double> running_mean(const std::vector<double>& v, std::size_t width) {
  if (width <= 1) return v;
  const std::size_t half = width / 2;
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::size_t lo = i >= half ? i - half : 0;
    const std::size_t hi = std::min(v.size(), i + half + 1);
    double s = 0.0;
    for (std::size_t j = lo; j < hi; ++j) s += v[j];
    out[i] = s / static_cast<double>(hi - lo);
  }
  return out;
}

ObservationVerdict check_event(const Observation& o, const RunRecord& run) {
  const std::optional<double> t = run.event(o.quantity);
  if (!t) {
    // Never happened: consistent with a lower bound alone (not before min), not with an upper one.
    if (o.max) return {false, "none", "did not happen in the run (to " + time_text(run.time.back()) + ")"};
    return {true, "none", "did not happen in the run"};
  }
  const bool ok = within(o, *t);
  return {ok, format_observed(o.quantity, *t), ok ? "" : "outside " + window_text(o)};
}

ObservationVerdict check_at(const Observation& o, const RunRecord& run, const std::vector<double>& v) {
  const double when = o.at_end ? run.time.back() : *o.at;
  std::optional<double> value;
  std::string how;
  for (std::size_t i = 0; i < run.time.size(); ++i) {
    if (std::abs(run.time[i] - when) <= same_time_s * std::max(1.0, std::abs(when))) value = v[i];
  }
  if (!value) {
    value = interpolate_series(run.time, v, when);
    how = " (interpolated between outputs)";
  }
  if (!value)
    return {false, "-",
            "the run's outputs span " + time_text(run.time.front()) + " .. " + time_text(run.time.back())};
  const bool ok = within(o, *value);
  return {ok, format_observed(o.quantity, *value) + " at " + time_text(when) + how,
          ok ? "" : "outside " + window_text(o)};
}

ObservationVerdict check_window(const Observation& o, const RunRecord& run, const std::vector<double>& v) {
  const double from = o.from.value_or(0.0);
  std::size_t n = 0;
  std::optional<std::size_t> worst;
  double lowest = 0.0, highest = 0.0;
  for (std::size_t i = 0; i < run.time.size(); ++i) {
    if (run.time[i] < from - same_time_s || run.time[i] > *o.to + same_time_s) continue;
    if (n == 0 || v[i] < lowest) lowest = v[i];
    if (n == 0 || v[i] > highest) highest = v[i];
    if (!worst && !within(o, v[i])) worst = i;
    ++n;
  }
  if (n == 0) return {false, "-", "no output between " + time_text(from) + " and " + time_text(*o.to)};
  std::string range = format_observed(o.quantity, lowest);
  if (highest != lowest) range += " .. " + format_observed(o.quantity, highest);
  range += " over " + std::to_string(n) + " outputs " + time_text(from) + " .. " + time_text(*o.to);
  if (worst)
    return {false, range,
            format_observed(o.quantity, v[*worst]) + " at " + time_text(run.time[*worst]) + " is outside " +
                window_text(o)};
  return {true, range, ""};
}

ObservationVerdict check_trend(const Observation& o, const RunRecord& run, const std::vector<double>& v) {
  std::vector<double> t_sel, v_sel;
  if (!o.times.empty()) {
    // Judged at the listed times only (the ends of bias steps of an I-V sweep), interpolated.
    for (const double t : o.times) {
      const auto value = interpolate_series(run.time, v, t);
      if (!value) return {false, "-", time_text(t) + " lies outside the run's outputs"};
      t_sel.push_back(t);
      v_sel.push_back(*value);
    }
  }
  const std::optional<double> start = o.from ? o.from : run.void_onset_time;
  if (o.times.empty() && !start) return {false, "-", "no void onset in the run, so no trend from it"};
  for (std::size_t i = 0; o.times.empty() && i < run.time.size(); ++i) {
    if (run.time[i] < *start - same_time_s) continue;
    if (o.to && run.time[i] > *o.to + same_time_s) continue;
    if (o.quantity == ObservedQuantity::current && run.time[i] <= 0.0)
      continue;  // no current before the bias
    t_sel.push_back(run.time[i]);
    v_sel.push_back(v[i]);
  }
  if (v_sel.size() < 3)
    return {false, "-",
            "fewer than 3 outputs from " + time_text(start.value_or(0.0)) + " (" +
                std::to_string(v_sel.size()) + ")"};
  const std::vector<double> s = running_mean(v_sel, o.smoothing_frames);
  const double sign = o.trend == Trend::increasing ? 1.0 : -1.0;
  const std::string simulated = format_observed(o.quantity, s.front()) + " at " + time_text(t_sel.front()) +
                                " -> " + format_observed(o.quantity, s.back()) + " at " +
                                time_text(t_sel.back());
  for (std::size_t i = 1; i < s.size(); ++i) {
    const double against = sign * (s[i - 1] - s[i]);  // > 0: moved against the trend
    if (against > o.slack + o.relative_slack * std::abs(s[i - 1])) {
      return {false, simulated,
              std::string(o.trend == Trend::increasing ? "falls" : "rises") + " from " +
                  format_observed(o.quantity, s[i - 1]) + " at " + time_text(t_sel[i - 1]) + " to " +
                  format_observed(o.quantity, s[i]) + " at " + time_text(t_sel[i])};
    }
  }
  const bool net = o.trend == Trend::increasing ? s.back() > s.front() && s.back() >= o.min_ratio * s.front()
                                                : s.back() < s.front() && s.back() * o.min_ratio <= s.front();
  if (!net) {
    char text[96];
    std::snprintf(
        text, sizeof text, "net change last/first %.4g, required %s %.4g", s.back() / s.front(),
        o.trend == Trend::increasing ? ">" : "<",
        o.trend == Trend::increasing ? std::max(1.0, o.min_ratio) : 1.0 / std::max(1.0, o.min_ratio));
    return {false, simulated, text};
  }
  return {true, simulated, ""};
}

CheckResult compare_curve(const MeasuredTimeSeries& m, const std::vector<RunRecord>& runs) {
  CheckResult r;
  r.id = m.id;
  r.kind = "time_series";
  r.quantity = quantity_name(m.quantity);
  r.source = m.source;  // no statement: a measured table is not a sentence of the paper
  r.required = m.required;
  char text[128];
  std::snprintf(text, sizeof text, "normalised RMSE <= %.3g", m.max_normalised_rmse);
  r.expected = text;
  r.measured = std::to_string(m.time.size()) + " points " + time_text(m.time.front()) + " .. " +
               time_text(m.time.back());
  double sum_sq = 0.0;
  std::size_t skipped = 0;
  std::vector<std::vector<double>> series;  // each run's values of the quantity, once
  for (const RunRecord& run : runs) series.push_back(run.series(m.quantity));
  for (std::size_t p = 0; p < m.time.size(); ++p) {
    std::vector<double> values;
    for (std::size_t k = 0; k < runs.size(); ++k) {
      if (const auto v = interpolate_series(runs[k].time, series[k], m.time[p])) values.push_back(*v);
    }
    if (values.size() != runs.size()) {
      ++skipped;
      continue;
    }
    sum_sq += add_ensemble_point(r, m.time[p], m.value[p], m.uncertainty[p], values);
  }
  finish_misfit(r, sum_sq);
  if (r.points == 0) {
    r.passed = false;
    r.simulated.assign(1, '-');  // not = "-": GCC 12 -Wrestrict false positive (PR 105329)
    r.detail = "no measured time lies within the run's outputs";
    return r;
  }
  r.passed = *r.normalised_rmse <= m.max_normalised_rmse;
  std::snprintf(text, sizeof text, "normalised RMSE %.3g, chi-square %.4g over %zu points",
                *r.normalised_rmse, *r.chi_square, r.points);
  r.simulated = text;
  if (skipped > 0) r.detail = std::to_string(skipped) + " measured points outside the run's outputs left out";
  return r;
}

}  // namespace

std::string format_observed(ObservedQuantity quantity, double si_value) {
  const std::string unit = quantity_display_unit(quantity);
  char text[48];
  std::snprintf(text, sizeof text, "%.4g", si_value * quantity_display_scale(quantity));
  return unit.empty() ? std::string(text) : std::string(text) + " " + unit;
}

std::optional<double> interpolate_series(const std::vector<double>& t, const std::vector<double>& v,
                                         double at) {
  if (t.empty() || at < t.front() - same_time_s || at > t.back() + same_time_s) return std::nullopt;
  const auto upper = std::lower_bound(t.begin(), t.end(), at);
  if (upper == t.end()) return v.back();
  const auto i = static_cast<std::size_t>(upper - t.begin());
  if (i == 0 || *upper == at) return v[i];
  const double w = (at - t[i - 1]) / (t[i] - t[i - 1]);
  return (1.0 - w) * v[i - 1] + w * v[i];
}

ObservationVerdict check_observation(const Observation& o, const RunRecord& run) {
  if (run.time.empty()) return {false, "-", "the run has no outputs"};
  if (is_event_quantity(o.quantity)) return check_event(o, run);
  if (is_final_quantity(o.quantity)) {
    const std::optional<double> v = run.final_value(o.quantity);
    if (!v) {
      const auto why = run.unavailable.find(o.quantity);
      if (why != run.unavailable.end()) return {false, "-", why->second};
      return {false, "-",
              o.quantity == ObservedQuantity::nanopore_count ||
                      o.quantity == ObservedQuantity::nanopore_median_diameter ||
                      o.quantity == ObservedQuantity::nanopore_max_depth
                  ? "the run wrote no nanopores.csv (no pristine surface layer with nanopores)"
                  : "the run's end state was not evaluated"};
    }
    const bool ok = within(o, *v);
    return {ok, format_observed(o.quantity, *v), ok ? "" : "outside " + window_text(o)};
  }
  const std::vector<double> v = run.series(o.quantity);
  if (v.size() != run.time.size())
    return {false, "-",
            std::string("the run does not track ") + quantity_name(o.quantity) +
                " (explicit defects: engine kmc; this run's engine: " +
                (run.engine.empty() ? "not stated" : run.engine) + ")"};
  if (o.quantity == ObservedQuantity::front_depth_fraction && !(run.domain_depth && *run.domain_depth > 0.0))
    return {false, "-", "summary.json gives no domain_depth_nm"};
  if (o.trend != Trend::none) return check_trend(o, run, v);
  if (o.at || o.at_end) return check_at(o, run, v);
  return check_window(o, run, v);
}

bool ValidationOutcome::passed() const {
  const bool any =
      std::any_of(checks.begin(), checks.end(), [](const CheckResult& c) { return c.applicable; });
  return any && failed_required().empty();
}

std::vector<const CheckResult*> ValidationOutcome::failed_required() const {
  std::vector<const CheckResult*> failed;
  for (const auto& c : checks)
    if (c.applicable && c.required && !c.passed) failed.push_back(&c);
  return failed;
}

ValidationOutcome compare_with_dataset(const MeasuredDataset& dataset, const std::vector<RunRecord>& runs,
                                       const std::string& experiment) {
  ValidationOutcome outcome;
  outcome.experiment = experiment;
  if (runs.empty()) throw std::logic_error("compare_with_dataset: no runs");
  for (const Observation& o : dataset.observations) {
    if (o.experiment != experiment) continue;
    CheckResult r;
    r.id = o.id;
    r.kind = "observation";
    r.quantity = quantity_name(o.quantity);
    r.statement = o.statement;
    r.source = o.source;
    r.required = o.required;
    r.expected = o.trend == Trend::none
                     ? window_text(o)
                     : std::string(o.trend == Trend::increasing ? "increasing" : "decreasing") +
                           (!o.times.empty() ? " at " + std::to_string(o.times.size()) + " times"
                            : o.from         ? " from " + time_text(*o.from)
                                             : " from the void onset");
    if (o.at) r.expected += " at " + time_text(*o.at);
    if (o.at_end) r.expected += " at the end";
    if (o.to && o.trend == Trend::none)
      r.expected += " during " + time_text(o.from.value_or(0.0)) + " .. " + time_text(*o.to);
    if (o.measured) r.measured = format_observed(o.quantity, *o.measured);
    r.passed = true;
    std::size_t checked = 0;
    for (const RunRecord& run : runs) {
      if (!o.engine.empty() && run.engine != o.engine) continue;
      ++checked;
      const ObservationVerdict v = check_observation(o, run);
      const std::string prefix = runs.size() > 1 ? "seed " + std::to_string(run.seed) + ": " : "";
      r.simulated += (r.simulated.empty() ? "" : "; ") + prefix + v.simulated;
      if (!v.passed) {
        r.passed = false;
        r.detail += (r.detail.empty() ? "" : "; ") + prefix + v.detail;
      }
    }
    if (checked == 0) {
      // An observation of what only one engine models (explicit defects: kmc) says nothing about
      // a run of the other: not applicable, neither passed nor failed.
      r.applicable = false;
      r.passed = false;
      r.simulated.assign(1, '-');
      r.detail = "not applicable: needs a run of engine " + o.engine +
                 " (this run: " + (runs.front().engine.empty() ? "engine not stated" : runs.front().engine) +
                 ")";
    }
    outcome.checks.push_back(std::move(r));
  }
  for (const MeasuredTimeSeries& m : dataset.time_series) {
    if (m.experiment == experiment) outcome.checks.push_back(compare_curve(m, runs));
  }
  for (const MeasuredSizeDistribution& m : dataset.size_distributions) {
    if (m.experiment == experiment) outcome.checks.push_back(compare_size_distribution(m, runs));
  }
  for (const MeasuredDepthProfile& m : dataset.depth_profiles) {
    if (m.experiment == experiment) outcome.checks.push_back(compare_depth_profile(m, runs));
  }
  for (const MeasuredMicrograph& m : dataset.micrographs) {
    if (m.experiment == experiment) outcome.checks.push_back(compare_micrograph(m, runs));
  }
  if (outcome.checks.empty()) {
    std::string known;
    for (const auto& e : dataset.experiments()) known += (known.empty() ? "" : ", ") + e;
    throw InputError(Diagnostic{dataset.file.string(), 0, 0, "experiment",
                                "the dataset has nothing about experiment '" + experiment + "'",
                                "its experiments: " + known});
  }
  return outcome;
}

}  // namespace voidsim
