#ifndef HEAT_CORE_AGREEMENT_HPP
#define HEAT_CORE_AGREEMENT_HPP

// Agreement points: how a failure that one rank meets alone becomes the same
// typed exception on every rank, before the next collective.
//
// Contract:
// - Checks of metadata every rank holds (shapes, axes, options) throw
//   directly (detail::check): every rank throws the same thing without a
//   message. Everything else that can fail on one rank only (file-system
//   calls, parsing, allocation, NaN or overflow found in a rank's rows, a
//   rank's own bounds) is settled at an agreement point.
// - An agreement point is collective: every rank of the communicator
//   constructs it at the same point of the program and concludes it. Between
//   the two, a rank records its failure (fail) or runs rank-local work that
//   may throw (run: no collective inside). conclude() throws on every rank
//   when any rank failed: the exception type and message of the lowest
//   failing rank, with "[rank R, k of P ranks]" added when not every rank
//   failed. The success path costs one scalar Allreduce, or nothing extra
//   when the flag rides in a reduction the caller makes anyway
//   (conclude(reduced_flag)).
// - Allocations inside run() that fail throw MemoryError and are agreed
//   like any other failure (heat/core/memory.hpp).
// - Fault injection, for tests only: inject_fault(rank, n) (or
//   HEAT_TEST_FAIL_AT=<rank>:<n> in the environment) makes `rank` fail at
//   the n-th agreement point from then on, with the point's own error kind
//   and the message "<point>: injected fault at agreement point n". Points
//   met inside run() (an operation on comm_self that is part of the
//   rank-local work) are not counted: the outer point settles them.

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/memory.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace ht::detail {

/// The exception types an agreement point can throw.
enum class error_kind : std::int64_t { error = 1, value, type, index, io, memory, not_implemented };

/// Throws the exception of kind with message.
[[noreturn]] inline void throw_error(error_kind kind, const std::string& message) {
  switch (kind) {
    case error_kind::value:
      throw ValueError(message);
    case error_kind::type:
      throw TypeError(message);
    case error_kind::index:
      throw IndexError(message);
    case error_kind::io:
      throw IOError(message);
    case error_kind::memory:
      throw MemoryError(message);
    case error_kind::not_implemented:
      throw NotImplementedError(message);
    default:
      throw Error(message);
  }
}

/// The kind and message of the exception being handled (call inside a catch block).
inline std::pair<error_kind, std::string> current_error(const char* point) {
  try {
    throw;
  } catch (const MemoryError& e) {
    return {error_kind::memory, e.what()};
  } catch (const IOError& e) {
    return {error_kind::io, e.what()};
  } catch (const ValueError& e) {
    return {error_kind::value, e.what()};
  } catch (const TypeError& e) {
    return {error_kind::type, e.what()};
  } catch (const IndexError& e) {
    return {error_kind::index, e.what()};
  } catch (const NotImplementedError& e) {
    return {error_kind::not_implemented, e.what()};
  } catch (const Error& e) {
    return {error_kind::error, e.what()};
  } catch (const std::bad_alloc&) {
    return {error_kind::memory, concat(point, ": out of memory")};
  } catch (const std::exception& e) {
    return {error_kind::error, concat(point, ": ", e.what())};
  } catch (...) {
    return {error_kind::error, concat(point, ": unknown exception")};
  }
}

/// The test-only fault plan: `rank` fails at agreement point `at` (counted
/// from arming, 1-based); `seen` counts the points passed since arming.
struct fault_plan {
  int rank = -1;
  std::int64_t at = 0;
  std::int64_t seen = 0;
  bool fired = false;
};

inline fault_plan& fault_plan_setting() {
  static fault_plan plan = [] {
    fault_plan f;
    long long at = 0;
    if (rank_and_number("HEAT_TEST_FAIL_AT", f.rank, at)) f.at = at;
    return f;
  }();
  return plan;
}

/// For tests: rank (of the agreement point's communicator) fails at the
/// n-th agreement point from now; rank < 0 disarms. Call on every rank.
inline void inject_fault(int rank, std::int64_t n) { fault_plan_setting() = {rank, n, 0, false}; }
/// Whether the armed fault has fired, and how many points passed since arming.
inline const fault_plan& injected_fault() { return fault_plan_setting(); }

/// One agreement point (see the contract above).
class agreement_point {
 public:
  /// Counts the point (and fails here when a test injected a fault at it).
  agreement_point(const communicator& comm, const char* point, error_kind kind)
      : m_comm(comm), m_point(point), m_kind(kind) {
    fault_plan& plan = fault_plan_setting();
    if (plan.rank < 0 || plan.fired || agreed_work_depth() > 0) return;
    ++plan.seen;
    if (plan.seen == plan.at) {
      plan.fired = true;
      if (comm.rank() == plan.rank) fail(kind, concat(point, ": injected fault at agreement point ", plan.at));
    }
  }
  agreement_point(const agreement_point&) = delete;
  agreement_point& operator=(const agreement_point&) = delete;

  /// Records this rank's failure (the first one recorded counts).
  void fail(error_kind kind, std::string message) {
    if (!m_failure) m_failure.emplace(kind, std::move(message));
  }
  /// Records a failure of the point's own kind when ok is false; message is
  /// a string or a callable that makes one (called only on failure).
  template <class M>
  void require(bool ok, M&& message) {
    if (ok || m_failure) return;
    if constexpr (std::is_invocable_v<M>)
      fail(m_kind, message());
    else
      fail(m_kind, std::string(std::forward<M>(message)));
  }
  bool failed() const { return m_failure.has_value(); }

  /// Runs rank-local work (no collective inside) unless this rank failed
  /// already; an exception it throws is recorded, not propagated. Returns
  /// f's value when it ran to the end.
  template <class F>
  auto run(F&& f) {
    using R = std::invoke_result_t<F>;
    std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> out{};
    if (m_failure) return out;
    try {
      agreed_work scope;
      if constexpr (std::is_void_v<R>) {
        f();
        out = true;
      } else {
        out.emplace(f());
      }
    } catch (...) {
      auto [kind, message] = current_error(m_point);
      fail(kind, std::move(message));
    }
    return out;
  }

  /// 1 when this rank failed, else 0: for a slot of a sum or max reduction
  /// the caller makes anyway, then passed to conclude(reduced_flag).
  double flag() const { return m_failure ? 1.0 : 0.0; }

  /// Collective: throws on every rank when any rank failed (one scalar Allreduce when none did).
  void conclude() {
    const int p = m_comm.size();
    const int who = allreduce(m_comm, m_failure ? m_comm.rank() : p, reduce_op::min);
    if (who < p) throw_agreed(who);
  }
  /// Collective like conclude(), after the caller reduced flag() of every
  /// rank (sum or max) into reduced_flag: no message when it is 0.
  void conclude(double reduced_flag) {
    if (reduced_flag != 0.0) throw_agreed(allreduce(m_comm, m_failure ? m_comm.rank() : m_comm.size(), reduce_op::min));
  }

 private:
  /// Every rank throws what rank `who` (the lowest that failed) recorded.
  [[noreturn]] void throw_agreed(int who) {
    const int p = m_comm.size();
    const auto failing = allreduce(m_comm, m_failure ? 1 : 0, reduce_op::sum);
    Kokkos::View<std::int64_t*, Kokkos::HostSpace> head("heat::agreement::head", 2);
    if (m_comm.rank() == who) {
      head(0) = static_cast<std::int64_t>(m_failure->first);
      head(1) = static_cast<std::int64_t>(m_failure->second.size());
    }
    bcast(m_comm, head, who);
    Kokkos::View<char*, Kokkos::HostSpace> text("heat::agreement::text", static_cast<std::size_t>(head(1)));
    if (m_comm.rank() == who) m_failure->second.copy(text.data(), text.extent(0));
    bcast(m_comm, text, who);
    std::string message(text.data(), text.extent(0));
    if (failing < p) message += concat(" [rank ", who, ", ", failing, " of ", p, " ranks]");
    throw_error(static_cast<error_kind>(head(0)), message);
  }

  communicator m_comm;
  const char* m_point;
  error_kind m_kind;
  std::optional<std::pair<error_kind, std::string>> m_failure;
};

/// One agreement point around rank-local work f (no collective inside):
/// f's value on every rank, or the agreed exception on every rank.
template <class F>
auto agreed(const communicator& comm, const char* point, error_kind kind, F&& f) {
  agreement_point a(comm, point, kind);
  auto out = a.run(std::forward<F>(f));
  a.conclude();
  if constexpr (!std::is_void_v<std::invoke_result_t<F>>) return std::move(*out);
}

/// One agreement point on a condition this rank found: when ok is false on
/// any rank, every rank throws kind with the lowest failing rank's message
/// (a string, or a callable that makes it, called only on failure).
template <class M>
void agree(const communicator& comm, const char* point, error_kind kind, bool ok, M&& message) {
  agreement_point a(comm, point, kind);
  a.require(ok, std::forward<M>(message));
  a.conclude();
}

}  // namespace ht::detail

#endif
