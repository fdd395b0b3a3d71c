#pragma once
// Progress of a long run with an ETA: a live bar redrawn in place on a terminal, periodic log
// lines otherwise (batch jobs, CI logs), so a SLURM log stays readable.
#include <chrono>
#include <string>

namespace voidsim::app {

class ProgressReporter {
 public:
  /// `t_start`..`t_end` is the simulated-time span; `live` selects the terminal bar.
  ProgressReporter(double t_start, double t_end, bool live, bool quiet);
  ~ProgressReporter();

  /// Reports the current simulated time and a short status ("voids 3, porosity 0.2 %").
  void update(double t_now, const std::string& status);
  /// Clears the live bar before other output.
  void finish();

  /// Human-readable duration "1h 02m", "3m 10s", "42 s".
  [[nodiscard]] static std::string format_duration(double seconds);

 private:
  double t_start_, t_end_;
  bool live_, quiet_, drawn_ = false;
  std::chrono::steady_clock::time_point wall_start_, last_line_;
  double last_fraction_logged_ = -1.0;
};

/// True if standard error is a terminal (live bar) and TERM is not "dumb".
[[nodiscard]] bool stderr_is_terminal();

}  // namespace voidsim::app
