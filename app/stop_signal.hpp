#pragma once
// SIGINT/SIGTERM handling: the handler only sets a flag; the run loop polls it between steps,
// writes a checkpoint and exits cleanly, so an interrupted run always keeps a resumable state.

namespace voidsim::app {

/// Installs the handlers (idempotent). A second signal while stopping terminates at once.
void install_stop_signal_handlers();

/// True once SIGINT or SIGTERM was received.
[[nodiscard]] bool stop_requested() noexcept;

/// The signal number received (0 if none), to report it.
[[nodiscard]] int stop_signal_number() noexcept;

/// Requests a stop as a signal would (used by tests and the --stop-after test option).
void request_stop() noexcept;

/// Forgets a received stop request (tests run several pipelines in one process).
void clear_stop_request() noexcept;

}  // namespace voidsim::app
