// voidsim command-line tool (being assembled; see app/ for the subcommands).
#include <iostream>

#include "voidsim/build_info.hpp"

int main() {
  std::cout << voidsim::build_info::software << ' ' << voidsim::build_info::version << '\n';
  return 0;
}
