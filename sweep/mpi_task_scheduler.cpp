#include "sweep/mpi_task_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/error.hpp"

#ifdef VOIDSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace voidsim::sweep {

namespace {

std::optional<long> environment_integer(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text) return std::nullopt;
  return value;
}

/// Runs one task and turns an exception into a failed outcome: a failing task never stops the
/// others (the runner itself never throws for a failing run; this guards against I/O errors).
TaskOutcome run_guarded(const std::function<TaskOutcome(std::size_t)>& run_one, std::size_t index) {
  const auto start = std::chrono::steady_clock::now();
  try {
    TaskOutcome outcome = run_one(index);
    outcome.index = index;
    return outcome;
  } catch (const std::exception& error) {
    TaskOutcome outcome;
    outcome.index = index;
    outcome.exit_code = -1;
    outcome.error = error.what();
    outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }
}

void log_finished(const TaskOutcome& outcome, int rank, std::size_t n_done, std::size_t n_total) {
  const std::string name = task_name(outcome.index);
  if (outcome.exit_code == 0) {
    spdlog::info("[{}/{}] {} {} in {:.1f} s (rank {})", n_done, n_total, name,
                 outcome.skipped ? "already complete" : "complete", outcome.wall_seconds, rank);
  } else {
    spdlog::warn("[{}/{}] {} FAILED (exit code {}, rank {}): {}", n_done, n_total, name, outcome.exit_code,
                 rank, outcome.error);
  }
}

bool stopping(const std::function<bool()>& stop_requested) { return stop_requested && stop_requested(); }

std::vector<TaskOutcome> run_in_order(const std::vector<std::size_t>& pending,
                                      const std::function<TaskOutcome(std::size_t)>& run_one,
                                      const std::function<bool()>& stop_requested) {
  std::vector<TaskOutcome> outcomes;
  outcomes.reserve(pending.size());
  for (const std::size_t index : pending) {
    if (stopping(stop_requested)) break;
    outcomes.push_back(run_guarded(run_one, index));
    log_finished(outcomes.back(), 0, outcomes.size(), pending.size());
  }
  std::sort(outcomes.begin(), outcomes.end(),
            [](const TaskOutcome& a, const TaskOutcome& b) { return a.index < b.index; });
  return outcomes;
}

#ifdef VOIDSIM_HAVE_MPI

// Message protocol (all between rank 0 and one worker rank):
//   worker -> 0  kRequestTag  empty (first request) or the serialised outcome of its last task
//   worker -> 0  kLeavingTag  same payload, but the worker was asked to stop: it wants no task
//   0 -> worker  kAssignTag   one std::uint64_t task index
//   0 -> worker  kStopTag     empty: no task left (or stopping), the worker returns
constexpr int kRequestTag = 71;
constexpr int kAssignTag = 72;
constexpr int kStopTag = 73;
constexpr int kLeavingTag = 74;

// Waiting ranks poll with a short sleep instead of blocking in MPI: OpenMPI's blocking calls spin
// a core at 100 %, which on a small machine steals the core from the task processes themselves.
constexpr auto kPollInterval = std::chrono::milliseconds(2);

/// MPI state of this process: initialised at most once, and only under an MPI launcher.
struct MpiSession {
  bool initialised_here = false;
  int size = 1;
  int rank = 0;
  bool schedule_done = false;  // run_tasks_over_mpi returned normally on this rank

  MpiSession() {
    if (!launched_by_mpi_launcher()) return;
    int already = 0;
    MPI_Initialized(&already);
    if (already == 0) {
      // FUNNELED: only the main thread calls MPI; rank 0's task thread only runs child processes.
      int provided = 0;
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      initialised_here = true;
    }
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  }
  ~MpiSession() {
    // At exit (main has reported its error by now): a rank that left without its part of
    // run_tasks_over_mpi (an exception before or inside it) would leave the other ranks waiting
    // for it forever, in the scheduler or in MPI_Finalize, so it ends the whole job instead.
    if (initialised_here && size > 1 && !schedule_done) {
      int finalized = 0;
      MPI_Finalized(&finalized);
      if (finalized == 0) MPI_Abort(MPI_COMM_WORLD, 1);
    }
    finalize();
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  void finalize() {
    if (!initialised_here) return;
    if (size > 1 && !schedule_done) return;  // see ~MpiSession: abort at exit rather than hang here
    initialised_here = false;
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized == 0) MPI_Finalize();
  }
};

MpiSession& session() {
  static MpiSession instance;
  return instance;
}

