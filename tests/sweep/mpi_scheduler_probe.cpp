// Probe of the MPI back end's scheduler, launched by ctest under mpirun (tests/sweep/CMakeLists.txt):
// tasks of very different durations (one of 1.5 s, twelve of 0.05 s) and one that throws. Checks,
// on rank 0: every task ran exactly once and is reported once, in index order; the failing task
// is a failed outcome while the others complete; rank 0 ran tasks too; and the load was balanced
// dynamically: the rank that got the long task ran at most one other task (a static round-robin
// split of 14 tasks over 3 ranks would give it 4 or 5). Exit code 0 when all hold, 1 otherwise.
// Without a launcher (or without MPI) the same call runs every task in this process.
// With a third argument "stop": tasks of 0.2 s, and task 3 raises the stop request of every rank
// (a file all ranks poll, as a signal reaching every rank would); then no rank may hang, and the
// tasks that ran (some started before the stop) must be exactly the ones reported, fewer than all.
// With "error": rank 1 fails before scheduling; the job must then end with an error, not hang.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sweep/mpi_task_scheduler.hpp"

namespace fs = std::filesystem;
using voidsim::sweep::TaskOutcome;

namespace {

constexpr std::size_t n_tasks = 14;
constexpr std::size_t long_task = 0;
constexpr std::size_t failing_task = 7;

bool check(bool condition, const std::string& what) {
  if (!condition) std::fprintf(stderr, "mpi_scheduler_probe: FAILED: %s\n", what.c_str());
  return condition;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 3 && (std::string(argv[2]) == "stop" || std::string(argv[2]) == "error"))) {
    std::fprintf(stderr, "usage: mpi_scheduler_probe SCRATCH_DIR [stop|error]\n");
    return 2;
  }
  const fs::path scratch = argv[1];
  const bool stop_mode = argc == 3 && std::string(argv[2]) == "stop";
  const bool error_mode = argc == 3 && std::string(argv[2]) == "error";
  const fs::path stop_file = scratch / "stop";
  const int size = voidsim::sweep::mpi_world_size();
  const int rank = voidsim::sweep::mpi_rank();
  if (error_mode && rank == 1) {
    // As `voidsim sweep` when this rank's setup throws: it finalises (RAII) and returns an error
    // without taking part in the scheduling. The job must end, not hang (tests/sweep/CMakeLists).
    std::fprintf(stderr, "mpi_scheduler_probe: rank 1 fails before scheduling\n");
    voidsim::sweep::finalize_mpi();
    return 3;
  }
  // The scratch directory was emptied by the test command before the launch (ranks start at once).
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < n_tasks; ++i) pending.push_back(i);

  const auto run_one = [&](std::size_t index) {
    // Record who ran the task: one file per task, written by the rank that ran it.
    std::ofstream(scratch / ("task-" + std::to_string(index) + ".rank"), std::ios::app) << rank << '\n';
    if (stop_mode) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (index == 3) std::ofstream(stop_file) << "stop\n";
      TaskOutcome outcome;
      outcome.index = index;
      return outcome;
    }
    if (index == failing_task) throw std::runtime_error("deliberate failure of task 7");
    std::this_thread::sleep_for(std::chrono::milliseconds(index == long_task ? 1500 : 50));
    TaskOutcome outcome;
    outcome.index = index;
    outcome.wall_seconds = index == long_task ? 1.5 : 0.05;
    return outcome;
  };
  const std::vector<TaskOutcome> outcomes = voidsim::sweep::run_tasks_over_mpi(
      pending, run_one, [&] { return stop_mode && fs::exists(stop_file); });
  voidsim::sweep::finalize_mpi();
  if (rank != 0) return check(outcomes.empty(), "ranks other than 0 return no outcome") ? 0 : 1;
  if (stop_mode) {
    std::size_t n_ran = 0;
    for (std::size_t i = 0; i < n_tasks; ++i)
      n_ran += fs::exists(scratch / ("task-" + std::to_string(i) + ".rank"));
    std::printf("stop after task 3: %zu tasks ran, %zu reported\n", n_ran, outcomes.size());
    bool ok = check(n_ran == outcomes.size(), "every task that ran is reported, and only those");
    ok = check(n_ran < n_tasks, "no task started after the stop") && ok;
    for (std::size_t i = 1; i < outcomes.size(); ++i)
      ok = check(outcomes[i - 1].index < outcomes[i].index, "each reported once, in index order") && ok;
    return ok ? 0 : 1;
  }

  bool ok = check(outcomes.size() == n_tasks, "one outcome per task");
  std::map<int, int> tasks_per_rank;
  int rank_of_long_task = -1;
  for (std::size_t i = 0; i < n_tasks && ok; ++i) {
    ok = check(outcomes[i].index == i, "outcomes in index order") && ok;
    const bool failing = i == failing_task;
    ok = check(outcomes[i].exit_code == (failing ? -1 : 0), "exit code of task " + std::to_string(i)) && ok;
    if (failing) ok = check(outcomes[i].error == "deliberate failure of task 7", "error text kept") && ok;
    std::ifstream in(scratch / ("task-" + std::to_string(i) + ".rank"));
    std::vector<int> ranks;
    for (int r; in >> r;) ranks.push_back(r);
    ok = check(ranks.size() == 1, "task " + std::to_string(i) + " ran exactly once") && ok;
    if (ranks.size() == 1) {
      ++tasks_per_rank[ranks[0]];
      if (i == long_task) rank_of_long_task = ranks[0];
    }
  }
  std::printf("ranks %d; tasks per rank:", size);
  for (const auto& [r, n] : tasks_per_rank) std::printf(" %d:%d", r, n);
  std::printf("; long task on rank %d\n", rank_of_long_task);
  if (size > 1) {
    ok = check(static_cast<int>(tasks_per_rank.size()) == size, "every rank, rank 0 included, ran tasks") &&
         ok;
    ok = check(tasks_per_rank[rank_of_long_task] <= 2, "the rank with the long task ran at most one other") &&
         ok;
  }
  return ok ? 0 : 1;
}
