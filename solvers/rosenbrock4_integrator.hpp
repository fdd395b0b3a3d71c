#pragma once
// Boost.Odeint's Rosenbrock4 (L-stable, 4th order, embedded 3rd-order error estimate) behind a
// plain interface. Why a separate file: Debian 12 ships Boost 1.74, whose uBLAS (the state and
// matrix types rosenbrock4 hard-wires) calls std::allocator::construct, removed in C++20
// (boostorg/ublas issue #95, fixed in later Boost). This one translation unit is compiled as
// C++17 (see solvers/CMakeLists.txt); this header therefore must stay C++17-clean and include
// nothing from the project that needs C++20.
#include <functional>
#include <vector>

namespace voidsim {

struct StiffSystem {
  /// dy/dt = f(y, t).
  std::function<void(const std::vector<double>& y, double t, std::vector<double>& dydt)> rhs;
  /// jacobian[i * n + j] = df_i/dy_j (row-major), dfdt[i] = df_i/dt.
  std::function<void(const std::vector<double>& y, double t, std::vector<double>& jacobian,
                     std::vector<double>& dfdt)>
      jacobian;
};

struct Rosenbrock4Settings {
  double absolute_tolerance = 1e-10;
  double relative_tolerance = 1e-8;
  long max_steps = 1'000'000;  // per call; more is a runaway (bad parameters), not a long run
};

/// Integrates y from t0 to exactly t1 (> t0) with the step-size controlled Rosenbrock4 of
/// Boost.Odeint. `step_size` is the first trial step on entry and the controller's suggestion
/// for the next call on exit; a fresh controller is made per call, so (y, step_size) is the
/// whole state a checkpoint needs for bitwise restarts. Returns the number of accepted steps.
/// Throws NumericalError on a non-finite state, step-size underflow or too many steps.
long integrate_rosenbrock4(const StiffSystem& system, std::vector<double>& y, double t0, double t1,
                           double& step_size, const Rosenbrock4Settings& settings = {});

}  // namespace voidsim
