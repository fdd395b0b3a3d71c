// The SLURM array script of --emit-slurm: array range, task command, shell syntax (bash -n).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sweep/slurm_script.hpp"

using namespace voidsim::sweep;
namespace fs = std::filesystem;

namespace {

bool passes_bash_n(const std::string& script) {
  const fs::path file = fs::path(VOIDSIM_BINARY_DIR) / "tests" / "sweep" / "check.slurm";
  fs::create_directories(file.parent_path());
  std::ofstream(file) << script;
  return std::system(("bash -n '" + file.string() + "'").c_str()) == 0;
}

}  // namespace

TEST_CASE("SLURM array script: range, concurrency, task command, bash syntax") {
  SlurmScriptInputs in;
  in.executable = "/opt/voidsim/bin/voidsim";
  in.sweep_file = "/home/u/my sweeps/it's.yaml";  // spaces and a quote must survive
  in.sweep_dir = "/scratch/u/out";
  in.tasks = 12;
  in.max_concurrent = 4;
  in.settings.job_name = "bias";
  in.settings.time = "00:30:00";
  in.settings.cpus_per_task = 2;
  in.settings.partition = "short";
  in.settings.setup = {"module load hdf5"};
  in.settings.sbatch = {"--constraint=cpu"};
  const std::string s = slurm_array_script(in);
  CHECK(s.rfind("#!/bin/bash\n", 0) == 0);
  CHECK(s.find("#SBATCH --array=0-11%4\n") != std::string::npos);
  CHECK(s.find("#SBATCH --cpus-per-task=2\n") != std::string::npos);
  CHECK(s.find("#SBATCH --partition=short\n") != std::string::npos);
  CHECK(s.find("#SBATCH --constraint=cpu\n") != std::string::npos);
  CHECK(s.find("#SBATCH --output=/scratch/u/out/logs/slurm-%A_%a.out\n") != std::string::npos);
  CHECK(s.find("\nmodule load hdf5\n") != std::string::npos);
  CHECK(s.find("'/opt/voidsim/bin/voidsim' sweep '/home/u/my sweeps/it'\\''s.yaml' -o '/scratch/u/out'") !=
        std::string::npos);
  CHECK(s.find("--index \"$SLURM_ARRAY_TASK_ID\" --resume") != std::string::npos);
  CHECK(passes_bash_n(s));

  in.max_concurrent = 0;  // all at once
  CHECK(slurm_array_script(in).find("#SBATCH --array=0-11%12\n") != std::string::npos);
  in.max_concurrent = 50;  // more than the tasks: clamped
  CHECK(slurm_array_script(in).find("#SBATCH --array=0-11%12\n") != std::string::npos);
  CHECK(shell_quote("a'b") == "'a'\\''b'");
}