// TaskOutcome <-> bytes: fixed-size fields, then the error text. Ranks of one job run the same
// executable on the same architecture, so the native layout is shared.
std::string serialise(const TaskOutcome& outcome) {
  const std::uint64_t index = outcome.index;
  const std::int32_t exit_code = outcome.exit_code;
  const std::uint8_t skipped = outcome.skipped ? 1 : 0;
  std::string bytes(sizeof index + sizeof exit_code + sizeof skipped + sizeof outcome.wall_seconds, '\0');
  char* out = bytes.data();
  std::memcpy(out, &index, sizeof index);
  out += sizeof index;
  std::memcpy(out, &exit_code, sizeof exit_code);
  out += sizeof exit_code;
  std::memcpy(out, &skipped, sizeof skipped);
  out += sizeof skipped;
  std::memcpy(out, &outcome.wall_seconds, sizeof outcome.wall_seconds);
  bytes += outcome.error;
  return bytes;
}

TaskOutcome deserialise(std::string_view bytes) {
  TaskOutcome outcome;
  std::uint64_t index = 0;
  std::int32_t exit_code = 0;
  std::uint8_t skipped = 0;
  const char* in = bytes.data();
  std::memcpy(&index, in, sizeof index);
  in += sizeof index;
  std::memcpy(&exit_code, in, sizeof exit_code);
  in += sizeof exit_code;
  std::memcpy(&skipped, in, sizeof skipped);
  in += sizeof skipped;
  std::memcpy(&outcome.wall_seconds, in, sizeof outcome.wall_seconds);
  in += sizeof outcome.wall_seconds;
  outcome.index = static_cast<std::size_t>(index);
  outcome.exit_code = exit_code;
  outcome.skipped = skipped != 0;
  outcome.error.assign(in, bytes.data() + bytes.size());
  return outcome;
}

constexpr std::size_t kFixedOutcomeBytes =
    sizeof(std::uint64_t) + sizeof(std::int32_t) + sizeof(std::uint8_t) + sizeof(double);

/// Waits for `request` to complete without spinning a core.
void wait_politely(MPI_Request& request, MPI_Status& status) {
  int done = 0;
  for (;;) {
    MPI_Test(&request, &done, &status);
    if (done != 0) return;
    std::this_thread::sleep_for(kPollInterval);
  }
}

void send_politely(const void* buffer, int count, int destination, int tag) {
  MPI_Request request;
  MPI_Status status;
  MPI_Isend(buffer, count, MPI_BYTE, destination, tag, MPI_COMM_WORLD, &request);
  wait_politely(request, status);
}

/// A worker rank: ask, run, report with the next request, until told to stop (by rank 0, or by
/// its own stop request: then it reports its last outcome and leaves).
void serve_as_worker(const std::function<TaskOutcome(std::size_t)>& run_one,
                     const std::function<bool()>& stop_requested) {
  std::string report;  // empty on the first request
  for (;;) {
    if (stopping(stop_requested)) {
      send_politely(report.data(), static_cast<int>(report.size()), 0, kLeavingTag);
      return;
    }
    send_politely(report.data(), static_cast<int>(report.size()), 0, kRequestTag);
    std::uint64_t index = 0;
    MPI_Request request;
    MPI_Status status;
    MPI_Irecv(&index, static_cast<int>(sizeof index), MPI_BYTE, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &request);
    wait_politely(request, status);
    if (status.MPI_TAG == kStopTag) return;
    if (stopping(stop_requested)) {  // stopped while waiting: the task stays unrun (missing)
      report.clear();
      continue;
    }
    report = serialise(run_guarded(run_one, static_cast<std::size_t>(index)));
  }
}

/// Rank 0: serves the queue to the worker ranks and runs tasks itself in a second thread.
std::vector<TaskOutcome> serve_as_dispatcher(const std::vector<std::size_t>& pending,
                                             const std::function<TaskOutcome(std::size_t)>& run_one,
                                             const std::function<bool()>& stop_requested, int world_size) {
  std::mutex mutex;  // guards queue, outcomes
  std::deque<std::size_t> queue(pending.begin(), pending.end());
  std::vector<TaskOutcome> outcomes;
  outcomes.reserve(pending.size());
  const std::size_t n_total = pending.size();

  auto record = [&](const TaskOutcome& outcome, int rank) {
    const std::lock_guard<std::mutex> lock(mutex);
    outcomes.push_back(outcome);
    log_finished(outcome, rank, outcomes.size(), n_total);
  };
  auto take = [&]() -> std::optional<std::size_t> {
    const std::lock_guard<std::mutex> lock(mutex);
    if (queue.empty() || stopping(stop_requested)) return std::nullopt;
    const std::size_t index = queue.front();
    queue.pop_front();
    return index;
  };

  std::exception_ptr local_failure;
  std::thread local_worker([&] {
    try {
      while (const auto index = take()) record(run_guarded(run_one, *index), 0);
    } catch (...) {
      local_failure = std::current_exception();
    }
  });

  int n_active_workers = world_size - 1;
  std::string buffer;
  while (n_active_workers > 0) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (flag == 0) {
      std::this_thread::sleep_for(kPollInterval);
      continue;
    }
    int n_bytes = 0;
    MPI_Get_count(&status, MPI_BYTE, &n_bytes);
    buffer.assign(static_cast<std::size_t>(n_bytes), '\0');
    const int source = status.MPI_SOURCE;
    const int tag = status.MPI_TAG;
    MPI_Recv(buffer.data(), n_bytes, MPI_BYTE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (buffer.size() >= kFixedOutcomeBytes) record(deserialise(buffer), source);
    if (tag == kLeavingTag) {
      --n_active_workers;
      continue;
    }

    if (const auto index = take()) {
      const std::uint64_t index_message = *index;
      send_politely(&index_message, static_cast<int>(sizeof index_message), source, kAssignTag);
    } else {
      send_politely(nullptr, 0, source, kStopTag);
      --n_active_workers;
    }
  }
  local_worker.join();
  if (local_failure) std::rethrow_exception(local_failure);

  std::sort(outcomes.begin(), outcomes.end(),
            [](const TaskOutcome& a, const TaskOutcome& b) { return a.index < b.index; });
  return outcomes;
}

