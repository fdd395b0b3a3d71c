#pragma once
// MPI back end of `voidsim sweep`: tasks handed out one at a time over MPI_COMM_WORLD (dynamic
// load balancing; sweep tasks differ in run time by orders of magnitude, so a static split would
// leave ranks idle). Each task still runs as a child process through the same runner as the local
// back end, so both back ends give identical numbers.
//
// MPI is initialised lazily by the first call of any function below, and only when the process
// was started by an MPI launcher (mpirun/mpiexec of OpenMPI, srun, a PMI/PMIx launcher); it is
// finalised by finalize_mpi() or at exit. Only `voidsim sweep` and `voidsim calibrate` call these
// functions, so
// `voidsim run` never touches MPI (its child processes inherit the launcher's environment but
// never initialise MPI). Without MPI support in the build everything reports a single rank.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "sweep/sweep_plan.hpp"

namespace voidsim::sweep {

/// True when the environment says an MPI launcher started this process with more than one rank
/// (OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMIX_RANK with a size, or an srun step with
/// SLURM_STEP_NUM_TASKS > 1). Does not initialise MPI.
[[nodiscard]] bool launched_by_mpi_launcher();

/// True when this build has the MPI back end (VOIDSIM_WITH_MPI and MPI found).
[[nodiscard]] bool built_with_mpi() noexcept;

/// Number of ranks in MPI_COMM_WORLD; 1 when not launched by an MPI launcher. Initialises MPI on
/// first call when launched by one. Built without MPI but launched by one with several ranks it
/// throws InputError (every rank would otherwise run the whole sweep into the same directory).
[[nodiscard]] int mpi_world_size();

/// This process's rank in MPI_COMM_WORLD; 0 without MPI. Only rank 0 writes sweep.json and prints.
[[nodiscard]] int mpi_rank();

/// Finalises MPI if it was initialised here (idempotent; also runs at exit). Call before
/// returning from `voidsim sweep` so that mpirun sees every rank finish cleanly. Every rank of a
/// multi-rank job must have completed run_tasks_over_mpi first; a rank that did not (an error
/// before or inside it) does not finalise but calls MPI_Abort at exit, after main has reported
/// the error, since the other ranks would otherwise wait for it forever.
void finalize_mpi();

/// Collective over MPI_COMM_WORLD. Rank 0 owns the queue `pending` (the argument is ignored on
/// other ranks) and hands out one task index at a time to whichever rank asks next. Every rank,
/// rank 0 included (in a worker thread, while its main thread serves requests), calls
/// run_one(index) for the tasks it gets, so `mpirun -np N` runs N tasks at once. run_one must not
/// call MPI. An exception from run_one becomes a failed outcome (exit_code -1) and does not stop
/// the other tasks. Rank 0 logs each finished task and the progress (spdlog info). Returns every
/// outcome, sorted by index, on rank 0 and an empty vector on the other ranks. With one rank (or
/// without MPI) it runs the tasks in order in this process.
/// `stop_requested` (optional; e.g. app/stop_signal.hpp's, as mpirun and srun pass SIGINT/SIGTERM
/// on to every rank) is polled on every rank before a task starts: once true, no further task
/// starts anywhere, running ones finish, and the outcomes hold only the tasks that ran (the rest
/// stay missing for a later --resume).
[[nodiscard]] std::vector<TaskOutcome> run_tasks_over_mpi(
    const std::vector<std::size_t>& pending, const std::function<TaskOutcome(std::size_t)>& run_one,
    const std::function<bool()>& stop_requested = {});

/// Collective over MPI_COMM_WORLD: every rank returns rank 0's `text` (the argument is ignored on
/// the other ranks). Lets a driver on rank 0 tell the other ranks what to run next (`voidsim
/// calibrate` sends each batch's plan, then an empty text to end). Waiting ranks poll politely (a
/// non-blocking broadcast) so they do not spin a core. With one rank or without MPI: `text`.
[[nodiscard]] std::string broadcast_text(const std::string& text);

/// Tells finalize_mpi that this rank has taken part in every collective call of the job (a driver
/// that ends its ranks with broadcast_text may have run no schedule at all, e.g. when every
/// evaluation was cached). Without it a rank that ran no schedule aborts the job at exit.
void mark_collectives_complete();

}  // namespace voidsim::sweep
