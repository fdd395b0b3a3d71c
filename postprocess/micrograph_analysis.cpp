#include "postprocess/micrograph_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "core/grid.hpp"
#include "postprocess/connected_components.hpp"
#include "postprocess/image_filters.hpp"
#include "postprocess/micrograph_background.hpp"

namespace voidsim {

namespace {

InputError analysis_error(const std::string& key, const std::string& message) {
  return InputError(Diagnostic{"", 0, 0, key, message, ""});
}

// The labelling helper works on simulation grids; an image is the x-z plane of a 2D grid (x
// along the row, z down the rows), where faces_and_xz_edges is 8-connectivity.
Grid image_grid(std::size_t width, std::size_t height) {
  Grid grid;
  grid.dimension = 2;
  grid.nx = width;
  grid.ny = 1;
  grid.nz = height;
  return grid;
}

double median_of(std::vector<float> values) {
  if (values.empty()) return 0.0;
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

// Rows from `row0` down, with voids made dark. Inversion mirrors the gray range onto itself
// (max + min - v) so intensities stay positive for the background division.
Image cathode_region(const Image& image, std::size_t row0, bool invert) {
  Image region(image.width, image.height - row0, image.pixel_size);
  std::copy(image.pixels.begin() + static_cast<std::ptrdiff_t>(row0 * image.width), image.pixels.end(),
            region.pixels.begin());
  if (invert) {
    const auto [lo, hi] = std::minmax_element(region.pixels.begin(), region.pixels.end());
    const float mirror = *lo + *hi;
    for (float& v : region.pixels) v = mirror - v;
  }
  return region;
}

// Gaussian blur; with periodic_x the kernel wraps across the left/right edges (the region is
// padded with the columns of the opposite side, blurred, and cropped), so a void cut by an edge
// is smoothed as the whole void it is, not as one mirrored at the edge.
Image blur(const Image& region, double sigma_px, bool periodic_x) {
  if (!periodic_x || sigma_px <= 0.0) return gaussian_blur(region, sigma_px);
  const std::size_t width = region.width;
  const std::size_t pad =
      std::min<std::size_t>(width, static_cast<std::size_t>(std::ceil(3.5 * sigma_px)) + 1);
  Image padded(width + 2 * pad, region.height, region.pixel_size);
  for (std::size_t r = 0; r < region.height; ++r)
    for (std::size_t c = 0; c < padded.width; ++c)
      padded.at(r, c) = region.at(r, (c + width - pad % width) % width);
  const Image blurred = gaussian_blur(padded, sigma_px);
  Image out(width, region.height, region.pixel_size);
  for (std::size_t r = 0; r < region.height; ++r)
    for (std::size_t c = 0; c < width; ++c) out.at(r, c) = blurred.at(r, c + pad);
  return out;
}

struct Thresholds {
  double detection_sigmas;
  double growth_sigmas;
  double edge_fraction;
  std::size_t min_area_px;  // objects below are dropped; holes up to this size are filled
  double min_contrast;      // objects with a shallower core are dropped
  bool periodic_x;          // labels wrap across the left/right edges
};

struct Objects {
  std::vector<unsigned char> mask;  // cathode region
  std::vector<std::size_t> areas_px;
  double median_edge_level = 0.0;
};

// Labels `mask` (8-connected), drops objects smaller than min_area_px from it, returns the areas.
std::vector<std::size_t> keep_large_objects(std::vector<unsigned char>& mask, std::size_t width,
                                            std::size_t height, std::size_t min_area_px, bool periodic_x) {
  const std::vector<int> labels =
      label_components(image_grid(width, height), mask, periodic_x, Connectivity::faces_and_xz_edges);
  std::vector<std::size_t> area;
  for (int l : labels) {
    if (l == 0) continue;
    if (std::size_t(l) >= area.size()) area.resize(std::size_t(l) + 1, 0);
    ++area[std::size_t(l)];
  }
  for (std::size_t i = 0; i < mask.size(); ++i)
    if (labels[i] != 0 && area[std::size_t(labels[i])] < min_area_px) mask[i] = 0;
  std::vector<std::size_t> kept;
  for (std::size_t l = 1; l < area.size(); ++l)
    if (area[l] >= min_area_px) kept.push_back(area[l]);
  return kept;
}

// Fills background components (4-connected, the complement of 8-connected objects) that do not
// touch the region's border and are no larger than max_area_px: noise holes inside voids. With
// periodic_x the left and right columns are not a border (the region wraps there).
void fill_small_holes(std::vector<unsigned char>& mask, std::size_t width, std::size_t height,
                      std::size_t max_area_px, bool periodic_x) {
  std::vector<unsigned char> background(mask.size());
  for (std::size_t i = 0; i < mask.size(); ++i) background[i] = mask[i] == 0;
  const std::vector<int> labels =
      label_components(image_grid(width, height), background, periodic_x, Connectivity::faces);
  const int n = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end());
  std::vector<std::size_t> area(std::size_t(n) + 1, 0);
  std::vector<unsigned char> on_border(std::size_t(n) + 1, 0);
  for (std::size_t r = 0; r < height; ++r) {
    for (std::size_t c = 0; c < width; ++c) {
      const int l = labels[r * width + c];
      if (l == 0) continue;
      ++area[std::size_t(l)];
      if (r == 0 || r + 1 == height || (!periodic_x && (c == 0 || c + 1 == width)))
        on_border[std::size_t(l)] = 1;
    }
  }
  for (std::size_t i = 0; i < mask.size(); ++i) {
    const int l = labels[i];
    if (l != 0 && on_border[std::size_t(l)] == 0 && area[std::size_t(l)] <= max_area_px) mask[i] = 1;
  }
}

// Step 4 and 5 of the pipeline on the relative-contrast image R and its significance z = R / sigma.
Objects segment(const Image& relative, const Image& significance, const Thresholds& thresholds) {
  const std::size_t width = relative.width, height = relative.height, n = relative.pixels.size();
  // Hysteresis: candidate pixels below -k_g sigma, kept when their object holds a seed (-k_d).
  std::vector<unsigned char> candidate(n);
  for (std::size_t i = 0; i < n; ++i) candidate[i] = significance.pixels[i] < -thresholds.growth_sigmas;
  const std::vector<int> labels = label_components(image_grid(width, height), candidate,
                                                   thresholds.periodic_x, Connectivity::faces_and_xz_edges);
  const int n_labels = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end());
  std::vector<unsigned char> seeded(std::size_t(n_labels) + 1, 0);
  std::vector<std::size_t> offset(std::size_t(n_labels) + 2, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (labels[i] == 0) continue;
    ++offset[std::size_t(labels[i]) + 1];
    if (significance.pixels[i] < -thresholds.detection_sigmas) seeded[std::size_t(labels[i])] = 1;
  }
  // Group each object's contrast values (counting sort by label) to find its depth.
  for (std::size_t l = 1; l < offset.size(); ++l) offset[l] += offset[l - 1];
  std::vector<float> grouped(offset.back());
  std::vector<std::size_t> cursor(offset.begin(), offset.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (labels[i] != 0) grouped[cursor[std::size_t(labels[i])]++] = relative.pixels[i];

  // Depth of an object: the median of its core, the pixels deeper than half that depth (a fixed
  // point, iterated from the median of the values below the object's mean). That is the flat
  // bottom of a resolved void and the blurred peak region of a small one, and it depends on the
  // object alone. The median of the whole deeper half depended on how far the hysteresis region
  // reached into the blurred skirt, i.e. on the noise level: on clean images (growth level near 0)
  // it fell well short of a small void's depth and the edge moved out (+43 % area for 4 nm voids
  // at 1 nm pixels, docs/micrograph-analysis.md "Area of diffuse voids"). Cutting at a fixed
  // fraction of the depth puts the edge where a symmetric blur of a step crosses half height,
  // independent of the void's contrast, unlike one global level.
  std::vector<float> edge_level(std::size_t(n_labels) + 1, 0.0f);
  std::vector<float> object_levels;
  std::vector<float> core;
  for (int l = 1; l <= n_labels; ++l) {
    if (seeded[std::size_t(l)] == 0) continue;
    const auto begin = grouped.begin() + static_cast<std::ptrdiff_t>(offset[std::size_t(l)]);
    const auto end = grouped.begin() + static_cast<std::ptrdiff_t>(offset[std::size_t(l) + 1]);
    double mean = 0.0;
    for (auto it = begin; it != end; ++it) mean += *it;
    mean /= double(end - begin);
    double depth = 0.0;
    {
      core.clear();
      for (auto it = begin; it != end; ++it)
        if (*it <= mean) core.push_back(*it);
      depth = core.empty() ? mean : median_of(core);
    }
    // Each step deepens the estimate (the core shrinks towards the deepest pixels) and stops
    // when the core no longer changes; a handful of steps suffice.
    for (int iteration = 0; iteration < 20; ++iteration) {
      core.clear();
      for (auto it = begin; it != end; ++it)
        if (*it <= 0.5 * depth) core.push_back(*it);
      if (core.empty()) break;
      const double next = median_of(core);
      if (next == depth) break;
      depth = next;
    }
    if (-depth < thresholds.min_contrast) {  // too shallow to be a void (depth is negative)
      seeded[std::size_t(l)] = 0;
      continue;
    }
    edge_level[std::size_t(l)] = static_cast<float>(thresholds.edge_fraction * depth);
    object_levels.push_back(edge_level[std::size_t(l)]);
  }

  Objects objects;
  objects.mask.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const int l = labels[i];
    objects.mask[i] =
        l != 0 && seeded[std::size_t(l)] != 0 && relative.pixels[i] < edge_level[std::size_t(l)];
  }
  // The cut can split off rim pixels that noise pushed past the edge level; a piece is kept only
  // if it holds a core pixel, deeper than halfway between the edge level and the full depth.
  const std::vector<int> pieces = label_components(image_grid(width, height), objects.mask,
                                                   thresholds.periodic_x, Connectivity::faces_and_xz_edges);
  const int n_pieces = pieces.empty() ? 0 : *std::max_element(pieces.begin(), pieces.end());
  std::vector<unsigned char> has_core(std::size_t(n_pieces) + 1, 0);
  const double core_scale = 0.5 * (1.0 + thresholds.edge_fraction) / std::max(thresholds.edge_fraction, 1e-3);
  for (std::size_t i = 0; i < n; ++i)
    if (pieces[i] != 0 && relative.pixels[i] < core_scale * edge_level[std::size_t(labels[i])])
      has_core[std::size_t(pieces[i])] = 1;
  for (std::size_t i = 0; i < n; ++i)
    if (pieces[i] != 0 && has_core[std::size_t(pieces[i])] == 0) objects.mask[i] = 0;
  fill_small_holes(objects.mask, width, height, thresholds.min_area_px, thresholds.periodic_x);
  objects.areas_px =
      keep_large_objects(objects.mask, width, height, thresholds.min_area_px, thresholds.periodic_x);
  objects.median_edge_level = median_of(object_levels);
  return objects;
}

double area_fraction(const std::vector<unsigned char>& mask) {
  std::size_t count = 0;
  for (unsigned char m : mask) count += m;
  return mask.empty() ? 0.0 : double(count) / double(mask.size());
}

// Fills the size statistics, the depth profile and the full-image mask from the cathode mask.
void fill_statistics(MicrographStats& stats, const std::vector<unsigned char>& cathode_mask,
                     const std::vector<std::size_t>& areas_px, double profile_bin) {
  const std::size_t width = stats.width, rows = stats.height - stats.interface_row;
  stats.void_area_fraction = area_fraction(cathode_mask);
  stats.void_count = areas_px.size();
  stats.diameters.clear();
  for (std::size_t a : areas_px)
    stats.diameters.push_back(2.0 * std::sqrt(double(a) / std::numbers::pi) * stats.pixel_size);
  std::sort(stats.diameters.begin(), stats.diameters.end());
  stats.median_diameter = 0.0;
  if (!stats.diameters.empty()) {
    const std::size_t m = stats.diameters.size();
    stats.median_diameter =
        m % 2 == 1 ? stats.diameters[m / 2] : 0.5 * (stats.diameters[m / 2 - 1] + stats.diameters[m / 2]);
  }
  // Depth of a row is that of its centre; bins [k b, (k + 1) b) from the interface.
  stats.profile.clear();
  std::vector<double> void_px, all_px;
  for (std::size_t r = 0; r < rows; ++r) {
    const auto bin = static_cast<std::size_t>((double(r) + 0.5) * stats.pixel_size / profile_bin);
    if (bin >= all_px.size()) {
      void_px.resize(bin + 1, 0.0);
      all_px.resize(bin + 1, 0.0);
    }
    for (std::size_t c = 0; c < width; ++c) void_px[bin] += cathode_mask[r * width + c];
    all_px[bin] += double(width);
  }
  for (std::size_t b = 0; b < all_px.size(); ++b)
    if (all_px[b] > 0.0) stats.profile.push_back({(double(b) + 0.5) * profile_bin, void_px[b] / all_px[b]});
  stats.void_mask.assign(stats.width * stats.height, 0);
  std::copy(cathode_mask.begin(), cathode_mask.end(),
            stats.void_mask.begin() + static_cast<std::ptrdiff_t>(stats.interface_row * width));
}

// Common set-up of both pipelines: pixel size, interface row, checks.
MicrographStats prepare(const Image& image, const MicrographAnalysisOptions& options) {
  MicrographStats stats;
  stats.width = image.width;
  stats.height = image.height;
  stats.pixel_size = options.pixel_size > 0.0 ? options.pixel_size : image.pixel_size;
  if (!(stats.pixel_size > 0.0))
    throw analysis_error("pixel_size", "the pixel size is unknown: give --pixel-size (e.g. 0.25nm)");
  if (image.width < 8 || image.height < 8 || image.pixels.size() != image.width * image.height)
    throw analysis_error("image", "image of " + std::to_string(image.width) + " x " +
                                      std::to_string(image.height) +
                                      " pixels is too small to analyse (at least 8 x 8)");
  if (options.interface_row) {
    stats.interface_row = *options.interface_row;
  } else {
    // Window of ~2 nm: wide enough to average noise, narrow next to the ~10 nm electrolyte band.
    const auto window = static_cast<std::size_t>(std::lround(2e-9 / stats.pixel_size));
    stats.interface_row = find_interface_row(image, std::clamp<std::size_t>(window, 3, image.height / 4));
    stats.interface_detected = true;
  }
  if (stats.interface_row + 8 > image.height)
    throw analysis_error("interface_row", "interface row " + std::to_string(stats.interface_row) +
                                              " leaves fewer than 8 cathode rows in an image of " +
                                              std::to_string(image.height) + " rows");
  if (!(options.min_diameter >= 0.0) || !(options.profile_bin > 0.0) || !(options.background_tile > 0.0))
    throw analysis_error("options", "min_diameter must be >= 0, profile_bin and background_tile > 0");
  return stats;
}

std::size_t min_area_px(const MicrographAnalysisOptions& options, double pixel_size) {
  const double d_px = options.min_diameter / pixel_size;
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(0.25 * std::numbers::pi * d_px * d_px)));
}

}  // namespace

