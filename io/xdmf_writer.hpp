#pragma once
// XDMF 3 sidecar for ParaView/VisIt: an XML file describing result.h5's fields as a temporal
// collection of uniform co-rectilinear grids, with the heavy data read from result.h5 itself.
#include <filesystem>

namespace voidsim::io {

/// Reads the layout of `result_h5` (iterations, their times, mesh shapes, spacing and offsets)
/// and writes `xdmf_path` atomically: one Uniform grid per iteration with <Time>, a 2DCoRectMesh
/// or 3DCoRectMesh topology with node dimensions shape+1 and cell-centred attributes referencing
/// "<result file name relative to the XDMF>:/data/<it>/meshes/<name>". Throws IoError if the file
/// cannot be read, a mesh is not 2-D or 3-D, or the meshes of one iteration differ in geometry.
void write_xdmf(const std::filesystem::path& xdmf_path, const std::filesystem::path& result_h5);

}  // namespace voidsim::io
