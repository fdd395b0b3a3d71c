#pragma once
// Room for a file before HDF5 writes it, and clean-up of temporaries left by killed processes.
//
// Why a pre-check at all: HDF5 1.10 (Debian 12) crashes instead of returning an error when a write
// fails inside H5Ocopy (measured: SIGSEGV in H5T_close_real with the per-file size limit below the
// size of result.h5; tests/faults/fault_injection.py disk_full). Checking the free space and the
// process's file-size limit first turns the common case -- a disk already too full for the file --
// into a clean IoError. A disk that fills up during the copy is still HDF5's error path.
#include <cstdint>
#include <filesystem>

namespace voidsim::io {

/// Bytes that can still be written into one file in `directory`: the smaller of the free space
/// available to this user (statvfs f_bavail) and the RLIMIT_FSIZE soft limit.
[[nodiscard]] std::uintmax_t writable_bytes(const std::filesystem::path& directory);

/// Throws IoError naming `target`, the bytes needed and the bytes available when a file of
/// `bytes` (plus 5 % and 1 MiB for HDF5 metadata) would not fit next to `target`.
void require_room_for(const std::filesystem::path& target, std::uintmax_t bytes);

/// Removes the temporary files of atomic writes ("<name>.tmp.<pid>.<n>", io/atomic_file.hpp) in
/// `directory` (not recursive) whose writing process no longer exists (a SIGKILL or power loss
/// leaves them behind). Files of live processes are kept. Returns how many were removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& directory);

}  // namespace voidsim::io
