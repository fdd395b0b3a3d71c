// The MPI back end's launcher detection and its single-rank path (sweep/mpi_task_scheduler.hpp).
// The multi-rank path runs under mpirun in the ctest cases sweep_mpi/* (mpi_scheduler_probe.cpp and
// mpi_matches_local.py).
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "sweep/mpi_task_scheduler.hpp"

using namespace voidsim::sweep;

namespace {

/// Sets environment variables for one scope and restores them after.
class ScopedEnvironment {
 public:
  ScopedEnvironment(std::initializer_list<std::pair<const char*, const char*>> values) {
    for (const char* name : launcher_variables) {
      const char* old = std::getenv(name);
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
      unsetenv(name);
    }
    for (const auto& [name, value] : values) setenv(name, value, 1);
  }
  ~ScopedEnvironment() {
    for (const auto& [name, value] : saved_) {
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
    }
  }

 private:
  static constexpr const char* launcher_variables[] = {
      "OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK", "SLURM_STEP_ID", "SLURM_STEP_NUM_TASKS"};
  std::map<std::string, std::optional<std::string>> saved_;
};

}  // namespace

TEST_CASE("mpi: launcher detected from the environment only when it started several ranks") {
  {
    const ScopedEnvironment env({});
    CHECK_FALSE(launched_by_mpi_launcher());
  }
  {
    const ScopedEnvironment env({{"OMPI_COMM_WORLD_SIZE", "3"}});  // mpirun -np 3
    CHECK(launched_by_mpi_launcher());
  }
  {
    const ScopedEnvironment env({{"OMPI_COMM_WORLD_SIZE", "1"}});  // mpirun -np 1: nothing to share
    CHECK_FALSE(launched_by_mpi_launcher());
  }
  {
    const ScopedEnvironment env({{"PMI_SIZE", "4"}, {"PMI_RANK", "2"}});  // srun --mpi=pmi2
    CHECK(launched_by_mpi_launcher());
  }
  {
    const ScopedEnvironment env({{"SLURM_STEP_ID", "0"}, {"SLURM_STEP_NUM_TASKS", "8"}});  // srun -n 8
    CHECK(launched_by_mpi_launcher());
  }
  {
    // The batch script of an array task: SLURM variables, but no srun step of several tasks.
    const ScopedEnvironment env({{"SLURM_STEP_NUM_TASKS", "8"}});
    CHECK_FALSE(launched_by_mpi_launcher());
  }
  {
    const ScopedEnvironment env({{"SLURM_STEP_ID", "0"}, {"SLURM_STEP_NUM_TASKS", "1"}});
    CHECK_FALSE(launched_by_mpi_launcher());
  }
}

TEST_CASE("mpi: without a launcher there is one rank and every task runs here, failures included") {
  const ScopedEnvironment env({});
  CHECK(mpi_world_size() == 1);
  CHECK(mpi_rank() == 0);
  std::map<std::size_t, int> runs;
  const auto outcomes = run_tasks_over_mpi({5, 1, 3}, [&](std::size_t index) {
    ++runs[index];
    if (index == 3) throw std::runtime_error("disk full while writing task 3");
    TaskOutcome o;
    o.exit_code = index == 1 ? 4 : 0;  // a task whose run failed reports its exit code
    o.error = index == 1 ? "input error" : "";
    return o;
  });
  CHECK(runs == std::map<std::size_t, int>{{1, 1}, {3, 1}, {5, 1}});
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].index == 1);  // sorted by index, whatever the order of the queue
  CHECK(outcomes[0].exit_code == 4);
  CHECK(outcomes[1].index == 3);
  CHECK(outcomes[1].exit_code == -1);  // the exception became a failed outcome
  CHECK(outcomes[1].error == "disk full while writing task 3");
  CHECK(outcomes[2].index == 5);
  CHECK(outcomes[2].exit_code == 0);
  finalize_mpi();  // nothing was initialised: a no-op
}

TEST_CASE("mpi: a stop request starts no further task, the outcomes hold the tasks that ran") {
  const ScopedEnvironment env({});
  int n_run = 0;
  const auto outcomes = run_tasks_over_mpi(
      {0, 1, 2, 3, 4},
      [&](std::size_t index) {
        ++n_run;
        TaskOutcome o;
        o.index = index;
        return o;
      },
      [&] { return n_run >= 2; });  // as if SIGTERM arrived during the second task
  CHECK(n_run == 2);
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].index == 0);
  CHECK(outcomes[1].index == 1);
}

TEST_CASE("mpi: a build without MPI refuses to run under a launcher of several ranks") {
  // With MPI built in, mpi_world_size() would initialise MPI here; the refusal is the other build's.
  if (built_with_mpi()) return;
  const ScopedEnvironment env({{"OMPI_COMM_WORLD_SIZE", "3"}});
  CHECK_THROWS_AS((void)mpi_world_size(), voidsim::InputError);
}
