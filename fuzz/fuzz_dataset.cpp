// Fuzz target: measured datasets as `voidsim validate --against` reads them (issue 6): YAML text
// and, after a line "---csv---", the text of the table its entries may name as table.csv.
// The dataset is then compared with a small fixed run for every experiment it names, with a void
// snapshot for every time its size distributions and depth profiles ask about (a micrograph entry
// names a file that is not an image: its check must fail cleanly).
//
// The reader may only succeed or throw InputError whose every diagnostic says what is wrong
// (IoError if a named table cannot be read is reported as a located InputError too). A dataset
// that is read must be consistent: every curve with one time, value and positive uncertainty per
// row, times increasing; every observation of a known form; the comparison must not throw.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "fuzz/fuzz_checks.hpp"
#include "fuzz/fuzz_input_file.hpp"
#include "validation/dataset_comparison.hpp"
#include "validation/measured_dataset.hpp"

namespace {

using voidsim::fuzz::require;

voidsim::RunRecord small_run() {
  voidsim::RunRecord run;
  for (int k = 0; k <= 10; ++k) {
    const double t = 60.0 * k;
    run.time.push_back(t);
    run.void_count.push_back(t >= 240.0 ? 3.0 : 0.0);
    run.void_area_fraction.push_back(t >= 240.0 ? 1e-3 * t / 240.0 : 0.0);
    run.mean_void_diameter.push_back(t >= 240.0 ? 4e-9 : 0.0);
    run.front_depth.push_back(t >= 240.0 ? t * 1e-11 : 0.0);
    run.current.push_back(1e-12 / (1.0 + t / 100.0));
    run.li_extracted_fraction.push_back(1e-4 * t);
  }
  run.domain_depth = 100e-9;
  run.void_onset_time = 240.0;
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string separator = "\n---csv---\n";
  const std::size_t cut = input.find(separator);
  const std::string yaml = input.substr(0, cut);
  const std::string table = cut == std::string::npos ? std::string("time_s,value,sigma\n60,1,0.5\n")
                                                     : input.substr(cut + separator.size());
  voidsim::fuzz::write_input("table.csv", reinterpret_cast<const std::uint8_t*>(table.data()), table.size());
  const auto path = voidsim::fuzz::write_input(
      "dataset.yaml", reinterpret_cast<const std::uint8_t*>(yaml.data()), yaml.size());
  voidsim::MeasuredDataset dataset;
  try {
    dataset = voidsim::read_measured_dataset(path);
  } catch (const voidsim::InputError& e) {
    voidsim::fuzz::require_described(e);
    return 0;
  } catch (const voidsim::IoError&) {
    return 0;
  }
  for (const auto& s : dataset.time_series) {
    require(!s.time.empty() && s.time.size() == s.value.size() && s.time.size() == s.uncertainty.size());
    for (std::size_t i = 0; i < s.time.size(); ++i) {
      require(std::isfinite(s.time[i]) && std::isfinite(s.value[i]) && s.uncertainty[i] > 0.0);
      require(i == 0 || s.time[i] > s.time[i - 1]);
    }
  }
  for (const auto& o : dataset.observations) {
    require(!o.id.empty());
    require(voidsim::is_event_quantity(o.quantity) || voidsim::is_final_quantity(o.quantity) || o.at ||
            o.at_end || o.to || o.trend != voidsim::Trend::none);
  }
  for (const auto& m : dataset.size_distributions) {
    require(m.binned() ? (m.bin_low.size() == m.counts.size() && m.bin_high.size() == m.counts.size())
                       : !m.diameters.empty());
    for (double d : m.diameters) require(d > 0.0 && std::isfinite(d));
    for (std::size_t i = 0; i < m.counts.size(); ++i)
      require(m.bin_low[i] >= 0.0 && m.bin_high[i] > m.bin_low[i] && m.counts[i] >= 0.0);
    require(m.when.at_end || m.when.at);
  }
  for (const auto& p : dataset.depth_profiles) {
    require(!p.depth.empty() && p.depth.size() == p.value.size() && p.depth.size() == p.uncertainty.size());
    require(p.bin_width > 0.0);
    for (std::size_t i = 0; i < p.depth.size(); ++i)
      require(p.depth[i] >= 0.0 && p.uncertainty[i] > 0.0 && (i == 0 || p.depth[i] > p.depth[i - 1]));
  }
  voidsim::RunRecord run = small_run();
  const auto snapshot_for = [&run](const voidsim::SnapshotTime& when) {
    voidsim::VoidSnapshot s;
    s.requested = when;
    s.time = when.at.value_or(run.time.back());
    s.diameters = {3e-9, 4e-9, 6e-9};
    s.row_height = 1e-9;
    for (int k = 0; k < 100; ++k) {
      s.row_depth.push_back((k + 0.5) * 1e-9);
      s.row_fraction.push_back(k < 20 ? 0.05 : 0.0);
    }
    run.snapshots.push_back(std::move(s));
  };
  for (const auto& m : dataset.size_distributions)
    if (m.when.at_end || m.when.at) snapshot_for(m.when);
  for (const auto& p : dataset.depth_profiles)
    if (p.when.at_end || p.when.at) snapshot_for(p.when);
  for (const auto& experiment : dataset.experiments()) {
    const auto outcome = voidsim::compare_with_dataset(dataset, {run}, experiment);
    require(!outcome.checks.empty());
  }
  return 0;
}
