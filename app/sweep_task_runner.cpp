#include "app/sweep_task_runner.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "app/run_pipeline.hpp"
#include "app/stop_signal.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/checkpoint_file.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* attempt_marker = "# voidsim sweep: ";

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buffer;
}

fs::path run_dir(const fs::path& sweep_dir, std::size_t index) {
  return sweep_dir / sweep::sweep_files::runs_dir / sweep::task_name(index);
}
fs::path log_file(const fs::path& sweep_dir, std::size_t index) {
  return sweep_dir / sweep::sweep_files::logs_dir / (sweep::task_name(index) + ".log");
}
fs::path failure_file(const fs::path& sweep_dir, std::size_t index) {
  return sweep_dir / sweep::sweep_files::runs_dir / (sweep::task_name(index) + ".failed.json");
}

bool has_checkpoint(const fs::path& dir) {
  const fs::path checkpoint = dir / run_files::checkpoint;
  return fs::exists(checkpoint) || fs::exists(io::previous_checkpoint_path(checkpoint));
}

std::string joined(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& a : argv) {
    const bool plain = !a.empty() && a.find_first_of(" \t'\"\\$`*?;&|<>()") == std::string::npos;
    line += (line.empty() ? "" : " ") + (plain ? a : "'" + a + "'");
  }
  return line;
}

// The error of the last attempt in the log: its lines that name an error, else its last lines.
std::string log_error(const fs::path& log) {
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(attempt_marker, 0) == 0)
      lines.clear();
    else if (!line.empty())
      lines.push_back(line);
  }
  std::vector<std::string> errors;
  for (const auto& line : lines) {
    if (line.find("error") != std::string::npos || line.find("critical") != std::string::npos)
      errors.push_back(line);
  }
  const std::vector<std::string>& chosen = errors.empty() ? lines : errors;
  std::string text;
  const std::size_t first = chosen.size() > 6 ? chosen.size() - 6 : 0;
  for (std::size_t i = first; i < chosen.size(); ++i) text += (text.empty() ? "" : "\n") + chosen[i];
  return text;
}

void write_failure(const sweep::SweepTask& task, const TaskRunSettings& settings,
                   const sweep::TaskOutcome& outcome, const std::vector<std::string>& command) {
  nlohmann::ordered_json j;
  j["index"] = task.index;
  j["name"] = sweep::task_name(task.index);
  j["point"] = task.point;
  j["replicate"] = task.replicate;
  j["seed"] = task.seed;
  nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
  for (const auto& p : task.parameters) parameters[p.key] = p.text;
  j["parameters"] = parameters;
  j["exit_code"] = outcome.exit_code;
  j["error"] = outcome.error;
  j["log"] = log_file(settings.sweep_dir, task.index).string();
  j["command"] = joined(command);
  j["wall_seconds"] = outcome.wall_seconds;
  j["time"] = now_iso8601();
  io::write_text_atomic(failure_file(settings.sweep_dir, task.index), j.dump(2) + "\n");
}

// fork + exec with the child in its own process group (a Ctrl-C reaches only the sweep, which
// forwards it exactly once: a run treats a second signal as "exit now, no checkpoint") and with
// SIGTERM on the death of the forking thread (a killed sweep leaves checkpointed runs rather than
// orphans writing on; see start_sweep_task for why the local back end forks from one thread).
// Returns the pid, or -1 with errno set.
pid_t spawn(const std::vector<std::string>& command, int log_fd) {
  std::vector<char*> argv;
  for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: only async-signal-safe calls until exec.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(128 + SIGTERM);  // the sweep died before prctl took effect
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  dup2(log_fd, STDOUT_FILENO);
  dup2(log_fd, STDERR_FILENO);
  execv(argv[0], argv.data());
  const char message[] = "voidsim sweep: cannot execute the task's command\n";
  [[maybe_unused]] const auto written = write(STDERR_FILENO, message, sizeof message - 1);
  _exit(127);
}

}  // namespace

fs::path this_executable() { return fs::read_symlink("/proc/self/exe"); }

