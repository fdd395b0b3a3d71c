#pragma once
// Writes a whole array into a chunked dataset whose filter pipeline is shuffle then deflate,
// compressing the chunks on all OpenMP threads and handing them to HDF5 with H5Dwrite_chunk.
//
// Why: HDF5 runs its filters serially inside H5Dwrite. Frames of a 512^2 run are ~9 fields of
// 2 MiB and the void order parameter barely compresses, so deflate took 14 % of a run's CPU
// samples, all on one thread while the others idled. The bytes on disk are exactly what the
// filter pipeline reads back (shuffle, then a zlib stream, written with zlib's run-length
// strategy, see the .cpp), so h5py, ParaView and H5Ocopy see an ordinary shuffle+deflate dataset.
#include <cstddef>
#include <string>
#include <vector>

#include "io/hdf5_handles.hpp"

namespace voidsim::io::hdf5 {

/// `dataset` was created with chunk shape `chunk` and the pipeline {H5Z_FILTER_SHUFFLE,
/// H5Z_FILTER_DEFLATE(level)}; `data` holds the whole array in C order (`dims`, elements of
/// `element_size` bytes). Edge chunks are padded with zero bytes (HDF5 stores whole chunks). A
/// chunk that deflate would not shrink is stored shuffled only, with deflate masked off for it,
/// as HDF5's own optional deflate filter does. Throws IoError naming `what` on failure.
void write_shuffled_deflated_chunks(hid_t dataset, const void* data, std::size_t element_size,
                                    const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                                    int level, const std::string& what);

}  // namespace voidsim::io::hdf5
