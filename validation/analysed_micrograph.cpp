#include "validation/analysed_micrograph.hpp"

#include "core/error.hpp"
#include "io/image_file.hpp"

namespace voidsim {

MicrographAnalysisOptions micrograph_analysis_options(const MeasuredMicrograph& m, bool measured) {
  MicrographAnalysisOptions options;
  options.min_diameter = m.min_diameter;
  options.min_contrast = m.min_contrast;
  if (m.background_tile) options.background_tile = *m.background_tile;
  if (measured) {
    options.pixel_size = m.pixel_size.value_or(0.0);
    options.interface_row = m.interface_row;
    options.invert = m.invert;
  }
  return options;
}

AnalysedMicrograph analyse_micrograph_file(const std::filesystem::path& image, const MeasuredMicrograph& m,
                                           bool measured) {
  const io::ReadImage read = io::read_grayscale_image(image);
  MicrographAnalysisOptions options = micrograph_analysis_options(m, measured);
  if (options.pixel_size <= 0.0) options.pixel_size = read.image.pixel_size;
  if (!(options.pixel_size > 0.0))
    throw IoError("'" + image.string() +
                  "': no pixel size in the image's metadata; give the entry's pixel_size:");
  if (options.interface_row && *options.interface_row >= read.image.height)
    throw InputError(Diagnostic{image.string(), 0, 0, "micrographs." + m.id + ".analysis.interface_row",
                                std::to_string(*options.interface_row) + " is not a row of an image of " +
                                    std::to_string(read.image.height) + " rows",
                                ""});
  // Periodic lateral boundary: the entry's statement (measured image), else the file's own.
  const auto it = read.metadata.provenance.find("periodic_x");
  options.periodic_x = it != read.metadata.provenance.end() && it->second == "true";
  if (measured && m.periodic_x) options.periodic_x = *m.periodic_x;

  AnalysedMicrograph a;
  a.image = image;
  a.time = m.when.at.value_or(0.0);
  a.stats = analyze_micrograph(read.image, options);
  a.overlay = void_overlay(read.image, a.stats);
  return a;
}

}  // namespace voidsim