bool sweep_task_complete(const fs::path& sweep_dir, std::size_t index) {
  return fs::exists(run_dir(sweep_dir, index) / run_files::summary_json);
}

std::vector<std::string> sweep_task_command(const sweep::SweepPlan& plan, const sweep::SweepTask& task,
                                            const TaskRunSettings& settings) {
  const fs::path dir = run_dir(settings.sweep_dir, task.index);
  std::vector<std::string> argv = {settings.executable.string(),
                                   "--threads",
                                   std::to_string(std::max(settings.threads_per_task, 1)),
                                   "--log-level",
                                   "warn",
                                   "run"};
  if (!plan.base_scenario.empty()) argv.push_back(plan.base_scenario.string());
  for (const std::string& o : sweep::task_overrides(plan, task)) {
    argv.push_back("--set");
    argv.push_back(o);
  }
  argv.insert(argv.end(), {"-q", "-o", dir.string()});
  // Resume only from a checkpoint; a directory without one (killed before its first checkpoint,
  // or a previous plan's run under --force) starts over.
  argv.push_back(settings.resume && has_checkpoint(dir) ? "--resume" : "--force");
  return argv;
}

std::optional<StartedTask> start_sweep_task(const sweep::SweepPlan& plan, const sweep::SweepTask& task,
                                            const TaskRunSettings& settings, sweep::TaskOutcome& outcome) {
  outcome = sweep::TaskOutcome{};
  outcome.index = task.index;
  const fs::path& sweep_dir = settings.sweep_dir;
  try {
    if (settings.resume && sweep_task_complete(sweep_dir, task.index)) {
      outcome.skipped = true;
      fs::remove(failure_file(sweep_dir, task.index));
      return std::nullopt;
    }
    if (stop_requested()) {
      outcome.exit_code = static_cast<int>(ExitCode::interrupted);
      outcome.error = "not started: the sweep was interrupted";
      return std::nullopt;
    }
    fs::create_directories(sweep_dir / sweep::sweep_files::runs_dir);
    fs::create_directories(sweep_dir / sweep::sweep_files::logs_dir);
    StartedTask started;
    started.index = task.index;
    started.start = std::chrono::steady_clock::now();
    started.command = sweep_task_command(plan, task, settings);
    const fs::path log = log_file(sweep_dir, task.index);
    const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) throw IoError("cannot open task log '" + log.string() + "'");
    const std::string header = std::string(attempt_marker) + now_iso8601() + " " +
                               sweep::task_name(task.index) + " (point " + std::to_string(task.point) +
                               ", replicate " + std::to_string(task.replicate) +
                               "): " + joined(started.command) + "\n";
    [[maybe_unused]] const auto written = write(log_fd, header.data(), header.size());
    started.pid = spawn(started.command, log_fd);
    const int spawn_errno = errno;
    close(log_fd);
    if (started.pid < 0)
      throw IoError("cannot start a process for " + sweep::task_name(task.index) + ": " +
                    std::strerror(spawn_errno));
    return started;
  } catch (const std::exception& e) {
    // A task never throws: the sweep goes on with the others and reports this one.
    outcome.exit_code = static_cast<int>(ExitCode::io_error);
    outcome.error = e.what();
    try {
      write_failure(task, settings, outcome, {});
    } catch (const std::exception&) {
    }
    return std::nullopt;
  }
}

bool reap_sweep_task(const StartedTask& started, int& status) {
  const pid_t done = waitpid(started.pid, &status, WNOHANG);
  if (done == started.pid) return true;
  if (done < 0 && errno != EINTR) {
    status = (128 + SIGKILL) << 8;  // lost track of the child: report it as killed
    return true;
  }
  return false;
}

void forward_stop(StartedTask& started) {
  if (started.stop_forwarded || started.pid <= 0) return;
  kill(started.pid, SIGTERM);
  started.stop_forwarded = true;
}