double expected_noise_objects(double area_px, double smoothing_px, double u) {
  const double lambda = 1.0 / (2.0 * smoothing_px * smoothing_px);
  return area_px * lambda * u * std::exp(-0.5 * u * u) / std::pow(2.0 * std::numbers::pi, 1.5);
}

std::size_t find_interface_row(const Image& image, std::size_t window) {
  const std::size_t height = image.height, width = image.width;
  if (window == 0 || height < 2 * window + 1) return 0;
  std::vector<double> row_mean(height, 0.0);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < std::ptrdiff_t(height); ++r) {
    double sum = 0.0;
    for (std::size_t c = 0; c < width; ++c) sum += image.at(std::size_t(r), c);
    row_mean[std::size_t(r)] = sum / double(width);
  }
  // Prefix sums give each window mean in O(1).
  std::vector<double> prefix(height + 1, 0.0);
  for (std::size_t r = 0; r < height; ++r) prefix[r + 1] = prefix[r] + row_mean[r];
  std::vector<double> step(height, 0.0);
  double strongest = 0.0;
  for (std::size_t r = window; r + window <= height; ++r) {
    const double below = (prefix[r + window] - prefix[r]) / double(window);
    const double above = (prefix[r] - prefix[r - window]) / double(window);
    step[r] = std::abs(below - above);
    strongest = std::max(strongest, step[r]);
  }
  // The lowest local maximum (over +-window rows) that is at least a quarter of the strongest.
  std::size_t best = 0;
  for (std::size_t r = window; r + window <= height; ++r) {
    if (step[r] < 0.25 * strongest || step[r] == 0.0) continue;
    bool is_max = true;
    for (std::size_t q = r > window ? r - window : 0; q <= std::min(height - 1, r + window) && is_max; ++q)
      if (step[q] > step[r] || (step[q] == step[r] && q < r)) is_max = false;
    if (is_max) best = r;
  }
  return best;
}

