// ordered_sum: a parallel sum that is bitwise the same for any OpenMP thread count (the
// diagnostic totals of porosity.csv depend on it).
#include <doctest/doctest.h>
#include <omp.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/ordered_sum.hpp"

namespace {

// Terms of mixed sign spanning 12 decades, so the order of addition shows in the last bits.
std::vector<double> mixed_terms(std::size_t n) {
  std::vector<double> v(n);
  std::uint64_t s = 0x9e3779b97f4a7c15ULL;
  for (auto& x : v) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const double u = static_cast<double>(s >> 11) * 0x1.0p-53;
    x = (u - 0.4) * std::pow(10.0, 12.0 * u - 6.0);
  }
  return v;
}

}  // namespace

TEST_CASE("ordered_sum is bitwise independent of the thread count and matches a long double sum") {
  const int saved = omp_get_max_threads();
  for (const std::size_t n :
       {std::size_t{0}, std::size_t{1}, std::size_t{255}, std::size_t{257}, std::size_t{100003}}) {
    CAPTURE(n);
    const std::vector<double> v = mixed_terms(n);
    const double* p = v.data();
    omp_set_num_threads(1);
    const double one = voidsim::ordered_sum(n, [p](std::size_t i) { return p[i]; });
    long double reference = 0.0L;
    for (const double x : v) reference += x;
    double scale = 0.0;
    for (const double x : v) scale += std::abs(x);
    CHECK(std::abs(one - static_cast<double>(reference)) <= 1e-13 * scale);
    for (const int threads : {2, 3, 4, 7}) {
      omp_set_num_threads(threads);
      CHECK(voidsim::ordered_sum(n, [p](std::size_t i) { return p[i]; }) == one);
    }
  }
  omp_set_num_threads(saved);
}

TEST_CASE("ordered_sum calls the term once per index") {
  std::vector<int> calls(1000, 0);
  int* c = calls.data();
  const double s = voidsim::ordered_sum(calls.size(), [c](std::size_t i) {
    ++c[i];
    return 1.0;
  });
  CHECK(s == 1000.0);
  for (const int k : calls) CHECK(k == 1);
}

TEST_CASE("ordered_sums gives each sum bitwise as ordered_sum does, for any thread count") {
  const int saved = omp_get_max_threads();
  const std::size_t n = 100003;
  const std::vector<double> v = mixed_terms(n);
  const double* p = v.data();
  omp_set_num_threads(1);
  const double plain = voidsim::ordered_sum(n, [p](std::size_t i) { return p[i]; });
  const double squares = voidsim::ordered_sum(n, [p](std::size_t i) { return p[i] * p[i]; });
  for (const int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    double out[3] = {-1.0, -1.0, -1.0};
    voidsim::ordered_sums<4>(
        n, 2,
        [p](std::size_t i, double* acc) {
          acc[0] += p[i];
          acc[1] += p[i] * p[i];
        },
        out);
    CHECK(out[0] == plain);
    CHECK(out[1] == squares);
    CHECK(out[2] == -1.0);  // only the first m outputs are written
  }
  omp_set_num_threads(saved);
}
