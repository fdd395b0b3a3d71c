#include "app/progress_reporter.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace voidsim::app {

bool stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) != 0 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
}

ProgressReporter::ProgressReporter(double t_start, double t_end, bool live, bool quiet)
    : t_start_(t_start),
      t_end_(t_end),
      live_(live),
      quiet_(quiet),
      wall_start_(std::chrono::steady_clock::now()),
      last_line_(wall_start_) {}

ProgressReporter::~ProgressReporter() { finish(); }

std::string ProgressReporter::format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  const long s = std::lround(seconds);
  char buffer[32];
  if (s >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ldh %02ldm", s / 3600, (s % 3600) / 60);
  } else if (s >= 60) {
    std::snprintf(buffer, sizeof buffer, "%ldm %02lds", s / 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld s", s);
  }
  return buffer;
}

void ProgressReporter::update(double t_now, const std::string& status) {
  if (quiet_) return;
  const double span = t_end_ - t_start_;
  const double fraction = span > 0 ? std::clamp((t_now - t_start_) / span, 0.0, 1.0) : 1.0;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - wall_start_).count();
  const double eta = fraction > 1e-9 ? elapsed * (1.0 - fraction) / fraction : NAN;
  if (live_) {
    constexpr int width = 30;
    const int filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r[%s] %5.1f%%  t = %.0f s  elapsed %s  ETA %s  %s\033[K", bar.c_str(),
                 100 * fraction, t_now, format_duration(elapsed).c_str(), format_duration(eta).c_str(),
                 status.c_str());
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  // Batch mode: a line every 10 % of the run or every 60 s of wall time, whichever comes first.
  const double since_line = std::chrono::duration<double>(now - last_line_).count();
  if (fraction - last_fraction_logged_ >= 0.1 || since_line >= 60.0 || fraction >= 1.0) {
    if (fraction >= 1.0 && last_fraction_logged_ >= 1.0) return;
    spdlog::info("progress {:5.1f}%  t = {:.0f} s  elapsed {}  ETA {}  {}", 100 * fraction, t_now,
                 format_duration(elapsed), format_duration(eta), status);
    last_fraction_logged_ = fraction;
    last_line_ = now;
  }
}

void ProgressReporter::finish() {
  if (drawn_) {
    std::fprintf(stderr, "\n");
    drawn_ = false;
  }
}

}  // namespace voidsim::app