MicrographStats analyze_micrograph(const Image& image, const MicrographAnalysisOptions& options) {
  MicrographStats stats = prepare(image, options);
  const double px = stats.pixel_size;
  const Image region = cathode_region(image, stats.interface_row, options.invert);
  const std::size_t n = region.pixels.size();

  // 2. Denoise: a Gaussian is the matched filter for blob-like objects and keeps edges symmetric,
  // so the half-depth edge below stays unbiased; 1.5 pixels cuts white noise by ~5x.
  const double sigma_px = options.denoise_sigma > 0.0 ? options.denoise_sigma / px : 1.5;
  const Image smoothed = blur(region, sigma_px, options.periodic_x);

  // 3. Background and noise, then relative contrast: HAADF intensity is proportional to the
  // thickness, so dividing by the background turns a thickness gradient into a flat field and a
  // void of given depth into the same relative contrast anywhere.
  const BackgroundMaps maps = estimate_background(smoothed, options.background_tile / px);
  const double median_background = median_of(maps.background.pixels);
  const float min_background =
      *std::min_element(maps.background.pixels.begin(), maps.background.pixels.end());
  // Non-positive background (offset images, bright-field with negative levels): subtract instead.
  const bool divide = min_background > 1e-3 * std::abs(median_background);
  Image relative(region.width, region.height, px), sigma(region.width, region.height, px);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
    const double b = divide ? maps.background.pixels[std::size_t(i)] : std::abs(median_background);
    relative.pixels[std::size_t(i)] =
        static_cast<float>((smoothed.pixels[std::size_t(i)] - maps.background.pixels[std::size_t(i)]) / b);
    sigma.pixels[std::size_t(i)] = static_cast<float>(maps.noise.pixels[std::size_t(i)] / b);
  }
  // Depth-dependent level left over (blurred electrolyte edge, a surface layer of its own
  // contrast): removed row by row with the same clipped median, so voids do not bias it.
  const std::vector<double> row_level = robust_row_levels(relative);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < std::ptrdiff_t(relative.height); ++r)
    for (std::size_t c = 0; c < relative.width; ++c)
      relative.at(std::size_t(r), c) -= static_cast<float>(row_level[std::size_t(r)]);
  // Extrapolated noise can dip near edges; a floor at a quarter of the median keeps z sane, and
  // 1e-6 handles noiseless synthetic images (any darkening is then significant).
  stats.noise_sigma = median_of(sigma.pixels);
  const float sigma_floor = static_cast<float>(std::max(0.25 * stats.noise_sigma, 1e-6));
  Image significance(region.width, region.height, px);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i)
    significance.pixels[std::size_t(i)] =
        relative.pixels[std::size_t(i)] / std::max(sigma.pixels[std::size_t(i)], sigma_floor);

  // 4-5. Segment with the chosen thresholds, and with all of them scaled by 1 -/+ step.
  const std::size_t min_area = min_area_px(options, px);
  // Seed level: fixed, or the lowest at which noise alone yields expected_false_voids seeds.
  double detection = options.detection_sigmas;
  if (detection <= 0.0) {
    double low = options.growth_sigmas, high = 12.0;
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (low + high);
      (expected_noise_objects(double(n), sigma_px, mid) > options.expected_false_voids ? low : high) = mid;
    }
    detection = std::max(high, options.growth_sigmas);
  }
  stats.detection_sigmas = detection;
  auto thresholds = [&](double scale) {
    return Thresholds{detection * scale, options.growth_sigmas * scale, options.edge_fraction * scale,
                      min_area,          options.min_contrast,          options.periodic_x};
  };
  // Edges are placed on a less smoothed copy (same background and row levels) when the noise
  // allows: the detection blur, as wide as a small void, moves its half-depth contour outwards
  // (the blurred peak drops while the skirt widens). The edge blur is the smallest (or none)
  // whose noise stays below 1/8 of the typical void depth, i.e. a quarter of the edge level, so
  // edges do not fray; noisy images keep the detection blur.
  double edge_sigma_px = options.edge_sigma > 0.0 ? options.edge_sigma / px : sigma_px;
  if (options.edge_sigma <= 0.0) {
    const double depth = std::abs(segment(relative, significance, thresholds(1.0)).median_edge_level) /
                         std::max(options.edge_fraction, 1e-3);
    // White noise after a Gaussian of width s scales as 1/s: noise(s) = noise(sigma_px) sigma_px / s.
    if (depth > 0.0) edge_sigma_px = std::min(8.0 * stats.noise_sigma * sigma_px / depth, sigma_px);
    if (edge_sigma_px < 0.3) edge_sigma_px = 0.0;  // a narrower kernel is a copy of the image anyway
  }
  stats.edge_sigma_px = edge_sigma_px;
  Image edge_relative = relative;
  if (edge_sigma_px < sigma_px) {
    edge_relative = blur(region, edge_sigma_px, options.periodic_x);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t r = 0; r < std::ptrdiff_t(region.height); ++r) {
      for (std::size_t c = 0; c < region.width; ++c) {
        const std::size_t i = std::size_t(r) * region.width + c;
        const double b = divide ? maps.background.pixels[i] : std::abs(median_background);
        edge_relative.pixels[i] = static_cast<float>(
            (edge_relative.pixels[i] - maps.background.pixels[i]) / b - row_level[std::size_t(r)]);
      }
    }
  }

  // The three segmentations are independent (labelling is serial): one per thread.
  const double h = options.sensitivity_step;
  const double scales[3] = {1.0, 1.0 - h, 1.0 + h};
  Objects runs[3];
