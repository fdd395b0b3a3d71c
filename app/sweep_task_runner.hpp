#pragma once
// One sweep task = one child process of this executable running `voidsim run` into
// DIR/runs/<task_name>, with its output in DIR/logs/<task_name>.log. Every back end (local -j N,
// MPI ranks, SLURM array tasks) runs tasks through run_sweep_task, so they give the same numbers.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sweep/sweep_plan.hpp"

namespace voidsim::app {

struct TaskRunSettings {
  std::filesystem::path executable;  // voidsim itself (/proc/self/exe)
  std::filesystem::path sweep_dir;   // DIR
  int threads_per_task = 1;          // --threads of the child
  bool resume = false;  // true: skip a complete task, continue an interrupted one from its checkpoint;
                        // false: start the run over (--force)
};

/// Runs one task to its end and reports it; never throws for a failing run. On a non-zero exit
/// other than "interrupted" (130) writes DIR/runs/<task_name>.failed.json (index, point,
/// replicate, seed, parameters, exit code, error = the end of the log, log path, time); on
/// success removes it. If this process received SIGINT/SIGTERM (app/stop_signal.hpp) the child
/// gets SIGTERM once (it checkpoints and exits 130), and no new child is started.
[[nodiscard]] sweep::TaskOutcome run_sweep_task(const sweep::SweepPlan& plan, const sweep::SweepTask& task,
                                                const TaskRunSettings& settings);

/// A task whose child process is running (the non-blocking half of run_sweep_task, so that one
/// thread can supervise many children: see start_sweep_task).
struct StartedTask {
  pid_t pid = -1;
  std::size_t index = 0;
  std::vector<std::string> command;
  std::chrono::steady_clock::time_point start;
  bool stop_forwarded = false;  // SIGTERM already sent (a run treats a second signal as "exit now")
};

/// Starts the task's child and returns it, or returns nullopt with `outcome` filled when there is
/// nothing to run (complete and resume: skipped; stop requested: not started; spawn failure).
/// The local back end uses this from its single thread: a child gets SIGTERM when the sweep dies,
/// and only a single-threaded parent makes that exactly one signal (Linux re-sends the death signal
/// each time the child is handed to another thread of a dying parent).
[[nodiscard]] std::optional<StartedTask> start_sweep_task(const sweep::SweepPlan& plan,
                                                          const sweep::SweepTask& task,
                                                          const TaskRunSettings& settings,
                                                          sweep::TaskOutcome& outcome);

/// Non-blocking: true once the child has exited, with its waitpid status in `wait_status`.
[[nodiscard]] bool reap_sweep_task(const StartedTask& started, int& wait_status);

/// Sends SIGTERM to the child once (idempotent).
void forward_stop(StartedTask& started);

/// Completes the record of a child that exited with waitpid status `wait_status`: exit code,
/// error (end of the log), failure record written or removed.
[[nodiscard]] sweep::TaskOutcome finish_sweep_task(const sweep::SweepPlan& plan, const sweep::SweepTask& task,
                                                   const TaskRunSettings& settings,
                                                   const StartedTask& started, int wait_status);

/// The child's command line (argv[0] = settings.executable), for logs and tests.
[[nodiscard]] std::vector<std::string> sweep_task_command(const sweep::SweepPlan& plan,
                                                          const sweep::SweepTask& task,
                                                          const TaskRunSettings& settings);

/// True when DIR/runs/<task_name>/summary.json exists (the run-directory contract's mark).
[[nodiscard]] bool sweep_task_complete(const std::filesystem::path& sweep_dir, std::size_t index);

/// Local back end: up to `jobs` children at once, the next pending task started as soon as one
/// exits (run times differ by orders of magnitude across a sweep, so a static split would idle
/// cores). One thread supervises them all: see start_sweep_task for why. Logs each finished task;
/// returns the outcomes sorted by index. Used by `voidsim sweep -j N` and `voidsim calibrate -j N`.
[[nodiscard]] std::vector<sweep::TaskOutcome> run_tasks_locally(const sweep::SweepPlan& plan,
                                                                const std::vector<std::size_t>& pending,
                                                                const TaskRunSettings& settings, int jobs);

/// "key=text, key=text, replicate R": a task's parameters for log lines.
[[nodiscard]] std::string describe_task(const sweep::SweepPlan& plan, std::size_t index);

/// The executable of this process (/proc/self/exe).
[[nodiscard]] std::filesystem::path this_executable();

}  // namespace voidsim::app
