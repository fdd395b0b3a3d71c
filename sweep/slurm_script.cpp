#include "sweep/slurm_script.hpp"

#include <algorithm>
#include <sstream>

namespace voidsim::sweep {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

namespace {

// #SBATCH lines are read by sbatch, not by bash: the sweep file reader accepts only one-word
// values for them (sbatch splits at white space).
void sbatch_line(std::ostringstream& out, const std::string& option, const std::string& value) {
  if (!value.empty()) out << "#SBATCH " << option << "=" << value << '\n';
}

}  // namespace

std::string slurm_array_script(const SlurmScriptInputs& in) {
  const SlurmSettings& s = in.settings;
  const std::size_t n = std::max<std::size_t>(in.tasks, 1);
  const std::size_t k = in.max_concurrent > 0 ? std::min(in.max_concurrent, n) : n;
  const std::filesystem::path logs = in.sweep_dir / sweep_files::logs_dir;
  std::ostringstream out;
  out << "#!/bin/bash\n";
  out << "# voidsim sweep as a SLURM job array: one array task per sweep task (" << in.tasks << " tasks).\n";
  out << "# Submit with sbatch; submitting it again finishes an interrupted sweep (--resume skips\n"
      << "# complete tasks and continues interrupted ones from their checkpoints).\n";
  sbatch_line(out, "--job-name", s.job_name);
  out << "#SBATCH --array=0-" << (n - 1) << "%" << k << '\n';
  sbatch_line(out, "--time", s.time);
  out << "#SBATCH --ntasks=1\n";
  out << "#SBATCH --cpus-per-task=" << s.cpus_per_task << '\n';
  sbatch_line(out, "--mem", s.memory);
  sbatch_line(out, "--partition", s.partition);
  sbatch_line(out, "--account", s.account);
  sbatch_line(out, "--qos", s.qos);
  out << "#SBATCH --output=" << (logs / "slurm-%A_%a.out").string() << '\n';
  // SIGTERM 60 s before the time limit to the batch shell, which `exec` made `voidsim sweep`: it
  // forwards the signal to its run, which writes a checkpoint and exits; a resubmitted array
  // resumes it.
  out << "#SBATCH --signal=B:TERM@60\n";
  for (const std::string& option : s.sbatch) out << "#SBATCH " << option << '\n';
  out << "\nset -euo pipefail\n";
  for (const std::string& line : s.setup) out << line << '\n';
  out << "export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-" << s.cpus_per_task << "}\"\n";
  out << "exec " << shell_quote(in.executable.string()) << " sweep " << shell_quote(in.sweep_file.string())
      << " -o " << shell_quote(in.sweep_dir.string()) << " \\\n"
      << "  --index \"$SLURM_ARRAY_TASK_ID\" --resume --threads-per-task \"$OMP_NUM_THREADS\"\n";
  return out.str();
}

}  // namespace voidsim::sweep
