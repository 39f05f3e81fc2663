#ifndef HEAT_COMM_COLLECTIVES_HPP
#define HEAT_COMM_COLLECTIVES_HPP

#include "heat/comm/communicator.hpp"
#include "heat/comm/mpi_type.hpp"
#include "heat/core/config.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"

#include <mpi.h>
#include <Kokkos_Core.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

namespace ht {

/// Reduction operators of the collectives.
enum class reduce_op { sum, prod, min, max, land, lor };

/// The largest element count or displacement one MPI call is given; larger
/// transfers are cut into pieces. INT_MAX unless HEAT_MPI_COUNT_LIMIT is set
/// (or set_mpi_count_limit is called), so tests can reach the chunked paths
/// with small arrays.
std::int64_t mpi_count_limit();
/// Sets the limit on every rank (call it with the same value everywhere); 0 restores the default.
void set_mpi_count_limit(std::int64_t limit);

/// In place: every rank ends with the elementwise reduction over all ranks.
template <class View>
requires Kokkos::is_view<View>::value void allreduce(const communicator& comm, const View& inout, reduce_op op);
/// The reduction of one value over all ranks.
template <class T>
requires std::is_arithmetic_v<T> T allreduce(const communicator& comm, T value, reduce_op op);
/// In place, with a user combination: Combine::join(const S& in, S& inout)
/// for trivially copyable S. Combined in rank order (a non-commutative MPI
/// operator), so every rank gets the same bits.
template <class Combine, class View>
requires Kokkos::is_view<View>::value void allreduce_with(const communicator& comm, const View& inout);
/// Root's buffer copied into every rank's buffer of the same length.
template <class View>
void bcast(const communicator& comm, const View& buffer, int root);
/// Concatenation of every rank's send buffer, in rank order, on every rank;
/// counts[r] is rank r's send length.
template <class SendView, class RecvView>
void allgatherv(const communicator& comm, const SendView& send, const RecvView& recv,
                const std::vector<std::int64_t>& counts);
/// Rank r's segment q (in rank order, lengths sendcounts) goes to rank q's segment r (lengths recvcounts).
/// `largest` bounds every rank's send and receive length when the caller
/// knows it from shared metadata; otherwise one scalar Allreduce finds it
/// (every rank must take the same path, one call or pieces).
template <class SendView, class RecvView>
void alltoallv(const communicator& comm, const SendView& send, const std::vector<std::int64_t>& sendcounts,
               const RecvView& recv, const std::vector<std::int64_t>& recvcounts, std::int64_t largest = -1);
/// Sends to dest and receives from source at once.
template <class SendView, class RecvView>
void sendrecv(const communicator& comm, const SendView& send, int dest, const RecvView& recv, int source);
/// Elementwise reduction of every rank's send buffer (counts summed long);
/// rank r receives segment r of the result (counts[r] long).
template <class SendView, class RecvView>
void reduce_scatter(const communicator& comm, const SendView& send, const RecvView& recv,
                    const std::vector<std::int64_t>& counts, reduce_op op);

// ---------------------------------------------------------------------------

namespace detail {

inline std::int64_t& mpi_count_limit_setting() {
  static std::int64_t limit = [] {
    const char* env = std::getenv("HEAT_MPI_COUNT_LIMIT");
    std::int64_t v = env ? std::atoll(env) : 0;
    return v > 0 ? std::min<std::int64_t>(v, INT_MAX) : std::int64_t{INT_MAX};
  }();
  return limit;
}

/// The one checked conversion of a count or displacement to MPI's int.
inline int mpi_count(std::int64_t n) {
  check<Error>(n >= 0 && n <= mpi_count_limit(), "MPI count ", n, " outside [0, ", mpi_count_limit(), "]");
  return static_cast<int>(n);
}

/// Calls f(offset, count) for consecutive pieces of [0, n) no longer than the limit;
/// at least once, so an empty transfer still takes part in a collective.
template <class F>
void for_each_chunk(std::int64_t n, F&& f) {
  const std::int64_t limit = mpi_count_limit();
  std::int64_t off = 0;
  do {
    const std::int64_t c = std::min(limit, n - off);
    f(off, mpi_count(c));
    off += c;
  } while (off < n);
}

inline bool fits_one_call(const std::vector<std::int64_t>& counts) {
  std::int64_t total = 0;
  for (auto c : counts) total += c;
  return total <= mpi_count_limit();
}

inline std::vector<std::int64_t> prefix(const std::vector<std::int64_t>& counts) {
  std::vector<std::int64_t> d(counts.size(), 0);
  std::exclusive_scan(counts.begin(), counts.end(), d.begin(), std::int64_t{0});
  return d;
}

inline std::vector<int> mpi_counts(const std::vector<std::int64_t>& v) {
  std::vector<int> out(v.size());
  std::transform(v.begin(), v.end(), out.begin(), mpi_count);
  return out;
}

template <class T>
MPI_Op mpi_op(reduce_op op) {
  // MPI defines only logical operators on its bool type.
  if constexpr (std::is_same_v<std::remove_cv_t<T>, bool>) {
    return (op == reduce_op::prod || op == reduce_op::min || op == reduce_op::land) ? MPI_LAND : MPI_LOR;
  } else {
    switch (op) {
      case reduce_op::sum:
        return MPI_SUM;
      case reduce_op::prod:
        return MPI_PROD;
      case reduce_op::min:
        return MPI_MIN;
      case reduce_op::max:
        return MPI_MAX;
      case reduce_op::land:
        return MPI_LAND;
      case reduce_op::lor:
        return MPI_LOR;
    }
    return MPI_SUM;
  }
}

/// Point-to-point pieces posted at once and completed together. Messages
/// between one pair on one tag are matched in order, so chunks need no
/// numbering.
template <class T>
class exchange {
 public:
  explicit exchange(const communicator& comm) : m_comm(comm) {}
  void send(const T* data, std::int64_t n, int dest) {
    for_each_chunk(n, [&](std::int64_t off, int c) {
      m_requests.emplace_back();
      mpi_check(MPI_Isend(data + off, c, mpi_type<T>(), dest, tag, m_comm.native(), &m_requests.back()), "MPI_Isend");
    });
  }
  void recv(T* data, std::int64_t n, int source) {
    for_each_chunk(n, [&](std::int64_t off, int c) {
      m_requests.emplace_back();
      mpi_check(MPI_Irecv(data + off, c, mpi_type<T>(), source, tag, m_comm.native(), &m_requests.back()), "MPI_Irecv");
    });
  }
  void wait() {
    mpi_check(MPI_Waitall(static_cast<int>(m_requests.size()), m_requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
    m_requests.clear();
  }

 private:
  static constexpr int tag = 0x4854;  // "HT"
  communicator m_comm;
  std::vector<MPI_Request> m_requests;
};

}  // namespace detail

inline std::int64_t mpi_count_limit() { return detail::mpi_count_limit_setting(); }

inline void set_mpi_count_limit(std::int64_t limit) {
  detail::mpi_count_limit_setting() = limit > 0 ? std::min<std::int64_t>(limit, INT_MAX) : std::int64_t{INT_MAX};
}

namespace detail {
/// The larger (Max) or smaller of two values, for allreduce_with.
template <class T, bool Max>
struct extreme {
  static void join(const T& in, T& inout) {
    if (Max ? inout < in : in < inout) inout = in;
  }
};
}  // namespace detail

template <class View>
requires Kokkos::is_view<View>::value void allreduce(const communicator& comm, const View& inout, reduce_op op) {
  using T = typename View::non_const_value_type;
  // MPICH 4.0.2 (Debian 12) compares unsigned integers as signed in MPI_MAX
  // and MPI_MIN (the max of 200 and 0 as MPI_UINT8_T is 0): those go
  // through a user-defined operation.
  if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T> && !std::is_same_v<T, bool>) {
    if (op == reduce_op::max) return allreduce_with<detail::extreme<T, true>>(comm, inout);
    if (op == reduce_op::min) return allreduce_with<detail::extreme<T, false>>(comm, inout);
  }
  detail::for_mpi(inout, true, [&](T* p) {
    detail::for_each_chunk(static_cast<std::int64_t>(inout.extent(0)), [&](std::int64_t off, int c) {
      detail::mpi_check(MPI_Allreduce(MPI_IN_PLACE, p + off, c, mpi_type<T>(), detail::mpi_op<T>(op), comm.native()),
                        "MPI_Allreduce");
    });
  });
}

template <class T>
requires std::is_arithmetic_v<T> T allreduce(const communicator& comm, T value, reduce_op op) {
  allreduce(comm, Kokkos::View<T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(&value, 1), op);
  return value;
}

namespace detail {

template <class S, class Combine>
void user_join(void* in, void* inout, int* len, MPI_Datatype*) {
  const S* a = static_cast<const S*>(in);
  S* b = static_cast<S*>(inout);
  for (int i = 0; i < *len; ++i) Combine::join(a[i], b[i]);
}

}  // namespace detail

template <class Combine, class View>
requires Kokkos::is_view<View>::value void allreduce_with(const communicator& comm, const View& inout) {
  using S = typename View::non_const_value_type;
  static_assert(std::is_trivially_copyable_v<S>, "allreduce_with needs trivially copyable elements");
  MPI_Datatype type;
  MPI_Op op;
  detail::mpi_check(MPI_Type_contiguous(static_cast<int>(sizeof(S)), MPI_BYTE, &type), "MPI_Type_contiguous");
  detail::mpi_check(MPI_Type_commit(&type), "MPI_Type_commit");
  detail::mpi_check(MPI_Op_create(&detail::user_join<S, Combine>, 0, &op), "MPI_Op_create");
  detail::on_host(inout, true, [&](S* p) {
    detail::for_each_chunk(static_cast<std::int64_t>(inout.extent(0)), [&](std::int64_t off, int c) {
      detail::mpi_check(MPI_Allreduce(MPI_IN_PLACE, p + off, c, type, op, comm.native()), "MPI_Allreduce");
    });
  });
  MPI_Op_free(&op);
  MPI_Type_free(&type);
}

template <class View>
void bcast(const communicator& comm, const View& buffer, int root) {
  using T = typename View::non_const_value_type;
  detail::for_mpi(buffer, comm.rank() != root, [&](T* p) {
    detail::for_each_chunk(static_cast<std::int64_t>(buffer.extent(0)), [&](std::int64_t off, int c) {
      detail::mpi_check(MPI_Bcast(p + off, c, mpi_type<T>(), root, comm.native()), "MPI_Bcast");
    });
  });
}

template <class SendView, class RecvView>
void allgatherv(const communicator& comm, const SendView& send, const RecvView& recv,
                const std::vector<std::int64_t>& counts) {
  using T = typename RecvView::non_const_value_type;
  const auto me = static_cast<std::size_t>(comm.rank());
  detail::check<Error>(
      counts.size() == static_cast<std::size_t>(comm.size()) &&
          counts[me] == static_cast<std::int64_t>(send.extent(0)) &&
          std::accumulate(counts.begin(), counts.end(), std::int64_t{0}) == static_cast<std::int64_t>(recv.extent(0)),
      "allgatherv: buffer lengths do not match the counts");
  const auto displs = detail::prefix(counts);
  detail::for_mpi(send, false, [&](const T* s) {
    detail::for_mpi(recv, true, [&](T* r) {
      if (detail::fits_one_call(counts)) {
        const auto c = detail::mpi_counts(counts);
        const auto d = detail::mpi_counts(displs);
        detail::mpi_check(MPI_Allgatherv(s, c[me], mpi_type<T>(), r, c.data(), d.data(), mpi_type<T>(), comm.native()),
                          "MPI_Allgatherv");
        return;
      }
      // Every piece through MPI, this rank's own too: the pointers may be device memory.
      detail::exchange<T> ex(comm);
      for (int q = 0; q < comm.size(); ++q) {
        ex.recv(r + displs[static_cast<std::size_t>(q)], counts[static_cast<std::size_t>(q)], q);
        ex.send(s, counts[me], q);
      }
      ex.wait();
    });
  });
}

template <class SendView, class RecvView>
void alltoallv(const communicator& comm, const SendView& send, const std::vector<std::int64_t>& sendcounts,
               const RecvView& recv, const std::vector<std::int64_t>& recvcounts, std::int64_t largest) {
  using T = typename RecvView::non_const_value_type;
  const auto p = static_cast<std::size_t>(comm.size());
  detail::check<Error>(sendcounts.size() == p && recvcounts.size() == p &&
                           std::accumulate(sendcounts.begin(), sendcounts.end(), std::int64_t{0}) ==
                               static_cast<std::int64_t>(send.extent(0)) &&
                           std::accumulate(recvcounts.begin(), recvcounts.end(), std::int64_t{0}) ==
                               static_cast<std::int64_t>(recv.extent(0)),
                       "alltoallv: buffer lengths do not match the counts");
  const auto sdispls = detail::prefix(sendcounts);
  const auto rdispls = detail::prefix(recvcounts);
  if (largest < 0)
    largest =
        allreduce(comm, std::max(static_cast<std::int64_t>(send.extent(0)), static_cast<std::int64_t>(recv.extent(0))),
                  reduce_op::max);
  detail::for_mpi(send, false, [&](const T* s) {
    detail::for_mpi(recv, true, [&](T* r) {
      if (largest <= mpi_count_limit()) {
        const auto sc = detail::mpi_counts(sendcounts), sd = detail::mpi_counts(sdispls);
        const auto rc = detail::mpi_counts(recvcounts), rd = detail::mpi_counts(rdispls);
        detail::mpi_check(MPI_Alltoallv(s, sc.data(), sd.data(), mpi_type<T>(), r, rc.data(), rd.data(), mpi_type<T>(),
                                        comm.native()),
                          "MPI_Alltoallv");
        return;
      }
      // Every piece through MPI, this rank's own too: the pointers may be device memory.
      detail::exchange<T> ex(comm);
      for (std::size_t q = 0; q < p; ++q) {
        if (recvcounts[q] > 0) ex.recv(r + rdispls[q], recvcounts[q], static_cast<int>(q));
        if (sendcounts[q] > 0) ex.send(s + sdispls[q], sendcounts[q], static_cast<int>(q));
      }
      ex.wait();
    });
  });
}

template <class SendView, class RecvView>
void sendrecv(const communicator& comm, const SendView& send, int dest, const RecvView& recv, int source) {
  using T = typename RecvView::non_const_value_type;
  detail::for_mpi(send, false, [&](const T* s) {
    detail::for_mpi(recv, true, [&](T* r) {
      detail::exchange<T> ex(comm);
      ex.recv(r, static_cast<std::int64_t>(recv.extent(0)), source);
      ex.send(s, static_cast<std::int64_t>(send.extent(0)), dest);
      ex.wait();
    });
  });
}

template <class SendView, class RecvView>
void reduce_scatter(const communicator& comm, const SendView& send, const RecvView& recv,
                    const std::vector<std::int64_t>& counts, reduce_op op) {
  using T = typename RecvView::non_const_value_type;
  const auto me = static_cast<std::size_t>(comm.rank());
  detail::check<Error>(
      counts.size() == static_cast<std::size_t>(comm.size()) &&
          counts[me] == static_cast<std::int64_t>(recv.extent(0)) &&
          std::accumulate(counts.begin(), counts.end(), std::int64_t{0}) == static_cast<std::int64_t>(send.extent(0)),
      "reduce_scatter: buffer lengths do not match the counts");
  if (!detail::fits_one_call(counts)) {
    // Above the count limit: the whole reduction in pieces, then this rank's part.
    const auto all = detail::host_buffer<T>("heat::reduce_scatter", send.extent(0));
    detail::on_host(send, false, [&](const T* s) { std::copy(s, s + send.extent(0), all.data()); });
    allreduce(comm, all, op);
    const auto displs = detail::prefix(counts);
    detail::on_host(recv, true,
                    [&](T* r) { std::copy(all.data() + displs[me], all.data() + displs[me] + counts[me], r); });
    return;
  }
  detail::for_mpi(send, false, [&](const T* s) {
    detail::for_mpi(recv, true, [&](T* r) {
      const auto c = detail::mpi_counts(counts);
      detail::mpi_check(MPI_Reduce_scatter(s, r, c.data(), mpi_type<T>(), detail::mpi_op<T>(op), comm.native()),
                        "MPI_Reduce_scatter");
    });
  });
}

}  // namespace ht

#endif
