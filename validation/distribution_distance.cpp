#include "validation/distribution_distance.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace voidsim {

SizeDistribution SizeDistribution::from_samples(std::vector<double> samples) {
  SizeDistribution d;
  std::sort(samples.begin(), samples.end());
  d.samples_ = std::move(samples);
  d.total_ = static_cast<double>(d.samples_.size());
  return d;
}

SizeDistribution SizeDistribution::from_histogram(const std::vector<double>& low,
                                                  const std::vector<double>& high,
                                                  const std::vector<double>& counts) {
  if (low.size() != high.size() || low.size() != counts.size())
    throw std::invalid_argument("histogram: bin edges and counts differ in length");
  SizeDistribution d;
  for (std::size_t i = 0; i < low.size(); ++i) {
    if (!(high[i] > low[i]))
      throw std::invalid_argument("histogram: a bin's upper edge is not above its lower");
    if (!(counts[i] >= 0.0)) throw std::invalid_argument("histogram: a negative count");
    d.bins_.push_back({low[i], high[i], counts[i]});
  }
  std::sort(d.bins_.begin(), d.bins_.end(), [](const Bin& a, const Bin& b) { return a.low < b.low; });
  for (std::size_t i = 0; i < d.bins_.size(); ++i) {
    if (i > 0 && d.bins_[i].low < d.bins_[i - 1].high) throw std::invalid_argument("histogram: bins overlap");
    d.bins_below_.push_back(d.total_);
    d.total_ += d.bins_[i].count;
  }
  return d;
}

SizeDistribution SizeDistribution::truncated_below(double lower) const {
  if (bins_.empty()) {
    std::vector<double> kept(std::lower_bound(samples_.begin(), samples_.end(), lower), samples_.end());
    return from_samples(std::move(kept));
  }
  std::vector<double> lo, hi, n;
  for (const Bin& b : bins_) {
    if (b.high <= lower) continue;
    const double start = std::max(b.low, lower);
    lo.push_back(start);
    hi.push_back(b.high);
    n.push_back(b.count * (b.high - start) / (b.high - b.low));
  }
  return from_histogram(lo, hi, n);
}

double SizeDistribution::mean() const {
  if (empty()) return 0.0;
  double sum = 0.0;
  for (double s : samples_) sum += s;
  for (const Bin& b : bins_) sum += b.count * 0.5 * (b.low + b.high);
  return sum / total_;
}

double SizeDistribution::cdf(double x, bool left) const {
  if (empty()) return 0.0;
  if (bins_.empty()) {
    const auto it = left ? std::lower_bound(samples_.begin(), samples_.end(), x)
                         : std::upper_bound(samples_.begin(), samples_.end(), x);
    return static_cast<double>(it - samples_.begin()) / total_;
  }
  // Continuous within bins, so the left limit is the value.
  const auto it =
      std::upper_bound(bins_.begin(), bins_.end(), x, [](double v, const Bin& b) { return v < b.low; });
  if (it == bins_.begin()) return 0.0;
  const auto i = static_cast<std::size_t>(it - bins_.begin()) - 1;
  const Bin& b = bins_[i];
  const double inside = x >= b.high ? b.count : b.count * (x - b.low) / (b.high - b.low);
  return (bins_below_[i] + inside) / total_;
}

std::vector<double> SizeDistribution::breakpoints() const {
  std::vector<double> x = samples_;
  for (const Bin& b : bins_) {
    x.push_back(b.low);
    x.push_back(b.high);
  }
  std::sort(x.begin(), x.end());
  x.erase(std::unique(x.begin(), x.end()), x.end());
  return x;
}

double kolmogorov_p_value(double d, double effective_size) {
  if (!(d > 0.0) || !(effective_size > 0.0)) return 1.0;
  const double root = std::sqrt(effective_size);
  const double lambda = (root + 0.12 + 0.11 / root) * d;
  if (lambda < 0.2) return 1.0;  // the series converges slowly there and its sum is 1 to 1e-8
  double sum = 0.0, sign = 1.0;
  for (int j = 1; j <= 100; ++j) {
    const double term = sign * std::exp(-2.0 * j * j * lambda * lambda);
    sum += term;
    if (std::abs(term) < 1e-12 * std::abs(sum)) break;
    sign = -sign;
  }
  return std::clamp(2.0 * sum, 0.0, 1.0);
}

std::optional<DistributionDistance> distribution_distance(const SizeDistribution& a,
                                                          const SizeDistribution& b) {
  if (a.empty() || b.empty()) return std::nullopt;
  std::vector<double> x = a.breakpoints();
  const std::vector<double> xb = b.breakpoints();
  x.insert(x.end(), xb.begin(), xb.end());
  std::sort(x.begin(), x.end());
  x.erase(std::unique(x.begin(), x.end()), x.end());

  DistributionDistance r;
  for (std::size_t i = 0; i < x.size(); ++i) {
    // Both sides of a jump: the left limit and the value.
    r.ks_statistic = std::max({r.ks_statistic, std::abs(a.cdf(x[i], true) - b.cdf(x[i], true)),
                               std::abs(a.cdf(x[i]) - b.cdf(x[i]))});
    if (i + 1 == x.size()) break;
    // On (x_i, x_{i+1}) the difference is linear from its right limit at x_i to its left limit at
    // x_{i+1}; the integral of |linear| splits at its zero.
    const double width = x[i + 1] - x[i];
    const double u = a.cdf(x[i]) - b.cdf(x[i]);
    const double v = a.cdf(x[i + 1], true) - b.cdf(x[i + 1], true);
    if (u * v >= 0.0)
      r.wasserstein += 0.5 * width * (std::abs(u) + std::abs(v));
    else
      r.wasserstein += 0.5 * width * (u * u + v * v) / (std::abs(u) + std::abs(v));
  }
  r.effective_size = a.size() * b.size() / (a.size() + b.size());
  r.ks_p_value = kolmogorov_p_value(r.ks_statistic, r.effective_size);
  return r;
}

}  // namespace voidsim
