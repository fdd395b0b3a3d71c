#include "app/stop_signal.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>

namespace voidsim::app {

namespace {
volatile std::sig_atomic_t received_signal = 0;

extern "C" void on_stop_signal(int signal_number) {
  if (received_signal != 0) _exit(128 + signal_number);  // impatient user: second Ctrl-C
  received_signal = signal_number;
}
}  // namespace

void install_stop_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stop_requested() noexcept { return received_signal != 0; }
int stop_signal_number() noexcept { return static_cast<int>(received_signal); }
void request_stop() noexcept { received_signal = SIGTERM; }
void clear_stop_request() noexcept { received_signal = 0; }

}  // namespace voidsim::app
