#pragma once
// The voids of chosen outputs of a run directory, read from result.h5 with the run's own detection
// rule: what the run plots show (size histogram, porosity profile) and what `voidsim validate`
// compares with measured size distributions and depth profiles.
#include <string>

#include "io/result_reader.hpp"
#include "postprocess/void_statistics.hpp"
#include "validation/run_record.hpp"

namespace voidsim::app {

/// run.void_threshold and run.min_void_cells of the resolved scenario stored in result.h5; the
/// schema's defaults if that does not load (a run written by an older voidsim may not load with
/// today's schema), with a warning.
[[nodiscard]] VoidStatisticsOptions run_void_detection(const io::ResultReader& reader);

/// Equivalent diameters and the void fraction per cell row of `frame`'s void order parameter.
[[nodiscard]] VoidSnapshot void_snapshot(const io::ResultReader& reader, const io::ResultFrame& frame,
                                         const VoidStatisticsOptions& detection);

/// Adds to `run.snapshots` one snapshot (the nearest output) per distinct time that the size
/// distributions and depth profiles of `experiment` in `dataset` ask about. Does nothing when they
/// ask about none; IoError (naming the file) when result.h5 is missing or unreadable.
void take_void_snapshots(RunRecord& run, const MeasuredDataset& dataset, const std::string& experiment);

}  // namespace voidsim::app
