#include "solvers/kmc_event_tree.hpp"

#include <algorithm>
#include <cstdint>

namespace voidsim {

void KmcEventTree::resize(std::size_t n) {
  n_ = n;
  // Level sizes from the leaves up; each level starts on a cache line and is padded to whole
  // groups of fan_out.
  level_size_.assign(1, std::max<std::size_t>(n, 1));
  while (level_size_.back() > 1) level_size_.push_back((level_size_.back() + fan_out - 1) / fan_out);
  std::reverse(level_size_.begin(), level_size_.end());  // level_size_[0] = 1 (root)
  depth_ = level_size_.size() - 1;
  offset_.assign(level_size_.size(), 0);
  std::size_t total = fan_out;  // the root alone in the first cache line
  for (std::size_t level = 1; level < level_size_.size(); ++level) {
    offset_[level] = total;
    total += (level_size_[level] + fan_out - 1) / fan_out * fan_out;
  }
  nodes_.assign(total, 0.0);
}

void KmcEventTree::rebuild_internal() noexcept {
  for (std::size_t level = depth_; level-- > 0;) {
    for (std::size_t j = 0; j < level_size_[level]; ++j) {
      nodes_[offset_[level] + j] = group_sum(nodes_.data() + offset_[level + 1] + fan_out * j);
    }
  }
}

}  // namespace voidsim
