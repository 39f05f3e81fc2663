#ifndef HEAT_CORE_RUNTIME_HPP
#define HEAT_CORE_RUNTIME_HPP

#include "heat/comm/communicator.hpp"

#include <mpi.h>
#include <Kokkos_Core.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

namespace ht {

/// Starts MPI (unless already started) and Kokkos for the lifetime of the
/// object; the destructor finalises, in reverse order, only what it started.
/// While it lives, an uncaught exception or a call to std::exit on any rank
/// ends the whole job with a non-zero status (the other ranks would
/// otherwise wait forever in their next collective, or the launcher report
/// success). A rank killed by a signal is the launcher's to report; a rank
/// that hangs, or leaves through _exit, only a time limit ends
/// (MPIEXEC_TIMEOUT, srun --time).
class runtime {
 public:
  runtime(int& argc, char**& argv) { start(&argc, &argv); }
  runtime() { start(nullptr, nullptr); }
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  ~runtime() {
    alive() = false;
    if (m_started_kokkos) Kokkos::finalize();
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) {
      for (MPI_Comm& c : detail::owned_comms()) MPI_Comm_free(&c);
      detail::owned_comms().clear();
      if (m_started_mpi) MPI_Finalize();
    }
    std::set_terminate(m_previous_handler);
  }

 private:
  /// Prints the rank and the exception, then aborts every rank: other ranks
  /// would otherwise wait forever in their next collective.
  [[noreturn]] static void terminate_handler() {
    int initialized = 0, finalized = 0, rank = -1;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    const bool mpi_alive = initialized && !finalized;
    if (mpi_alive) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const char* what = "unknown exception";
    try {
      if (auto e = std::current_exception()) std::rethrow_exception(e);
      what = "std::terminate called without an active exception";
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "heat: rank %d: uncaught exception: %s\n", rank, what);
    std::fflush(stderr);
    // The launcher tears the job down on MPI_Abort and can drop output it has
    // not forwarded yet (seen about once in 20 runs under load): give it a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (mpi_alive) MPI_Abort(MPI_COMM_WORLD, 1);
    std::abort();
  }

  /// Whether a runtime object lives (exit while it does aborts the job).
  static bool& alive() {
    static bool flag = false;
    return flag;
  }

  /// At std::exit while a runtime lives: this rank leaves before the others
  /// are done, so the job ends here, non-zero.
  static void exit_handler() {
    if (!alive()) return;
    int initialized = 0, finalized = 0, rank = -1;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized) return;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    std::fprintf(stderr, "heat: rank %d: exit() called while ht::runtime is alive; aborting the job\n", rank);
    std::fflush(stderr);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // as in terminate_handler
    MPI_Abort(MPI_COMM_WORLD, 1);
  }

  void start(int* argc, char*** argv) {
    int initialized = 0;
    detail::mpi_check(MPI_Initialized(&initialized), "MPI_Initialized");
    if (!initialized) {
      int provided = 0;
      detail::mpi_check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
      m_started_mpi = true;
    }
    if (!Kokkos::is_initialized()) {
      if (argc)
        Kokkos::initialize(*argc, *argv);
      else
        Kokkos::initialize();
      m_started_kokkos = true;
    }
    m_previous_handler = std::set_terminate(&terminate_handler);
    static const bool registered = std::atexit(&exit_handler) == 0;
    (void)registered;
    alive() = true;
  }

  bool m_started_mpi = false;
  bool m_started_kokkos = false;
  std::terminate_handler m_previous_handler = nullptr;
};

}  // namespace ht

#endif
