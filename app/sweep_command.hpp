#pragma once
// `voidsim sweep SWEEP.yaml`: expands a sweep file into tasks (sweep/sweep_file.hpp), writes the
// plan DIR/sweep.json, and runs the tasks on this machine (-j N child processes, handed out one at
// a time as workers free up), over MPI ranks when started by mpirun/srun, or writes a SLURM array
// script (--emit-slurm). The directory contract and the options are in docs/sweeps.md.
#include <cstddef>
#include <string>

namespace CLI {
class App;
}

namespace voidsim::app {

struct SweepOptions {
  std::string sweep_file;
  std::string output_dir;          // empty: the sweep file's stem in the current directory
  bool dry_run = false;            // print the tasks, write nothing
  int jobs = 1;                    // local back end: tasks at once
  int threads_per_task = 1;        // OpenMP threads of each run
  long long index = -1;            // >= 0: run exactly this task
  bool resume = false;             // skip complete tasks, continue interrupted ones
  bool force = false;              // replace a different plan; start the selected tasks over
  bool emit_slurm = false;         // write a SLURM array script instead of running
  std::string slurm_file;          // empty: DIR/sweep.slurm
  std::size_t max_concurrent = 0;  // K of --array=0-(N-1)%K; 0: the sweep file's, else N
};

CLI::App* add_sweep_command(CLI::App& cli, SweepOptions& options);

/// Exit code: 0 when every selected task is complete; 130 when interrupted (a later --resume
/// finishes the sweep); otherwise the exit code of the first failed task (each failure is
/// recorded in DIR/runs/<task>.failed.json). Throws InputError (bad sweep file, directory holding
/// another plan or runs without --resume/--force) before anything is written.
int run_sweep(const SweepOptions& options);

}  // namespace voidsim::app
