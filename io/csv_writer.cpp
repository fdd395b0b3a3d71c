#include "io/csv_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;

namespace {

// Shortest decimal text that parses back to the same double (std::to_chars without precision);
// 17 significant digits would also round-trip but are longer and noisier (0.10000000000000001).
void append_number(std::string& out, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

}  // namespace

void write_csv(const fs::path& path, const SeriesTable& series, std::string_view key_column) {
  validate_series(series, fmt::format("'{}'", path.string()), key_column);
  std::string text;
  text.reserve(32 * (series.rows.size() + 1) * std::max<std::size_t>(series.columns.size(), 1));
  for (std::size_t c = 0; c < series.columns.size(); ++c) {
    if (c > 0) text += ',';
    text += series.columns[c];
  }
  text += '\n';
  for (const auto& row : series.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) text += ',';
      append_number(text, row[c]);
    }
    text += '\n';
  }
  write_text_atomic(path, text);
}

SeriesTable read_csv(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("'" + path.string() + "': cannot open");
  SeriesTable series;
  std::string line;
  if (!std::getline(in, line)) throw IoError("'" + path.string() + "': empty file, expected a header line");
  series.columns = split(line);
  series.units.assign(series.columns.size(), "");
  for (int line_number = 2; std::getline(in, line); ++line_number) {
    if (line.empty()) continue;
    const std::vector<std::string> cells = split(line);
    if (cells.size() != series.columns.size()) {
      throw IoError("'" + path.string() + "':" + std::to_string(line_number) + ": " +
                    std::to_string(cells.size()) + " values, expected " +
                    std::to_string(series.columns.size()));
    }
    std::vector<double> row(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const char* begin = cells[c].data();
      const char* end = begin + cells[c].size();
      const auto result = std::from_chars(begin, end, row[c]);
      if (result.ec != std::errc() || result.ptr != end) {
        throw IoError("'" + path.string() + "':" + std::to_string(line_number) + ": '" + cells[c] +
                      "' is not a number (column " + series.columns[c] + ")");
      }
    }
    series.rows.push_back(std::move(row));
  }
  return series;
}

}  // namespace voidsim::io
