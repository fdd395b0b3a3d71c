// Compiled as C++17: see the header for why.
#include "solvers/rosenbrock4_integrator.hpp"

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace voidsim {

namespace {

namespace odeint = boost::numeric::odeint;
using Vector = boost::numeric::ublas::vector<double>;
using Matrix = boost::numeric::ublas::matrix<double>;

// Adapters from odeint's uBLAS signatures to the std::vector interface. The scratch vectors
// live in the adapter, so the per-stage calls do not allocate once sized.
struct RhsAdapter {
  const StiffSystem* system;
  mutable std::vector<double> y, f;
  void operator()(const Vector& x, Vector& dxdt, double t) const {
    y.assign(x.begin(), x.end());
    f.resize(y.size());
    system->rhs(y, t, f);
    std::copy(f.begin(), f.end(), dxdt.begin());
  }
};

struct JacobianAdapter {
  const StiffSystem* system;
  mutable std::vector<double> y, jac, dfdt;
  void operator()(const Vector& x, Matrix& jacobian, double t, Vector& dfdt_out) const {
    const std::size_t n = x.size();
    y.assign(x.begin(), x.end());
    jac.assign(n * n, 0.0);
    dfdt.assign(n, 0.0);
    system->jacobian(y, t, jac, dfdt);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) jacobian(i, j) = jac[i * n + j];
      dfdt_out[i] = dfdt[i];
    }
  }
};

}  // namespace

long integrate_rosenbrock4(const StiffSystem& system, std::vector<double>& y, double t0, double t1,
                           double& step_size, const Rosenbrock4Settings& settings) {
  if (!(t1 > t0)) return 0;
  auto controller = odeint::rosenbrock4_controller<odeint::rosenbrock4<double>>(settings.absolute_tolerance,
                                                                                settings.relative_tolerance);
  RhsAdapter rhs{&system, {}, {}};
  JacobianAdapter jacobian{&system, {}, {}, {}};
  auto pair = std::make_pair(std::ref(rhs), std::ref(jacobian));
  Vector x(y.size());
  std::copy(y.begin(), y.end(), x.begin());

  double t = t0;
  long n_accepted = 0;
  long n_tried = 0;
  if (!(step_size > 0.0) || !std::isfinite(step_size)) step_size = t1 - t0;
  while (t < t1) {
    if (++n_tried > settings.max_steps) {
      throw NumericalError("Rosenbrock4: more than " + std::to_string(settings.max_steps) +
                           " steps between t = " + std::to_string(t0) + " s and " + std::to_string(t1) +
                           " s");
    }
    const double remaining = t1 - t;
    const bool last = step_size >= remaining;
    double h = last ? remaining : step_size;
    const double t_before = t;
    if (controller.try_step(pair, x, t, h) == odeint::success) {
      ++n_accepted;
      if (last) t = t1;  // t_before + (t1 - t_before) may round off t1
      // Keep the natural step size when this one was only shortened to land on t1.
      if (!last || h > step_size) step_size = h;
      for (const double v : x) {
        if (!std::isfinite(v)) {
          throw NumericalError("Rosenbrock4: non-finite state at t = " + std::to_string(t) + " s");
        }
      }
    } else {
      step_size = h;
      if (!(h > 16.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(t_before), 1.0))) {
        throw NumericalError("Rosenbrock4: step size underflow at t = " + std::to_string(t_before) + " s");
      }
    }
  }
  std::copy(x.begin(), x.end(), y.begin());
  return n_accepted;
}

}  // namespace voidsim
