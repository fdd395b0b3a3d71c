#pragma once
// Text for XML and HTML element content and attribute values (XDMF files, the validation report):
// & < > " ' replaced by their entities (&apos; is valid in XML and in HTML5).
#include <string>

namespace voidsim::io {

[[nodiscard]] inline std::string xml_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace voidsim::io