#pragma omp parallel for schedule(dynamic)
  for (int k = 0; k < 3; ++k) runs[k] = segment(edge_relative, significance, thresholds(scales[k]));
  const Objects& objects = runs[0];
  stats.area_fraction_lower_threshold = area_fraction(runs[1].mask);
  stats.area_fraction_higher_threshold = area_fraction(runs[2].mask);
  stats.sensitivity =
      (stats.area_fraction_higher_threshold - stats.area_fraction_lower_threshold) / (2.0 * h);
  stats.threshold = objects.median_edge_level;
  fill_statistics(stats, objects.mask, objects.areas_px, options.profile_bin);
  return stats;
}

MicrographStats global_threshold_baseline(const Image& image, const MicrographAnalysisOptions& options) {
  MicrographStats stats = prepare(image, options);
  const Image region = cathode_region(image, stats.interface_row, options.invert);
  const double threshold = otsu_threshold(region.pixels);
  const double median = median_of(region.pixels);
  const std::size_t min_area = min_area_px(options, stats.pixel_size);
  // The threshold's distance below the median gray level is what the sensitivity scales.
  auto segment_at = [&](double scale) {
    const double level = median - scale * (median - threshold);
    std::vector<unsigned char> mask(region.pixels.size());
    for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = region.pixels[i] < level;
    const std::vector<std::size_t> areas =
        keep_large_objects(mask, region.width, region.height, min_area, options.periodic_x);
    return std::make_pair(mask, areas);
  };
  const auto [mask, areas] = segment_at(1.0);
  const double h = options.sensitivity_step;
  stats.area_fraction_lower_threshold = area_fraction(segment_at(1.0 - h).first);
  stats.area_fraction_higher_threshold = area_fraction(segment_at(1.0 + h).first);
  stats.sensitivity =
      (stats.area_fraction_higher_threshold - stats.area_fraction_lower_threshold) / (2.0 * h);
  if (options.invert) {
    const auto [lo, hi] = std::minmax_element(region.pixels.begin(), region.pixels.end());
    stats.threshold = double(*lo) + double(*hi) - threshold;  // back in the file's gray levels
  } else {
    stats.threshold = threshold;
  }
  fill_statistics(stats, mask, areas, options.profile_bin);
  return stats;
}

