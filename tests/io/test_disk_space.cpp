// Room checks before HDF5 writes and removal of temporaries left by killed writers.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "core/error.hpp"
#include "io/disk_space.hpp"
#include "result_test_support.hpp"

using namespace voidsim;
using voidsim::testing::ScratchDir;
namespace fs = std::filesystem;

namespace {

void touch(const fs::path& p) { std::ofstream(p) << "x"; }

// A pid that certainly belonged to a process that has exited: fork a child and reap it.
pid_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

}  // namespace

TEST_CASE("require_room_for refuses a file larger than the file-size limit, naming the numbers") {
  ScratchDir dir("disk_space_limit");
  struct rlimit saved {};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  struct rlimit limited = saved;
  limited.rlim_cur = 4u << 20;  // 4 MiB
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
  CHECK(io::writable_bytes(dir.path()) == (4u << 20));
  CHECK_NOTHROW(io::require_room_for(dir / "small.h5", 1u << 20));  // 1 MiB + 5 % + 1 MiB fits in 4
  try {
    io::require_room_for(dir / "big.h5", 8u << 20);
    FAIL("expected IoError");
  } catch (const IoError& e) {
    const std::string what = e.what();
    CHECK(what.find("big.h5") != std::string::npos);
    CHECK(what.find("4194304 available") != std::string::npos);
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
}

TEST_CASE("stale temporaries of dead writers are removed, those of live ones and other files kept") {
  ScratchDir dir("disk_space_stale");
  const std::string dead = std::to_string(dead_pid()), alive = std::to_string(::getpid());
  touch(dir / ("result.h5.tmp." + dead + ".3"));
  touch(dir / ("checkpoint.h5.prev.tmp." + dead + ".0"));
  touch(dir / ("porosity.csv.tmp." + alive + ".1"));
  touch(dir / "notes.tmp.txt");  // not the atomic-write pattern
  touch(dir / "summary.json");
  CHECK(io::remove_stale_temporaries(dir.path()) == 2);
  CHECK_FALSE(fs::exists(dir / ("result.h5.tmp." + dead + ".3")));
  CHECK(fs::exists(dir / ("porosity.csv.tmp." + alive + ".1")));
  CHECK(fs::exists(dir / "notes.tmp.txt"));
  CHECK(fs::exists(dir / "summary.json"));
  CHECK(io::remove_stale_temporaries(dir / "absent") == 0);
}
