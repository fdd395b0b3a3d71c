#include "core/error.hpp"

#include <sstream>

namespace voidsim {

std::string Diagnostic::format() const {
  std::ostringstream out;
  out << (file.empty() ? "<input>" : file);
  if (line > 0) {
    out << ':' << line;
    if (column > 0) out << ':' << column;
  }
  out << ": ";
  if (!key.empty()) out << key << ": ";
  out << message;
  if (!hint.empty()) out << " (" << hint << ')';
  return out.str();
}

namespace {
std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.format();
  }
  return text;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(Diagnostic diagnostic) : InputError(std::vector<Diagnostic>{std::move(diagnostic)}) {}

}  // namespace voidsim
