#include "postprocess/connected_components.hpp"

#include <algorithm>
#include <numeric>

namespace voidsim {

namespace {

// Union-find with path halving; the forest is flat arrays, no allocation per cell.
struct DisjointSets {
  std::vector<int> parent;
  explicit DisjointSets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int a) {
    while (parent[a] != a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  }
  void unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::vector<int> label_components(const Grid& grid, const std::vector<unsigned char>& foreground,
                                  bool periodic_x, Connectivity connectivity) {
  const std::size_t n = grid.size();
  DisjointSets sets(n);
  const bool wrap = periodic_x && grid.nx > 1;
  auto join = [&](std::size_t c, std::size_t other) {
    if (foreground[other] != 0) sets.unite(static_cast<int>(c), static_cast<int>(other));
  };
  for (std::size_t k = 0; k < grid.nz; ++k) {
    for (std::size_t j = 0; j < grid.ny; ++j) {
      for (std::size_t i = 0; i < grid.nx; ++i) {
        const std::size_t c = grid.index(i, j, k);
        if (foreground[c] == 0) continue;
        // Half stencil: every neighbouring pair is visited once, from its later cell.
        const bool has_left = i > 0 || wrap;
        const std::size_t left = i > 0 ? i - 1 : grid.nx - 1;
        if (has_left) join(c, grid.index(left, j, k));
        if (j > 0) join(c, grid.index(i, j - 1, k));
        if (k > 0) {
          join(c, grid.index(i, j, k - 1));
          if (connectivity == Connectivity::faces_and_xz_edges) {
            if (has_left) join(c, grid.index(left, j, k - 1));
            const bool has_right = i + 1 < grid.nx || wrap;
            if (has_right) join(c, grid.index(i + 1 < grid.nx ? i + 1 : 0, j, k - 1));
          }
        }
      }
    }
  }
  std::vector<int> label(n, 0);
  std::vector<int> root_label(n, 0);
  int next = 0;
  for (std::size_t c = 0; c < n; ++c) {
    if (foreground[c] == 0) continue;
    const int r = sets.find(static_cast<int>(c));
    if (root_label[r] == 0) root_label[r] = ++next;
    label[c] = root_label[r];
  }
  return label;
}

bool object_covers_two_previous(const std::vector<int>& previous_labels, const std::vector<int>& labels) {
  if (previous_labels.size() != labels.size()) return false;
  std::vector<int> first_parent;
  for (std::size_t c = 0; c < labels.size(); ++c) {
    const int now = labels[c], before = previous_labels[c];
    if (now == 0 || before == 0) continue;
    if (static_cast<std::size_t>(now) >= first_parent.size())
      first_parent.resize(static_cast<std::size_t>(now) + 1, 0);
    int& parent = first_parent[static_cast<std::size_t>(now)];
    if (parent == 0) {
      parent = before;
    } else if (parent != before) {
      return true;
    }
  }
  return false;
}

}  // namespace voidsim
