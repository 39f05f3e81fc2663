#ifndef HEAT_CORE_RUNTIME_HPP
#define HEAT_CORE_RUNTIME_HPP

#include "heat/comm/communicator.hpp"
#include "heat/core/fatal.hpp"
#include "heat/core/memory.hpp"

#include <mpi.h>
#include <Kokkos_Core.hpp>

#include <cstdlib>
#include <exception>
#include <new>
#include <string>

namespace ht {

/// Starts MPI (unless already started) and Kokkos for the lifetime of the
/// object; the destructor finalises, in reverse order, only what it started.
/// While it lives, an uncaught exception or a call to std::exit on any rank
/// ends the whole job with a non-zero status (the other ranks would
/// otherwise wait forever in their next collective, or the launcher report
/// success). A rank killed by a signal is the launcher's to report; a rank
/// that hangs, or leaves through _exit, only a time limit ends
/// (MPIEXEC_TIMEOUT, srun --time). It also installs a new-handler: in a job
/// of more than one rank, an operator new that fails outside an agreement
/// point (heat/core/agreement.hpp) ends the job rather than throwing
/// std::bad_alloc on this rank alone (a program that handles bad_alloc of
/// its own allocations can set its own handler after this object).
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
    std::set_new_handler(m_previous_new_handler);
  }

 private:
  /// Prints the rank and the exception, then aborts every rank: other ranks
  /// would otherwise wait forever in their next collective.
  [[noreturn]] static void terminate_handler() {
    std::string what = "uncaught exception: unknown exception";
    try {
      if (auto e = std::current_exception()) std::rethrow_exception(e);
      what = "uncaught exception: std::terminate called without an active exception";
    } catch (const std::exception& e) {
      what = std::string("uncaught exception: ") + e.what();
    } catch (...) {
    }
    detail::abort_job(what.c_str());
  }

  /// operator new could not allocate: std::bad_alloc where the ranks agree
  /// on it (inside an agreement point) or where there is one rank, else the
  /// end of the job.
  static void new_handler() {
    int size = 1;
    detail::world_rank_and_size(size);
    if (detail::agreed_work_depth() > 0 || size == 1) throw std::bad_alloc();
    detail::abort_job("out of memory: operator new failed outside an agreement point; ending the job");
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
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized) return;
    detail::abort_job("exit() called while ht::runtime is alive; aborting the job");
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
    m_previous_new_handler = std::set_new_handler(&new_handler);
    static const bool registered = std::atexit(&exit_handler) == 0;
    (void)registered;
    alive() = true;
  }

  bool m_started_mpi = false;
  bool m_started_kokkos = false;
  std::terminate_handler m_previous_handler = nullptr;
  std::new_handler m_previous_new_handler = nullptr;
};

}  // namespace ht

#endif
