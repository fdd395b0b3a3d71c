#include "solvers/engine.hpp"

namespace voidsim {

const double* Engine::field_data(std::string_view field_name) const {
  for (const auto& f : fields()) {
    if (f.name == field_name) return f.data;
  }
  return nullptr;
}

}  // namespace voidsim