#endif  // VOIDSIM_HAVE_MPI

}  // namespace

bool launched_by_mpi_launcher() {
  // mpirun/mpiexec of OpenMPI, and srun --mpi=pmix with OpenMPI.
  if (const auto size = environment_integer("OMPI_COMM_WORLD_SIZE")) return *size > 1;
  // PMI-2 (srun --mpi=pmi2, MPICH's hydra).
  if (const auto size = environment_integer("PMI_SIZE")) return *size > 1;
  // PMIx launchers that set the rank but no size variable: the task count of the srun step says.
  if (std::getenv("PMIX_RANK") != nullptr || std::getenv("PMI_RANK") != nullptr) return true;
  // A plain srun step of several tasks (SLURM_STEP_ID is absent in the batch script itself, so a
  // sweep started directly from an sbatch script, or an array task, stays local).
  if (std::getenv("SLURM_STEP_ID") != nullptr) {
    if (const auto n_tasks = environment_integer("SLURM_STEP_NUM_TASKS")) return *n_tasks > 1;
  }
  return false;
}

bool built_with_mpi() noexcept {
#ifdef VOIDSIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

int mpi_world_size() {
#ifdef VOIDSIM_HAVE_MPI
  return session().size;
#else
  // Every rank would run the whole sweep into the same directory: refuse instead.
  if (launched_by_mpi_launcher())
    throw InputError(
        Diagnostic{"", 0, 0, "mpirun",
                   "this voidsim was built without MPI (VOIDSIM_WITH_MPI=OFF) but started by an MPI "
                   "launcher with several ranks",
                   "rebuild with MPI (cmake -DVOIDSIM_WITH_MPI=ON) or run `voidsim sweep -j N` "
                   "without mpirun/srun"});
  return 1;
#endif
}

int mpi_rank() {
#ifdef VOIDSIM_HAVE_MPI
  return session().rank;
#else
  return 0;
#endif
}

void finalize_mpi() {
#ifdef VOIDSIM_HAVE_MPI
  session().finalize();
#endif
}

std::vector<TaskOutcome> run_tasks_over_mpi(const std::vector<std::size_t>& pending,
                                            const std::function<TaskOutcome(std::size_t)>& run_one,
                                            const std::function<bool()>& stop_requested) {
#ifdef VOIDSIM_HAVE_MPI
  const int world_size = mpi_world_size();
  if (world_size > 1) {
    if (mpi_rank() != 0) {
      serve_as_worker(run_one, stop_requested);
      session().schedule_done = true;
      return {};
    }
    spdlog::info("MPI back end: {} tasks over {} ranks (rank 0 dispatches and runs tasks too)",
                 pending.size(), world_size);
    std::vector<TaskOutcome> outcomes = serve_as_dispatcher(pending, run_one, stop_requested, world_size);
    session().schedule_done = true;
    return outcomes;
  }
#endif
  return run_in_order(pending, run_one, stop_requested);
}

void mark_collectives_complete() {
#ifdef VOIDSIM_HAVE_MPI
  session().schedule_done = true;
#endif
}

std::string broadcast_text(const std::string& text) {
#ifdef VOIDSIM_HAVE_MPI
  if (mpi_world_size() > 1) {
    std::uint64_t size = mpi_rank() == 0 ? text.size() : 0;
    const auto broadcast = [](void* buffer, int count) {
      MPI_Request request;
      MPI_Status status;
      MPI_Ibcast(buffer, count, MPI_BYTE, 0, MPI_COMM_WORLD, &request);
      wait_politely(request, status);
    };
    broadcast(&size, static_cast<int>(sizeof size));
    std::string received = mpi_rank() == 0 ? text : std::string(size, '\0');
    if (size > 0) broadcast(received.data(), static_cast<int>(size));
    return received;
  }
#endif
  return text;
}

}  // namespace voidsim::sweep
