// Tests of solvers/row_sum_table.hpp: sums over runs of a row against direct sums, wrapped on a
// periodic row and clipped on a bounded one.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/random.hpp"
#include "solvers/row_sum_table.hpp"

using namespace voidsim;

TEST_CASE("run sums equal direct sums, wrapped when periodic and clipped otherwise") {
  const CounterRandom random(5, RandomStream::nucleation);
  Grid g;
  g.dimension = 3;
  g.nx = 17;
  g.ny = 4;
  g.nz = 3;
  std::vector<double> v(g.size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = random.uniform(i, 0, 0) - 0.25;  // signs mixed
  RowSumTable table;
  table.build(g, [&](std::size_t i) { return v[i]; });
  double all = 0.0;
  for (const double x : v) all += x;
  CHECK(table.total() == doctest::Approx(all).epsilon(1e-13));
  const auto n = static_cast<long>(g.nx);
  int checked = 0;
  for (std::size_t row = 0; row < g.ny * g.nz; ++row) {
    for (long ic = 0; ic < n; ++ic) {
      for (long d0 = -8; d0 <= 8; ++d0) {
        for (long d1 = d0; d1 <= d0 + 16; ++d1) {  // at most nx cells: no cell twice when wrapped
          for (const bool periodic : {true, false}) {
            double expected = 0.0;
            for (long d = d0; d <= d1; ++d) {
              long i = ic + d;
              if (i < 0 || i >= n) {
                if (!periodic) continue;
                i = (i + n) % n;
              }
              expected += v[row * g.nx + static_cast<std::size_t>(i)];
            }
            REQUIRE(std::abs(table.run_sum(row, ic, d0, d1, periodic) - expected) <= 1e-13);
            ++checked;
          }
        }
      }
    }
  }
  CHECK(checked == 12 * 17 * 17 * 17 * 2);
}

TEST_CASE("sums of indicator values are exact counts") {
  Grid g;
  g.nx = 1000;
  g.ny = 1;
  g.nz = 2;
  RowSumTable table;
  table.build(g, [](std::size_t i) { return i % 3 == 0 ? 1.0 : 0.0; });
  CHECK(table.run_sum(0, 500, -500, 499, true) == 334.0);  // the whole first row, wrapped
  CHECK(table.run_sum(1, 0, -10, 2, false) == 1.0);        // clipped: cells 1000..1002 of the grid
  CHECK(table.total() == 667.0);
}
