#pragma once
// Two error tiers (STYLE.md): always-on checks that throw with context for user input, I/O and
// numerical health, and VOIDSIM_ASSERT for internal invariants (debug builds only).
// Every exception is caught once, in app/main.cpp, and mapped to an exit code.
#include <cassert>
#include <stdexcept>
#include <string>
#include <vector>

namespace voidsim {

/// Exit codes of the command-line tool; scripts (sweeps, SLURM arrays) rely on them.
enum class ExitCode : int {
  ok = 0,
  // voidsim validate: a required check fails, or none applies to the runs. 1, as issue 6 asks
  // and as diff(1) and grep(1) use it: "ran fine, the answer is no".
  validation_failed = 1,
  usage_error = 2,      // wrong command-line usage (CLI11)
  input_error = 3,      // a scenario, dataset or image is invalid
  numerical_error = 4,  // the solution blew up (NaN, bounds) and step back-off did not help
  io_error = 5,         // a file could not be read or written
  internal_error = 70,  // a bug: an invariant failed or an unexpected exception escaped
                        // (EX_SOFTWARE of sysexits.h, so it never reads as a failed validation)
  interrupted = 130,    // SIGINT/SIGTERM: a checkpoint was written, `--resume` continues
};

/// One located problem in an input file. line and column are 1-based; 0 means unknown.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;  // dotted key path, e.g. "electrolyte.thickness"
  std::string message;
  std::string hint;  // e.g. "did you mean 'thickness'?"; empty if none

  /// "file:line:col: key: message (hint)" -- the format editors and CI logs understand.
  [[nodiscard]] std::string format() const;
};

/// Bad user input: carries every diagnostic found, so a user fixes all of them in one pass.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(Diagnostic diagnostic);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// A file could not be opened, read, written or renamed. The message names the path.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The numerical solution left its admissible set (NaN/Inf, bounds) and could not be recovered.
class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown from inside an engine's time loop when the user asked the run to stop (SIGINT/SIGTERM).
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted by signal") {}
};

}  // namespace voidsim

/// Internal invariant; compiled out in Release like MFEM_ASSERT.
#define VOIDSIM_ASSERT(cond, msg) assert((cond) && (msg))
