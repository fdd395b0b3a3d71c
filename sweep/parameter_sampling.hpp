#pragma once
// How swept values are generated: evenly spaced ranges (linspace, logspace), the Cartesian
// product and zip of value lists, and space-filling samples in the unit cube (Latin hypercube,
// Sobol) mapped onto bounds with a linear or log scale. Pure functions of their arguments; the
// sweep file reader (sweep_file.cpp) turns the results into override texts with units.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace voidsim::sweep {

/// A quantity as the user wrote it: the number in the user's unit and the unit text ("4.7 V" ->
/// {4.7, "V"}; "0.03" -> {0.03, ""}). Ranges interpolate `value`, so "4.5 V".."4.9 V" gives
/// "4.6 V", not an SI number.
struct UserQuantity {
  double value = 0.0;
  std::string unit;
};

/// Splits "<number> [unit]". Throws UnitParseError (with the character offset) if the text is
/// not a number followed by a valid unit expression.
[[nodiscard]] UserQuantity split_user_quantity(std::string_view text);

/// "<number> <unit>" with 12 significant digits (4.6000000000000005 -> "4.6"); just the number
/// when the unit is empty.
[[nodiscard]] std::string format_user_quantity(double value, std::string_view unit);

/// `count` evenly spaced values from `from` to `to`, both included (count 1: {from}).
[[nodiscard]] std::vector<double> linspace(double from, double to, std::size_t count);

/// `count` values from `from` to `to` evenly spaced in log (a geometric sequence, both ends
/// included); from and to must be > 0 (std::invalid_argument otherwise).
[[nodiscard]] std::vector<double> logspace(double from, double to, std::size_t count);

/// Every index tuple of lists with the given sizes, the first list varying slowest (nested loops
/// in the order the parameters are written). Empty if any size is 0.
[[nodiscard]] std::vector<std::vector<std::size_t>> cartesian_product(const std::vector<std::size_t>& sizes);

/// `samples` points of a Latin hypercube in [0, 1)^dimensions: along every dimension each of the
/// `samples` strata [k/n, (k+1)/n) holds exactly one point, at a random position inside it.
/// Random permutations and offsets come from Philox keyed by `seed`, so a sweep file always
/// gives the same points. Result[i][d] is coordinate d of point i.
[[nodiscard]] std::vector<std::vector<double>> latin_hypercube(std::size_t samples, std::size_t dimensions,
                                                               std::uint64_t seed);

/// The first `samples` points of the Sobol sequence in [0, 1)^dimensions (Joe and Kuo direction
/// numbers, Boost.Random; the origin is skipped, so the sequence starts at (0.5, 0.5, ...)).
/// At most 3667 dimensions.
[[nodiscard]] std::vector<std::vector<double>> sobol_points(std::size_t samples, std::size_t dimensions);

enum class Scale { linear, log };

/// Bounds of a sampled parameter, in the user's unit.
struct Bounds {
  double min = 0.0;
  double max = 1.0;
  Scale scale = Scale::linear;
};

/// Maps u in [0, 1] onto the bounds: min + u (max - min), or min (max/min)^u on a log scale.
[[nodiscard]] double map_to_bounds(double u, const Bounds& bounds);

}  // namespace voidsim::sweep