sweep::TaskOutcome finish_sweep_task(const sweep::SweepPlan& plan, const sweep::SweepTask& task,
                                     const TaskRunSettings& settings, const StartedTask& started,
                                     int status) {
  (void)plan;
  sweep::TaskOutcome outcome;
  outcome.index = task.index;
  outcome.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started.start).count();
  const fs::path& sweep_dir = settings.sweep_dir;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (outcome.exit_code == 0 && !sweep_task_complete(sweep_dir, task.index)) {
    outcome.exit_code = static_cast<int>(ExitCode::internal_error);
    outcome.error = "the run exited 0 but wrote no summary.json";
  } else if (outcome.exit_code != 0) {
    outcome.error = log_error(log_file(sweep_dir, task.index));
    if (outcome.error.empty()) outcome.error = "exit code " + std::to_string(outcome.exit_code);
  }
  try {
    if (outcome.exit_code == 0)
      fs::remove(failure_file(sweep_dir, task.index));
    else if (outcome.exit_code != static_cast<int>(ExitCode::interrupted))
      write_failure(task, settings, outcome, started.command);
  } catch (const std::exception& e) {
    outcome.error +=
        std::string(outcome.error.empty() ? "" : "; ") + "failure record not written: " + e.what();
  }
  return outcome;
}

sweep::TaskOutcome run_sweep_task(const sweep::SweepPlan& plan, const sweep::SweepTask& task,
                                  const TaskRunSettings& settings) {
  sweep::TaskOutcome outcome;
  std::optional<StartedTask> started = start_sweep_task(plan, task, settings, outcome);
  if (!started) return outcome;
  // Poll rather than block, so a stop request of this process reaches the child promptly.
  int status = 0;
  while (!reap_sweep_task(*started, status)) {
    if (stop_requested()) forward_stop(*started);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return finish_sweep_task(plan, task, settings, *started, status);
}

std::string describe_task(const sweep::SweepPlan& plan, std::size_t index) {
  std::string text;
  for (const auto& p : plan.tasks[index].parameters)
    text += (text.empty() ? "" : ", ") + p.key + "=" + p.text;
  if (plan.replicates > 1)
    text +=
        (text.empty() ? "" : ", ") + std::string("replicate ") + std::to_string(plan.tasks[index].replicate);
  return text;
}

std::vector<sweep::TaskOutcome> run_tasks_locally(const sweep::SweepPlan& plan,
                                                  const std::vector<std::size_t>& pending,
                                                  const TaskRunSettings& settings, int jobs) {
  std::vector<sweep::TaskOutcome> outcomes;
  std::vector<StartedTask> running;
  std::size_t next = 0;
  auto record = [&](const sweep::TaskOutcome& outcome) {
    outcomes.push_back(outcome);
    const std::string status = outcome.skipped          ? "already complete"
                               : outcome.exit_code == 0 ? "complete"
                               : outcome.exit_code == static_cast<int>(ExitCode::interrupted)
                                   ? "interrupted"
                                   : "FAILED (exit " + std::to_string(outcome.exit_code) + ")";
    spdlog::info("[{}/{}] {} {} in {:.1f} s ({})", outcomes.size(), pending.size(),
                 sweep::task_name(outcome.index), status, outcome.wall_seconds,
                 describe_task(plan, outcome.index));
  };
  while (true) {
    while (!stop_requested() && next < pending.size() && running.size() < static_cast<std::size_t>(jobs)) {
      const sweep::SweepTask& task = plan.tasks[pending[next++]];
      sweep::TaskOutcome outcome;
      if (auto started = start_sweep_task(plan, task, settings, outcome))
        running.push_back(std::move(*started));
      else
        record(outcome);
    }
    if (running.empty()) break;
    if (stop_requested())
      for (auto& r : running) forward_stop(r);
    bool reaped = false;
    for (std::size_t i = 0; i < running.size();) {
      int status = 0;
      if (reap_sweep_task(running[i], status)) {
        record(finish_sweep_task(plan, plan.tasks[running[i].index], settings, running[i], status));
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
        reaped = true;
      } else {
        ++i;
      }
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::sort(outcomes.begin(), outcomes.end(),
            [](const sweep::TaskOutcome& a, const sweep::TaskOutcome& b) { return a.index < b.index; });
  return outcomes;
}

}  // namespace voidsim::app