RgbImage void_overlay(const Image& image, const MicrographStats& stats) {
  std::vector<float> sorted = image.pixels;
  std::sort(sorted.begin(), sorted.end());
  const float low = sorted[sorted.size() / 200];
  const float high = sorted[sorted.size() - 1 - sorted.size() / 200];
  const float span = high > low ? high - low : 1.0f;
  RgbImage overlay(image.width, image.height, stats.pixel_size);
  const std::size_t width = image.width, height = image.height;
  auto is_void = [&](std::size_t r, std::size_t c) { return stats.void_mask[r * width + c] != 0; };
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t rr = 0; rr < std::ptrdiff_t(height); ++rr) {
    const auto r = std::size_t(rr);
    for (std::size_t c = 0; c < width; ++c) {
      const float gray = std::clamp((image.at(r, c) - low) / span, 0.0f, 1.0f);
      float red = gray, green = gray, blue = gray;
      if (stats.interface_row > 0 && r + 1 == stats.interface_row) {
        red = 0.0f;
        green = blue = 1.0f;
      } else if (is_void(r, c)) {
        const bool edge = r == 0 || c == 0 || r + 1 == height || c + 1 == width || !is_void(r - 1, c) ||
                          !is_void(r + 1, c) || !is_void(r, c - 1) || !is_void(r, c + 1);
        if (edge) {
          red = green = 1.0f;
          blue = 0.0f;
        } else {
          red = 0.55f * gray + 0.45f;
          green = blue = 0.55f * gray;
        }
      }
      overlay.red.at(r, c) = red;
      overlay.green.at(r, c) = green;
      overlay.blue.at(r, c) = blue;
    }
  }
  return overlay;
}

}  // namespace voidsim
