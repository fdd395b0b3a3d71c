// CSV series: header line, shortest round-trip numbers (parsing gives back the same doubles bit
// for bit), atomic replacement.
#include <doctest/doctest.h>

#include <limits>

#include "core/error.hpp"
#include "io/csv_writer.hpp"
#include "result_test_support.hpp"

using namespace voidsim;
using namespace voidsim::io;
using voidsim::testing::ScratchDir;

namespace {
SeriesTable tricky_series() {
  // Values whose decimal form needs all 17 digits, signed zero, a subnormal and the extremes.
  return {{"time_s", "porosity", "current_A"},
          {"s", "1", "A"},
          {{0.0, 0.1, 1.0 / 3.0},
           {1e-310, -0.0, std::numeric_limits<double>::max()},
           {2.5, 0.30000000000000004, -std::numeric_limits<double>::min()}}};
}
}  // namespace

TEST_CASE("CSV round trip is bitwise and starts with a header line") {
  ScratchDir dir("csv_round_trip");
  const SeriesTable series = tricky_series();
  write_csv(dir / "series.csv", series);
  const std::string text = testing::read_text(dir / "series.csv");
  CHECK(text.starts_with("time_s,porosity,current_A\n0,0.1,0.3333333333333333\n"));
  const SeriesTable back = read_csv(dir / "series.csv");
  CHECK(back.columns == series.columns);
  REQUIRE(back.rows.size() == series.rows.size());
  for (std::size_t r = 0; r < series.rows.size(); ++r)
    CHECK(testing::bitwise_equal(back.rows[r], series.rows[r]));
}

TEST_CASE("CSV rejects malformed tables and reports the line of malformed input") {
  ScratchDir dir("csv_invalid");
  SeriesTable series = tricky_series();
  series.rows[0].push_back(1.0);
  CHECK_THROWS_AS(write_csv(dir / "a.csv", series), IoError);
  CHECK_FALSE(std::filesystem::exists(dir / "a.csv"));

  testing::write_text(dir / "b.csv", "time_s,x\n0,1\n1,zz\n");
  try {
    (void)read_csv(dir / "b.csv");
    FAIL("expected IoError");
  } catch (const IoError& e) {
    CHECK(std::string(e.what()).find(":3:") != std::string::npos);
  }
}

TEST_CASE("CSV is replaced atomically: a failed commit keeps the old file and no temporary") {
  ScratchDir dir("csv_atomic");
  testing::write_text(dir / "series.csv", "old");
  testing::fail_every_commit();
  CHECK_THROWS_AS(write_csv(dir / "series.csv", tricky_series()), IoError);
  io::set_commit_fault_injector({});
  CHECK(testing::read_text(dir / "series.csv") == "old");
  CHECK(dir.temporary_files().empty());
}
