#pragma once
// `voidsim sweep SWEEP.yaml -o DIR --emit-slurm`: a SLURM array job script with one array task
// per sweep task, `#SBATCH --array=0-(N-1)%K`, each running
//   voidsim sweep SWEEP.yaml -o DIR --index $SLURM_ARRAY_TASK_ID --resume
// so a resubmitted array skips the tasks that are complete and resumes interrupted ones.
#include <cstddef>
#include <filesystem>
#include <string>

#include "sweep/sweep_file.hpp"

namespace voidsim::sweep {

struct SlurmScriptInputs {
  std::filesystem::path executable;  // absolute path of voidsim
  std::filesystem::path sweep_file;  // absolute
  std::filesystem::path sweep_dir;   // absolute
  std::size_t tasks = 0;             // N
  std::size_t max_concurrent = 0;    // K; 0: N (all at once)
  SlurmSettings settings;
};

/// The script text (bash). Every path and user-supplied value is shell-quoted.
[[nodiscard]] std::string slurm_array_script(const SlurmScriptInputs& inputs);

/// Single-quotes `text` for bash ('it'\''s').
[[nodiscard]] std::string shell_quote(const std::string& text);

}  // namespace voidsim::sweep
