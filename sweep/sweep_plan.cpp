#include "sweep/sweep_plan.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <cstdio>

namespace voidsim::sweep {

std::uint64_t derive_task_seed(std::uint64_t master_seed, std::size_t point, std::size_t replicate) {
  // One Philox4x32-10 block keyed by the master seed, counter = (point, replicate, domain tag):
  // a bijection of the counter for a fixed key, so distinct (point, replicate) pairs never share
  // the 128-bit output, and each seed depends on its own pair only (adding points keeps seeds).
  constexpr std::uint32_t sweep_seed_tag = 0x53574545u;  // "SWEE": separates this use of Philox
  r123::Philox4x32 philox;
  const r123::Philox4x32::key_type key = {
      {static_cast<std::uint32_t>(master_seed), static_cast<std::uint32_t>(master_seed >> 32)}};
  const r123::Philox4x32::ctr_type counter = {
      {static_cast<std::uint32_t>(point), static_cast<std::uint32_t>(static_cast<std::uint64_t>(point) >> 32),
       static_cast<std::uint32_t>(replicate), sweep_seed_tag}};
  const auto out = philox(counter, key);
  const std::uint64_t bits = (static_cast<std::uint64_t>(out[0]) << 32) | out[1];
  // 53 bits: the seed is exact as a double (JSON readers, summary.csv/h5 columns, plots) and fits
  // the scenario's run.seed (a non-negative 64-bit signed integer).
  return bits & ((std::uint64_t{1} << 53) - 1);
}

std::vector<std::string> task_overrides(const SweepPlan& plan, const SweepTask& task) {
  std::vector<std::string> overrides = plan.fixed_overrides;
  bool seed_swept = false;
  for (const ParameterValue& p : task.parameters) {
    overrides.push_back(p.key + "=" + p.text);
    seed_swept = seed_swept || p.key == "run.seed";
  }
  if (!seed_swept) overrides.push_back("run.seed=" + std::to_string(task.seed));
  return overrides;
}

std::string task_name(std::size_t index) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "task-%06zu", index);
  return buffer;
}

}  // namespace voidsim::sweep
