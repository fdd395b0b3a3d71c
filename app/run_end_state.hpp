#pragma once
// The end-state quantities of a run that `voidsim validate` holds against the paper's structural
// and EELS observations (docs/validation-datasets.md): whether the lattice around the voids is
// still layered (Figure 4e, S8), the surface-layer spectrum against the bulk (Figure 2b), and the
// O, Mn and t/lambda maps inside voids against beside them (Figure 4b, c). Read from the last
// frame of result.h5, projected as `voidsim image` projects it.
#include <string>

#include "validation/measured_dataset.hpp"
#include "validation/run_record.hpp"

namespace voidsim::app {

/// Shell around a void within which its surroundings are judged, and the largest shell-mean
/// spinel + rock-salt fraction and cation mixing that still count as "no obvious" change.
inline constexpr double void_shell_width = 2e-9;  // m: a few O layers, what Figure 4e resolves
inline constexpr double layered_tolerance = 0.1;  // 10 % of the columns: visible in Figure S8
/// The paper's surface spectrum: summed from the interface to 40 nm inside (Figure 2b).
inline constexpr double surface_spectrum_depth = 40e-9;

/// Sets on `run` the end-state quantities that observations of `experiment` in `dataset` name;
/// one that cannot be evaluated (no void, no Mn in the window) is left absent with the reason in
/// run.unavailable. Nothing is read when none is named. IoError (naming the file) when result.h5
/// is missing or unreadable.
void take_end_state(RunRecord& run, const MeasuredDataset& dataset, const std::string& experiment);

}  // namespace voidsim::app
