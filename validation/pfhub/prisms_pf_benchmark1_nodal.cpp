// Independent check of where PRISMS-PF's published benchmark 1 values (70.35 at t = 1000, 40.81
// at t = 10000; validation/pfhub_reference.hpp) come from, sharing no code with voidsim's
// stepper: PRISMS-PF's CHiMaD_benchmark1a configuration written out directly. Degree-1 elements
// with Gauss-Lobatto quadrature on a uniform mesh have a lumped (diagonal) mass matrix, and their
// stiffness is then the 5-point Laplacian on the nodes with mirrored neighbours at the walls
// (ZERO_DERIVATIVE); mu = f'(c) - kappa lap c, c += dt M lap mu (forward Euler, dt 5e-3). The energy
// is PRISMS-PF's postprocessed f_chem + kappa/2 (c_x + c_y)^2 at the elements' corners.
// Not run by ctest (2e6 steps: ~2 min); usage: voidsim_prisms_pf_benchmark1_nodal [dt]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

constexpr int elements = 128;  // refine factor 7
constexpr int nodes = elements + 1;
constexpr double side = 200.0, kappa = 2.0, mobility = 5.0, rho = 5.0, c_a = 0.3, c_b = 0.7;

int mirror(int i) { return i < 0 ? 1 : (i >= nodes ? nodes - 2 : i); }

void laplacian(const std::vector<double>& u, std::vector<double>& out, double h) {
  for (int j = 0; j < nodes; ++j)
    for (int i = 0; i < nodes; ++i)
      out[j * nodes + i] =
          (u[j * nodes + mirror(i - 1)] + u[j * nodes + mirror(i + 1)] + u[mirror(j - 1) * nodes + i] +
           u[mirror(j + 1) * nodes + i] - 4.0 * u[j * nodes + i]) /
          (h * h);
}

// Gauss-Lobatto corner quadrature on every element; cross = false gives the specification's energy.
double free_energy(const std::vector<double>& c, double h, bool cross) {
  double total = 0.0;
  for (int j = 0; j < elements; ++j) {
    for (int i = 0; i < elements; ++i) {
      for (int b = 0; b < 2; ++b) {
        for (int a = 0; a < 2; ++a) {
          const double v = c[(j + b) * nodes + i + a];
          const double cx = (c[(j + b) * nodes + i + 1] - c[(j + b) * nodes + i]) / h;
          const double cy = (c[(j + 1) * nodes + i + a] - c[j * nodes + i + a]) / h;
          const double p = (v - c_a) * (c_b - v);
          const double gradient = cross ? (cx + cy) * (cx + cy) : cx * cx + cy * cy;
          total += (rho * p * p + 0.5 * kappa * gradient) * h * h / 4.0;
        }
      }
    }
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const double dt = argc > 1 ? std::atof(argv[1]) : 5e-3;
  const double h = side / elements;
  std::vector<double> c(nodes * nodes), mu(nodes * nodes), lap(nodes * nodes);
  for (int j = 0; j < nodes; ++j) {
    for (int i = 0; i < nodes; ++i) {
      const double x = i * h, y = j * h, a = std::cos(0.13 * x) * std::cos(0.087 * y);
      c[j * nodes + i] = 0.5 + 0.01 * (std::cos(0.105 * x) * std::cos(0.11 * y) + a * a +
                                       std::cos(0.025 * x - 0.15 * y) * std::cos(0.07 * x - 0.02 * y));
    }
  }
  std::printf("time,free_energy_prisms_pf,free_energy_specification\n");
  long step = 0;
  for (const double t_out : {0.0, 100.0, 1000.0, 2000.0, 5000.0, 10000.0}) {
    while (step * dt < t_out - 0.5 * dt) {
      laplacian(c, lap, h);
      for (std::size_t k = 0; k < c.size(); ++k) {
        const double v = c[k];
        mu[k] = 2.0 * rho * (v - c_a) * (v - c_b) * (2.0 * v - c_a - c_b) - kappa * lap[k];
      }
      laplacian(mu, lap, h);
      for (std::size_t k = 0; k < c.size(); ++k) c[k] += dt * mobility * lap[k];
      ++step;
    }
    std::printf("%g,%.4f,%.4f\n", t_out, free_energy(c, h, true), free_energy(c, h, false));
    std::fflush(stdout);
  }
  return 0;
}
